"""Shared by every reader: the Record, decoding and cleaning of text, titles, names and sizes."""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ...errors import IngestError

if TYPE_CHECKING:
    from ..limits import Limits



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
# What betrays binary data decoded as text: C0 and C1 controls. Not the zero-width no-break space (U+FEFF),
# which editors and web pages leave in real text, and which clean_text drops.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


_MAX_FIELD_CHARS = 1000  # metadata values (title, author, ...) longer than this are cut


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
    if sample and len(_BINARY_CONTROL.findall(sample)) > len(sample) / 100:
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


_HEADLINE_STOP_WORDS = 20  # a first line that ends with a full stop is a headline only when it is this short


def _looks_like_headline(line: str, paragraph: bool = False) -> bool:
    """A short line that does not end like a sentence, or (as its own paragraph) a very short one that does."""
    words = line.split()
    ends = not line.endswith((".", ",", ";", ":")) or (
        paragraph and line.endswith(".") and not line.endswith("..") and len(words) <= _HEADLINE_STOP_WORDS)
    return (0 < len(words) <= 30 and len(line) <= 200 and ends
            and any(c.isalpha() for c in line) and (line[0].isalnum() or line[0] in "\"'‘“«"))


def split_title(text: str) -> tuple[str | None, str | None, str]:
    """(title, author, body): the first line is the title when it looks like a headline, a 'By ...' line the byline."""
    first, _, rest = text.partition("\n")
    line = first.strip().lstrip("#").strip()
    paragraph = rest.startswith("\n")
    rest = rest.lstrip()
    if not rest or not _looks_like_headline(line, paragraph):
        return None, None, text
    rest = re.sub(r"\A(=+|-+)[ \t]*\n", "", rest).lstrip()  # a Markdown setext underline
    byline, _, after = rest.partition("\n")
    match = re.fullmatch(r"(?i)by\s+(.{2,80})", byline.strip())
    if match and after.strip():
        return line, match.group(1), after.lstrip()
    return line, None, rest


# ---------------------------------------------------------------- plain text, Markdown, HTML


def _text_record(name: str, text: str, limits: Limits, meta: dict | None = None, truncated: bool = False) -> Record:
    """One Record from a plain text, with the title (and byline) taken from its first lines.

    The text keeps its headline and byline, so that every offset of the analysis indexes the text as read."""
    truncated = truncated or len(text) > limits.max_article_chars
    text = clean_text(text[: limits.max_article_chars])
    if not text:
        raise IngestError(name, "no text found (the file holds only blank space)")
    meta = dict(meta or {})
    title, author, _ = split_title(text)
    if title and not meta.get("title"):
        meta["title"] = title
        if author and not meta.get("author"):
            meta["author"] = author
    return make_record(text, limits, truncated, **meta)


def safe_name(name: str) -> str:
    """A file name fit for a one-line message, a terminal and JSON: control characters, the invisible
    characters that reorder or hide text (bidi overrides and isolates, zero-width ones) and bytes that were
    not UTF-8 (which os.fsdecode keeps as lone surrogates) are written as escapes, e.g. \\u202e and \\xff.
    So `invoice\u202etxt.exe` shows as `invoice\\u202etxt.exe`, never as `invoiceexe.txt`."""
    name = _UNSAFE_IN_NAME.sub(_escape, name)
    return name if len(name) <= 200 else name[:100] + "…" + name[-99:]


# C0 and C1 controls, bidi marks, embeddings, overrides and isolates, zero-width characters, BOM, interlinear
# annotation marks, and lone surrogates.
_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
                             r"\ufff9-\ufffb\ud800-\udfff]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape for a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def human_size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{n / 1024:,.1f} KB" if n >= 1024 else f"{n} bytes"


def one_line(e: BaseException) -> str:
    """An exception's message as one short line, for the user (never the class name)."""
    text = " ".join(str(e).split()) or "its content is malformed"
    return text if len(text) <= 200 else text[:197] + "..."


def extension(name: str) -> str:
    """The lower-case extension of a file or member name ('' when it has none)."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()
