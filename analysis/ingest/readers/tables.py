"""Tables and records: CSV, TSV, Excel (.xlsx), JSON and JSON Lines."""
from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ...errors import IngestError, Problem
from .archive import open_zip
from .common import Record, decode_text, make_record, one_line

if TYPE_CHECKING:
    from ..limits import Limits


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
    return _table(name, _csv_rows(name, text, delimiter), limits)


def _first_line(text: str, limit: int = 100_000) -> str:
    """The first line of a text, looked for in its first `limit` characters only."""
    end = text.find("\n", 0, limit)
    return text[: end if end >= 0 else limit].rstrip("\r")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _csv_rows(name: str, text: str, delimiter: str) -> Iterator[list[str] | Problem]:
    """The rows of a CSV text, its errors turned into IngestError with the row number.

    A quotation mark that opens a cell and is never closed makes the csv module read the whole rest of the file
    into that cell, silently. Such a row is reported and skipped, and the lines after its first are read again
    as rows."""
    row, start = 1, 0
    while True:
        reader = csv.reader(io.StringIO(text[start:], newline=""), delimiter=delimiter)
        last, first_line = None, 0
        try:
            for cells in reader:
                if last is not None:
                    yield last[0]
                    row += 1
                last, first_line = (cells, first_line), reader.line_num
        except csv.Error as e:
            raise IngestError(name, f"malformed CSV ({e}); this row and the rest were skipped", row) from None
        if last is None:
            return
        cells, begins = last
        rest = text[start:]
        offset = _line_offset(rest, begins)
        if not _never_closed(rest[offset:], delimiter):
            yield cells
            return
        spans = reader.line_num - begins
        if spans <= 1:  # nothing after it was swallowed: keep what it says
            yield cells
            yield Problem(name, "a quotation mark opens a cell that is never closed", row, severity="warning")
            return
        yield Problem(name, f"a quotation mark opens a cell that is never closed, which would take in the "
                            f"{spans - 1:,} lines after it; this row was skipped and those lines read as rows", row)
        row += 1
        start += _line_offset(rest, begins + 1)


def _line_offset(text: str, lines: int) -> int:
    """Where line `lines` (counting from 0, line breaks as the csv module counts them) starts in `text`."""
    if lines <= 0:
        return 0
    for n, match in enumerate(_LINE_BREAK.finditer(text), start=1):
        if n == lines:
            return match.end()
    return len(text)


def _never_closed(row_text: str, delimiter: str) -> bool:
    """Whether the CSV row starting `row_text` runs to its end inside a quoted cell."""
    try:
        for _ in csv.reader(io.StringIO(row_text, newline=""), delimiter=delimiter, strict=True):
            return False
    except csv.Error as e:
        return "unexpected end of data" in str(e)
    return False


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

    def pairs() -> Iterator[tuple[int, dict[str, Any] | Problem]]:
        for n, cells in numbered:
            if isinstance(cells, Problem):
                yield n, cells
            elif any(_cell(c) for c in cells):
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
        value = _json_loads(decode_text(name, data))
    except json.JSONDecodeError as e:
        raise IngestError(name, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise IngestError(name, "not valid JSON: nested too deeply") from None
    items = _json_items(name, value)
    return _objects(name, list(enumerate(items, start=1)), limits)


_MAX_INT_DIGITS = 4000  # Python refuses to turn longer digit strings into an int (sys.int_info's 4300)


def _json_loads(text: str) -> Any:
    """json.loads, with a number too long to be an int kept as its digits: one such number (in a field of an
    article, say) would otherwise make the whole file unreadable."""
    return json.loads(text, parse_int=lambda digits: int(digits) if len(digits) <= _MAX_INT_DIGITS else digits)


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
            items.append((n, _json_loads(line)))
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
