"""PDF and Word (.docx) documents."""
from __future__ import annotations

import io
import logging
import re
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ...errors import IngestError, Problem
from .archive import open_zip
from .common import Record, make_record, one_line

if TYPE_CHECKING:
    from ..limits import Limits


_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def read_pdf(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A PDF with a text layer; title, author and creation date from its metadata. What pypdf warns of while
    reading it (a damaged cross-reference table, say) comes back as warnings that name the file."""
    with _pypdf_warnings() as warned:
        found = _read_pdf(name, data, limits)
    if warned:
        more = f" (and {len(warned) - 3} more)" if len(warned) > 3 else ""
        found.append(Problem(name, f"the PDF is damaged in places; the text read may be incomplete (pypdf: "
                                   f"{'; '.join(warned[:3])}{more})", severity="warning"))
    return found


class _PypdfWarnings(logging.Handler):
    """Keeps pypdf's log lines for the thread reading a PDF; pypdf logs nothing else worth printing raw."""

    local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        caught = getattr(self.local, "caught", None)
        if caught is not None and record.levelno >= logging.WARNING:
            message = " ".join(record.getMessage().split())[:200]
            if message not in caught:
                caught.append(message)


_PYPDF_HANDLER = _PypdfWarnings()


@contextmanager
def _pypdf_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("pypdf")
    if _PYPDF_HANDLER not in logger.handlers:
        logger.addHandler(_PYPDF_HANDLER)
        logger.propagate = False  # not to stderr without the file's name
    _PypdfWarnings.local.caught = caught = []
    try:
        yield caught
    finally:
        _PypdfWarnings.local.caught = None


def _read_pdf(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
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

    with open_zip(name, data, limits) as archive:  # refuse bombs before python-docx unpacks everything
        data, entities = _without_entities(archive, data)
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
    found: list[Record | Problem] = [make_record(text, limits, title=title, author=author, date=created)]
    if entities:
        found.append(Problem(name, "the document uses XML entity references, which Word never writes; each was "
                                   "read as the plain text it stands for (an undefined one as nothing)",
                             severity="warning"))
    return found


_DOCUMENT_PART = "word/document.xml"
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[(?P<subset>.*?)\])?\s*>", re.S)
_ENTITY_DECLARATION = re.compile(rb"""<!ENTITY\s+(?P<name>[\w.:-]+)\s+(?P<q>["'])(?P<value>.*?)(?P=q)\s*>""", re.S)
_ENTITY_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)([\w.:-]+);")


def _without_entities(archive: Any, data: bytes) -> tuple[bytes, bool]:
    """The .docx with its text part free of a DOCTYPE and of entity references, and whether it had any.

    python-docx keeps an entity reference as a node of its own, and a paragraph's text then stops at it: the
    rest of the text was lost. Each reference becomes the text its declaration gives (escaped, never expanded
    further, so no entity bomb grows), or nothing when it is not declared."""
    try:
        xml = archive.read(_DOCUMENT_PART)
    except KeyError:
        return data, False  # not a Word document: python-docx says so
    doctype = _DOCTYPE.search(xml)
    if doctype is None and _ENTITY_REFERENCE.search(xml) is None:
        return data, False
    declared: dict[bytes, bytes] = {}
    if doctype is not None:
        for m in _ENTITY_DECLARATION.finditer(doctype.group("subset") or b""):
            value = m.group("value").replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")
            declared.setdefault(m.group("name"), value)
        xml = xml[:doctype.start()] + xml[doctype.end():]
    xml = _ENTITY_REFERENCE.sub(lambda m: declared.get(m.group(1), b""), xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for member in archive.infolist():
            rebuilt.writestr(member, xml if member.filename == _DOCUMENT_PART else archive.read(member))
    return out.getvalue(), True


def _is_heading(paragraph: Any) -> bool:
    """True for paragraphs styled Title or Heading."""
    style = getattr(paragraph.style, "name", "") or ""
    return style.startswith(("Title", "Heading"))


# ---------------------------------------------------------------- tables: CSV, TSV, Excel, JSON
