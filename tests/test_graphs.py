"""The network as GEXF and GraphML: every actor joined by an edge, edges with counts, stances and dates."""
from __future__ import annotations

import io

import networkx as nx
import pandas as pd
import pytest

from analysis import graphs, tables


def statements() -> pd.DataFrame:
    rows = [("Ana Diaz", "Union <Port & Dock>", "accuse", "2026-03-01"),
            ("Ana Diaz", "Union <Port & Dock>", "accuse", "2026-03-05"),
            ("Ana Diaz", "Union <Port & Dock>", "warn", "2026-03-03"),
            ("Union <Port & Dock>", "Ana Diaz", "deny", None),
            ("Bo Lind", "Bo Lind", "say", "2026-03-02"),           # self-loops are not drawn
            (tables.UNKNOWN_SPEAKER, "Ana Diaz", "say", "2026-03-02"),
            ("Bo Lind", None, "say", "2026-03-02")]
    df = pd.DataFrame(rows, columns=["speaker", "target", "stance", "date"])
    df["date"] = pd.to_datetime(df["date"])
    return df


def test_the_graph_has_one_edge_per_pair_with_its_stances_and_dates():
    actors = pd.DataFrame({"name": ["Ana Diaz", "Ana Diaz", "Union <Port & Dock>"],
                           "type": ["person", "person", "organisation"]})
    g = graphs.network_graph(statements(), actors)
    assert sorted(g.nodes) == ["Ana Diaz", "Union <Port & Dock>"]
    edge = g.edges["Ana Diaz", "Union <Port & Dock>"]
    assert edge["weight"] == 3 and edge["stance"] == "accuse" and edge["stances"] == "accuse 2, warn 1"
    assert (edge["first_date"], edge["last_date"]) == ("2026-03-01", "2026-03-05")
    assert edge["n_accuse"] == 2 and edge["n_deny"] == 0
    back = g.edges["Union <Port & Dock>", "Ana Diaz"]
    assert back["weight"] == 1 and back["first_date"] == ""  # an undated article
    assert g.nodes["Ana Diaz"] == {"label": "Ana Diaz", "type": "person", "said": 3, "received": 1}
    assert g.nodes["Union <Port & Dock>"]["type"] == "organisation"


@pytest.mark.parametrize("fmt, read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_graph_files_read_back_with_every_attribute(fmt, read):
    data = graphs.graph_bytes(graphs.network_graph(statements()), fmt)
    assert data.startswith(b"<?xml") and b"<Port &amp; Dock>" not in data and b"&lt;Port &amp; Dock&gt;" in data
    g = read(io.BytesIO(data))
    assert g.is_directed() and g.number_of_nodes() == 2 and g.number_of_edges() == 2
    edge = g.edges["Ana Diaz", "Union <Port & Dock>"]
    assert int(edge["weight"]) == 3 and edge["stances"] == "accuse 2, warn 1" and edge["last_date"] == "2026-03-05"


def test_no_edges_gives_an_empty_but_valid_file():
    empty = statements().iloc[4:5]
    for fmt in graphs.GRAPH_FORMATS:
        data = graphs.graph_bytes(graphs.network_graph(empty), fmt)
        assert data.startswith(b"<?xml")
    with pytest.raises(ValueError, match="unknown graph format"):
        graphs.graph_bytes(graphs.network_graph(empty), "dot")
