"""How much one upload may hold."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    """How much one upload may hold; the defaults suit a desktop dashboard."""

    max_file_bytes: int = 25 * 2**20  # per uploaded file (and per zip member)
    max_files: int = 500  # per upload
    max_unzipped_bytes: int = 200 * 2**20  # total uncompressed size of a zip
    max_zip_members: int = 2000
    max_zip_depth: int = 1  # a zip inside a zip is refused beyond this
    max_article_chars: int = 200_000  # longer texts are cut to this (not rejected) with a warning
    max_rows: int = 50_000  # rows of a csv/xlsx/json table
    max_compression_ratio: float = 200.0  # a zip member (over 1 MB) expanding more than this is a likely bomb

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < (0 if f.name ==
                                                                                          "max_zip_depth" else 1):
                raise ValueError(f"Limits.{f.name} = {value!r} is not allowed; use a positive number")


DEFAULT_LIMITS = Limits()
