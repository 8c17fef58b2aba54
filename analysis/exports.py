"""Statements as downloads: the export table, CSV that spreadsheets will not run as formulas, JSON and Parquet."""
from __future__ import annotations

import io
import json

import pandas as pd

EXPORT_COLUMNS = ("date", "outlet", "title", "speaker", "stance", "cue", "target", "content", "direct", "negated",
                  "location", "sentence", "article_id", "url")
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_frame(statements: pd.DataFrame) -> pd.DataFrame:
    """The statements as shown and downloaded: readable columns, dates as YYYY-MM-DD."""
    out = statements.reindex(columns=list(EXPORT_COLUMNS)).copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d") if pd.api.types.is_datetime64_any_dtype(out["date"]) \
        else out["date"]
    return out.reset_index(drop=True)


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that a spreadsheet would run as a formula (= + - @ tab CR) start with a quote."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(CSV_TRIGGERS) else v)
    return out


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
