"""Statements as downloads: the export table, CSV that spreadsheets will not run as formulas, JSON and Parquet."""
from __future__ import annotations

import hashlib
import io
import json
import re

import pandas as pd

OFFSETS = ("start", "end", "cue_start", "cue_end", "content_start", "content_end")  # characters, as in the records
EXPORT_COLUMNS = ("statement_id", "date", "outlet", "title", "speaker", "speaker_text", "stance", "cue", "target",
                  "content", "direct", "negated", "corrected", "location", "sentence", *OFFSETS, "article_id", "url")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A trigger after any character some spreadsheet splits cells at (its locale's separator, or a line end): in a
# locale that splits at ";" the cell "x;=1+1;y" is three cells, the middle one a formula.
_SPLIT_TRIGGER = re.compile(r"([,;\t|\r\n][ \u00a0]*)(?=[=+\-@])")


def statement_id(article_id: str, start, end, cue_start, cue_end, idx=None) -> str:
    """A statement's id: the same for the same statement of the same text, whatever the process or the analysis
    run, since it is made of the article's content hash and the statement's span and cue (16 hex digits); a
    statement without offsets falls back on its position in the article."""
    spans = (start, end, cue_start, cue_end)
    known = all(isinstance(v, int | float) and not pd.isna(v) for v in spans)
    key = ":".join(str(int(v)) for v in spans) if known else f"idx:{idx}"
    return hashlib.sha256(f"{article_id}:{key}".encode()).hexdigest()[:16]


def export_frame(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements as shown and downloaded: readable columns, dates as YYYY-MM-DD, character offsets as
    whole numbers (empty when unknown), a stable `statement_id` and whether an analyst `corrected` the row."""
    out = statements.reindex(columns=list(EXPORT_COLUMNS)).copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d") if pd.api.types.is_datetime64_any_dtype(out["date"]) \
        else out["date"]
    for col in OFFSETS:
        out[col] = pd.to_numeric(out[col], errors="coerce").round().astype("Int64")
    idx = statements["idx"] if "idx" in statements else pd.Series(None, index=statements.index, dtype=object)
    out["statement_id"] = [statement_id(*row) for row in zip(
        statements["article_id"], *(out[c].astype(object) for c in OFFSETS[:4]), idx, strict=True)]
    out["corrected"] = statements["corrected"].fillna(False).astype(bool) if "corrected" in statements \
        else pd.Series(False, index=statements.index, dtype=bool)
    return out.reset_index(drop=True)


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where no text cell runs as a formula in any spreadsheet, whatever separator its locale uses: a
    cell starting with = + - @ (or tab, CR) starts with a quote, and so does every part of a cell after a
    separator character (, ; tab | or a line end) that starts with one of them. Numbers stay numbers (a negative
    number in a numeric column is not text), and words like "well-known" are untouched."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(cell_safe)
    return out


def cell_safe(value):
    """One CSV cell made formula-safe (see csv_safe); anything but text is returned as it is."""
    if not isinstance(value, str):
        return value
    value = _SPLIT_TRIGGER.sub(r"\1'", value)
    return "'" + value if value.startswith(CSV_TRIGGERS) else value


def web_url(value) -> str | None:
    """`value` when it is an http(s) address, else None: links shown to readers never run script
    (javascript:, data: and vbscript: addresses are dropped)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if value.lower().startswith(("http://", "https://")) else None


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8, CRLF rows as RFC 4180 has them), formula-safe.

    With CRLF as the row end, cells holding a bare CR are quoted too; with LF alone they were not, and a
    spreadsheet split the row there.
    """
    return csv_safe(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_json(df: pd.DataFrame) -> bytes:
    """JSON bytes: a list of records, missing values as null."""
    records = df.astype(object).where(df.notna(), None).to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def to_parquet(df: pd.DataFrame) -> bytes:
    """Parquet bytes (pyarrow)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()
