"""Chart specs, checked through to_dict(): encodings, stance colours, selections and the offline map."""
from __future__ import annotations

import json
import math
import tomllib
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from analysis import charts, tables
from analysis.types import STANCES


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _data(spec: dict) -> list[dict]:
    """Rows of the first named dataset of a chart spec."""
    return next(iter(spec["datasets"].values()))


@pytest.fixture
def matrix() -> pd.DataFrame:
    return pd.DataFrame({"speaker": ["Kerry", "Kerry", "Lavrov"], "stance": ["urge", "accuse", "say"],
                         "count": [3, 1, 2], "total": [4, 4, 2]})


def test_every_stance_has_its_own_colour():
    assert set(charts.STANCE_COLORS) == set(STANCES)
    assert len(set(charts.STANCE_COLORS.values())) == len(STANCES)
    assert charts.stance_color("mumble") == charts.OTHER_STANCE_COLOR
    scale = charts.stance_scale(["mumble"]).to_dict()
    assert scale["domain"] == [*STANCES, "mumble"]
    assert scale["range"][-1] == charts.OTHER_STANCE_COLOR
    assert scale["range"][STANCES.index("accuse")] == charts.STANCE_COLORS["accuse"]


def test_who_says_what_chart(matrix):
    spec = charts.who_says_what_chart(matrix).to_dict()
    rect, text = _layers(spec)
    assert rect["mark"]["type"] == "rect" and text["mark"]["type"] == "text"
    enc = rect["encoding"]
    assert enc["x"]["field"] == "stance" and enc["x"]["sort"] == ["say", "accuse", "urge"]  # canonical order
    assert enc["y"]["field"] == "speaker" and enc["y"]["sort"] == ["Kerry", "Lavrov"]
    assert enc["color"]["scale"]["range"][STANCES.index("urge")] == charts.STANCE_COLORS["urge"]
    [param] = spec["params"]
    assert param["name"] == charts.CELL_PARAM and param["views"] == [rect["name"]]
    assert param["select"]["type"] == "point" and param["select"]["fields"] == ["speaker", "stance"]
    assert enc["strokeWidth"]["condition"]["param"] == charts.CELL_PARAM
    assert _data(spec) == matrix.to_dict("records")
    assert spec["height"] == 120


@pytest.mark.parametrize("stances", [["say"], ["agree", "say", "urge"], list(STANCES)])
def test_stance_bars_give_each_stance_a_row(stances):
    counts = pd.DataFrame({"stance": stances, "count": range(1, len(stances) + 1)})
    spec = charts.stance_bars(counts).to_dict()
    bars, text = _layers(spec)
    assert bars["mark"]["type"] == "bar" and text["mark"]["type"] == "text"
    assert bars["encoding"]["y"]["sort"] == tables.stance_order(stances)
    assert bars["encoding"]["color"]["field"] == "stance"
    # a band step, not a fixed height: one to eleven stances each get a full row and their own label
    assert spec["height"] == {"step": 32}
    assert bars["encoding"]["x"]["axis"]["format"] == "d"


def test_force_layout_is_deterministic_and_bounded():
    names = [f"n{i}" for i in range(8)]
    edges = [("n0", "n1", 3), ("n1", "n2", 1), ("n2", "n0", 2), ("n5", "n6", 1)]
    a = charts.force_layout(names, edges)
    assert a == charts.force_layout(names, edges)
    assert set(a) == set(names)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in a.values())
    assert len({(round(x, 2), round(y, 2)) for x, y in a.values()}) == len(names)  # no two nodes on one spot
    assert charts.force_layout([], []) == {} and charts.force_layout(["solo"], []) == {"solo": (0.0, 0.0)}


def test_connected_nodes_end_up_closer():
    names = ["a", "b", "c", "d", "x", "y"]
    pos = charts.force_layout(names, [("a", "b", 5), ("c", "d", 5), ("b", "c", 1), ("x", "y", 1)])

    def dist(u, v):
        return ((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5

    assert dist("a", "b") < dist("a", "d") and dist("c", "d") < dist("a", "d")
    # the separate pair x–y gets its own room: nearer each other than to any node of the other part
    assert all(dist("x", "y") < dist(p, o) for p in "xy" for o in "abcd")


def test_network_chart():
    st = pd.DataFrame({"speaker": ["A", "A", "B"], "target": ["B", "B", "A"], "stance": ["accuse", "accuse", "deny"]})
    edges = tables.network_edges(st)
    spec = charts.network_chart(tables.network_nodes(edges), edges).to_dict()
    lines, arrows, dots, labels = _layers(spec)
    assert lines["mark"]["type"] == "rule" and arrows["mark"]["shape"] == "triangle-up"
    assert lines["encoding"]["color"]["field"] == "stance"
    assert lines["encoding"]["strokeWidth"]["field"] == "count"
    assert {t["field"] for t in lines["encoding"]["tooltip"]} == {"source", "target", "count", "stances"}
    [param] = spec["params"]
    assert param["name"] == charts.ACTOR_PARAM and param["views"] == [dots["name"]]
    assert param["select"]["fields"] == ["name"]
    assert labels["encoding"]["text"]["field"] == "label"
    assert spec["width"] == "container"


def _crowd(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A network of n actors with long names: a few hubs addressed by everyone, the rest in a ring."""
    names = [f"Minister number {i} of the interior" for i in range(n)]
    rows = [(names[i], names[i % 4], "accuse") for i in range(4, n)]
    rows += [(names[i], names[(i + 1) % n], "say") for i in range(n)]
    st = pd.DataFrame(rows, columns=["speaker", "target", "stance"])
    edges = tables.network_edges(st, top_n=n)
    return tables.network_nodes(edges), edges


def _label_box(row) -> tuple[float, float, float, float]:
    cx, cy = charts._px(row["lx"], row["ly"])
    w, h = 0.62 * charts._LABEL_FONT * len(row["label"]) + 4, charts._LABEL_FONT + 4
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def test_network_labels_do_not_overlap_at_sixty_actors():
    nodes, edges = _crowd(60)
    laid, _ = charts.network_frames(nodes, edges)
    assert len(laid) == 60
    shown = laid[laid["label"] != ""]
    boxes = [_label_box(r) for r in shown.to_dict("records")]
    assert not any(charts._cross(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # the most active actors are labelled first
    hubs = set(laid.sort_values("total", ascending=False)["name"].head(4))
    assert hubs <= set(shown["name"])
    assert len(shown) >= 15


def test_network_arrow_heads_are_big_and_stop_at_the_target_rim():
    nodes, edges = _crowd(12)
    laid, drawn = charts.network_frames(nodes, edges)
    spec = charts.network_chart(nodes, edges).to_dict()
    assert _layers(spec)[1]["encoding"]["size"]["scale"]["range"][0] >= 150
    pos = laid.set_index("name")
    for e in drawn.to_dict("records"):
        tx, ty = pos.loc[e["target"], ["x", "y"]]
        gap = math.hypot(*charts._px(e["ax"] - tx, e["ay"] - ty))
        assert gap > 6  # the head does not sit under the target's circle centre


def test_network_arrows_point_at_targets():
    nodes = pd.DataFrame({"name": ["A", "B"], "said": [1, 0], "received": [0, 1], "total": [1, 1]})
    edges = pd.DataFrame({"source": ["A"], "target": ["B"], "stance": ["say"], "count": [1], "stances": ["say 1"]})
    n, e = charts.network_frames(nodes, edges)
    row = e.iloc[0]
    a, b = n.set_index("name").loc["A"], n.set_index("name").loc["B"]
    # the arrow head sits between the two nodes, nearer the target
    assert abs(row["ax"] - b["x"]) < abs(row["ax"] - a["x"]) or abs(row["ay"] - b["y"]) < abs(row["ay"] - a["y"])
    assert 0 <= row["angle"] < 360


def test_map_is_offline_and_sized_by_mentions():
    points = pd.DataFrame({"name": ["Geneva"], "country": ["CH"], "kind": ["city"], "lat": [46.2], "lon": [6.1],
                           "mentions": [3], "articles": [2]})
    spec = charts.map_chart(points).to_dict()
    land, dots = _layers(spec)
    assert land["mark"]["type"] == "geoshape"
    assert land["data"]["format"] == {"type": "topojson", "feature": "countries"}
    assert dots["encoding"]["size"]["field"] == "mentions"
    assert (dots["encoding"]["longitude"]["field"], dots["encoding"]["latitude"]["field"]) == ("lon", "lat")
    assert "url" not in json.dumps(spec)  # the countries travel inside the spec, never fetched


@pytest.mark.parametrize(("top", "steps"), [(1, [1]), (2, [1, 2]), (4, [1, 2, 3, 4]), (5, [1, 2, 4, 5]),
                                            (45, [1, 16, 30, 45])])
def test_whole_steps(top, steps):
    assert charts.whole_steps(top) == steps


def test_map_legend_counts_whole_places_and_small_circles_stay_on_top():
    points = pd.DataFrame({"name": ["Syria", "Aleppo"], "country": ["SY", "SY"], "kind": ["country", "city"],
                           "lat": [35.0, 36.2], "lon": [38.0, 37.1], "mentions": [2, 1], "articles": [1, 1]})
    dots = _layers(charts.map_chart(points).to_dict())[1]
    legend = dots["encoding"]["size"]["legend"]
    assert legend["values"] == [1, 2] and legend["format"] == "d"
    assert dots["encoding"]["order"] == {"field": "mentions", "type": "quantitative", "sort": "descending"}
    assert dots["encoding"]["fillOpacity"]["condition"]["test"] == "datum.is_country"


def test_vendored_world_atlas():
    topo = charts.world_topojson()
    assert topo["type"] == "Topology"
    ids = {g["id"] for g in topo["objects"]["countries"]["geometries"] if "id" in g}
    assert {"756", "643", "840", "760"} <= ids  # Switzerland, Russia, United States, Syria
    assert (charts.WORLD_TOPOJSON.parent / "LICENSE.world-atlas").exists()


def test_timeline_charts():
    counts = pd.DataFrame({"period": pd.to_datetime(["2016-01-04", "2016-01-04", "2016-01-11"]),
                           "speaker": ["A", "B", "A"], "stance": ["warn", "say", "say"], "count": [1, 2, 3]})
    spec = charts.timeline_chart(counts, "week").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["x"]["timeUnit"] == "yearweek"
    assert spec["params"][0]["bind"] == "scales"  # zoom and pan in time
    assert spec["encoding"]["color"]["scale"]["range"][STANCES.index("warn")] == charts.STANCE_COLORS["warn"]
    dots = charts.speaker_timeline_chart(counts, "day").to_dict()
    assert dots["encoding"]["y"]["sort"] == ["A", "B"]
    # dots sit on their speaker's row line, never offset between rows, and the ends have room
    assert "yOffset" not in dots["encoding"] and dots["encoding"]["y"]["axis"]["grid"] is True
    assert dots["encoding"]["x"]["scale"]["padding"] > 0 and dots["mark"]["clip"] is True
    assert dots["height"] == {"step": 34}


def test_timeline_window_sets_the_first_view():
    counts = pd.DataFrame({"period": pd.to_datetime(["2010-01-04", "2016-01-04"]), "speaker": ["A", "B"],
                           "stance": ["say", "say"], "count": [1, 1]})
    window = (date(2015, 12, 1), date(2016, 1, 10))
    for chart in (charts.timeline_chart(counts, "day", window=window),
                  charts.speaker_timeline_chart(counts, "day", window=window)):
        x = chart.to_dict()["encoding"]["x"]
        assert x["scale"]["domain"] == ["2015-12-01T00:00:00", "2016-01-10T00:00:00"]


def test_heat_map_opens_with_the_cells_of_a_link(matrix):
    spec = charts.who_says_what_chart(matrix, selected=[("Kerry", "urge")]).to_dict()
    assert spec["params"][0]["value"] == [{"speaker": "Kerry", "stance": "urge"}]
    assert "value" not in charts.who_says_what_chart(matrix).to_dict()["params"][0]


# Accessibility ---------------------------------------------------------------------------------------------


def _every_chart(matrix: pd.DataFrame) -> dict[str, dict]:
    st = pd.DataFrame({"speaker": ["A", "A", "B"], "target": ["B", "B", "A"], "stance": ["accuse", "accuse", "deny"]})
    edges = tables.network_edges(st)
    counts = pd.DataFrame({"period": pd.to_datetime(["2016-01-04", "2016-01-11"]), "speaker": ["A", "B"],
                           "stance": ["warn", "say"], "count": [1, 3]})
    points = pd.DataFrame({"name": ["Geneva"], "country": ["CH"], "kind": ["city"], "lat": [46.2], "lon": [6.1],
                           "mentions": [1], "articles": [1]})
    return {"heat map": charts.who_says_what_chart(matrix).to_dict(),
            "bars": charts.stance_bars(pd.DataFrame({"stance": ["say"], "count": [1]})).to_dict(),
            "network": charts.network_chart(tables.network_nodes(edges), edges).to_dict(),
            "map": charts.map_chart(points).to_dict(),
            "timeline": charts.timeline_chart(counts, "week").to_dict(),
            "speakers": charts.speaker_timeline_chart(counts, "day").to_dict()}


def test_every_chart_describes_itself_in_words(matrix):
    words = {name: spec.get("description", "") for name, spec in _every_chart(matrix).items()}
    assert words["heat map"] == ("Heat map of statements by speaker and stance: 2 speakers, 3 stances. The largest "
                                 "cell: Kerry, urge, 3 statements. Click a cell to list its statements.")
    assert words["bars"] == "Bar chart of statements by stance: say 1."
    assert words["network"].startswith("Network of who addresses whom: 2 actors, 2 arrows")
    assert words["map"] == "World map of 1 place named in the articles. The most mentioned: Geneva, 1 time."
    assert words["timeline"] == ("Stacked bar chart of statements per week, coloured by stance, from 2016-01-04 to "
                                 "2016-01-11: 4 statements.")
    assert words["speakers"].startswith("Dots of when each of 2 speakers spoke per day")
    assert charts.readable(charts.stance_bars(pd.DataFrame({"stance": ["say"], "count": [1]})), "dark",
                           "Said once.").to_dict()["description"] == "Said once."


def test_heat_map_cells_say_each_fact_once_and_counts_stay_silent(matrix):
    rect, text = _layers(charts.who_says_what_chart(matrix).to_dict())
    assert rect["encoding"]["description"]["field"] == "aria"
    [calc] = [t["calculate"] for t in rect["transform"] if t.get("as") == "aria"]
    assert calc.count("datum.speaker") == calc.count("datum.stance") == calc.count("datum.count") == 1
    assert text["mark"]["aria"] is False


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_labels_are_12px_or_more_with_contrast_in_both_themes(matrix, theme):
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())
    assert charts.TEXT_COLOR[theme] == config["theme"][theme]["textColor"]
    assert charts.BACKGROUND[theme] == config["theme"][theme]["backgroundColor"]
    for name, spec in _every_chart(matrix).items():
        chart = alt.LayerChart.from_dict(spec) if "layer" in spec else alt.Chart.from_dict(spec)
        themed = charts.readable(chart, theme).to_dict()["config"]
        for part in ("axis", "legend"):
            assert themed[part]["labelFontSize"] >= 12 and themed[part]["titleFontSize"] >= 12, name
            assert charts.contrast(themed[part]["labelColor"], charts.BACKGROUND[theme]) >= 4.5, name
        assert charts.contrast(themed["text"]["color"], charts.BACKGROUND[theme]) >= 4.5
        sizes = [enc["axis"].get("labelFontSize", 12) for layer in _layers(spec)
                 for enc in layer.get("encoding", {}).values() if isinstance(enc, dict) and enc.get("axis")]
        assert all(size >= 12 for size in sizes), name


def test_contrast_ratio():
    assert charts.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert charts.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert charts.contrast("#ffffff", "#ffffff") == 1


def test_heat_map_heads_turn_upright_when_columns_are_narrow(matrix):
    axis = _layers(charts.who_says_what_chart(matrix).to_dict())[0]["encoding"]["x"]["axis"]
    assert axis["labelOverlap"] is False  # no head is dropped
    assert axis["labelAngle"] == {"expr": "width / 3 < 58 ? -90 : 0"}
