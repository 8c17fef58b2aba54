"""The sidebar's filters and the active-filters bar as plain values (no Streamlit)."""
from __future__ import annotations

from datetime import date

from analysis import access, controls, filter_bar, highlight, tables


def frames() -> tables.CorpusFrames:
    rows = {"articles": [{"article_id": "a1", "title": "Port talks", "date": "2026-03-01", "outlet": "Daily Post",
                          "statements": 2},
                         {"article_id": "a2", "title": None, "date": "2026-03-04", "outlet": None, "statements": 1}],
            "statements": [{"article_id": "a1", "idx": 0, "speaker": "Ana Diaz", "stance": "warn", "target": "Union",
                            "direct": True, "negated": False},
                           {"article_id": "a1", "idx": 1, "speaker": "Ana Diaz", "stance": "say", "target": None,
                            "direct": False, "negated": False},
                           {"article_id": "a2", "idx": 0, "speaker": "Bo Lind", "stance": "say", "target": "Board",
                            "direct": False, "negated": True}]}
    return tables.corpus_frames(rows)


def test_options_offer_speakers_by_count_and_each_value_once():
    options = filter_bar.options(frames())
    assert options["speaker"] == ["Ana Diaz", "Bo Lind"]
    assert sorted(options["stance"]) == ["say", "warn"]
    assert options["target"] == ["Board", "Union"]
    assert options["article"] == ["a1", "a2"] and options["outlet"] == ["Daily Post"]
    assert filter_bar.titles(frames()) == {"a1": "Port talks", "a2": "untitled"}


def test_long_lists_offer_the_first_values_and_every_value_in_force():
    options = {"speaker": ["Ana Diaz", "Bo Lind", "Cy Moor", "Di Park"], "stance": ["say", "warn"]}
    shown = filter_bar.offered(options, {"speaker": ["Di Park", "Nobody", "Di Park"], "stance": ["say"]}, limit=2)
    assert shown == {"speaker": ["Ana Diaz", "Bo Lind", "Di Park"], "stance": ["say", "warn"]}
    assert filter_bar.offered(options, {}, limit=10) == options
    assert filter_bar.placeholder(options["stance"], limit=2) == "Any"
    assert filter_bar.placeholder(options["speaker"], limit=2) == "Any (lists 2 of 4, the most frequent first)"


def test_targets_beyond_what_the_widget_offers_come_by_count(monkeypatch):
    monkeypatch.setattr(filter_bar, "OFFERED", 1)
    assert filter_bar.options(frames())["target"] == ["Board", "Union"]  # one each: by name
    more = tables.corpus_frames({"statements": [
        {"article_id": "a1", "idx": i, "speaker": "Ana Diaz", "stance": "say", "target": t, "direct": False,
         "negated": False} for i, t in enumerate(["Union", "Board", "Union", None])]})
    assert filter_bar.options(more)["target"] == ["Union", "Board"]


def test_more_filters_open_whenever_one_of_them_is_in_force():
    assert not filter_bar.more_open({"speaker": ["Ana Diaz"]}, {}, corpus_id=1)
    assert filter_bar.more_open({"outlet": ["Daily Post"]}, {}, corpus_id=1)
    assert filter_bar.more_open({}, {"filter_article": ["a1"]}, corpus_id=1)
    assert filter_bar.more_open({}, {"filter_direct": "Quotations"}, corpus_id=1)
    assert not filter_bar.more_open({}, {"filter_direct": "All", "filter_outlet": []}, corpus_id=1)
    dates = tables.DateChoice(corpus_id=1, lo=date(2026, 3, 1), hi=date(2026, 3, 4), date_to=date(2026, 3, 2))
    assert filter_bar.more_open({}, {"_wsw_dates": dates}, corpus_id=1)
    assert not filter_bar.more_open({}, {"_wsw_dates": dates}, corpus_id=2)  # a range set on another corpus


def test_the_ignored_note_names_ten_values_escaped_and_counts_the_rest():
    assert filter_bar.ignored_note([]) is None
    note = filter_bar.ignored_note([("speaker", f"*N{i}*") for i in range(12)])
    assert note.startswith("Ignored from the link") and note.endswith(" and 2 more")
    assert "speaker “\\*N0\\*”" in note and "N10" not in note


def test_removing_chips_takes_out_only_their_values():
    f = tables.Filters(speaker=("Ana Diaz", "Bo Lind"), direct=True, date_from=date(2026, 3, 2))
    chips = filter_bar.filter_chips(f)
    dates = tables.DateChoice(corpus_id=1, lo=date(2026, 3, 1), hi=date(2026, 3, 4), date_from=date(2026, 3, 2))
    state = {"filter_speaker": ["Ana Diaz", "Bo Lind"], "filter_direct": "Quotations", "_wsw_dates": dates}
    assert filter_bar.without(chips[:1], state) == {"filter_speaker": ["Bo Lind"]}
    everything = filter_bar.without(chips, state)
    assert everything["filter_speaker"] == [] and everything["filter_direct"] == "All"
    assert everything["_wsw_dates"].date_from is None
    assert everything["filter_dates"] == (date(2026, 3, 1), date(2026, 3, 4))
    assert state["filter_speaker"] == ["Ana Diaz", "Bo Lind"]  # the state itself is left alone


def test_the_match_note_agrees_in_number():
    assert controls.match_note(1, 181) == " · 1 of 181 statements matches the filters"
    assert controls.match_note(1204, 1300) == " · 1,204 of 1,300 statements match the filters"


def test_an_oidc_sign_in_is_its_email_else_its_subject():
    assert access.oidc_identity({"is_logged_in": False, "email": "a@b.org"}) is None
    assert access.oidc_identity({"is_logged_in": True, "email": " Ana@Example.ORG ", "email_verified": True}) \
        == "ana@example.org"
    assert access.oidc_identity({"is_logged_in": True, "sub": "12345"}) == "sub:12345"


def test_followed_share_links_keep_the_newest_tokens():
    shares = {1: "t1", 2: "t2"}
    assert access.followed(shares, "t3", [2, 3]) == {1: "t1", 2: "t3", 3: "t3"}
    assert access.followed(shares, "t3", [3], limit=2) == {2: "t2", 3: "t3"}
    assert access.followed(shares, "t4", []) == shares and shares == {1: "t1", 2: "t2"}


def test_evidence_cards_link_each_card_and_outline_the_marked_one():
    rows = tables.evidence(frames().statements)
    html = highlight.evidence_cards(rows, href=lambda r: f"?stmt={r['idx']}", colour=lambda s: "#123456",
                                    marked=1)
    assert html.count('class="wsw-card') == len(rows) == 3 and html.count("wsw-marked") == 2  # CSS rule + card
    assert '<div data-testid="wsw-evidence">' in html and 'href="?stmt=0"' in html
    bare = highlight.evidence_cards(rows, href=lambda _r: None, colour=lambda s: "#000")
    assert "<a href" not in bare.split("</style>")[-1] and "wsw-marked" in highlight.CSS


def test_picked_cells_and_the_search_are_chips_that_remove_themselves():
    picks = tables.Selection(cells=(("Ana Diaz", "warn"), ("Bo Lind", "say")))
    chips = filter_bar.selection_chips(picks) + filter_bar.filter_chips(tables.Filters(search="port"))
    assert [c.label for c in chips] == ["cell: Ana Diaz · warn", "cell: Bo Lind · say", "search: “port”"]
    state = {filter_bar.CELLS_KEY: [("Ana Diaz", "warn"), ("Bo Lind", "say")], filter_bar.SEARCH_KEY: "port"}
    assert filter_bar.without(chips[:1], state) == {filter_bar.CELLS_KEY: [("Bo Lind", "say")]}
    assert filter_bar.without(chips, state) == {filter_bar.CELLS_KEY: [], filter_bar.SEARCH_KEY: ""}
    assert filter_bar.selection_chips(tables.Selection()) == []


def test_a_cell_chip_keeps_a_colon_in_the_speaker_name():
    chip, = filter_bar.selection_chips(tables.Selection(cells=(("Unit: North", "say"),)))
    assert filter_bar.without([chip], {filter_bar.CELLS_KEY: [("Unit: North", "say")]}) == {filter_bar.CELLS_KEY: []}


def test_a_date_range_says_how_many_undated_articles_it_hides():
    rows = {"articles": [{"article_id": "a1", "title": "Dated", "date": "2026-03-01", "statements": 1},
                         {"article_id": "a2", "title": "Undated", "date": None, "statements": 2}],
            "statements": [{"article_id": a, "idx": i, "speaker": who, "stance": stance, "negated": False,
                            "direct": False}
                           for a, i, who, stance in [("a1", 0, "Ana Diaz", "say"), ("a2", 0, "Bo Lind", "say"),
                                                     ("a2", 1, "Bo Lind", "warn")]]}
    f = tables.corpus_frames(rows)
    assert filter_bar.undated_note(tables.Filters(), f) is None
    assert filter_bar.undated_note(tables.Filters(date_from=date(2026, 1, 1)), f) == (
        "The date range hides 1 undated article (2 statements): remove the dates filter to see it.")
    assert filter_bar.undated_note(tables.Filters(date_to=date(2026, 4, 1)), frames()) is None  # all dated
