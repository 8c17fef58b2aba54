"""Tidy frames, filters, chart selections, profiles, exports and the highlighted evidence HTML."""
from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hs

from analysis import highlight, tables
from analysis.store import Store
from analysis.tools.bench_dashboard import synthetic_corpus
from analysis.types import Actor, Analysis, Article, Location, Statement, statement_context


def _statement(text: str, speaker: str | None, cue: str, stance: str, target: str | None, content: str,
               direct: bool = False, speaker_text: str | None = None) -> Statement:
    c0 = text.index(cue)
    k0 = text.index(content)
    return Statement(speaker=speaker, cue=cue, stance=stance, target=target, content=content, direct=direct,
                     start=0, end=len(text), cue_start=c0, cue_end=c0 + len(cue), content_start=k0,
                     content_end=k0 + len(content), speaker_text=speaker_text, sentence=text)


TEXT_A = "Kerry accused Russia of delaying the talks."
TEXT_B = "Lavrov said: \u201cThe process will begin on the 25th.\u201d"
TEXT_C = "The agency denied it."


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> tables.CorpusFrames:
    analyses = [
        Analysis(Article(TEXT_A, title="A", date="2016-01-20", outlet="Wire"),
                 statements=(_statement(TEXT_A, "John Kerry", "accused", "accuse", "Russia", "delaying the talks",
                                        speaker_text="Kerry"),),
                 actors=(Actor("John Kerry", "PERSON", ("Kerry",), "US Secretary of State", 1),
                         Actor("Russia", "GPE", (), None, 1)),
                 locations=(Location("Geneva", "CH", 46.2, 6.1, "city", 2),)),
        Analysis(Article(TEXT_B, title="B", date="2016-02-03", outlet="Courier"),
                 statements=(_statement(TEXT_B, "Sergei Lavrov", "said", "say", None,
                                        "The process will begin on the 25th.", direct=True, speaker_text="Lavrov"),),
                 actors=(Actor("Sergei Lavrov", "PERSON", ("Lavrov",), "Russian foreign minister", 1),),
                 locations=(Location("Geneva", "CH", 46.2, 6.1, "city", 1), Location("Torkham", None, None, None))),
        Analysis(Article(TEXT_C, title="C", date=None, outlet="Wire"),
                 statements=(_statement(TEXT_C, None, "denied", "deny", "John Kerry", "it"),)),
    ]
    store = Store(tmp_path_factory.mktemp("db") / "t.sqlite3")
    cid = store.create_corpus("t", [a.article for a in analyses], analyses, engine_version="v")
    return tables.corpus_frames(store.rows(cid))


def test_corpus_frames(frames):
    st = frames.statements
    assert list(st["speaker"]) == ["John Kerry", "Sergei Lavrov", tables.UNKNOWN_SPEAKER]
    assert st["title"].tolist() == ["A", "B", "C"]
    assert pd.api.types.is_datetime64_any_dtype(st["date"])
    assert st["direct"].tolist() == [False, True, False]
    assert frames.actors.loc[0, "aliases"] == ["Kerry"]


def test_empty_corpus_frames_have_columns():
    f = tables.corpus_frames({})
    assert set(tables.STATEMENT_COLUMNS) <= set(f.statements.columns)
    assert tables.who_says_what(f.statements).empty
    assert tables.corpus_counts(f) == {"articles": 0, "statements": 0, "speakers": 0, "locations": 0}


@pytest.mark.parametrize(("filters", "speakers"), [
    (tables.Filters(), ["John Kerry", "Sergei Lavrov", tables.UNKNOWN_SPEAKER]),
    (tables.Filters(speaker=("John Kerry",)), ["John Kerry"]),
    (tables.Filters(stance=("say", "deny")), ["Sergei Lavrov", tables.UNKNOWN_SPEAKER]),
    (tables.Filters(target=("Russia",)), ["John Kerry"]),
    (tables.Filters(outlet=("Wire",)), ["John Kerry", tables.UNKNOWN_SPEAKER]),
    (tables.Filters(date_from=date(2016, 2, 1)), ["Sergei Lavrov"]),
    (tables.Filters(date_to=date(2016, 1, 20)), ["John Kerry"]),
    (tables.Filters(direct=True), ["Sergei Lavrov"]),
    (tables.Filters(direct=False), ["John Kerry", tables.UNKNOWN_SPEAKER]),
])
def test_apply_filters(frames, filters, speakers):
    assert tables.apply_filters(frames.statements, filters)["speaker"].tolist() == speakers


def test_article_filter(frames):
    first = frames.articles["article_id"].iloc[0]
    assert tables.apply_filters(frames.statements, tables.Filters(article=(first,)))["title"].tolist() == ["A"]


def test_filters_are_falsy_when_empty():
    assert not tables.Filters()
    assert tables.Filters(direct=False)


@given(hs.builds(
    tables.Filters,
    speaker=hs.lists(hs.text(min_size=1), max_size=3, unique=True).map(tuple),
    stance=hs.lists(hs.sampled_from(["say", "accuse", "urge"]), max_size=3, unique=True).map(tuple),
    date_from=hs.none() | hs.dates(),
    date_to=hs.none() | hs.dates(),
    direct=hs.none() | hs.booleans(),
    search=hs.text(max_size=20).map(str.strip),
))
def test_filters_round_trip_through_query_params(f):
    assert tables.filters_from_params(tables.filters_to_params(f)) == f


def test_bad_query_params_are_ignored():
    f = tables.filters_from_params({"from": "yesterday", "direct": "maybe", "speaker": ["", "X", "X"]})
    assert f == tables.Filters(speaker=("X",))


def test_who_says_what_keeps_top_speakers():
    st = pd.DataFrame({"speaker": ["A"] * 3 + ["B"] * 2 + ["C"],
                       "stance": ["say", "say", "warn", "deny", "say", "say"]})
    m = tables.who_says_what(st, top_n=2)
    assert m.to_dict("records") == [
        {"speaker": "A", "stance": "say", "count": 2, "total": 3},
        {"speaker": "A", "stance": "warn", "count": 1, "total": 3},
        {"speaker": "B", "stance": "deny", "count": 1, "total": 2},
        {"speaker": "B", "stance": "say", "count": 1, "total": 2},
    ]


@pytest.mark.parametrize(("selection", "expected"), [
    (None, []),
    ({}, []),
    ({"selection": {"cell": []}}, []),
    ({"selection": {"cell": [{"speaker": "A", "stance": "say"}]}}, [("A", "say")]),
    ({"cell": [{"speaker": "A", "stance": "say"}, {"speaker": "B", "stance": "deny"},
               {"speaker": "A", "stance": "say"}]}, [("A", "say"), ("B", "deny")]),
    ({"cell": [{"speaker": "A"}]}, []),  # a point without both fields selects nothing
    ({"other": [{"speaker": "A", "stance": "say"}]}, []),
])
def test_selected_points(selection, expected):
    assert tables.selected_points(selection, "cell", ("speaker", "stance")) == expected


def test_filter_cells(frames):
    st = frames.statements
    assert tables.filter_cells(st, []) is st
    assert tables.filter_cells(st, [("John Kerry", "accuse")])["title"].tolist() == ["A"]
    assert tables.filter_cells(st, [("John Kerry", "say")]).empty
    both = tables.filter_cells(st, [("John Kerry", "accuse"), ("Sergei Lavrov", "say")])
    assert both["title"].tolist() == ["A", "B"]


def test_evidence_rows_newest_first(frames):
    rows = tables.evidence(frames.statements, limit=2)
    assert [r["title"] for r in rows] == ["B", "A"]
    assert rows[0]["date"] == "2016-02-03"
    assert rows[0]["target"] is None


def test_corpus_counts(frames):
    counts = tables.corpus_counts(frames)
    assert counts == {"articles": 3, "statements": 3, "speakers": 2, "locations": 2}
    assert tables.corpus_counts(frames, frames.statements.iloc[:0])["articles"] == 0
    only_a = tables.apply_filters(frames.statements, tables.Filters(speaker=("John Kerry",)))
    assert tables.corpus_counts(frames, only_a) == {"articles": 1, "statements": 1, "speakers": 1, "locations": 1}


def test_actor_index_and_profile(frames):
    index = tables.actor_index(frames)
    assert index["name"].tolist()[:2] == ["John Kerry", "Russia"]
    kerry = index.set_index("name").loc["John Kerry"]
    assert (kerry["said"], kerry["targeted"], kerry["articles"]) == (1, 1, 2)
    p = tables.actor_profile(frames, "John Kerry")
    assert p.aliases == ["Kerry"] and p.roles == ["US Secretary of State"] and p.types == ["PERSON"]
    assert p.by_stance.to_dict("records") == [{"stance": "accuse", "count": 1}]
    assert p.targets.to_dict("records") == [{"target": "Russia", "stance": "accuse", "count": 1}]
    assert p.targeted_by.to_dict("records") == [{"speaker": tables.UNKNOWN_SPEAKER, "stance": "deny", "count": 1}]
    assert sorted(p.articles["title"]) == ["A", "C"]


def test_network_edges_and_nodes():
    st = pd.DataFrame({
        "speaker": ["A", "A", "A", "B", "C", tables.UNKNOWN_SPEAKER, "A"],
        "target": ["B", "B", "B", "A", None, "A", "A"],
        "stance": ["accuse", "urge", "accuse", "deny", "say", "warn", "say"],
    })
    edges = tables.network_edges(st)
    assert edges.to_dict("records") == [
        {"source": "A", "target": "B", "stance": "accuse", "count": 3, "stances": "accuse 2, urge 1"},
        {"source": "B", "target": "A", "stance": "deny", "count": 1, "stances": "deny 1"},
    ]
    nodes = tables.network_nodes(edges)
    assert nodes.to_dict("records") == [{"name": "A", "said": 3, "received": 1, "total": 4},
                                        {"name": "B", "said": 1, "received": 3, "total": 4}]
    assert tables.network_edges(st[st["target"].isna()]).empty


def test_location_points_follow_articles(frames):
    pts = tables.location_points(frames.locations)
    assert pts[["name", "mentions", "articles"]].to_dict("records") == [{"name": "Geneva", "mentions": 3,
                                                                          "articles": 2}]
    first = frames.articles["article_id"].iloc[0]
    assert tables.location_points(frames.locations, [first])["mentions"].tolist() == [2]
    assert tables.location_points(frames.locations, []).empty
    assert tables.unlocated_places(frames.locations) == ["Torkham"]


def test_timeline(frames):
    t = tables.timeline(frames.statements, "stance", "month")
    assert t.to_dict("records") == [
        {"period": pd.Timestamp("2016-01-01"), "stance": "accuse", "count": 1},
        {"period": pd.Timestamp("2016-02-01"), "stance": "say", "count": 1},
    ]
    w = tables.timeline(frames.statements, ("speaker", "stance"), "week")
    assert w["period"].tolist() == [pd.Timestamp("2016-01-18"), pd.Timestamp("2016-02-01")]  # Mondays
    assert tables.timeline(frames.statements, "stance", "year")["count"].tolist() == [1, 1]
    assert tables.timeline(frames.statements.iloc[2:], "stance").empty


@pytest.mark.parametrize(("days", "unit"), [(0, "day"), (30, "day"), (100, "week"), (800, "month")])
def test_time_unit(days, unit):
    dates = pd.Series([pd.Timestamp("2016-01-01"), pd.Timestamp("2016-01-01") + pd.Timedelta(days=days)])
    assert tables.time_unit(dates) == unit


def test_csv_neutralises_formulas():
    df = pd.DataFrame({"content": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain", None],
                       "n": [1, 2, 3, 4, 5, 6, 7]})
    out = pd.read_csv(io.BytesIO(tables.to_csv(df)), keep_default_na=False)
    assert out["content"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", ""]
    assert out["n"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_exports_round_trip(frames):
    table = tables.export_frame(frames.statements)
    assert list(table.columns) == list(tables.EXPORT_COLUMNS)
    assert table["date"].tolist()[:2] == ["2016-01-20", "2016-02-03"] and pd.isna(table["date"].iloc[2])
    records = json.loads(tables.to_json(table))
    assert records[1]["speaker"] == "Sergei Lavrov" and records[2]["date"] is None
    back = pd.read_parquet(io.BytesIO(tables.to_parquet(table)))
    assert back["content"].tolist() == table["content"].tolist()


def test_synthetic_corpus_is_deterministic():
    a, b = synthetic_corpus(5, seed=1), synthetic_corpus(5, seed=1)
    assert a == b
    for an in a:
        for s in an.statements:
            text = an.article.text
            assert text[s.cue_start:s.cue_end] == s.cue
            assert text[s.content_start:s.content_end] == s.content


# Highlighting -----------------------------------------------------------------------------------------------


def test_evidence_card_highlights_and_escapes(frames):
    row = tables.evidence(frames.statements)[1]  # Kerry, article A
    html = highlight.evidence_card(row, href="articles?corpus=1&id=abc", stance_colour="#d62828")
    assert '<mark class="wsw-speaker"' in html and ">Kerry</mark>" in html
    assert ">accused</mark>" in html and ">Russia</mark>" in html and ">delaying the talks</mark>" in html
    assert 'href="articles?corpus=1&amp;id=abc"' in html


def test_render_escapes_before_marking():
    text = "<script>alert(1)</script> & \"Kerry\" said <b>hi</b>"
    out = highlight.render(text, [highlight.Span(text.index("Kerry"), text.index("Kerry") + 5, "speaker")])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;" in out and "&amp;" in out
    assert '<mark class="wsw-speaker" style="background:#ffd6a5" title="speaker">Kerry</mark>' in out


def test_evidence_card_escapes_every_field():
    evil = "<img src=x onerror=alert(1)>"
    row = {"speaker": evil, "stance": evil, "target": evil, "cue": evil, "content": evil, "context": evil,
           "title": evil, "outlet": evil, "date": evil, "context_start": None}
    html = highlight.evidence_card(row, href='x" onmouseover="alert(1)', stance_colour="#000")
    assert "<img" not in html
    assert 'href="x&quot; onmouseover=&quot;alert(1)"' in html


def test_overlapping_spans_are_split():
    text = "Kerry urged Russia"
    out = highlight.render(text, [highlight.Span(0, 18, "quote"), highlight.Span(6, 11, "cue")])
    assert out == ('<div class="wsw-text"><mark class="wsw-quote" style="background:#fdffb6" title="quotation">'
                   'Kerry </mark><mark class="wsw-cue wsw-quote" style="background:#ffadad" title="cue · quotation">'
                   'urged</mark><mark class="wsw-quote" style="background:#fdffb6" title="quotation"> Russia</mark>'
                   "</div>")


@pytest.mark.parametrize("offset", [None, -5, 10_000])
def test_evidence_spans_fall_back_to_search(offset):
    row = {"cue": "urged", "cue_start": offset, "cue_end": offset, "content": "to talk", "content_start": None,
           "content_end": None, "speaker_text": "Kerry", "speaker": "John Kerry", "target": "Russia"}
    spans = highlight.evidence_spans("Kerry urged Russia to talk.", None, row)
    assert sorted((s.label, s.start, s.end) for s in spans) == [
        ("content", 19, 26), ("cue", 6, 11), ("speaker", 0, 5), ("target", 12, 18)]


def test_statement_context_uses_sentence_or_span():
    text = "First sentence. Kerry urged Russia to talk. Last one."
    s = _statement("Kerry urged Russia to talk.", "John Kerry", "urged", "urge", "Russia", "to talk")
    shifted = Statement(**{**s.to_dict(), **{k: v + 16 for k, v in s.to_dict().items()
                                            if k in ("start", "end", "cue_start", "cue_end", "content_start",
                                                     "content_end")}})
    assert statement_context(text, shifted) == ("Kerry urged Russia to talk.", 16)
    no_sentence = Statement(**{**shifted.to_dict(), "sentence": ""})
    assert statement_context(text, no_sentence) == ("Kerry urged Russia to talk.", 16)
    broken = Statement(**{**shifted.to_dict(), "cue_start": 999, "cue_end": 1000})
    assert statement_context(text, broken) == ("Kerry urged Russia to talk.", None)


def test_article_spans():
    text = "Kerry met Lavrov in Geneva. Lavrov said: \u201cWe agree.\u201d"
    s = _statement(text, "Sergei Lavrov", "said", "say", None, "We agree.", direct=True)
    a = Analysis(Article(text), statements=(s,), actors=(Actor("Sergei Lavrov", "PERSON", ("Lavrov",)),),
                 locations=(Location("Geneva", "CH", 46.2, 6.1),))
    labels = sorted((sp.label, text[sp.start:sp.end]) for sp in highlight.article_spans(a))
    assert labels == [("actor", "Lavrov"), ("actor", "Lavrov"), ("cue", "said"), ("place", "Geneva"),
                      ("quote", "We agree.")]


def test_article_href():
    assert highlight.article_href(3, "ab c") == "articles?corpus=3&id=ab+c"
    assert highlight.article_href(None, "x") == "articles?id=x"


def test_evidence_comes_a_page_at_a_time():
    df = pd.DataFrame({"date": pd.to_datetime(["2026-01-02"] * 5), "article_id": ["a"] * 5, "idx": range(5),
                       "speaker": list("vwxyz")})
    assert tables.page_count(5, 2) == 3 and tables.page_count(0, 2) == 1
    assert [r["speaker"] for r in tables.evidence(df, limit=2, page=1)] == ["v", "w"]
    assert [r["speaker"] for r in tables.evidence(df, limit=2, page=3)] == ["z"]
    assert [r["speaker"] for r in tables.evidence(df, limit=2, page=9)] == ["z"]  # clamped to the last page


# Trustworthy views: network picks, slider bounds, words, URL codec, dates, pickers ------------------------------


def _edges_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["speaker", "target", "stance"])


def test_network_with_no_shared_edge_among_the_top_actors_still_has_columns():
    st = _edges_frame([("A", "B", "say"), ("C", "D", "say"), ("E", "F", "say")])
    for top_n in (0, 1, 2, 3, 100):
        edges = tables.network_edges(st, top_n=top_n)
        assert list(edges.columns) == list(tables.EDGE_COLUMNS)
        nodes = tables.network_nodes(edges)
        assert list(nodes.columns) == ["name", "said", "received", "total"]
    assert tables.network_edges(st, top_n=1).empty
    assert len(tables.network_edges(st, top_n=2)) == 1  # two actors always make room for one pair


def test_network_keeps_the_main_actors_edges_not_the_first_names_in_the_alphabet():
    # a hub addressed by many, one heavy pair, and one-off pairs whose names sort first
    rows = [("Hub", f"Z{i}", "urge") for i in range(6)] + [("Yara", "Hub", "accuse")] * 3
    rows += [("Aa", "Ab", "say"), ("Ac", "Ad", "say"), ("Ae", "Af", "say")]
    st = _edges_frame(rows)
    edges = tables.network_edges(st, top_n=5)
    nodes = set(tables.network_nodes(edges)["name"])
    assert ("Yara", "Hub") in set(zip(edges["source"], edges["target"], strict=True))
    assert "Hub" in nodes and not nodes & {"Aa", "Ab", "Ac", "Ad"}
    assert len(nodes) == 5  # every actor asked for is drawn, each with an edge


@given(hs.lists(hs.tuples(hs.sampled_from("ABCDEFGH"), hs.sampled_from("ABCDEFGH"),
                          hs.sampled_from(["say", "urge", "deny"])), max_size=40),
       hs.integers(min_value=0, max_value=12))
def test_network_never_shows_more_actors_than_asked(rows, top_n):
    edges = tables.network_edges(_edges_frame(rows), top_n=top_n)
    nodes = tables.network_nodes(edges)
    assert len(nodes) <= max(top_n, 0)
    assert (nodes["total"] > 0).all()
    assert tables.network_actor_count(_edges_frame(rows)) >= len(nodes)


@given(hs.integers(min_value=-5, max_value=500), hs.integers(min_value=0, max_value=5),
       hs.integers(min_value=-5, max_value=100))
def test_slider_bounds_never_have_min_equal_to_max(available, lo, default):
    bounds = tables.slider_bounds(available, lo=lo, default=default)
    if available <= lo:
        assert bounds is None
    else:
        assert bounds.lo < bounds.hi == available and bounds.lo <= bounds.default <= bounds.hi
        assert bounds.clamp(None) == bounds.default and bounds.lo <= bounds.clamp(available * 3) <= bounds.hi


@pytest.mark.parametrize(("n", "word", "text"), [(0, "statement", "0 statements"), (1, "statement", "1 statement"),
                                                 (2, "article", "2 articles"), (1204, "statement", "1,204 statements")])
def test_plural(n, word, text):
    assert tables.plural(n, word) == text
    assert tables.plural(1, "entry", "entries") == "1 entry" and tables.plural(3, "entry", "entries") == "3 entries"


_cell_text = hs.text(hs.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@given(hs.builds(tables.Selection,
                 cells=hs.lists(hs.tuples(_cell_text, _cell_text), max_size=4, unique=True).map(tuple)))
def test_selection_round_trips_through_query_params(s):
    assert tables.selection_from_params(tables.selection_to_params(s)) == s


_garbage = hs.dictionaries(hs.text(max_size=8) | hs.sampled_from(["cell", "q", "from", "to", "direct", "speaker"]),
                           hs.text(max_size=30) | hs.lists(hs.text(max_size=30), max_size=4), max_size=6)


@given(_garbage)
def test_any_query_string_decodes_without_error(params):
    assert isinstance(tables.filters_from_params(params), tables.Filters)
    assert isinstance(tables.selection_from_params(params), tables.Selection)


def test_selection_params_read_as_written():
    s = tables.Selection(cells=(("Sergei Lavrov", "say"), ("A: B", "x:y")))
    assert tables.selection_to_params(s) == {"cell": ["say:Sergei Lavrov", "x%3Ay:A: B"]}
    assert tables.selection_from_params({"cell": ["nocolon", ":", "say:"]}) == tables.Selection()


def test_search_statements(frames):
    assert tables.search_statements(frames.statements, "  PROCESS ")["speaker"].tolist() == ["Sergei Lavrov"]
    assert len(tables.search_statements(frames.statements, " ")) == len(frames.statements)
    assert tables.search_statements(frames.statements, "(.*").empty  # plain text, not a pattern


def test_the_search_is_a_filter_through_the_index_or_a_scan(frames):
    f = tables.Filters(search="process")
    assert f and tables.filters_to_params(f) == {"q": ["process"]} and not tables.Filters(search="")
    assert tables.filters_from_params({"q": "  process "}) == f
    assert tables.apply_filters(frames.statements, f)["speaker"].tolist() == ["Sergei Lavrov"]  # no index: a scan
    first = frames.statements.iloc[0]
    found = [(first["article_id"], int(first["idx"]))]  # what an index found: taken as it is
    assert tables.apply_filters(frames.statements, f, found)["idx"].tolist() == [first["idx"]]
    assert tables.apply_filters(frames.statements, f, []).empty
    assert tables.apply_filters(frames.statements, tables.Filters(stance=("deny",), search="x"), found).empty


D = date


def test_date_range_the_analyst_never_set_is_not_applied():
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1)
    assert (c.date_from, c.date_to) == (None, None) and c.shown == (D(2016, 1, 1), D(2016, 3, 1))
    # the picker returned what it was shown: still nothing set
    again = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1, previous=c, picked=c.shown)
    assert (again.date_from, again.date_to) == (None, None)


def test_date_range_resets_when_the_corpus_changes():
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1)
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1, previous=c, picked=(D(2016, 2, 1), D(2016, 2, 9)))
    assert (c.date_from, c.date_to) == (D(2016, 2, 1), D(2016, 2, 9))
    other = tables.date_choice(D(2020, 1, 1), D(2020, 6, 1), corpus_id=2, previous=c, picked=c.shown)
    assert (other.date_from, other.date_to) == (None, None) and other.shown == (D(2020, 1, 1), D(2020, 6, 1))


def test_a_later_article_is_not_hidden_by_the_old_last_date():
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1)
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1, previous=c, picked=(D(2016, 2, 1), D(2016, 3, 1)))
    assert (c.date_from, c.date_to) == (D(2016, 2, 1), None)  # the end was left at the last date: open
    later = tables.date_choice(D(2016, 1, 1), D(2016, 5, 1), corpus_id=1, previous=c, picked=c.shown)
    assert later.date_to is None and later.shown == (D(2016, 2, 1), D(2016, 5, 1))


def test_a_link_sets_the_date_range_and_bad_orders_are_mended():
    c = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1, url=(D(2016, 2, 20), D(2016, 2, 2)))
    assert (c.date_from, c.date_to) == (D(2016, 2, 2), D(2016, 2, 20))
    wide = tables.date_choice(D(2016, 1, 1), D(2016, 3, 1), corpus_id=1, url=(D(1990, 1, 1), D(2030, 1, 1)))
    assert (wide.date_from, wide.date_to) == (None, None)


@given(hs.dates(), hs.integers(min_value=0, max_value=900), hs.none() | hs.dates(), hs.none() | hs.dates(),
       hs.lists(hs.dates(), max_size=2))
def test_date_choice_always_shows_a_range_inside_the_corpus(lo, days, start, end, picked):
    hi = lo + pd.Timedelta(days=days).to_pytimedelta()
    first = tables.date_choice(lo, hi, corpus_id=1, url=(start, end))
    c = tables.date_choice(lo, hi, corpus_id=1, previous=first, picked=picked)
    shown = c.shown
    assert lo <= shown[0] <= shown[1] <= hi
    assert c.date_from is None or lo < c.date_from
    assert c.date_to is None or c.date_to < hi


def test_pickers_follow_the_filters(frames):
    index = tables.actor_index(frames)
    only_lavrov = tables.apply_filters(frames.statements, tables.Filters(stance=("say",)))
    picked = tables.actors_under_filters(index, only_lavrov)
    assert picked["name"].tolist() == ["Sergei Lavrov"] and picked["said"].tolist() == [1]
    denial = tables.apply_filters(frames.statements, tables.Filters(stance=("deny",)))
    assert tables.actors_under_filters(index, denial)[["name", "said", "targeted"]].to_dict("records") == [
        {"name": "John Kerry", "said": 0, "targeted": 1}]
    arts = tables.articles_under_filters(frames.articles, only_lavrov, filtered=True)
    assert arts["title"].tolist() == ["B"]
    assert len(tables.articles_under_filters(frames.articles, only_lavrov, filtered=False)) == 3
    b = arts["article_id"].iloc[0]
    assert tables.article_statements(only_lavrov, b)["speaker"].tolist() == ["Sergei Lavrov"]
    assert tables.article_statements(denial, b).empty


def test_default_window_leaves_out_one_old_article():
    recent = pd.Series(pd.date_range("2016-01-01", periods=40, freq="D"))
    dates = pd.concat([pd.Series(pd.to_datetime(["2009-06-01"])), recent])
    window = tables.default_window(dates)
    assert window is not None and window[0] > date(2015, 12, 1) and window[1] >= date(2016, 2, 9)
    assert tables.default_window(recent) is None  # an even spread needs no window
    assert tables.default_window(pd.Series([], dtype="datetime64[ns]")) is None


def test_speakers_shown_come_back_when_a_filter_is_cleared():
    # each run: the slider's value as the analyst left it (picked) against what it showed the run before (shown)
    wide, narrow = tables.slider_bounds(30, default=12), tables.slider_bounds(2, default=12)
    assert tables.slider_choice(wide) == (None, 12)
    assert tables.slider_choice(narrow, wanted=None, shown=12, picked=12) == (None, 2)  # a filter narrows it
    assert tables.slider_choice(wide, wanted=None, shown=2, picked=2) == (None, 12)  # cleared: the default again
    asked = tables.slider_choice(wide, wanted=None, shown=12, picked=20)  # the analyst moves it
    assert asked == (20, 20)
    assert tables.slider_choice(narrow, wanted=20, shown=20, picked=20) == (20, 2)
    assert tables.slider_choice(wide, wanted=20, shown=2, picked=2) == (20, 20)
    assert tables.slider_choice(wide, wanted=20, shown=20, picked=20, url=5) == (5, 5)


def test_article_href_keeps_the_filters_and_points_at_the_statement():
    href = highlight.article_href(3, "ab c", params={"speaker": ["A B", "C"], "id": ["other"], "stance": ["say"]},
                                  statement=4)
    assert href == "articles?corpus=3&speaker=A+B&speaker=C&stance=say&id=ab+c&stmt=4#statement-4"
    assert highlight.article_href(3, "x", share="tok") == "articles?corpus=3&id=x&share=tok"


def test_evidence_card_marks_the_pointed_statement(frames):
    row = tables.evidence(frames.statements)[0]
    plain = highlight.evidence_card(row, href=None, stance_colour="#000")
    marked = highlight.evidence_card(row, href=None, stance_colour="#000", marked=True)
    assert "wsw-marked" not in plain and '<div class="wsw-card wsw-marked">' in marked


def test_a_links_unknown_and_malformed_filter_values_are_listed():
    from analysis import filter_bar

    params = {"speaker": ["Ana Diaz", "Nobody"], "stance": "say", "from": ["2026-02-30"], "to": ["2026-03-01"],
              "direct": ["perhaps"], "outlet": [""]}
    options = {"speaker": ["Ana Diaz"], "stance": ["say"], "outlet": ["Daily Post"]}
    assert filter_bar.ignored_params(params, options) == [("speaker", "Nobody"), ("from", "2026-02-30"),
                                                            ("direct", "perhaps")]


def test_each_filter_in_force_is_one_chip():
    from datetime import date

    from analysis import filter_bar

    f = tables.Filters(speaker=("Ana Diaz",), article=("a1", "a2"), date_to=date(2026, 3, 1), direct=False)
    chips = filter_bar.filter_chips(f, lambda name, v: v.upper() if name == "article" else v)
    assert [c.label for c in chips] == ["speaker: Ana Diaz", "article: A1", "article: A2", "dates: … – 2026-03-01",
                                        "speech: reported"]
    assert [(c.name, c.value) for c in chips][-2:] == [("dates", None), ("direct", None)]
    assert filter_bar.filter_chips(tables.Filters()) == []


def test_a_profile_names_short_forms_of_its_actor_never_a_pronoun_or_a_description(tmp_path):
    text = "Brandt said the vote was close. He said more. The founder said it again. Tessa said so."
    said = [_statement(text, "Tessa Brandt", "said", "say", None, c, speaker_text=t) for t, c in
            [("Brandt", "the vote was close"), ("He", "more"), ("The founder", "it again"), ("Tessa", "so")]]
    analysis_ = Analysis(Article(text, title="T"), statements=tuple(said),
                         actors=(Actor("Tessa Brandt", "PERSON", ("Brandt",), "founder", 1),))
    store = Store(tmp_path / "t.sqlite3")
    cid = store.create_corpus("t", [analysis_.article], [analysis_], engine_version="v")
    p = tables.actor_profile(tables.corpus_frames(store.rows(cid)), "Tessa Brandt")
    assert p.aliases == ["Brandt", "Tessa"]


def test_blank_cells_show_nothing_for_none_nan_and_nat():
    df = pd.DataFrame({"role": ["founder", None], "lat": [1.5, float("nan")], "n": [1, 2],
                       "date": pd.to_datetime(["2026-03-04", None]), "quoted": [True, False]})
    out = tables.blank_cells(df)
    assert out.to_dict("records") == [{"role": "founder", "lat": 1.5, "n": 1, "date": "2026-03-04", "quoted": True},
                                      {"role": "", "lat": "", "n": 2, "date": "", "quoted": False}]
    assert out["n"].dtype == df["n"].dtype and df["role"].isna().sum() == 1  # full columns keep their type


def test_stance_order_skips_missing_stances():
    assert tables.stance_order(pd.Series([float("nan"), "", "warn", None, "mumble", "say"])) == [
        "say", "warn", "", "mumble"]


def test_pairs_present_keeps_only_pairs_some_statement_has():
    statements = pd.DataFrame({"speaker": ["Ana Diaz", "Ana Diaz", "Bo Lind"], "stance": ["say", "warn", "say"]})
    asked = [("Ana Diaz", "warn"), ("Bo Lind", "warn"), ("Cy Moor", "say"), ("Bo Lind", "say")]
    assert tables.pairs_present(statements, asked) == {("Ana Diaz", "warn"), ("Bo Lind", "say")}
    assert tables.pairs_present(statements, []) == set()
