"""PDF and Word (.docx) documents."""
from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ...errors import IngestError, Problem
from .archive import open_zip
from .common import Record, make_record, one_line

if TYPE_CHECKING:
    from ..limits import Limits


_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def read_pdf(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A PDF with a text layer; title, author and creation date from its metadata."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as e:
        raise IngestError(name, f"not a readable PDF ({one_line(e)})") from None
    if encrypted and not _decrypt(reader):
        raise IngestError(name, "the PDF is password-protected; remove the password and upload it again")
    pages, size = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        size += len(pages[-1])
        if size > limits.max_article_chars:  # the rest would be cut anyway
            break
    text = _reflow("\n\n".join(pages))
    if not text.strip():
        raise IngestError(name, "no text found in the PDF (scanned pages need OCR, which is not supported)")
    meta = _pdf_metadata(reader)
    return [make_record(text, limits, **meta)]


def _decrypt(reader: Any) -> bool:
    """Open a PDF encrypted with an empty user password (print or copy protection only)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _reflow(text: str) -> str:
    """Join PDF lines broken mid-sentence and words hyphenated across lines."""
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    return re.sub(r"(?<=[^\n.!?:;\"”])\n(?=[a-z])", " ", text)


def _pdf_metadata(reader: Any) -> dict[str, Any]:
    """Title, author and creation date from the document information, when readable."""
    try:
        info = reader.metadata
        if info is None:
            return {}
        title = info.title
        if title and re.match(r"(?i)(microsoft word - |untitled)|.*\.(docx?|pdf)$", title):
            title = None  # file names and tool boilerplate, not titles
        try:
            created = info.creation_date
        except Exception:
            created = info.get("/CreationDate")
        return {"title": title, "author": info.author, "date": created}
    except Exception:
        return {}


def read_docx(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A Word .docx: paragraphs and table rows in order; title, author and date from the core properties."""
    import docx

    open_zip(name, data, limits).close()  # refuse bombs before python-docx unpacks everything
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise IngestError(name, f"not a readable Word document ({one_line(e)})") from None
    lines, size = [], 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend("\t".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
        size += len(lines[-1]) if lines else 0
        if size > limits.max_article_chars:
            break
    props = document.core_properties
    # python-docx's blank template carries this author and date; they say nothing about the article.
    author = None if props.author == "python-docx" else props.author
    created = None if props.created == _DOCX_TEMPLATE_CREATED else props.created
    title = props.title or None
    first = next((p for p in document.paragraphs if p.text.strip()), None)
    if first is not None and _is_heading(first) and first.text in lines:
        title = title or first.text
        lines.remove(first.text)
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(name, "no text found in the Word document")
    return [make_record(text, limits, title=title, author=author, date=created)]


def _is_heading(paragraph: Any) -> bool:
    """True for paragraphs styled Title or Heading."""
    style = getattr(paragraph.style, "name", "") or ""
    return style.startswith(("Title", "Heading"))


# ---------------------------------------------------------------- tables: CSV, TSV, Excel, JSON
