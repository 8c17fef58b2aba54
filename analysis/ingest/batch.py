"""Uploaded files of every kind in, Articles and one-line Problems out; nothing raises.

    result = ingest_files([("a.txt", data), ("batch.zip", zipped)])
    result.articles   # tuple[Article, ...], in upload order, duplicates kept once
    result.problems   # tuple[Problem, ...]: errors (item skipped) and warnings (item kept)
"""
from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ..errors import IngestError, Problem
from ..types import Article, content_hash
from . import datelines, readers
from .limits import DEFAULT_LIMITS, Limits
from .readers import Budget, Record, extension

__all__ = ["IngestError", "IngestResult", "Limits", "Problem", "content_hash", "ingest_files", "ingest_paths",
           "iter_paths"]

_LANGUAGE_SAMPLE_CHARS = 5000
_LANGUAGE_MIN_LETTERS = 40  # shorter texts are not classified: too little evidence
_LANGUAGE_MIN_CONFIDENCE = 0.5
_YEARS = range(1800, 2101)
PLAIN_TEXT = (".txt", ".text", ".md", ".markdown")  # files whose front matter and dateline are read


@dataclass(frozen=True)
class IngestResult:
    """The articles read from one upload and the problems met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True)
class _Upload:
    """One file to read: its display name, its size when known before reading, and how to read it."""

    name: str
    size: int | None
    load: Callable[[], bytes]


def ingest_files(files: Iterable[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS) -> IngestResult:
    """Read uploaded files (name, bytes) into Articles.

    Args:
        files: (name as uploaded, content) pairs, e.g. from Streamlit's file_uploader.
        limits: sizes and counts beyond which files are refused or texts cut.

    Returns:
        The articles in upload order (duplicates kept once) and every problem met, one line each.
    """
    def uploads() -> Iterator[_Upload | Problem]:
        for item in files:
            name, data = item if isinstance(item, tuple) and len(item) == 2 else (repr(item)[:80], None)
            name = readers.safe_name(str(name))
            if not isinstance(data, (bytes, bytearray, memoryview)):
                yield Problem(name, f"expected the file's content as bytes; got {type(data).__name__}; skipped")
                continue
            yield _Upload(name, len(data), lambda data=bytes(data): data)

    return _ingest(uploads(), limits)


def ingest_paths(paths: Iterable[str | os.PathLike], limits: Limits = DEFAULT_LIMITS) -> IngestResult:
    """Read files, and folders recursively (sorted, hidden files skipped), into Articles.

    Args:
        paths: files or folders on disk.
        limits: as for ingest_files; files over max_file_bytes are refused before they are read.

    Returns:
        As for ingest_files, with each file named by its path.
    """
    return _ingest(_walk(paths), limits)


def iter_paths(paths: Iterable[str | os.PathLike], limits: Limits = DEFAULT_LIMITS, *,
               follow_links: bool = False) -> Iterator[Article | Problem]:
    """Read files and folders as ingest_paths does, one file at a time, for corpora too big to hold at once.

    Args:
        paths: files or folders on disk.
        limits: as for ingest_paths.
        follow_links: follow links under a folder that point out of it (never to a FIFO or a device).

    Yields:
        Articles and Problems as they are met: the articles, and the problems, come in the same order as
        ingest_paths gives them, duplicates kept once; only one file's content is held at a time.
    """
    yield from _iter_ingest(_walk(paths, follow_links), limits)


# ---------------------------------------------------------------- the batch

def _ingest(uploads: Iterable[_Upload | Problem], limits: Limits) -> IngestResult:
    """Read every upload, finish its records into Articles and drop duplicates."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for item in _iter_ingest(uploads, limits):
        (problems if isinstance(item, Problem) else articles).append(item)
    return IngestResult(articles=tuple(articles), problems=tuple(problems))


def _iter_ingest(uploads: Iterable[_Upload | Problem], limits: Limits) -> Iterator[Article | Problem]:
    """Articles and Problems, one upload at a time; of the texts seen, only their hashes and names are kept."""
    seen: dict[str, str] = {}
    iterator = iter(uploads)
    for count, upload in enumerate(iterator, start=1):
        if count > limits.max_files:
            skipped = 1 + sum(1 for _ in iterator)
            yield Problem(_name_of(upload), f"too many files: at most {limits.max_files:,} are read per "
                                            f"upload; this one and {skipped - 1:,} more were skipped")
            break
        if isinstance(upload, Problem):
            yield upload
            continue
        for item in _read_upload(upload, limits):
            if isinstance(item, Problem):
                yield item
                continue
            try:
                article, notes = _finish(*item, limits)
            except Exception as e:  # a bug or a broken model must not lose the rest of the batch
                article, notes = None, [Problem(item[0], f"cannot be read ({readers.one_line(e)})",
                                                         item[1].row)]
            yield from notes
            if article is None:
                continue
            key = content_hash(_body(article))
            if key in seen:
                yield Problem(item[0], f"same text as {seen[key]}; kept once", item[1].row, "warning")
                continue
            seen[key] = article.source
            yield article


def _body(article: Article) -> str:
    """The text without the headline it opens with: the same story under two headlines is one story."""
    title, text = article.title, article.text
    if title and text.startswith(title):
        return text[len(title):].lstrip()
    return text


def _name_of(upload: _Upload | Problem) -> str:
    return upload.name if isinstance(upload, _Upload) else upload.file


def _read_upload(upload: _Upload, limits: Limits) -> Iterator[tuple[str, Record] | Problem]:
    """Size checks, then the bytes; nothing raised gets out."""
    if upload.size is not None and upload.size > limits.max_file_bytes:
        yield _too_big(upload.name, upload.size, limits)
        return
    try:
        data = upload.load()
    except OSError as e:
        yield Problem(upload.name, f"cannot be read ({e.strerror or e})")
        return
    yield from _read_bytes(upload.name, data, 0, Budget(limits.max_unzipped_bytes), limits)


def _too_big(name: str, size: int, limits: Limits) -> Problem:
    return Problem(name, f"the file is {readers.human_size(size)}; at most {readers.human_size(limits.max_file_bytes)} "
                         f"are allowed per file")


def _read_bytes(name: str, data: bytes, depth: int, budget: Budget,
                limits: Limits) -> Iterator[tuple[str, Record] | Problem]:
    """(name, Record) pairs or Problems for one file or zip member; zips are opened recursively."""
    if not data:
        yield Problem(name, "the file is empty")
        return
    if len(data) > limits.max_file_bytes:
        yield _too_big(name, len(data), limits)
        return
    ext = extension(name)
    try:
        if ext != ".zip" and ext not in readers.READERS:
            raise _unsupported(name, ext, data)
        readers.check_content(name, ext, data)
        if ext == ".zip":
            if depth >= limits.max_zip_depth:
                raise IngestError(name, "zip archives are not opened (the limit max_zip_depth is 0)" if depth == 0
                                  else f"a zip inside a zip is not opened (archives are opened "
                                       f"{limits.max_zip_depth} level(s) deep)")
            for item in readers.iter_zip(name, data, limits, budget):
                if isinstance(item, Problem):
                    yield item
                else:
                    yield from _read_bytes(*item, depth + 1, budget, limits)
            return
        for item in readers.READERS[ext](name, data, limits):
            yield item if isinstance(item, Problem) else (name, item)
    except IngestError as e:
        yield e.to_problem()
    except Exception as e:  # a reader library choking on malformed input
        yield Problem(name, f"cannot be read ({readers.one_line(e)})")


def _unsupported(name: str, ext: str, data: bytes) -> IngestError:
    allowed = ", ".join(sorted({*readers.READERS, ".zip"} - {".text", ".markdown", ".xhtml", ".ndjson"}))
    found = readers.sniff(data)
    hint = f" (the content looks like {found[1]})" if found else ""
    what = f"unsupported file type {ext!r}" if ext else "no file extension"
    return IngestError(name, f"{what}{hint}; allowed: {allowed}")


def _walk(paths: Iterable[str | os.PathLike], follow_links: bool = False) -> Iterator[_Upload | Problem]:
    """Uploads for files and for the regular files under folders, in sorted order; the rest as Problems.

    Under a folder, FIFOs, devices and sockets are skipped with a message (never opened), and a link is
    followed only when it points inside that folder, unless follow_links is set.
    """
    for given in paths:
        try:
            path = os.fsdecode(given)
        except TypeError:
            yield Problem(readers.safe_name(repr(given)[:80]), "not a file path; skipped")
            continue
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found.extend(os.path.join(root, f) for f in files if not f.startswith("."))
            if not found:
                yield Problem(readers.safe_name(path), "the folder holds no files")
            top = os.path.realpath(path)
            for p in sorted(found, key=lambda p: os.path.relpath(p, path).split(os.sep)):
                refused = None if follow_links else _outside(p, top)
                yield refused or _path_upload(p)
        elif os.path.isfile(path):
            yield _path_upload(path)
        elif os.path.exists(path):
            yield Problem(readers.safe_name(path), f"{_kind(path)}, not a regular file or folder; skipped")
        else:
            yield Problem(readers.safe_name(path), "no such file or folder")


def _outside(path: str, top: str) -> Problem | None:
    """A Problem when `path` is a link whose target lies outside the folder `top`."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    if os.path.commonpath([top, target]) == top:
        return None
    return Problem(readers.safe_name(path), "a link pointing out of the folder; not followed (--follow-links "
                                            "follows it)")


def _kind(path: str) -> str:
    """What a path that is not a regular file is: 'a FIFO', 'a device', 'a socket'."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "a broken link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a directory" if stat.S_ISDIR(mode) else "not a file"


def _path_upload(path: str) -> _Upload | Problem:
    try:
        info = os.stat(path)
    except OSError as e:
        return Problem(readers.safe_name(path), f"cannot be read ({e.strerror or e})")
    if not stat.S_ISREG(info.st_mode):
        return Problem(readers.safe_name(path), f"{_kind(path)}, not a regular file; skipped")

    def load() -> bytes:
        # non-blocking, and checked again once open: a file swapped for a FIFO or a device is never read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(f"{_kind(path)}, not a regular file")
            return f.read()

    return _Upload(readers.safe_name(path), info.st_size, load)


# ---------------------------------------------------------------- records to articles

def _finish(name: str, record: Record, limits: Limits) -> tuple[Article | None, list[Problem]]:
    """An Article from a reader's Record: text cut to the limit, date parsed, language detected."""
    notes: list[Problem] = []

    def warn(reason: str) -> None:
        notes.append(Problem(name, reason, record.row, "warning"))

    text = record.text
    if not text.strip():
        return None, [Problem(name, "no text found", record.row)]
    if record.truncated or len(text) > limits.max_article_chars:
        text = _cut(text, limits.max_article_chars)
        warn(f"the text is longer than {limits.max_article_chars:,} characters; only the first "
             f"{limits.max_article_chars:,} are kept")
    day = parse_date(record.date)
    if day is None and record.date not in (None, ""):
        warn(f"date {_shown(record.date)} not understood; the article is kept without a date")
    url = record.url
    if url and not re.match(r"(?i)https?://\S+$", url):
        warn(f"url {_shown(url)} is not a web address (http or https); dropped")
        url = None
    language = detect_language(text)
    if language not in (None, "en"):
        warn(f"detected language: {language} ({LANGUAGE_NAMES.get(language, 'unknown')}); "
             f"the analysis is for English")
    title, outlet, author = record.title, record.outlet, record.author
    if extension(name) in PLAIN_TEXT and record.row is None:
        title, day, outlet, author = _stated(text, title, day, outlet, author)
    source = name if record.row is None else f"{name}, row {record.row}"
    article = Article(text=text, source=source, title=title, date=day, outlet=outlet,
                      author=author, url=url, language=language)
    return article, notes


def _stated(text: str, title: str | None, day: str | None, outlet: str | None, author: str | None):
    """(title, date, outlet, author) of a plain text with what its front matter or dateline states filled in
    where the reader found nothing; a title taken from a front-matter line gives way to the front matter's
    own title or the first line after it."""
    header = datelines.read_header(text)
    if header.front_end and (title is None or title in text[: header.front_end]):
        after = text[header.front_end:].strip().split("\n", 1)[0].strip()
        title = header.title or (after if 0 < len(after) <= 200 else None)
    return title, day or header.date, outlet or header.outlet, author or header.author


def _cut(text: str, limit: int) -> str:
    """The text cut to `limit` characters, at a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 1000)
    return (cut[:space] if space > 0 else cut).rstrip()


def _shown(value: Any) -> str:
    text = readers.safe_name(str(value))
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_date(value: Any) -> str | None:
    """An ISO date ("YYYY-MM-DD") from a date, datetime, Unix time or date string; None when not understood."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.year in _YEARS else None
    if isinstance(value, date):
        return value.isoformat() if value.year in _YEARS else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_timestamp(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:100]
    if re.fullmatch(r"\d{9,14}(\.\d+)?", text):
        return _from_timestamp(float(text))
    if not re.search(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}", text):
        return None  # without a year, dateutil would fill one in from today
    if text.startswith("D:"):  # PDF dates: D:20240305120000Z
        text = text[2:16]
    from dateutil import parser

    try:
        parsed = parser.parse(text, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if parsed.year in _YEARS else None


def _from_timestamp(value: float) -> str | None:
    """Unix seconds or milliseconds to an ISO date."""
    if 1e11 <= value < 1e14:
        value /= 1000
    if not 1e8 <= value < 1e11:
        return None
    try:
        day = datetime.fromtimestamp(value, tz=UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return day.isoformat() if day.year in _YEARS else None


@functools.cache
def _language_identifier() -> Any:
    """py3langid's model with probabilities normalised, loaded once (about 0.4 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The language code of the text, from a sample; None when too short or unsure."""
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _LANGUAGE_MIN_LETTERS:
        return None
    language, confidence = _language_identifier().classify(sample)
    return language if confidence >= _LANGUAGE_MIN_CONFIDENCE and language in LANGUAGE_NAMES else None


# The languages py3langid tells apart ("zxx", no linguistic content, is left out on purpose).
LANGUAGE_NAMES = {
    "af": "Afrikaans", "am": "Amharic", "an": "Aragonese", "ar": "Arabic", "ary": "Moroccan Arabic",
    "arz": "Egyptian Arabic", "as": "Assamese", "az": "Azerbaijani", "ba": "Bashkir", "bcl": "Central Bikol",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian", "ca": "Catalan",
    "ace": "Acehnese", "crh": "Crimean Tatar", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "dz": "Dzongkha", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "ext": "Extremaduran", "fa": "Persian", "fi": "Finnish", "fo": "Faroese", "fr": "French",
    "fuv": "Nigerian Fulfulde", "fy": "Western Frisian", "ga": "Irish", "gcf": "Guadeloupean Creole",
    "gcr": "Guianese Creole", "gd": "Scottish Gaelic", "gl": "Galician", "gom": "Goan Konkani",
    "grc": "Ancient Greek", "gu": "Gujarati", "gug": "Paraguayan Guarani", "guw": "Gun", "ha": "Hausa",
    "hbo": "Ancient Hebrew", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "ht": "Haitian Creole",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "jv": "Javanese", "ka": "Georgian", "kab": "Kabyle", "kik": "Kikuyu", "kk": "Kazakh",
    "km": "Khmer", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin",
    "lb": "Luxembourgish", "lg": "Ganda", "lij": "Ligurian", "ln": "Lingala", "lo": "Lao", "lt": "Lithuanian",
    "ltg": "Latgalian", "lv": "Latvian", "mg": "Malagasy", "mk": "Macedonian", "ml": "Malayalam",
    "mn": "Mongolian", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali",
    "nl": "Dutch", "nn": "Norwegian Nynorsk", "no": "Norwegian", "nso": "Northern Sotho", "oc": "Occitan",
    "om": "Oromo", "or": "Odia", "pa": "Punjabi", "pcm": "Nigerian Pidgin", "pl": "Polish", "ps": "Pashto",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda",
    "sa": "Sanskrit", "sdh": "Southern Kurdish", "se": "Northern Sami", "si": "Sinhala", "sk": "Slovak",
    "sl": "Slovenian", "sn": "Shona", "so": "Somali", "sq": "Albanian", "sr": "Serbian", "st": "Southern Sotho",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik", "th": "Thai",
    "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "tt": "Tatar", "ug": "Uyghur", "uk": "Ukrainian",
    "ur": "Urdu", "uz": "Uzbek", "uzs": "Southern Uzbek", "vec": "Venetian", "vi": "Vietnamese",
    "vo": "Volapük", "wa": "Walloon", "wuu": "Wu Chinese", "xh": "Xhosa", "yo": "Yoruba", "yue": "Cantonese",
    "zh": "Chinese", "zu": "Zulu",
}
