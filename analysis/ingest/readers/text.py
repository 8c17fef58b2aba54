"""Plain text and Markdown."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...errors import Problem
from .common import Record, _text_record, decode_text
from .tables import match_fields
from .web import read_html

if TYPE_CHECKING:
    from ..limits import Limits


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
