"""A self-contained HTML report of one view: filters, counts, the who-says-what table, charts and top evidence.

The file works offline and runs nothing: styles are inline, charts are static SVG drawn by vl-convert (no
JavaScript, no CDN), and every value from the corpus is escaped.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import altair as alt
import pandas as pd

from . import charts, filter_bar, highlight, tables
from .exports import web_url
from .types import STANCES

EVIDENCE_SHOWN = 20
SPEAKERS_SHOWN = 15

_STYLE = """
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1d; background: #fff; }
h1 { margin-bottom: 0.2rem; } .wsw-sub { color: #555; margin-top: 0; }
.wsw-counts { display: flex; gap: 2rem; margin: 1rem 0; } .wsw-counts b { display: block; font-size: 1.6rem; }
table.wsw-matrix { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.92rem; }
table.wsw-matrix th, table.wsw-matrix td { border: 1px solid #d0d4da; padding: 0.25rem 0.55rem; text-align: right; }
table.wsw-matrix th:first-child, table.wsw-matrix td:first-child { text-align: left; }
figure { margin: 1rem 0 2rem; } figure svg { max-width: 100%; height: auto; }
</style>
"""


_NUMBERS = ("start", "end", "cue_start", "cue_end", "content_start", "content_end", "lat", "lon", "mentions")
_KINDS: dict[str, type | tuple[type, ...]] = {**dict.fromkeys(_NUMBERS, (int, float)), "direct": bool,
                                              "negated": bool}  # every other field is text


def frames_from_records(records: Iterable[dict]) -> tables.CorpusFrames:
    """The records of `extract` (JSON Lines objects) as a corpus's frames; each article's id is its position.

    Records from elsewhere may hold anything: lists that are not lists, values that are not text or numbers, and
    statements without one of the engine's stances are left out rather than trusted."""
    rows: dict[str, list[dict]] = {"articles": [], "statements": [], "actors": [], "locations": []}

    def plain(item: dict) -> dict:
        return {k: v for k, v in item.items() if isinstance(v, _KINDS.get(k, str)) and not
                (isinstance(v, bool) and _KINDS.get(k, str) is not bool)}

    for i, rec in enumerate(records):
        aid = str(i)
        parts = {kind: [x for x in rec.get(kind) if isinstance(x, dict)] if isinstance(rec.get(kind), list) else []
                 for kind in ("statements", "actors", "locations")}
        parts["statements"] = [x for x in parts["statements"] if x.get("stance") in STANCES]  # else not extract's
        meta = plain({k: rec.get(k) for k in ("title", "date", "outlet", "author", "url", "source")})
        rows["articles"].append({**meta, "article_id": aid, "position": i, "statements": len(parts["statements"])})
        for kind, items in parts.items():
            rows[kind] += [{**plain(item), "article_id": aid, "idx": j} for j, item in enumerate(items)]
    return tables.corpus_frames(rows)


@dataclass(frozen=True)
class ReportView:
    """What the report shows: the corpus's name, its frames, the filters and the statements that pass them."""

    corpus: str
    frames: tables.CorpusFrames
    filters: tables.Filters
    statements: pd.DataFrame


def _svg(chart: alt.TopLevelMixin) -> str:
    """A chart as inline SVG (vl-convert renders Vega-Lite without a browser or the network)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(charts.readable(chart, "light").to_dict())


def matrix_table(matrix: pd.DataFrame) -> str:
    """The who-says-what counts (tables.who_says_what) as an HTML table: one row per speaker, one column per
    stance, and a total."""
    if matrix.empty:
        return "<p>No statement matches the filters.</p>"
    stances = tables.stance_order(matrix["stance"])
    wide = matrix.pivot_table(index="speaker", columns="stance", values="count", aggfunc="sum", sort=False)
    wide = wide.reindex(columns=stances).fillna(0).astype(int)
    head = "".join(f"<th>{html.escape(s)}</th>" for s in ("speaker", *stances, "total"))
    rows = "".join("<tr><td>" + html.escape(str(speaker)) + "</td>"
                   + "".join(f"<td>{n or ''}</td>" for n in counts) + f"<td><b>{sum(counts)}</b></td></tr>"
                   for speaker, counts in zip(wide.index, wide.to_numpy().tolist(), strict=True))
    return f'<table class="wsw-matrix"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _charts(st: pd.DataFrame, matrix: pd.DataFrame) -> list[str]:
    """The report's figures: the who-says-what heat map (of `matrix`), statements per stance, and per date."""
    width = 90 * matrix["stance"].nunique()
    figures = [(charts.who_says_what_chart(matrix).properties(width=width), "Statements per speaker and stance"),
               (charts.stance_bars(st.groupby("stance").size().reset_index(name="count")).properties(width=500),
                "Statements per stance")]
    dated = st.dropna(subset=["date"])
    if len(dated):
        caption = "Statements per article date"
        if (window := tables.default_window(dated["date"])) is not None:  # a static chart cannot be panned
            before = dated["date"].dt.date < window[0]
            caption += f"; {tables.plural(int(before.sum()), 'statement')} dated before {window[0]:%Y-%m-%d} not drawn"
            dated = dated[~before]
        unit = tables.time_unit(dated["date"])
        figures.append((charts.timeline_chart(tables.timeline(dated, "stance", unit), unit).properties(width=800),
                        caption))
    if undated := len(st) - len(st.dropna(subset=["date"])):
        figures[-1] = (figures[-1][0], figures[-1][1] + f"; {tables.plural(undated, 'statement')} undated")
    return [f"<figure>{_svg(chart)}<figcaption>{html.escape(caption)}</figcaption></figure>"
            for chart, caption in figures]


def html_report(view: ReportView, *, generated: datetime, evidence: int = EVIDENCE_SHOWN,
                with_charts: bool = True) -> str:
    """The report as one HTML document (UTF-8 text).

    Args:
        generated: when the report was made (printed in its header).
        evidence: how many statements to show as cards (the first ones in the order of the evidence list).
        with_charts: draw the charts (SVG); off, the report has the tables and cards only.
    """
    e = html.escape
    st = view.statements
    matrix = tables.who_says_what(st, SPEAKERS_SHOWN)  # the table and the heat map show the same counts
    counts = tables.corpus_counts(view.frames, st if view.filters else None)
    titles = filter_bar.titles(view.frames)
    chips = filter_bar.filter_chips(view.filters, lambda name, v: titles.get(v, v) if name == "article" else v)
    filters = ("Filters: " + "; ".join(e(c.label) for c in chips)) if chips else "No filters: the whole corpus."
    parts = [f"<h1>Who says what: {e(view.corpus)}</h1>",
             f'<p class="wsw-sub">{e(filters)}<br>Made {e(generated.strftime("%Y-%m-%d %H:%M"))}. '
             f"{e(tables.plural(len(st), 'statement'))} of {e(tables.plural(len(view.frames.statements), 'statement'))}"
             " in the corpus.</p>",
             '<div class="wsw-counts">' + "".join(f"<div><b>{n:,}</b>{e(label)}</div>" for label, n in counts.items())
             + "</div>",
             "<h2>Who says what</h2>", matrix_table(matrix)]
    if with_charts and len(st):
        parts += _charts(st, matrix)
    rows = tables.evidence(st, evidence)
    parts.append(f"<h2>Evidence: the first {len(rows)} of {tables.plural(len(st), 'statement')}</h2>")
    parts += [highlight.evidence_card(r, href=web_url(r.get("url")), stance_colour=charts.stance_color(r["stance"]))
              for r in rows]
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Who says what: {e(view.corpus)}'
            f"</title>{_STYLE}{highlight.CSS}</head><body>\n{body}\n</body></html>\n")
