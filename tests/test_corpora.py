"""The upload, demo and refresh use cases (analysis/corpora.py), without Streamlit and without the language model:
the engine (and the worker processes uploads go to) is replaced by a stand-in that returns an empty Analysis
per article."""
from __future__ import annotations

import logging
import sqlite3

import pytest

import analysis
import analysis.workers
from analysis import corpora
from analysis.access import Principal
from analysis.demo import DEMO_NAME, STORY_NAME, load_demo, load_story
from analysis.engine.version import engine_version
from analysis.errors import Problem
from analysis.store import Store, records
from analysis.types import Analysis, Article, content_hash

TEXTS = ("Budget talks\n\nThe mayor said the budget would be balanced by spring.",
         "Harbour plans\n\nThe port authority warned that the new pier would be late.",
         "School meals\n\nParents urged the council to keep the lunch programme.")


def body(text: str) -> str:
    """The article text ingestion keeps: all of it, headline included, so that offsets index the file as read."""
    return text


def files(*texts: str) -> list[tuple[str, bytes]]:
    return [(f"article-{i}.txt", t.encode()) for i, t in enumerate(texts)]


@pytest.fixture
def analysed(monkeypatch):
    """Replace the engine with a stand-in; yields the list of articles it was given."""
    seen: list[Article] = []

    def stand_in(items, **kwargs):
        for item in items:
            seen.append(item)
            yield Analysis(article=item)

    monkeypatch.setattr(analysis, "analyze_many", stand_in)  # the demo and refreshes, in the server's process
    monkeypatch.setattr(analysis.workers, "analyze_isolated", stand_in)  # uploads, in a worker process
    return seen


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "wsw.sqlite3")
    yield s
    s.close()


def test_create_corpus_reports_what_it_did(store, analysed):
    report = corpora.create_corpus(store, "Town hall", files(*TEXTS) + [("empty.txt", b"")], owner="ann")
    assert report.saved and report.name == "Town hall" and not report.added
    assert (report.read, report.articles, report.analysed, report.duplicates) == (3, 3, 3, 0)
    assert report.problems and all(isinstance(p, Problem) for p in report.problems)
    assert [p.file for p in report.problems] == ["empty.txt"]
    corpus = store.corpus(report.corpus)
    assert corpus.owner == "ann" and corpus.articles == 3
    assert store.stale_articles(corpus.id, engine_version()) == []
    with pytest.raises(AttributeError):
        report.error = "changed"  # frozen


def test_each_text_is_hashed_once_per_upload(store, analysed, monkeypatch):
    calls = {"corpora": 0, "store": 0}

    def counting(where):
        def count(text):
            calls[where] += 1
            return content_hash(text)
        return count

    monkeypatch.setattr(corpora, "content_hash", counting("corpora"))
    monkeypatch.setattr(records, "content_hash", counting("store"))
    report = corpora.create_corpus(store, "Town hall", files(*TEXTS))
    assert report.saved
    assert calls == {"corpora": len(TEXTS), "store": 0}


def test_an_empty_name_gets_a_free_dated_one(store, analysed):
    first = corpora.create_corpus(store, "  ", files(TEXTS[0]))
    second = corpora.create_corpus(store, "", files(TEXTS[1]))
    assert first.name.startswith("Upload of ") and second.name == f"{first.name} (2)"


def test_texts_already_analysed_are_not_analysed_again(store, analysed):
    corpora.create_corpus(store, "First", files(*TEXTS[:2]))
    analysed.clear()
    report = corpora.create_corpus(store, "Second", files(*TEXTS))
    assert report.saved and report.articles == 3 and report.analysed == 1
    assert [a.text for a in analysed] == [body(TEXTS[2])]


def test_add_files_counts_duplicates(store, analysed):
    made = corpora.create_corpus(store, "Town hall", files(*TEXTS[:2]), owner="ann")
    report = corpora.add_files(store, store.corpus(made.corpus), files(*TEXTS), Principal("ann"))
    assert report.saved and report.added and report.corpus == made.corpus
    assert (report.read, report.articles, report.duplicates, report.analysed) == (3, 1, 2, 1)
    assert store.corpus(made.corpus).articles == 3


def test_nothing_readable_saves_nothing(store, analysed):
    report = corpora.create_corpus(store, "Empty", [("empty.txt", b"")])
    assert not report.saved and report.corpus is None
    assert report.error == corpora.NOTHING_READ and report.problems
    assert store.corpora() == [] and analysed == []


def test_a_taken_name_is_refused_with_the_error_message(store, analysed):
    corpora.create_corpus(store, "Town hall", files(TEXTS[0]))
    report = corpora.create_corpus(store, "Town hall", files(TEXTS[1]))
    assert not report.saved and "already exists" in report.error
    assert "CorpusNameError" not in report.error
    assert len(store.corpora()) == 1


def test_someone_without_edit_rights_cannot_add(store, analysed):
    made = corpora.create_corpus(store, "Town hall", files(TEXTS[0]), owner="ann")
    report = corpora.add_files(store, store.corpus(made.corpus), files(TEXTS[1]), Principal("bob"))
    assert not report.saved and report.error and "AccessDenied" not in report.error
    assert store.corpus(made.corpus).articles == 1


def test_an_engine_failure_names_the_step_and_is_logged(store, monkeypatch, caplog):
    def broken(items, **kwargs):
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(analysis.workers, "analyze_isolated", broken)
    caplog.set_level(logging.WARNING, logger="analysis.corpora")
    report = corpora.create_corpus(store, "Town hall", files(*TEXTS))
    assert not report.saved and report.error.startswith(corpora.ANALYSIS_FAILED)
    assert "RuntimeError" not in report.error
    assert store.corpora() == []
    assert any(r.exc_info and "parser crashed" in str(r.exc_info[1]) for r in caplog.records)


def test_a_database_failure_shows_no_raw_error_text(store, analysed, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error at /srv/private/wsw.sqlite3")

    monkeypatch.setattr(store, "create_corpus", broken)
    caplog.set_level(logging.WARNING, logger="analysis.corpora")
    report = corpora.create_corpus(store, "Town hall", files(*TEXTS))
    assert report.error == corpora.STORING_FAILED
    assert "/srv/private" not in report.error and "OperationalError" not in report.error
    assert any(r.exc_info for r in caplog.records)


def test_progress_is_reported_per_article(store, analysed):
    seen = []
    corpora.create_corpus(store, "Town hall", files(*TEXTS), progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_the_demo_is_created_once_and_kept_in_step(store, analysed):
    demo = [Article(text=t, source=f"demo-{i}.txt") for i, t in enumerate(TEXTS)]
    assert corpora.ensure_demo(store, {DEMO_NAME: demo[:2]}) == {DEMO_NAME: "created"}
    assert corpora.ensure_demo(store, {DEMO_NAME: demo[:2]}) == {}
    assert corpora.ensure_demo(store, {DEMO_NAME: demo}) == {DEMO_NAME: "updated"}
    [corpus] = store.corpora()
    assert corpus.builtin and corpus.articles == 3


TWO = {DEMO_NAME: [Article(text=TEXTS[0], source="a.txt")],
       STORY_NAME: [Article(text=t, source=f"s{i}.txt") for i, t in enumerate(TEXTS[1:])]}


def test_both_built_in_corpora_are_made_and_the_story_is_listed_first(store, analysed):
    assert corpora.ensure_demo(store, TWO) == {DEMO_NAME: "created", STORY_NAME: "created"}
    assert [(c.name, c.builtin, c.articles) for c in store.corpora()] == [(STORY_NAME, True, 2), (DEMO_NAME, True, 1)]
    store.create_corpus("Mine", [Article(text="Later\n\nThe clerk said no.", source="m.txt")], engine_version="v")
    assert store.corpora()[0].name == STORY_NAME  # built-in corpora come before the newer ones of the user


def test_the_default_built_in_corpora_are_the_demo_and_the_story(store, analysed, tmp_path, monkeypatch):
    monkeypatch.setenv("WSW_CACHE_DIR", str(tmp_path / "cache"))  # the stand-in's empty analyses stay private
    assert corpora.ensure_demo(store) == {DEMO_NAME: "created", STORY_NAME: "created"}
    counts = {c.name: c.articles for c in store.corpora()}
    assert counts == {STORY_NAME: len(load_story()), DEMO_NAME: len(load_demo())}
    assert store.corpora()[0].name == STORY_NAME


@pytest.mark.parametrize("deleted", [DEMO_NAME, STORY_NAME])
def test_deleting_one_built_in_corpus_keeps_it_away_until_every_corpus_is_gone(store, analysed, deleted):
    corpora.ensure_demo(store, TWO)
    kept = {c.name: c.id for c in store.corpora()}
    store.delete_corpus(kept[deleted])
    assert corpora.ensure_demo(store, TWO) == {}  # another corpus is left: what was deleted stays deleted
    assert {c.name for c in store.corpora()} == set(TWO) - {deleted}
    for corpus in store.corpora():
        store.delete_corpus(corpus.id)
    assert corpora.ensure_demo(store, TWO) == {DEMO_NAME: "created", STORY_NAME: "created"}


def test_only_the_missing_built_in_corpus_is_made_again(store, analysed, tmp_path, monkeypatch):
    monkeypatch.setenv("WSW_CACHE_DIR", str(tmp_path / "cache"))  # no snapshot of these articles yet
    corpora.ensure_demo(store, {DEMO_NAME: TWO[DEMO_NAME]})
    demo = store.corpora()[0]
    with sqlite3.connect(store.url) as con:  # a database where the first start was cut short
        con.execute("DELETE FROM meta WHERE key = 'builtin_created'")
    analysed.clear()
    assert corpora.ensure_demo(store, TWO) == {STORY_NAME: "created"}
    assert [a.source for a in analysed] == ["s0.txt", "s1.txt"]
    assert [(c.name, c.id) for c in store.corpora()][1] == (DEMO_NAME, demo.id)  # the same corpus, not a copy


def test_a_built_in_corpus_named_around_a_corpus_of_yours_is_still_matched(store, analysed):
    store.create_corpus(STORY_NAME, [Article(text="Mine\n\nThe clerk said no.", source="m.txt")],
                        engine_version="v")
    corpora.ensure_demo(store, TWO)
    assert {c.name for c in store.corpora() if c.builtin} == {DEMO_NAME, f"{STORY_NAME} (2)"}
    longer = {**TWO, STORY_NAME: [*TWO[STORY_NAME], Article(text=TEXTS[0], source="s2.txt")]}
    assert corpora.ensure_demo(store, longer) == {STORY_NAME: "updated"}


def test_refresh_analyses_only_what_a_newer_engine_has_not_seen(store, analysed, tmp_path):
    made = corpora.create_corpus(store, "Town hall", files(*TEXTS))
    with sqlite3.connect(tmp_path / "wsw.sqlite3") as con:
        con.execute("UPDATE analyses SET engine_version = 'older' WHERE article_hash = ?",
                    (content_hash(body(TEXTS[1])),))
    analysed.clear()
    corpus = corpora.refresh_stale(store, store.corpus(made.corpus))
    assert [a.text for a in analysed] == [body(TEXTS[1])]
    assert store.stale_articles(corpus.id, engine_version()) == []
    analysed.clear()
    assert corpora.refresh_stale(store, corpus) == corpus and analysed == []


def test_save_analysed_stores_given_analyses(store):
    analyses = [Analysis(article=Article(text=t, source=f"{i}.txt")) for i, t in enumerate(TEXTS)]
    corpus_id = corpora.save_analysed(store, "Generated", analyses)
    assert store.corpus(corpus_id).articles == 3
    assert store.stale_articles(corpus_id, engine_version()) == []


# The demo snapshot: a fresh database gets the demo's analyses without the engine ---------------------------


def demo_articles() -> list[Article]:
    return [Article(text=t, source=f"demo-{i}.txt", title=f"Demo {i}") for i, t in enumerate(TEXTS)]


def test_a_fresh_database_takes_the_demo_from_the_snapshot(tmp_path, monkeypatch, analysed):
    monkeypatch.setenv("WSW_CACHE_DIR", str(tmp_path / "cache"))
    first = Store(tmp_path / "a.sqlite3")
    assert corpora.ensure_demo(first, {DEMO_NAME: demo_articles()}) == {DEMO_NAME: "created"}
    assert len(analysed) == 3
    assert len(list((tmp_path / "cache").glob("demo-*.json"))) == 1
    analysed.clear()
    second = Store(tmp_path / "b.sqlite3")
    assert corpora.ensure_demo(second, {DEMO_NAME: demo_articles()}) == {DEMO_NAME: "created"}
    assert analysed == []  # no engine, no model
    [demo] = second.corpora()
    assert demo.articles == 3 and second.stale_articles(demo.id, engine_version()) == []
    for text in TEXTS:
        assert second.article(content_hash(text)).to_dict() == first.article(content_hash(text)).to_dict()


@pytest.mark.parametrize("change", ["engine", "cues", "damaged", "text"])
def test_the_snapshot_is_not_used_when_it_may_differ(tmp_path, monkeypatch, analysed, change):
    monkeypatch.setenv("WSW_CACHE_DIR", str(tmp_path / "cache"))
    corpora.ensure_demo(Store(tmp_path / "a.sqlite3"), {DEMO_NAME: demo_articles()})
    analysed.clear()
    articles = demo_articles()
    if change == "engine":
        monkeypatch.setattr(corpora, "engine_version", lambda: "a newer engine")
    elif change == "cues":
        (tmp_path / "cues.tsv").write_text("mumbled\tsay\n")
        monkeypatch.setenv("WSW_CUES", str(tmp_path / "cues.tsv"))
    elif change == "damaged":
        next((tmp_path / "cache").glob("demo-*.json")).write_text("{not json")
    else:
        articles[0] = Article(text=TEXTS[0] + " It was late.", source="demo-0.txt")
    assert corpora.ensure_demo(Store(tmp_path / "b.sqlite3"), {DEMO_NAME: articles}) == {DEMO_NAME: "created"}
    assert len(analysed) == 3


def test_the_snapshot_holds_what_the_engine_finds(tmp_path, monkeypatch):
    from analysis import demo as demo_module

    where = demo_module.snapshot_path  # a private snapshot; the gazetteer index stays in the shared cache
    monkeypatch.setattr(demo_module, "snapshot_path", lambda version, hashes: tmp_path / where(version, hashes).name)
    demo = list(demo_module.load_demo()[:2])
    fresh = Store(tmp_path / "a.sqlite3")
    corpora.ensure_demo(fresh, {DEMO_NAME: demo})  # analysed by the engine, and snapshotted
    from_snapshot = Store(tmp_path / "b.sqlite3")
    monkeypatch.setattr(analysis, "analyze_many", lambda *a, **k: pytest.fail("the engine ran"))
    corpora.ensure_demo(from_snapshot, {DEMO_NAME: demo})
    for article in demo:
        key = content_hash(article.text)
        assert from_snapshot.article(key).to_dict() == fresh.article(key).to_dict()
        assert from_snapshot.article(key).statements  # a real analysis, not an empty one


def test_a_reanalysis_moves_corrections_to_the_new_spans_and_keeps_the_ones_it_cannot_place(store, monkeypatch):
    from analysis import layered
    from analysis.corrections import EDIT, Correction
    from analysis.store.layers import Layers
    from analysis.types import Statement

    text = body(TEXTS[1])
    cue = text.index("warned")

    def engine(end):  # the port authority's statement, ending at `end`
        def run(items, **kwargs):
            for item in items:
                yield Analysis(article=item, statements=(Statement(
                    "port authority", "warned", "warn", None, text[cue + 12:end], False, 14, end, cue, cue + 6,
                    cue + 12, end),) if item.text == text else ())
        return run

    monkeypatch.setattr(analysis, "analyze_many", engine(len(text) - 1))
    monkeypatch.setattr(corpora, "engine_version", lambda: "v1")
    corpus = store.corpus(corpora.save_analysed(store, "Port", list(engine(len(text) - 1)([Article(text=text)]))))
    [article] = store.article_ids(corpus.id)
    layers = Layers(store)
    layers.add_correction(corpus.id, Correction(article, 14, len(text) - 1, cue, cue + 6, EDIT,
                                                (("target", "pier builders"),)))
    layers.add_correction(corpus.id, Correction(article, 0, 12, 0, 4, EDIT, (("speaker", "the editor"),)))
    monkeypatch.setattr(analysis, "analyze_many", engine(len(text)))  # a newer engine: one more character
    monkeypatch.setattr(corpora, "engine_version", lambda: "v2")
    corpora.refresh_stale(store, corpus)
    moved, lost = layers.corrections(corpus.id)
    assert (moved.start, moved.end) == (14, len(text)) and (lost.start, lost.end) == (0, 12)
    shown = layered.load(store, corpus.id)
    assert shown.frames.statements["target"].tolist() == ["pier builders"]
    assert [a.how for a in shown.anchored] == ["same", "unanchored"]  # listed for review, not dropped


def test_a_fresh_database_takes_both_built_in_corpora_from_their_snapshots(tmp_path, monkeypatch, analysed):
    from analysis import demo as demo_module

    where = demo_module.snapshot_path
    monkeypatch.setattr(demo_module, "snapshot_path", lambda version, hashes: tmp_path / where(version, hashes).name)
    corpora.ensure_demo(Store(tmp_path / "prepared.sqlite3"))  # what `python -m analysis.tools.prepare` does
    assert len(list(tmp_path.glob("demo-*.json"))) == 2  # one snapshot per built-in corpus
    monkeypatch.setattr(analysis, "analyze_many", lambda *a, **k: pytest.fail("the engine ran"))
    fresh = Store(tmp_path / "fresh.sqlite3")
    assert corpora.ensure_demo(fresh) == {DEMO_NAME: "created", STORY_NAME: "created"}
    assert all(fresh.stale_articles(c.id, engine_version()) == [] for c in fresh.corpora())
