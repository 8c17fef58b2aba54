"""Altair charts of the dashboard, built from the tidy frames of analysis.tables.

One colour per stance everywhere (STANCE_COLORS). Charts that answer clicks carry a named point selection:
"cell" (speaker, stance) on the who-says-what matrix and "actor" (name) on the network.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

from .controls import plural
from .tables import stance_order
from .types import STANCES

WORLD_TOPOJSON = Path(__file__).parent / "data" / "world-110m.json"

STANCE_COLORS: dict[str, str] = {
    "say": "#8d99ae",
    "accuse": "#d62828",
    "urge": "#f77f00",
    "insist": "#7b2cbf",
    "agree": "#2a9d8f",
    "support": "#38b000",
    "deny": "#6d4c41",
    "warn": "#e9c46a",
    "ask": "#277da1",
    "report": "#4361ee",
    "promise": "#e56b9f",
}
OTHER_STANCE_COLOR = "#b0b0b0"
NODE_COLOR = "#5c6378"  # a mid-tone that reads on light and dark backgrounds
PLACE_COLOR = "#e63946"
CELL_PARAM = "cell"
ACTOR_PARAM = "actor"

assert set(STANCE_COLORS) == set(STANCES), "every stance needs a colour"


def stance_color(stance: str) -> str:
    """The colour of a stance (grey for one the engine does not define)."""
    return STANCE_COLORS.get(stance, OTHER_STANCE_COLOR)


def stance_scale(stances: Iterable[str] = ()) -> alt.Scale:
    """Colour scale with the fixed stance colours; stances outside STANCES are grey."""
    domain = stance_order([*STANCES, *stances])
    return alt.Scale(domain=domain, range=[stance_color(s) for s in domain])


def _stance_color(stances: Iterable[str], legend: bool = True) -> alt.Color:
    """Colour by stance on the fixed scale; the legend lists only the stances present."""
    stances = stance_order(stances)
    return alt.Color("stance:N", title="Stance", scale=stance_scale(stances),
                     legend=alt.Legend(orient="bottom", columns=6, values=stances) if legend else None)


def who_says_what_chart(matrix: pd.DataFrame, selected: Iterable[tuple[str, str]] = ()) -> alt.LayerChart:
    """Speakers × stances heat map; each cell's colour is its stance, its strength the count.

    Clicking a cell selects (speaker, stance) through the point selection "cell"; shift-click adds cells.

    Args:
        selected: (speaker, stance) cells selected at first, e.g. from a shared link.
    """
    speakers = list(dict.fromkeys(matrix["speaker"]))
    stances = stance_order(matrix["stance"])
    top = int(matrix["count"].max()) if len(matrix) else 1
    value = [{"speaker": sp, "stance": sn} for sp, sn in selected]
    cell = alt.selection_point(name=CELL_PARAM, fields=["speaker", "stance"], on="click", clear="dblclick",
                               value=value or alt.Undefined)
    base = alt.Chart(matrix).encode(
        x=alt.X("stance:N", sort=stances, title=None, axis=_column_heads(len(stances))),
        y=alt.Y("speaker:N", sort=speakers, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=220)),
    )
    # Only the cells carry tooltips: marks without one are not interactive, so clicks on a count reach its cell.
    # One label per cell for screen readers (Vega-Lite's own repeats each field, once per channel).
    rect = base.mark_rect(cornerRadius=3, stroke="#1d1d1d").transform_calculate(
        aria="'speaker: ' + datum.speaker + '; stance: ' + datum.stance + '; count: ' + datum.count"
             " + '; all by speaker: ' + datum.total").encode(
        description=alt.Description("aria:N"),
        tooltip=[alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("count:Q", title="Statements"), alt.Tooltip("total:Q", title="All by speaker")],
        color=_stance_color(stances, legend=False),
        opacity=alt.Opacity("count:Q", scale=alt.Scale(domain=[0, top], range=[0.3, 1]), legend=None),
        strokeWidth=alt.condition(cell, alt.value(2.5), alt.value(0), empty=False),
    ).add_params(cell)
    # The counts repeat what each cell's label says: screen readers announce the cells only.
    text = base.mark_text(fontSize=12, fontWeight="bold", color="#111", aria=False).encode(text="count:Q")
    return (rect + text).properties(height=max(120, 30 * len(speakers)), description=_heat_map_words(matrix))


def _column_heads(columns: int, room_px: int = 58) -> alt.Axis:
    """The heat map's stance heads, on top: level while each column has `room_px`, else turned upright, so a
    narrow screen (400 px) keeps every head instead of dropping every other one."""
    narrow = f"width / {max(columns, 1)} < {room_px}"
    return alt.Axis(orient="top", labelFontSize=12, labelOverlap=False, labelPadding=4,
                    labelAngle=alt.ExprRef(f"{narrow} ? -90 : 0"),
                    labelAlign=alt.ExprRef(f"{narrow} ? 'left' : 'center'"),
                    labelBaseline=alt.ExprRef(f"{narrow} ? 'middle' : 'bottom'"))


def _heat_map_words(matrix: pd.DataFrame) -> str:
    if matrix.empty:
        return "Heat map of statements by speaker and stance: no statements."
    top = matrix.sort_values("count", ascending=False, kind="stable").iloc[0]
    return (f"Heat map of statements by speaker and stance: {plural(matrix['speaker'].nunique(), 'speaker')}, "
            f"{plural(matrix['stance'].nunique(), 'stance')}. The largest cell: {top['speaker']}, {top['stance']}, "
            f"{plural(int(top['count']), 'statement')}. Click a cell to list its statements.")


def stance_bars(counts: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Horizontal bars of statements per stance (columns stance, count), the count printed at each bar's end.

    Each stance gets a 32 px row (a band step, not a fixed height), so one, two or eleven stances all read.
    """
    stances = stance_order(counts["stance"])
    top = max(int(counts["count"].max()) if len(counts) else 1, 1)
    base = alt.Chart(counts, title=title if title else alt.Undefined).encode(
        y=alt.Y("stance:N", sort=stances, title=None,
                scale=alt.Scale(paddingInner=0.25, paddingOuter=0.15),
                axis=alt.Axis(labelFontSize=12, labelLimit=160, ticks=False)),
        x=alt.X("count:Q", title="Statements", scale=alt.Scale(domain=[0, top * 1.12], nice=False),
                axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("stance:N", title="Stance"), alt.Tooltip("count:Q", title="Statements")],
    )
    bars = base.mark_bar(cornerRadiusEnd=3).encode(color=_stance_color(stances, legend=False))
    text = base.mark_text(align="left", dx=4, fontSize=12, aria=False).encode(text="count:Q")
    words = ", ".join(f"{r.stance} {int(r.count)}" for r in counts.itertuples())
    return (bars + text).properties(height=alt.Step(32),
                                    description=f"Bar chart of statements by stance: {words or 'none'}.")


# Network ------------------------------------------------------------------------------------------------


NETWORK_WIDTH, NETWORK_HEIGHT = 1000, 640  # the pixel size the network is laid out for (it stretches wider)
_DOMAIN = 1.12  # axis domain is [-_DOMAIN, _DOMAIN]: room for labels at the rim
_LABEL_FONT = 12
_NODE_AREA = (120, 1100)  # circle areas in px², from the least to the most active actor
_ARROW_AREA = (150, 520)


def force_layout(names: Sequence[str], edges: Iterable[tuple[str, str, float]], *, iterations: int = 300,
                 seed: int = 7) -> dict[str, tuple[float, float]]:
    """Spring layout (networkx's Fruchterman–Reingold), deterministic for a given input; positions fit [-1, 1]².

    The whole graph is laid out at once, so the main cluster spreads over the middle and small unconnected
    parts float at its rim rather than each taking a cell of a grid.

    Args:
        names: the nodes, in a fixed order.
        edges: (source, target, weight) triples; heavier edges pull harder.
        iterations: steps of the spring simulation.
        seed: seed of the starting positions.
    """
    import networkx as nx

    names = list(dict.fromkeys(names))
    if not names:
        return {}
    if len(names) == 1:
        return {names[0]: (0.0, 0.0)}
    graph = nx.Graph()
    graph.add_nodes_from(names)
    for s, t, w in edges:
        if s in graph and t in graph and s != t:
            old = graph.get_edge_data(s, t, {"weight": 0})["weight"]
            graph.add_edge(s, t, weight=old + float(w))
    for _s, _t, data in graph.edges(data=True):
        data["weight"] = 1 + math.log1p(data["weight"])  # a heavy pair pulls harder, but does not collapse
    pos = nx.spring_layout(graph, k=1.6 / math.sqrt(len(names)), iterations=iterations, seed=seed,
                           weight="weight")
    xy = np.array([pos[n] for n in names], dtype=float)
    xy -= (xy.max(axis=0) + xy.min(axis=0)) / 2
    xy /= max(np.abs(xy).max(), 1e-9)
    index = {n: i for i, n in enumerate(names)}
    linked = [(index[s], index[t]) for s, t in graph.edges()]
    xy = _spread(xy, linked)
    return {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in zip(names, xy, strict=True)}


def _spread(xy: np.ndarray, linked: list[tuple[int, int]], *, apart_px: float = 56, edge_px: float = 120,
            rounds: int = 60) -> np.ndarray:
    """Push nodes apart until no two are nearer than `apart_px` and no edge is shorter than `edge_px` (pixels
    of the nominal chart), staying inside [-1, 1]².

    Whole-graph springs put the parts of a sparse graph far apart and each pair close together; scaled to
    fit, a pair then sits on one spot and its arrow disappears.
    """
    scale = np.array(_px(1.0, 1.0))
    pts = xy * scale
    need = np.full((len(pts), len(pts)), apart_px)
    for i, j in linked:
        need[i, j] = need[j, i] = edge_px
    np.fill_diagonal(need, 0)
    rng = np.random.default_rng(3)
    for _ in range(rounds):
        delta = pts[:, None, :] - pts[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        short = (dist < need) & (need > 0)
        if not short.any():
            break
        dist = np.where(dist < 1e-6, 1e-6, dist)
        same = np.linalg.norm(delta, axis=-1) < 1e-6
        delta = np.where(same[:, :, None], rng.normal(0, 1, delta.shape), delta)
        push = np.where(short, (need - dist) / 2, 0)[:, :, None] * delta / dist[:, :, None]
        pts = np.clip(pts + push.sum(axis=1), -scale, scale)
    return pts / scale


def _px(dx: float, dy: float) -> tuple[float, float]:
    """A distance in data units as pixels of the nominal network chart."""
    return dx * NETWORK_WIDTH / (2 * _DOMAIN), dy * NETWORK_HEIGHT / (2 * _DOMAIN)


def _units(px_x: float, px_y: float) -> tuple[float, float]:
    """Pixels of the nominal network chart as data units."""
    return px_x * 2 * _DOMAIN / NETWORK_WIDTH, px_y * 2 * _DOMAIN / NETWORK_HEIGHT


def _radius(total: float, big: float) -> float:
    """Pixel radius of a node circle (its area scales linearly with activity, as the chart's size scale)."""
    lo, hi = _NODE_AREA
    area = lo if big <= 1 else lo + (hi - lo) * (total - 1) / (big - 1)
    return math.sqrt(area / math.pi)


def label_positions(nodes: pd.DataFrame) -> pd.DataFrame:
    """Where each node's label goes: columns name, lx, ly (data units) and label ("" when it would overlap).

    Labels are placed most active actor first, above, below, right or left of the node, at the first spot
    whose box does not cross a label already placed or another node; an actor with no free spot keeps its
    tooltip but no label. Boxes are measured at the nominal chart size, which the chart only ever exceeds.
    """
    big = max(float(nodes["total"].max()) if len(nodes) else 1.0, 1.0)
    rows = nodes.sort_values(["total", "name"], ascending=[False, True]).to_dict("records")
    circles = [(*_px(r["x"], r["y"]), _radius(r["total"], big)) for r in rows]
    placed: list[tuple[float, float, float, float]] = []
    out = {}
    for r, (cx, cy, rad) in zip(rows, circles, strict=True):
        w, h = 0.62 * _LABEL_FONT * len(str(r["name"])) + 4, _LABEL_FONT + 4
        spots = [(0, rad + 3 + h / 2), (0, -(rad + 3 + h / 2)), (rad + 4 + w / 2, 0), (-(rad + 4 + w / 2), 0)]
        out[r["name"]] = (r["x"], r["y"], "")
        for ox, oy in spots:
            x0, y0 = cx + ox - w / 2, cy + oy - h / 2
            box = (x0, y0, x0 + w, y0 + h)
            inside = abs(x0 + w / 2) <= _px(_DOMAIN, 0)[0] - w / 2 and abs(y0 + h / 2) <= _px(0, _DOMAIN)[1] - h / 2
            if inside and not any(_cross(box, b) for b in placed) and not any(
                    _hits(box, c) for c in circles if c != (cx, cy, rad)):
                placed.append(box)
                ux, uy = _units(ox, oy)
                out[r["name"]] = (r["x"] + ux, r["y"] + uy, str(r["name"]))
                break
    return pd.DataFrame([{"name": n, "lx": lx, "ly": ly, "label": text} for n, (lx, ly, text) in out.items()],
                        columns=["name", "lx", "ly", "label"])


def _cross(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Do two boxes (x0, y0, x1, y1) overlap?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits(box: tuple[float, float, float, float], circle: tuple[float, float, float]) -> bool:
    """Does a box cross a circle (cx, cy, r)?"""
    cx, cy, r = circle
    nx_, ny_ = min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3])
    return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r * r


def network_frames(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes with layout coordinates and label spots; edges with end points, a parallel offset and an arrow
    head that stops at the rim of its target's circle."""
    layout = force_layout(list(nodes["name"]), zip(edges["source"], edges["target"], edges["count"], strict=True))
    nodes = nodes.assign(x=[layout[n][0] for n in nodes["name"]], y=[layout[n][1] for n in nodes["name"]])
    nodes = nodes.merge(label_positions(nodes), on="name", how="left") if len(nodes) else \
        nodes.assign(lx=pd.Series(dtype=float), ly=pd.Series(dtype=float), label=pd.Series(dtype=object))
    big = max(float(nodes["total"].max()) if len(nodes) else 1.0, 1.0)
    radius = dict(zip(nodes["name"], (_radius(t, big) for t in nodes["total"]), strict=True))
    top = max(int(edges["count"].max()) if len(edges) else 1, 1)
    rows = []
    for e in edges.to_dict("records"):
        (x1, y1), (x2, y2) = layout[e["source"]], layout[e["target"]]
        px_x, px_y = _px(x2 - x1, y2 - y1)
        length = math.hypot(px_x, px_y) or 1.0
        ux, uy = px_x / length, px_y / length  # unit direction, in pixels
        # shift each edge a little to its right, so A→B and B→A are drawn side by side
        off = _units(3.5 * uy, -3.5 * ux)
        arrow_area = _ARROW_AREA[0] + (_ARROW_AREA[1] - _ARROW_AREA[0]) * (e["count"] - 1) / max(top - 1, 1)
        back = radius[e["target"]] + 0.55 * math.sqrt(arrow_area)  # the tip touches the rim, not the centre
        back = min(back, 0.6 * length)
        bx, by = _units(ux * back, uy * back)
        rows.append({**e, "x": x1 + off[0], "y": y1 + off[1], "x2": x2 + off[0] - bx, "y2": y2 + off[1] - by,
                     "ax": x2 + off[0] - bx, "ay": y2 + off[1] - by,
                     "angle": (math.degrees(math.atan2(px_x, px_y)) + 360) % 360})
    cols = [*edges.columns, "x", "y", "x2", "y2", "ax", "ay", "angle"]
    return nodes, pd.DataFrame(rows, columns=cols)


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.LayerChart:
    """Who addresses whom: arrows coloured by their main stance, as thick as their count; click an actor.

    The chart fills its container's width (NETWORK_HEIGHT tall); labels that would overlap are left to the
    tooltip.
    """
    nodes, edges = network_frames(nodes, edges)
    stances = stance_order(edges["stance"])
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    scale = alt.Scale(domain=[-_DOMAIN, _DOMAIN], nice=False, zero=False)
    x, y = alt.X("x:Q", axis=axis, scale=scale), alt.Y("y:Q", axis=axis, scale=scale)
    top = max(int(edges["count"].max()) if len(edges) else 1, 1)
    edge_tip = [alt.Tooltip("source:N", title="Speaker"), alt.Tooltip("target:N", title="Target"),
                alt.Tooltip("count:Q", title="Statements"), alt.Tooltip("stances:N", title="Stances")]
    lines = alt.Chart(edges).mark_rule(opacity=0.75, strokeCap="round").encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", color=_stance_color(stances),
        strokeWidth=alt.StrokeWidth("count:Q", scale=alt.Scale(domain=[1, top], range=[1.5, 8]), legend=None),
        tooltip=edge_tip)
    arrows = alt.Chart(edges).mark_point(shape="triangle-up", filled=True, opacity=0.95).encode(
        x=alt.X("ax:Q", axis=axis, scale=scale), y=alt.Y("ay:Q", axis=axis, scale=scale),
        angle=alt.Angle("angle:Q", scale=None), color=_stance_color(stances),
        size=alt.Size("count:Q", scale=alt.Scale(domain=[1, top], range=list(_ARROW_AREA)), legend=None),
        tooltip=edge_tip)
    pick = alt.selection_point(name=ACTOR_PARAM, fields=["name"], on="click")
    big = max(int(nodes["total"].max()) if len(nodes) else 1, 1)
    node_tip = [alt.Tooltip("name:N", title="Actor"), alt.Tooltip("said:Q", title="Statements made"),
                alt.Tooltip("received:Q", title="Statements received")]
    dots = alt.Chart(nodes).mark_circle(color=NODE_COLOR, stroke="white", strokeWidth=1.5, opacity=0.95).encode(
        x=x, y=y, size=alt.Size("total:Q", scale=alt.Scale(domain=[1, big], range=list(_NODE_AREA)), legend=None),
        tooltip=node_tip).add_params(pick)
    labels = alt.Chart(nodes).mark_text(fontSize=_LABEL_FONT, fontWeight="bold", baseline="middle",
                                        aria=False).encode(
        x=alt.X("lx:Q", axis=axis, scale=scale), y=alt.Y("ly:Q", axis=axis, scale=scale), text="label:N")
    heaviest = edges.sort_values("count", ascending=False, kind="stable").head(1)
    words = (f" The heaviest: {heaviest['source'].iloc[0]} to {heaviest['target'].iloc[0]}, "
             f"{plural(int(heaviest['count'].iloc[0]), 'statement')}." if len(heaviest) else "")
    return (lines + arrows + dots + labels).properties(
        width="container", height=NETWORK_HEIGHT,
        description=f"Network of who addresses whom: {plural(len(nodes), 'actor')}, {plural(len(edges), 'arrow')} "
                    f"from speaker to target.{words} Click an actor to open their profile.")


TEXT_COLOR = {"light": "#1d1d1f", "dark": "#f0f2f6"}  # the text colours of .streamlit/config.toml's themes


BACKGROUND = {"light": "#ffffff", "dark": "#0e1117"}  # and their backgrounds
LABEL_PX = 12  # the smallest label size of any chart


def readable(chart: alt.TopLevelMixin, theme: str, description: str | None = None) -> alt.TopLevelMixin:
    """`chart` readable in `theme` ("light" or "dark"): text marks (counts, network names), axis and legend
    labels and titles in the theme's text colour, at LABEL_PX or more (Streamlit's chart theme draws axis
    labels smaller and in a light grey); `description` (else the chart's own) is what screen readers say."""
    colour = TEXT_COLOR.get(theme, TEXT_COLOR["light"])
    words = dict(labelColor=colour, titleColor=colour, labelFontSize=LABEL_PX, titleFontSize=LABEL_PX)
    chart = (chart.configure_text(color=colour).configure_axis(**words).configure_legend(**words)
             .configure_title(color=colour))
    return chart.properties(description=description) if description else chart


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Map ----------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def world_topojson() -> dict:
    """The vendored Natural Earth 110m countries (world-atlas 2.0.2, ISC licence)."""
    return json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8"))


def whole_steps(top: int, most: int = 4) -> list[int]:
    """Up to `most` whole numbers from 1 to `top` for a legend of counts (never 1.5 statements)."""
    top = max(int(top), 1)
    if top <= most:
        return list(range(1, top + 1))
    return sorted({1, *(round(1 + (top - 1) * i / (most - 1)) for i in range(1, most))})


def map_chart(points: pd.DataFrame, *, height: int = 460) -> alt.LayerChart:
    """World map (offline TopoJSON) with a circle per place, sized by mentions and filling its container's width.

    Bigger circles are drawn first and every circle is see-through with a solid rim, so a city inside its
    country's circle stays visible; countries are rings, cities and other places filled dots.
    """
    countries = alt.Data(values=world_topojson(), format=alt.DataFormat(type="topojson", feature="countries"))
    land = alt.Chart(countries).mark_geoshape(fill="#e9ecef", stroke="#ffffff", strokeWidth=0.5).project("equalEarth")
    top = max(int(points["mentions"].max()) if len(points) else 1, 1)
    points = points.assign(is_country=points["kind"].eq("country")) if len(points) else points.assign(is_country=[])
    dots = alt.Chart(points).mark_circle(color=PLACE_COLOR, stroke="#7a1020", strokeWidth=1.2).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("mentions:Q", title="Mentions", scale=alt.Scale(domain=[1, top], range=[40, 1400]),
                      legend=alt.Legend(values=whole_steps(top), format="d", orient="bottom",
                                        symbolFillColor=PLACE_COLOR, symbolOpacity=0.5)),
        fillOpacity=alt.condition("datum.is_country", alt.value(0.12), alt.value(0.55)),
        order=alt.Order("mentions:Q", sort="descending"),
        tooltip=[alt.Tooltip("name:N", title="Place"), alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("kind:N", title="Kind"), alt.Tooltip("mentions:Q", title="Mentions"),
                 alt.Tooltip("articles:Q", title="Articles")],
    ).project("equalEarth")
    top_place = points.sort_values("mentions", ascending=False, kind="stable").head(1)
    words = (f" The most mentioned: {top_place['name'].iloc[0]}, {plural(int(top_place['mentions'].iloc[0]), 'time')}."
             if len(top_place) else "")
    return (land + dots).properties(
        width="container", height=height, description=f"World map of {plural(len(points), 'place')} named in the "
                                                      f"articles.{words}")


# Timeline -------------------------------------------------------------------------------------------------------

_TIME_UNITS = {"day": "yearmonthdate", "week": "yearweek", "month": "yearmonth", "year": "year"}


def timeline_chart(counts: pd.DataFrame, unit: str = "day", *, window: tuple[date, date] | None = None) -> alt.Chart:
    """Stacked bars of statements per period (columns period, stance, count); zoom and pan in time.

    Args:
        window: the time range shown at first (tables.default_window); the rest is a pan or a zoom away.
    """
    stances = stance_order(counts["stance"])
    time_unit = _TIME_UNITS[unit]
    return alt.Chart(counts).mark_bar(clip=True).encode(
        x=alt.X(f"{time_unit}(period):T", title="Article date", scale=_time_scale(window)),
        y=alt.Y("sum(count):Q", title="Statements", axis=alt.Axis(tickMinStep=1, format="d")),
        color=_stance_color(stances),
        order=alt.Order("stance_rank:Q"),
        tooltip=[alt.Tooltip(f"{time_unit}(period):T", title="Period"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("sum(count):Q", title="Statements")],
    ).transform_calculate(
        stance_rank=f"indexof({json.dumps(stances)}, datum.stance)"
    ).properties(height=300, description=_timeline_words("Stacked bar chart of statements", counts, unit)
                 ).interactive(bind_y=False)


def _timeline_words(what: str, counts: pd.DataFrame, unit: str) -> str:
    if counts.empty:
        return f"{what}: none."
    first, last = (pd.Timestamp(d).date().isoformat() for d in (counts["period"].min(), counts["period"].max()))
    total = plural(int(counts["count"].sum()), "statement")
    return f"{what} per {unit}, coloured by stance, from {first} to {last}: {total}."


def _time_scale(window: tuple[date, date] | None) -> alt.Scale:
    """A time scale with room at both ends, so the first and last marks are not cut in half."""
    if window is None:
        return alt.Scale(padding=18)
    start, end = (pd.Timestamp(d).isoformat() for d in window)
    return alt.Scale(domain=[start, end], padding=18)


def speaker_timeline_chart(counts: pd.DataFrame, unit: str = "day", *,
                           window: tuple[date, date] | None = None) -> alt.Chart:
    """Dots per speaker and period (columns period, speaker, stance, count), coloured by stance.

    Every dot sits on its speaker's row line; where stances share a period the bigger dot is drawn first, so
    the smaller one shows on top of it.
    """
    stances = stance_order(counts["stance"])
    speakers = list(counts.groupby("speaker")["count"].sum().sort_values(ascending=False, kind="stable").index)
    time_unit = _TIME_UNITS[unit]
    top = max(int(counts["count"].max()) if len(counts) else 1, 1)
    return alt.Chart(counts).mark_circle(opacity=0.8, stroke="white", strokeWidth=0.8, clip=True).encode(
        x=alt.X(f"{time_unit}(period):T", title="Article date", scale=_time_scale(window)),
        y=alt.Y("speaker:N", sort=speakers, title=None, scale=alt.Scale(paddingInner=0, paddingOuter=0.5),
                axis=alt.Axis(labelLimit=200, grid=True, gridColor="#dde1e6", ticks=False, labelFontSize=12)),
        color=_stance_color(stances),
        size=alt.Size("count:Q", scale=alt.Scale(domain=[1, top], range=[40, 420]), legend=None),
        order=alt.Order("count:Q", sort="descending"),
        tooltip=[alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip(f"{time_unit}(period):T", title="Period"),
                 alt.Tooltip("stance:N", title="Stance"), alt.Tooltip("count:Q", title="Statements")],
    ).properties(height=alt.Step(34), description=_timeline_words(
        f"Dots of when each of {plural(len(speakers), 'speaker')} spoke", counts, unit)).interactive(bind_y=False)
