"""The HTML report of a view: self-contained, offline, escaped, and following the filters."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

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
    table = report.matrix_table(frames().statements)
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
