"""The HTML report of a view: self-contained, offline, escaped, and following the filters."""
from __future__ import annotations

import re
from datetime import datetime

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hs

from analysis import report, tables

WHEN = datetime(2026, 3, 9, 14, 30)


def frames(hostile: str = "Ana Diaz") -> tables.CorpusFrames:
    rows = {"articles": [{"article_id": "a1", "title": "Port talks <b>stall</b>", "date": "2026-03-01",
                          "outlet": "Daily Post", "url": "https://news.example/a1", "statements": 2},
                         {"article_id": "a2", "title": "Strike", "date": "2026-03-04", "outlet": "Evening Star",
                          "url": "javascript:alert(1)", "statements": 1}],
            "statements": [{"article_id": "a1", "idx": 0, "speaker": hostile, "stance": "warn", "target": "Union",
                            "cue": "warned", "content": "the port would close", "direct": False, "negated": False,
                            "sentence": f"{hostile} warned the port would close."},
                           {"article_id": "a1", "idx": 1, "speaker": hostile, "stance": "say", "target": None,
                            "cue": "said", "content": "talks go on", "direct": True, "negated": False,
                            "sentence": f"“Talks go on,” {hostile} said."},
                           {"article_id": "a2", "idx": 0, "speaker": "Bo Lind", "stance": "deny",
                            "target": hostile, "cue": "denied", "content": "any delay", "direct": False,
                            "negated": False, "sentence": "Bo Lind denied any delay."}]}
    return tables.corpus_frames(rows)


def view(f: tables.CorpusFrames, filters: tables.Filters | None = None) -> report.ReportView:
    filters = filters or tables.Filters()
    return report.ReportView(corpus="Port <dispute>", frames=f, filters=filters,
                             statements=tables.apply_filters(f.statements, filters))


def test_the_matrix_table_has_a_row_per_speaker_and_a_total():
    table = report.matrix_table(tables.who_says_what(frames().statements, report.SPEAKERS_SHOWN))
    assert table.count("<tr>") == 3  # header + two speakers
    assert "<td>Ana Diaz</td>" in table and "<td><b>2</b></td>" in table


def test_the_report_follows_the_filters_and_names_them():
    out = report.html_report(view(frames(), tables.Filters(speaker=("Bo Lind",))), generated=WHEN,
                             with_charts=False)
    assert "Filters: speaker: Bo Lind" in out and "1 statement of 3 statements" in out
    assert "the port would close" not in out
    assert out.count('class="wsw-card') == 1 and "Made 2026-03-09 14:30" in out
    everything = report.html_report(view(frames()), generated=WHEN, with_charts=False)
    assert "No filters: the whole corpus." in everything and everything.count('class="wsw-card') == 3


def test_the_report_is_offline_and_runs_nothing():
    hostile = '<script>alert("x")</script>'
    out = report.html_report(view(frames(hostile)), generated=WHEN)
    assert "<script" not in out.lower() and "javascript:" not in out
    assert "&lt;script&gt;" in out and "Port &lt;dispute&gt;" in out
    assert out.count("<svg") == 3  # the matrix, the stances, the timeline
    # Nothing is fetched: no stylesheet, script or image from anywhere; the only addresses are article links.
    assert not re.search(r'<(link|script|img|iframe)\b', out, re.I)
    assert set(re.findall(r'href="([^"#]+)"', out)) <= {"https://news.example/a1"}
    assert "@import" not in out and "url(http" not in out


@pytest.mark.parametrize("filters", [tables.Filters(speaker=("Nobody",)), tables.Filters(stance=("deny",))])
def test_narrow_views_still_make_a_report(filters):
    out = report.html_report(view(frames(), filters), generated=WHEN)
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


def test_records_of_extract_become_frames_and_odd_values_are_left_out():
    records = [{"source": "a.txt", "title": "Port", "date": "2026-03-01", "outlet": "Daily Post",
                "statements": [{"speaker": "Ana Diaz", "stance": "warn", "target": "Union", "cue": "warned",
                                "content": "the port would close", "direct": False, "negated": False,
                                "sentence": "Ana Diaz warned the port would close."}],
                "actors": [{"name": "Ana Diaz", "type": "person", "aliases": ["Diaz"]}]},
               {"source": "b.txt", "title": {"not": "text"}, "statements": 5, "actors": ["x", {"name": ["?"]}]}]
    f = report.frames_from_records(records)
    assert list(f.articles["article_id"]) == ["0", "1"] and list(f.articles["statements"]) == [1, 0]
    assert f.articles["title"].iloc[1] is None or f.articles["title"].isna().iloc[1]
    assert f.statements["speaker"].tolist() == ["Ana Diaz"] and f.statements["date"].notna().all()
    assert f.actors["name"].iloc[0] == "Ana Diaz" and f.actors["name"].isna().iloc[1]


def test_the_command_line_writes_the_report_and_the_network_of_extracts_output(tmp_path):
    import json
    import subprocess
    import sys

    records = tmp_path / "out.jsonl"
    records.write_text(json.dumps({"source": "a.txt", "date": "2026-03-01", "statements": [
        {"speaker": "Ana Diaz", "stance": "warn", "target": "Union", "cue": "warned", "content": "it would close",
         "direct": False, "negated": False, "sentence": "Ana Diaz warned it would close."},
        {"speaker": "Bo Lind", "stance": "deny", "target": "Ana Diaz", "cue": "denied", "content": "a delay",
         "direct": False, "negated": False, "sentence": "Bo Lind denied a delay."}]}) + "\nnot json\n")

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=120)

    done = cli("report", str(records), "-o", str(tmp_path / "r.html"), "--stance", "deny")
    assert done.returncode == 1 and "line 2: not a record of extract" in done.stderr and "Traceback" not in done.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Filters: stance: deny" in html and html.count('class="wsw-card') == 1
    done = cli("network", str(records), "-o", str(tmp_path / "n.graphml"), "--format", "graphml")
    assert "2 statements of 1 article" in done.stderr
    g = nx.read_graphml(tmp_path / "n.graphml")
    assert sorted(g.edges) == [("Ana Diaz", "Union"), ("Bo Lind", "Ana Diaz")]
    done = cli("network", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "n.gexf"))
    assert done.returncode == 1 and "missing.jsonl: cannot be read (No such file or directory)" in done.stderr


json_values = hs.recursive(hs.none() | hs.booleans() | hs.integers() | hs.floats() | hs.text(max_size=8),
                           lambda kids: hs.lists(kids, max_size=3) | hs.dictionaries(hs.text(max_size=6), kids,
                                                                                      max_size=3), max_leaves=8)
field_names = hs.sampled_from(["speaker", "stance", "target", "date", "title", "statements", "actors", "direct",
                               "name", "type", "content", "sentence", "url"])


@settings(max_examples=60, deadline=None)
@example([{"statements": [{}, {"speaker": None, "stance": ""}]}])
@given(hs.lists(hs.dictionaries(field_names, json_values | hs.lists(hs.dictionaries(field_names, json_values),
                                                                    max_size=3)), max_size=4))
def test_any_json_records_give_a_report_and_a_network(records):
    from analysis import graphs

    f = report.frames_from_records(records)
    out = report.html_report(report.ReportView("fuzz", f, tables.Filters(), f.statements), generated=WHEN,
                             with_charts=False)
    assert out.rstrip().endswith("</html>") and "<script" not in out
    graphs.graph_bytes(graphs.network_graph(f.statements, f.actors), "gexf")
