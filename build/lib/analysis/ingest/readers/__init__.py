"""One reader per file format: bytes in, Records (text plus raw metadata) and row Problems out.

Every reader has the signature `reader(name, data, limits) -> list[Record | Problem]` and raises
IngestError when the whole file cannot be read. Dates are passed on raw; `ingest` parses them.
READERS maps each extension to its reader; the modules are one per format family.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...errors import Problem
from .archive import Budget, iter_zip
from .common import Record, check_content, extension, human_size, one_line, safe_name, sniff
from .documents import read_docx, read_pdf
from .tables import read_csv, read_json, read_jsonl, read_tsv, read_xlsx
from .text import read_markdown, read_text
from .web import read_html

if TYPE_CHECKING:
    from ..limits import Limits

__all__ = ["READERS", "Budget", "Record", "check_content", "extension", "human_size", "iter_zip", "one_line",
           "safe_name", "sniff"]

READERS: dict[str, Callable[[str, bytes, Limits], list[Record | Problem]]] = {
    ".txt": read_text, ".text": read_text, ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html, ".pdf": read_pdf, ".docx": read_docx,
    ".csv": read_csv, ".tsv": read_tsv, ".xlsx": read_xlsx, ".json": read_json, ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
}
