"""One reader per file format: bytes in, Records (text plus raw metadata) and row Problems out.

Every reader has the signature `reader(name, data, limits) -> list[Record | Problem]` and raises
IngestError when the whole file cannot be read. Dates are passed on raw; `ingest` parses them.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ..errors import IngestError, Problem

if TYPE_CHECKING:
    from .limits import Limits

# Column names and JSON keys recognised for each field, best first, after _field_key() normalisation.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "full_text", "article_text", "body_text", "maintext"),
    "title": ("title", "headline"),
    "date": ("date", "published", "published_at", "pubdate", "pub_date", "publication_date", "date_published",
             "date_publish"),
    "outlet": ("outlet", "source", "publisher", "site", "sitename", "site_name", "source_name", "source_domain"),
    "author": ("author", "byline", "authors"),
    "url": ("url", "link"),
}

# Leading bytes of formats people upload by mistake: (signature, kind, description).
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "pdf", "a PDF document"),
    (b"PK\x03\x04", "zip", "a zip archive or Office file"),
    (b"PK\x05\x06", "zip", "a zip archive or Office file"),
    (b"\x89PNG\r\n\x1a\n", "binary", "a PNG image"),
    (b"\xff\xd8\xff", "binary", "a JPEG image"),
    (b"GIF87a", "binary", "a GIF image"),
    (b"GIF89a", "binary", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "binary", "an old-style Office file (.doc/.xls); save it as .docx or .xlsx"),
    (b"{\\rtf", "binary", "an RTF document; save it as .docx or .txt"),
    (b"\x7fELF", "binary", "a Linux program"),
    (b"\x1f\x8b", "binary", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "binary", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "binary", "a RAR archive"),
    (b"SQLite format 3\x00", "binary", "an SQLite database"),
    (b"ID3", "binary", "an MP3 audio file"),
)
_SAMPLE_BYTES = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_RATIO_MIN_BYTES = 2**20  # smaller members are never treated as bombs, whatever their ratio
_HTML_PRUNE_CHARS = 1_000_000  # pages longer than this are pruned before extraction
_HTML_MAX_ELEMENTS = 30_000
_MAX_FIELD_CHARS = 1000  # metadata values (title, author, ...) longer than this are cut
_DOCX_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


@dataclass(frozen=True)
class Record:
    """What a reader found for one article, before dates are parsed and limits applied."""

    text: str
    title: str | None = None
    date: Any = None  # str, int, float, date or datetime, as the source gave it
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    row: int | None = None
    truncated: bool = False


# ---------------------------------------------------------------- content checks and decoding

def sniff(data: bytes) -> tuple[str, str] | None:
    """(kind, description) of a binary format recognised from the first bytes, or None for text."""
    for signature, kind, description in _SIGNATURES:
        if data.startswith(signature):
            return kind, description
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        return "binary", "a Windows program"
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "binary", "a WebP image, WAV audio or AVI video file"
    if data[4:8] == b"ftyp":
        return "binary", "a video or HEIC image file"
    return None


def check_content(name: str, ext: str, data: bytes) -> None:
    """Raise IngestError when the bytes are plainly not what the extension promises."""
    found = sniff(data)
    expected = "pdf" if ext == ".pdf" else "zip" if ext in (".zip", ".docx", ".xlsx") else None
    if found is None or found[0] == expected:
        return
    kind, description = found
    if expected is None:
        hint = {"pdf": "; rename it to .pdf", "zip": "; rename it to .zip, .docx or .xlsx"}.get(kind, "")
        raise IngestError(name, f"the content is {description}, not text as the extension '{ext}' says{hint}")
    raise IngestError(name, f"the content is {description}, not the {ext} file its name says")


def decode_text(name: str, data: bytes) -> str:
    """Bytes to str: BOMs, UTF-8, UTF-16 without BOM, then Western (cp1252) or charset-normalizer."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    encoding = _utf16_without_bom(data[:_SAMPLE_BYTES])
    if encoding:
        return data.decode(encoding, errors="replace")
    if b"\x00" in data[:_SAMPLE_BYTES]:
        raise IngestError(name, "binary data, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) > len(sample) / 100:
        raise IngestError(name, "binary data, not text (it is full of control characters)")
    return text


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is NUL, as in mostly-ASCII UTF-16."""
    if len(sample) < 8:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.6 * len(zeros) and other.count(0) == 0:
            return encoding
    return None


def _decode_legacy(data: bytes) -> str:
    """Decode bytes that are not valid UTF-8."""
    sample = data[:_SAMPLE_BYTES]
    as_utf8 = sample.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    good = sum(1 for c in as_utf8 if c > "\x7f") - bad
    if good > 0 and bad * 20 <= good:  # UTF-8 with a few broken bytes
        return data.decode("utf-8", errors="replace")
    # Western European text first: charset-normalizer reads short texts in cp1252 as cp1250 or cp775.
    if _isolated_high_chars(_cp1252(sample)):
        return _cp1252(data)
    import charset_normalizer

    best = charset_normalizer.from_bytes(sample).best()
    if best is not None:
        return data.decode(best.encoding, errors="replace")
    return _cp1252(data)


def _cp1252(data: bytes) -> str:
    """cp1252, with latin-1 for the five bytes cp1252 leaves undefined."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _isolated_high_chars(text: str) -> bool:
    """True when most non-ASCII characters stand between ASCII ones ('café', 'naïve'), as in Western text."""
    high = isolated = 0
    for i, c in enumerate(text):
        if c > "\x7f":
            high += 1
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            isolated += before <= "\x7f" and after <= "\x7f"
    return high > 0 and isolated >= 0.5 * high


def _html_text(name: str, data: bytes) -> str:
    """Decode an HTML page: BOM, UTF-8, the declared charset, then the text heuristics."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _META_CHARSET.search(data[:4096])
            if declared:
                encoding = declared.group(1).decode("ascii").lower()
                # Browsers read latin-1 labels as cp1252; so do we.
                encoding = "cp1252" if encoding in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else encoding
                try:
                    return data.decode(encoding, errors="replace")
                except LookupError:
                    pass
    return decode_text(name, data)


# ---------------------------------------------------------------- text helpers

def clean_text(text: str) -> str:
    """Normalise line ends and blank lines, drop control characters, strip."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def make_record(text: str, limits: Limits, truncated: bool = False, **meta: Any) -> Record:
    """A Record with the text cut to the article limit before cleaning, so huge texts stay cheap."""
    truncated = truncated or len(text) > limits.max_article_chars
    text = clean_text(text[: limits.max_article_chars])
    meta = {k: (v if k in ("date", "row") else _field(v)) for k, v in meta.items()}
    return Record(text=text, truncated=truncated, **meta)


def _field(value: Any) -> str | None:
    """A metadata value as one short line, or None when empty."""
    if value is None:
        return None
    value = " ".join(_CONTROL.sub(" ", str(value)).split())[:_MAX_FIELD_CHARS]
    return value or None


def _looks_like_headline(line: str) -> bool:
    """A short line that does not end like a sentence."""
    words = line.split()
    return (0 < len(words) <= 30 and len(line) <= 200 and not line.endswith((".", ",", ";", ":"))
            and any(c.isalpha() for c in line) and (line[0].isalnum() or line[0] in "\"'‘“«"))


def split_title(text: str) -> tuple[str | None, str | None, str]:
    """(title, author, body): the first line is the title when it looks like a headline, a 'By ...' line the byline."""
    first, _, rest = text.partition("\n")
    line = first.strip().lstrip("#").strip()
    rest = rest.lstrip()
    if not rest or not _looks_like_headline(line):
        return None, None, text
    rest = re.sub(r"\A(=+|-+)[ \t]*\n", "", rest).lstrip()  # a Markdown setext underline
    byline, _, after = rest.partition("\n")
    match = re.fullmatch(r"(?i)by\s+(.{2,80})", byline.strip())
    if match and after.strip():
        return line, match.group(1), after.lstrip()
    return line, None, rest


# ---------------------------------------------------------------- plain text, Markdown, HTML

def read_text(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A .txt file: one article; the first line is the title when it looks like one."""
    text = decode_text(name, data)
    if text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return read_html(name, data, limits)
    return [_text_record(name, text, limits)]


def read_markdown(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A .md file: YAML-style front matter gives metadata; headings, links and emphasis become plain text."""
    text = decode_text(name, data)
    truncated = len(text) > limits.max_article_chars + 10_000
    text = text[: limits.max_article_chars + 10_000]  # bounds the work of the patterns below
    meta: dict[str, str] = {}
    front = re.match(r"\A---[ \t]*\r?\n(.{0,4000}?)\r?\n---[ \t]*(\r?\n|\Z)", text.lstrip("\ufeff"), re.DOTALL)
    if front:
        text = text.lstrip("\ufeff")[front.end():]
        values = {}
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                values[key.strip()] = value.strip().strip("\"'")
        meta = {field: values[key] for field, key in match_fields(values).items() if field != "text"}
    text = re.sub(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)", "", text)  # images
    text = re.sub(r"\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)", r"\1", text)  # links keep their words
    text = re.sub(r"(\*\*|__)([^\n]{1,300}?)\1", r"\2", text)
    text = re.sub(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+", "", text)
    return [_text_record(name, text, limits, meta, truncated)]


def _text_record(name: str, text: str, limits: Limits, meta: dict | None = None, truncated: bool = False) -> Record:
    """One Record from a plain text, with the title (and byline) taken from its first lines."""
    truncated = truncated or len(text) > limits.max_article_chars
    text = clean_text(text[: limits.max_article_chars])
    if not text:
        raise IngestError(name, "no text found (the file holds only blank space)")
    meta = dict(meta or {})
    title, author, body = split_title(text)
    if title and not meta.get("title"):
        meta["title"], text = title, body
        if author and not meta.get("author"):
            meta["author"] = author
    return make_record(text, limits, truncated, **meta)


def read_html(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A saved web page: trafilatura finds the article body and its metadata; boilerplate is dropped."""
    import trafilatura

    html = _html_text(name, data)
    notes: list[Record | Problem] = []
    if len(html) > _HTML_PRUNE_CHARS:
        html, elements = _prune_html(html)
        if elements:
            notes.append(Problem(name, f"the page is very large ({elements:,} elements); only the first "
                                       f"{_HTML_MAX_ELEMENTS:,} were read", severity="warning"))
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_images=False)
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        text = trafilatura.baseline(html)[1] or ""  # short pages fall below trafilatura's size threshold
    if not text.strip():
        raise IngestError(name, "no article text found in the page")
    meta = doc if doc is not None else trafilatura.extract_metadata(html)
    get = (lambda attr: getattr(meta, attr, None)) if meta is not None else (lambda attr: None)
    first, _, rest = text.strip().partition("\n")
    if rest.strip() and get("title") and " ".join(first.split()) == " ".join(str(get("title")).split()):
        text = rest  # the headline repeated as the first line of the body
    record = make_record(text, limits, title=get("title"), date=get("date"), author=get("author"),
                         outlet=get("sitename") or get("hostname"), url=get("url"))
    if not record.text:
        raise IngestError(name, "no article text found in the page")
    return [*notes, record]


def _prune_html(html: str) -> tuple[str, int]:
    """Drop scripts and styles from a big page, then every element past the first _HTML_MAX_ELEMENTS.

    Extraction time grows with the number of elements (about 20 s for 300,000 paragraphs), while only
    the first max_article_chars of text are kept anyway. Returns the page and its element count when cut.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html, 0
    for element in list(tree.iter("script", "style", "noscript", "svg", "template")):
        if "ld+json" not in (element.get("type") or ""):  # JSON-LD carries the author and date
            element.drop_tree()
    body = tree.find("body")
    body = body if body is not None else tree
    elements = sum(1 for _ in body.iter())
    cut = next((el for i, el in enumerate(body.iter()) if i == _HTML_MAX_ELEMENTS), None)
    if cut is None:
        return lxml_html.tostring(tree, encoding="unicode"), 0
    node = cut
    while node is not body:  # the cut element, everything after it, and everything after its ancestors
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    cut.getparent().remove(cut)
    return lxml_html.tostring(tree, encoding="unicode"), elements


# ---------------------------------------------------------------- PDF and Word

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

def _field_key(key: Any) -> str:
    """'Published At', 'publishedAt' and 'published-at' all become 'published_at'."""
    key = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(key).strip())
    return re.sub(r"[\s.\-]+", "_", key).lower()


def match_fields(keys: Iterable[Any]) -> dict[str, Any]:
    """{field: the key that holds it} for the column names or JSON keys that FIELD_ALIASES recognise."""
    by_alias: dict[str, Any] = {}
    for key in keys:
        by_alias.setdefault(_field_key(key), key)
    found = {}
    for field, aliases in FIELD_ALIASES.items():
        key = next((by_alias[a] for a in aliases if a in by_alias), None)
        if key is not None:
            found[field] = key
    return found


def _no_text_field(name: str, keys: Iterable[Any], what: str) -> IngestError:
    shown = [str(k) for k in keys if str(k).strip()][:20]
    found = ", ".join(repr(k) for k in shown) if shown else "none"
    allowed = ", ".join(FIELD_ALIASES["text"])
    return IngestError(name, f"no text {what}; found {what}s: {found}; expected one of: {allowed}")


def _value(value: Any, field: str) -> Any:
    """A cell or JSON value as text (dates stay as they are for the date parser)."""
    if value is None or isinstance(value, bool):
        return None
    if field == "date" and isinstance(value, (int, float, date, datetime)):
        return value
    if isinstance(value, dict):  # e.g. NewsAPI's "source": {"id": ..., "name": "Reuters"}
        return _value(value.get("name") or value.get("title"), field)
    if isinstance(value, list):
        parts = [str(_value(v, field)) for v in value if _value(v, field) is not None]
        return ("\n\n" if field == "text" else ", ").join(parts)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _rows_to_records(name: str, rows: Iterable[tuple[int, dict[str, Any]]], fields_of: Callable[[dict], dict],
                     limits: Limits, what: str = "column") -> list[Record | Problem]:
    """Records from (row number, {key: value}) pairs; empty texts become row Problems."""
    out: list[Record | Problem] = []
    count = 0
    iterator = iter(rows)
    while True:
        try:
            row, item = next(iterator)
        except StopIteration:
            break
        except IngestError as e:
            out.append(e.to_problem())
            break
        count += 1
        if count > limits.max_rows:
            out.append(Problem(name, f"more than {limits.max_rows:,} rows; this row and the rest were skipped", row))
            break
        if isinstance(item, Problem):
            out.append(item)
            continue
        fields = fields_of(item)
        meta = {f: _value(item.get(k), f) for f, k in fields.items()}
        text = meta.pop("text", None) or ""
        if not text.strip():
            where = f"{what} {fields['text']!r}" if "text" in fields else f"any {what} named " + ", ".join(
                FIELD_ALIASES["text"])
            out.append(Problem(name, f"no text in {where}", row))
            continue
        out.append(make_record(text, limits, row=row, **meta))
    return out


def read_csv(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A .csv (comma, semicolon, tab or pipe separated) with a header row and one article per row."""
    return _read_delimited(name, decode_text(name, data), None, limits)


def read_tsv(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A tab-separated table with a header row and one article per row."""
    return _read_delimited(name, decode_text(name, data), "\t", limits)


def _read_delimited(name: str, text: str, delimiter: str | None, limits: Limits) -> list[Record | Problem]:
    # Article texts are longer than the csv module's default field limit of 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), limits.max_file_bytes))
    first_line = _first_line(text)
    if re.fullmatch(r"sep=.", first_line):  # Excel's hint line
        delimiter, text = first_line[-1], text[len(first_line):].lstrip("\r\n")
        first_line = _first_line(text)
    if delimiter is None:
        delimiter = max(",;\t|", key=first_line.count) if any(d in first_line for d in ",;\t|") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table(name, _csv_rows(name, reader), limits)


def _first_line(text: str, limit: int = 100_000) -> str:
    """The first line of a text, looked for in its first `limit` characters only."""
    end = text.find("\n", 0, limit)
    return text[: end if end >= 0 else limit].rstrip("\r")


def _csv_rows(name: str, reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The rows of a csv reader, its errors turned into IngestError with the row number."""
    row = 1
    try:
        for cells in reader:
            yield cells
            row += 1
    except csv.Error as e:
        raise IngestError(name, f"malformed CSV ({e}); this row and the rest were skipped", row) from None


def _table(name: str, rows: Iterator[Any], limits: Limits) -> list[Record | Problem]:
    """Records from a header row and data rows (numbered as a spreadsheet shows them)."""
    numbered = enumerate(rows, start=1)
    header = next((cells for _, cells in numbered if any(_cell(c) for c in cells)), None)
    if header is None:
        raise IngestError(name, "the table is empty")
    header = [_cell(c) for c in header]
    fields = match_fields(k for k in header if k)
    if "text" not in fields:
        raise _no_text_field(name, header, "column")
    index = {k: header.index(k) for k in fields.values()}

    def pairs() -> Iterator[tuple[int, dict[str, Any]]]:
        for n, cells in numbered:
            if any(_cell(c) for c in cells):
                yield n, {k: (cells[i] if i < len(cells) else None) for k, i in index.items()}

    out = _rows_to_records(name, pairs(), lambda item: fields, limits)
    if not out:
        raise IngestError(name, "the table has a header row but no rows")
    return out


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_xlsx(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """The first sheet of an Excel .xlsx workbook: a header row and one article per row."""
    from openpyxl import load_workbook

    open_zip(name, data, limits).close()  # refuse bombs before openpyxl unpacks anything
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
    except Exception as e:
        raise IngestError(name, f"not a readable Excel workbook ({one_line(e)})") from None
    try:
        return _table(name, sheet.iter_rows(values_only=True), limits)
    finally:
        workbook.close()


def read_json(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A .json list of article objects (or one object, or an object holding such a list)."""
    try:
        value = json.loads(decode_text(name, data))
    except json.JSONDecodeError as e:
        raise IngestError(name, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise IngestError(name, "not valid JSON: nested too deeply") from None
    items = _json_items(name, value)
    return _objects(name, list(enumerate(items, start=1)), limits)


def _json_items(name: str, value: Any) -> list[Any]:
    """The list of article objects inside a JSON document."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        if "text" in match_fields(value):
            return [value]
        for inner in value.values():  # {"articles": [...]} and the like
            if isinstance(inner, list) and inner and all(isinstance(x, dict) for x in inner):
                return inner
        raise _no_text_field(name, value, "field")
    raise IngestError(name, f"expected a list of article objects; found {_json_kind(value)}")


def _json_kind(value: Any) -> str:
    return {str: "a string", bool: "true/false", type(None): "null", list: "a list", dict: "an object"}.get(
        type(value), "a number")


def read_jsonl(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """JSON Lines: one article object per line; bad lines become row Problems."""
    items: list[tuple[int, Any]] = []
    for n, line in enumerate(decode_text(name, data).splitlines(), start=1):
        if not line.strip():
            continue
        if len(items) > limits.max_rows:
            break
        try:
            items.append((n, json.loads(line)))
        except json.JSONDecodeError as e:
            items.append((n, Problem(name, f"not valid JSON: {e.msg} at column {e.colno}", n)))
        except RecursionError:
            items.append((n, Problem(name, "not valid JSON: nested too deeply", n)))
    return _objects(name, items, limits)


def _objects(name: str, items: list[tuple[int, Any]], limits: Limits) -> list[Record | Problem]:
    """Records from numbered JSON values, with a file-level error when no object has a text field."""
    keys = dict.fromkeys(k for _, item in items if isinstance(item, dict) for k in item)
    if not items:
        raise IngestError(name, "no articles in the file (the list is empty)")
    if keys and "text" not in match_fields(keys):
        raise _no_text_field(name, keys, "field")
    checked = [(n, item if isinstance(item, (dict, Problem)) else
                Problem(name, f"expected an article object; found {_json_kind(item)}", n)) for n, item in items]
    return _rows_to_records(name, checked, match_fields, limits, "field")


# ---------------------------------------------------------------- zip archives

def open_zip(name: str, data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Open a zip (or .docx/.xlsx) after checking its member count, declared size and compression ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as e:
        raise IngestError(name, f"not a valid zip archive ({one_line(e)})") from None
    if len(members) > limits.max_zip_members:
        raise IngestError(name, f"the archive holds {len(members):,} entries; at most {limits.max_zip_members:,} "
                                f"are allowed")
    declared = sum(m.file_size for m in members)
    if declared > limits.max_unzipped_bytes:
        raise IngestError(name, f"the archive would unpack to {human_size(declared)}; at most "
                                f"{human_size(limits.max_unzipped_bytes)} are allowed (refused as a possible zip bomb)")
    for m in members:
        if m.file_size > _RATIO_MIN_BYTES and m.file_size > limits.max_compression_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise IngestError(name, f"member {safe_name(m.filename)!r} expands {ratio:,.0f} times; at most "
                                    f"{limits.max_compression_ratio:,.0f} is allowed (refused as a possible zip bomb)")
    return archive


class Budget:
    """The bytes an upload may still unpack, shared by every archive in it."""

    def __init__(self, left: int):
        self.left = left


def iter_zip(name: str, data: bytes, limits: Limits, budget: Budget) -> Iterator[tuple[str, bytes] | Problem]:
    """(member name, bytes) for each file of a zip, read in memory with a cap; refused members as Problems."""
    archive = open_zip(name, data, limits)
    found = False
    with archive:
        for member in archive.infolist():
            path = member.filename.replace("\\", "/")
            label = f"{name}/{safe_name(path)}"
            if member.is_dir() or _ignored(path):
                continue
            found = True
            if budget.left <= 0:
                yield Problem(name, f"the archive unpacks to more than {human_size(limits.max_unzipped_bytes)}; "
                                    f"the remaining members were skipped")
                return
            if path.startswith("/") or re.match(r"[A-Za-z]:", path) or ".." in path.split("/"):
                yield Problem(label, "unsafe path in the archive (absolute or with '..'); refused")
            elif member.flag_bits & 0x1:
                yield Problem(label, "the member is encrypted (password-protected); passwords are not supported")
            elif member.file_size > limits.max_file_bytes:
                yield Problem(label, f"the file is {human_size(member.file_size)}; at most "
                                     f"{human_size(limits.max_file_bytes)} are allowed per file")
            else:
                item = _read_member(archive, member, label, limits, budget)
                yield item if isinstance(item, Problem) else (label, item)
    if not found:
        yield Problem(name, "the archive holds no files")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, label: str, limits: Limits,
                 budget: Budget) -> bytes | Problem:
    """The bytes of one member, counted as they stream so a lying header cannot unpack more than allowed."""
    cap = min(limits.max_file_bytes, budget.left)
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(64 * 1024):
                size += len(chunk)
                if size > cap:
                    return Problem(label, f"unpacks to more than {human_size(cap)}; refused (the size in the archive "
                                          f"header is {human_size(member.file_size)})")
                chunks.append(chunk)
    except NotImplementedError as e:
        return Problem(label, f"cannot be unpacked ({one_line(e)})")
    except Exception as e:
        return Problem(label, f"damaged member of the archive ({one_line(e)})")
    finally:
        budget.left -= size
    return b"".join(chunks)


def _ignored(path: str) -> bool:
    """Folders and files that archivers add by themselves (macOS resource forks, hidden files)."""
    parts = path.split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".") or parts[-1] in ("Thumbs.db", "desktop.ini")


def safe_name(name: str) -> str:
    """A file name fit for a one-line message."""
    name = _CONTROL.sub("?", name.replace("\n", "?").replace("\r", "?"))
    return name if len(name) <= 200 else name[:100] + "…" + name[-99:]


def human_size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{n / 1024:,.1f} KB" if n >= 1024 else f"{n} bytes"


def one_line(e: BaseException) -> str:
    """An exception as one short line."""
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 200 else text[:197] + "..."


READERS: dict[str, Callable[[str, bytes, Limits], list[Record | Problem]]] = {
    ".txt": read_text, ".text": read_text, ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html, ".pdf": read_pdf, ".docx": read_docx,
    ".csv": read_csv, ".tsv": read_tsv, ".xlsx": read_xlsx, ".json": read_json, ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}


def extension(name: str) -> str:
    """The lower-case extension of a file or member name ('' when it has none)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()
