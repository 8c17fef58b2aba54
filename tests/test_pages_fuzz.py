"""Every page under random links: any mix of filters, selections and ids, known or not, must draw without an
exception, and a value the corpus does not know is named as ignored.

The default run is small (WSW_FUZZ_EXAMPLES examples per page, 8 unless set); `WSW_FUZZ_EXAMPLES=200 make test`
or `WSW_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/test_pages_fuzz.py` runs a longer one.
"""
from __future__ import annotations

import os

import pytest
from conftest import SYNTHETIC_NAME
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_app import PAGES, TITLES, fresh_caches, navigation_mode, no_exception, run  # noqa: F401 (fixtures)

import ui
from analysis.store import Store

EXAMPLES = int(os.environ.get("WSW_FUZZ_EXAMPLES", "8"))
ODD = ["", "-1", "0", "99999999999999999999", "x" * 300, "None", "%00", "‮", "1e9", "<b>", "a:b", "2026-02-30"]


@pytest.fixture(scope="module")
def known(dashboard_db_template):
    """Values the two corpora of the test database really hold, and the ids of those corpora."""
    store = Store(dashboard_db_template)
    corpora = {c.name: c.id for c in store.corpora()}
    values: dict[str, set[str]] = {k: set() for k in ("speaker", "stance", "target", "outlet", "article", "id")}
    for cid in corpora.values():
        rows = store.rows(cid)
        for s in rows["statements"]:
            for key in ("speaker", "stance", "target"):
                if s.get(key):
                    values[key].add(s[key])
        for a in rows["articles"]:
            values["article"].add(a["article_id"])
            values["id"].add(a["article_id"])
            if a.get("outlet"):
                values["outlet"].add(a["outlet"])
    return {k: sorted(v) for k, v in values.items()}, corpora


def links(known_values: dict[str, list[str]], corpus_ids: list[int]):
    """Query strings: each parameter absent, or one to three values drawn from the real ones and odd ones."""
    def some(real: list[str]):
        return st.lists(st.sampled_from(real[:60] + ODD) | st.text(max_size=12), min_size=1, max_size=3)

    date = st.dates().map(str) | st.sampled_from(ODD)
    number = st.integers(-10, 10**12).map(str) | st.sampled_from(ODD)
    params = {
        **{k: some(known_values[k]) for k in ("speaker", "stance", "target", "outlet", "article")},
        "direct": st.sampled_from(["yes", "no", "perhaps", ""]).map(lambda v: [v]),
        "from": date.map(lambda v: [v]), "to": date.map(lambda v: [v]),
        "top": number.map(lambda v: [v]), "id": some(known_values["id"]),
        "actor": some(known_values["speaker"]), "unit": st.sampled_from(["day", "week", "month", "year", "eon"])
        .map(lambda v: [v]),
        "cell": st.lists(st.tuples(st.sampled_from(known_values["speaker"][:20] + ODD),
                                   st.sampled_from(known_values["stance"] + ODD)).map(":".join), max_size=3),
        "q": st.text(max_size=20).map(lambda v: [v]), "stmt": number.map(lambda v: [v]),
        "corpus": st.sampled_from([*map(str, corpus_ids), "999", "-1", "", "abc"]).map(lambda v: [v]),
    }
    return st.fixed_dictionaries({}, optional=params)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_under_any_link(dashboard_db, known, page):
    values, corpora = known

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("WSW_FUZZ_EXAMPLES"),
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(params=links(values, list(corpora.values())))
    def check(params):
        ui.st.cache_data.clear()
        at = run(page, **params)
        no_exception(at)
        assert at.title[0].value == TITLES[page]

    check()


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/network.py", "pages/corpus.py"])
def test_an_unknown_value_is_named_as_ignored(dashboard_db, known, page):
    _values, corpora = known
    at = run(page, corpus=str(corpora[SYNTHETIC_NAME]), speaker=["Nobody Atall"], **{"from": "someday"})
    no_exception(at)
    notes = [c.value for c in at.caption if "Ignored from the link" in c.value]
    assert len(notes) == 1 and "speaker “Nobody Atall”" in notes[0] and "from “someday”" in notes[0]
    assert "speaker" not in at.query_params
