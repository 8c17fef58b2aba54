"""The speaker → target network as a graph file for Gephi and other graph tools: GEXF and GraphML (networkx).

Every actor joined by an edge is a node (not only the top N the Network page draws); each edge is one speaker
→ target pair with its statement count, its dominant stance, the stance mix, one count per stance, and the
first and last article dates.
"""
from __future__ import annotations

import io

import networkx as nx
import pandas as pd

from .tables import UNKNOWN_SPEAKER, stance_order

GRAPH_FORMATS = {"gexf": ("application/gexf+xml", "gexf"), "graphml": ("application/graphml+xml", "graphml")}


def _day(value) -> str:
    """An article date as YYYY-MM-DD, or "" when the article has none (graph files have no null)."""
    return value.strftime("%Y-%m-%d") if isinstance(value, pd.Timestamp) and not pd.isna(value) else ""


def network_graph(statements: pd.DataFrame, actors: pd.DataFrame | None = None) -> nx.DiGraph:
    """The directed speaker → target graph of `statements` (the filtered view).

    Args:
        statements: statement rows with speaker, target, stance, date (tables.CorpusFrames.statements).
        actors: the corpus's actor rows (name, type); a node gets the type its name has most often.
    """
    st = statements.dropna(subset=["target"])
    st = st[(st["speaker"] != UNKNOWN_SPEAKER) & (st["speaker"] != st["target"])]
    stances = stance_order(statements["stance"]) if len(statements) else []
    types: dict[str, str] = {}
    if actors is not None and len(actors):
        common = actors.dropna(subset=["type"]).groupby(["name", "type"]).size().reset_index(name="n")
        for row in common.sort_values(["n", "type"], ascending=[False, True]).drop_duplicates("name").itertuples():
            types[row.name] = str(row.type)
    graph = nx.DiGraph(name="who says what")
    for (src, dst), g in st.groupby(["speaker", "target"], sort=True):
        counts = g["stance"].value_counts()
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], stances.index(kv[0])))
        dates = [d for d in g["date"] if isinstance(d, pd.Timestamp) and not pd.isna(d)] if "date" in g else []
        edge = {"weight": int(counts.sum()), "stance": ranked[0][0],
                "stances": ", ".join(f"{s} {n}" for s, n in ranked),
                "first_date": _day(min(dates)) if dates else "", "last_date": _day(max(dates)) if dates else "",
                **{f"n_{s}": int(counts.get(s, 0)) for s in stances}}
        for name in (src, dst):
            if name not in graph:
                graph.add_node(name, label=name, type=types.get(name, ""), said=0, received=0)
        graph.nodes[src]["said"] += edge["weight"]
        graph.nodes[dst]["received"] += edge["weight"]
        graph.add_edge(src, dst, **edge)
    return graph


def graph_bytes(graph: nx.DiGraph, fmt: str) -> bytes:
    """The graph as a GEXF or GraphML file (UTF-8 XML)."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}: use one of {', '.join(GRAPH_FORMATS)}")
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph, buffer, encoding="utf-8")
    else:
        nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()
