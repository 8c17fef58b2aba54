"""Altair charts of the dashboard, built from the tidy frames of analysis.tables.

One colour per stance everywhere (STANCE_COLORS). Charts that answer clicks carry a named point selection:
"cell" (speaker, stance) on the who-says-what matrix and "actor" (name) on the network.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd

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
NODE_COLOR = "#2b2d42"
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


def who_says_what_chart(matrix: pd.DataFrame) -> alt.LayerChart:
    """Speakers × stances heat map; each cell's colour is its stance, its strength the count.

    Clicking a cell selects (speaker, stance) through the point selection "cell"; shift-click adds cells.
    """
    speakers = list(dict.fromkeys(matrix["speaker"]))
    stances = stance_order(matrix["stance"])
    top = int(matrix["count"].max()) if len(matrix) else 1
    cell = alt.selection_point(name=CELL_PARAM, fields=["speaker", "stance"], on="click", clear="dblclick")
    base = alt.Chart(matrix).encode(
        x=alt.X("stance:N", sort=stances, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12)),
        y=alt.Y("speaker:N", sort=speakers, title=None, axis=alt.Axis(labelFontSize=12, labelLimit=220)),
    )
    # Only the cells carry tooltips: marks without one are not interactive, so clicks on a count reach its cell.
    rect = base.mark_rect(cornerRadius=3, stroke="#1d1d1d").encode(
        tooltip=[alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("count:Q", title="Statements"), alt.Tooltip("total:Q", title="All by speaker")],
        color=_stance_color(stances, legend=False),
        opacity=alt.Opacity("count:Q", scale=alt.Scale(domain=[0, top], range=[0.3, 1]), legend=None),
        strokeWidth=alt.condition(cell, alt.value(2.5), alt.value(0), empty=False),
    ).add_params(cell)
    text = base.mark_text(fontSize=12, fontWeight="bold", color="#111").encode(text="count:Q")
    return (rect + text).properties(height=max(120, 30 * len(speakers)))


def stance_bars(counts: pd.DataFrame, *, title: str | None = None) -> alt.Chart:
    """Horizontal bars of statements per stance (columns stance, count)."""
    stances = stance_order(counts["stance"])
    return alt.Chart(counts, title=title if title else alt.Undefined).mark_bar(cornerRadiusEnd=3).encode(
        y=alt.Y("stance:N", sort=stances, title=None),
        x=alt.X("count:Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
        color=_stance_color(stances, legend=False),
        tooltip=[alt.Tooltip("stance:N", title="Stance"), alt.Tooltip("count:Q", title="Statements")],
    ).properties(height=max(80, 26 * len(stances)))


# Network ------------------------------------------------------------------------------------------------


def force_layout(names: Sequence[str], edges: Iterable[tuple[str, str, float]], *, iterations: int = 300,
                 seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold spring layout, deterministic for a given input; positions fit in [-1, 1]².

    Each connected part of the graph is laid out on its own and the parts are packed on a grid, biggest first,
    so that small unconnected pairs do not shrink to dots beside a big cluster.

    Args:
        names: the nodes, in a fixed order (it seeds the starting circles).
        edges: (source, target, weight) triples; heavier edges pull harder.
        iterations: cooling steps.
        seed: seed of the small random nudge that breaks symmetric starts.
    """
    names = list(dict.fromkeys(names))
    edges = [(s, t, w) for s, t, w in edges if s in names and t in names and s != t]
    parts = _components(names, edges)
    if not parts:
        return {}
    cols = math.ceil(math.sqrt(len(parts)))
    rows = math.ceil(len(parts) / cols)
    cell = 2.0 / max(cols, rows)
    biggest = len(parts[0])
    out: dict[str, tuple[float, float]] = {}
    for k, part in enumerate(parts):
        inside = set(part)
        pos = _spring(part, [e for e in edges if e[0] in inside], iterations, seed)
        scale = cell * 0.42 * max(math.sqrt(len(part) / biggest), 0.6)
        cx = -1 + cell * (k % cols + 0.5) + (2 - cell * cols) / 2
        cy = 1 - cell * (k // cols + 0.5) - (2 - cell * rows) / 2
        for name, (x, y) in zip(part, pos, strict=True):
            out[name] = (round(float(cx + scale * x), 4), round(float(cy + scale * y), 4))
    return {name: out[name] for name in names}


def _components(names: list[str], edges: list[tuple[str, str, float]]) -> list[list[str]]:
    """Connected parts of the graph, biggest first (ties in order of first node)."""
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for s, t, _w in edges:
        parent[root(s)] = root(t)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(root(n), []).append(n)
    return sorted(groups.values(), key=len, reverse=True)


def _spring(names: list[str], edges: list[tuple[str, str, float]], iterations: int, seed: int) -> np.ndarray:
    """Spring layout of one connected part, centred and scaled to fit [-1, 1]²."""
    n = len(names)
    if n == 1:
        return np.zeros((1, 2))
    index = {name: i for i, name in enumerate(names)}
    rng = np.random.default_rng(seed)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False) + np.pi / 4
    pos = np.column_stack([np.cos(angles), np.sin(angles)]) + rng.normal(0, 0.01, (n, 2))
    weights = np.zeros((n, n))
    for s, t, w in edges:
        weights[index[s], index[t]] += w
        weights[index[t], index[s]] += w
    weights = np.where(weights > 0, 1 + np.log1p(weights), 0)
    k = math.sqrt(4.0 / n)
    temperature = 0.2
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1)
        np.fill_diagonal(dist, 1)
        dist = np.maximum(dist, 0.01)
        force = (k * k / dist**2 - weights * dist / k)[:, :, None] * delta
        np.einsum("iij->ij", force)[:] = 0
        disp = force.sum(axis=1)
        length = np.maximum(np.linalg.norm(disp, axis=1, keepdims=True), 1e-9)
        pos += disp / length * np.minimum(length, temperature)
        temperature = max(temperature * 0.985, 0.002)
    pos -= (pos.max(axis=0) + pos.min(axis=0)) / 2
    return pos / max(np.linalg.norm(pos, axis=1).max(), 1e-9)


def network_frames(nodes: pd.DataFrame, edges: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges with layout coordinates; edges get end points, a parallel offset and an arrow angle."""
    layout = force_layout(list(nodes["name"]), zip(edges["source"], edges["target"], edges["count"], strict=True))
    nodes = nodes.assign(x=[layout[n][0] for n in nodes["name"]], y=[layout[n][1] for n in nodes["name"]])
    rows = []
    for e in edges.to_dict("records"):
        (x1, y1), (x2, y2) = layout[e["source"]], layout[e["target"]]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # shift each edge a little to its right, so A→B and B→A are drawn side by side
        ox, oy = 0.018 * dy / length, -0.018 * dx / length
        rows.append({**e, "x": x1 + ox, "y": y1 + oy, "x2": x2 + ox, "y2": y2 + oy,
                     "ax": x1 + ox + 0.82 * dx, "ay": y1 + oy + 0.82 * dy,
                     "angle": (math.degrees(math.atan2(dx, dy)) + 360) % 360})
    cols = [*edges.columns, "x", "y", "x2", "y2", "ax", "ay", "angle"]
    return nodes, pd.DataFrame(rows, columns=cols)


def network_chart(nodes: pd.DataFrame, edges: pd.DataFrame, *, size: int = 620) -> alt.LayerChart:
    """Who addresses whom: arrows coloured by their main stance, as thick as their count; click an actor."""
    nodes, edges = network_frames(nodes, edges)
    stances = stance_order(edges["stance"])
    axis = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    scale = alt.Scale(domain=[-1.25, 1.25], nice=False, zero=False)
    x, y = alt.X("x:Q", axis=axis, scale=scale), alt.Y("y:Q", axis=axis, scale=scale)
    top = max(int(edges["count"].max()) if len(edges) else 1, 1)
    edge_tip = [alt.Tooltip("source:N", title="Speaker"), alt.Tooltip("target:N", title="Target"),
                alt.Tooltip("count:Q", title="Statements"), alt.Tooltip("stances:N", title="Stances")]
    lines = alt.Chart(edges).mark_rule(opacity=0.75, strokeCap="round").encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q", color=_stance_color(stances),
        strokeWidth=alt.StrokeWidth("count:Q", scale=alt.Scale(domain=[1, top], range=[1.5, 8]), legend=None),
        tooltip=edge_tip)
    arrows = alt.Chart(edges).mark_point(shape="triangle-up", filled=True, opacity=0.9).encode(
        x=alt.X("ax:Q", axis=axis, scale=scale), y=alt.Y("ay:Q", axis=axis, scale=scale),
        angle=alt.Angle("angle:Q", scale=None), color=_stance_color(stances),
        size=alt.Size("count:Q", scale=alt.Scale(domain=[1, top], range=[60, 220]), legend=None), tooltip=edge_tip)
    pick = alt.selection_point(name=ACTOR_PARAM, fields=["name"], on="click")
    big = max(int(nodes["total"].max()) if len(nodes) else 1, 1)
    node_tip = [alt.Tooltip("name:N", title="Actor"), alt.Tooltip("said:Q", title="Statements made"),
                alt.Tooltip("received:Q", title="Statements received")]
    dots = alt.Chart(nodes).mark_circle(color=NODE_COLOR, stroke="white", strokeWidth=1.5, opacity=0.95).encode(
        x=x, y=y, size=alt.Size("total:Q", scale=alt.Scale(domain=[1, big], range=[120, 1100]), legend=None),
        tooltip=node_tip).add_params(pick)
    labels = alt.Chart(nodes).mark_text(dy=-16, fontSize=12, fontWeight="bold").encode(x=x, y=y, text="name:N")
    return (lines + arrows + dots + labels).properties(width=size, height=size)


# Map ----------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def world_topojson() -> dict:
    """The vendored Natural Earth 110m countries (world-atlas 2.0.2, ISC licence)."""
    return json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8"))


def map_chart(points: pd.DataFrame, *, height: int = 460) -> alt.LayerChart:
    """World map (offline TopoJSON) with a circle per place, sized by mentions."""
    countries = alt.Data(values=world_topojson(), format=alt.DataFormat(type="topojson", feature="countries"))
    land = alt.Chart(countries).mark_geoshape(fill="#e9ecef", stroke="#ffffff", strokeWidth=0.5).project("equalEarth")
    top = max(int(points["mentions"].max()) if len(points) else 1, 1)
    dots = alt.Chart(points).mark_circle(color=PLACE_COLOR, opacity=0.7, stroke="#7a1020", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("mentions:Q", title="Mentions", scale=alt.Scale(domain=[1, top], range=[40, 1400])),
        tooltip=[alt.Tooltip("name:N", title="Place"), alt.Tooltip("country:N", title="Country"),
                 alt.Tooltip("mentions:Q", title="Mentions"), alt.Tooltip("articles:Q", title="Articles")],
    ).project("equalEarth")
    return (land + dots).properties(height=height)


# Timeline -------------------------------------------------------------------------------------------------------

_TIME_UNITS = {"day": "yearmonthdate", "week": "yearweek", "month": "yearmonth", "year": "year"}


def timeline_chart(counts: pd.DataFrame, unit: str = "day") -> alt.Chart:
    """Stacked bars of statements per period (columns period, stance, count)."""
    stances = stance_order(counts["stance"])
    time_unit = _TIME_UNITS[unit]
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X(f"{time_unit}(period):T", title="Article date"),
        y=alt.Y("sum(count):Q", title="Statements", axis=alt.Axis(tickMinStep=1)),
        color=_stance_color(stances),
        order=alt.Order("stance_rank:Q"),
        tooltip=[alt.Tooltip(f"{time_unit}(period):T", title="Period"), alt.Tooltip("stance:N", title="Stance"),
                 alt.Tooltip("sum(count):Q", title="Statements")],
    ).transform_calculate(
        stance_rank=f"indexof({json.dumps(stances)}, datum.stance)"
    ).properties(height=300).interactive(bind_y=False)


def speaker_timeline_chart(counts: pd.DataFrame, unit: str = "day") -> alt.Chart:
    """Dots per speaker and period (columns period, speaker, stance, count), coloured by stance."""
    stances = stance_order(counts["stance"])
    speakers = list(counts.groupby("speaker")["count"].sum().sort_values(ascending=False, kind="stable").index)
    time_unit = _TIME_UNITS[unit]
    top = max(int(counts["count"].max()) if len(counts) else 1, 1)
    return alt.Chart(counts).mark_circle(opacity=0.85).encode(
        x=alt.X(f"{time_unit}(period):T", title="Article date"),
        y=alt.Y("speaker:N", sort=speakers, title=None, axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("stance:N", sort=stances),
        color=_stance_color(stances),
        size=alt.Size("count:Q", scale=alt.Scale(domain=[1, top], range=[25, 350]), legend=None),
        tooltip=[alt.Tooltip("speaker:N", title="Speaker"), alt.Tooltip(f"{time_unit}(period):T", title="Period"),
                 alt.Tooltip("stance:N", title="Stance"), alt.Tooltip("count:Q", title="Statements")],
    ).properties(height=max(120, 44 * len(speakers)))
