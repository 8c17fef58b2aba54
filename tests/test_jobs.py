"""Big uploads as background jobs: the job queue in the store, the runner, and a runner killed mid-way and resumed,
on SQLite and PostgreSQL."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_app import MANAGE, fresh_caches, navigation_mode, no_exception, run  # noqa: F401 (fixtures)

import analysis.workers
import ui
from analysis import corpora
from analysis.background import Runner
from analysis.engine.version import engine_version
from analysis.errors import CorpusNameError, Problem
from analysis.store import Store, content_hash
from analysis.store.jobs import DONE, FAILED, QUEUED, RUNNING, Jobs, LeaseLost
from analysis.types import Analysis, Article

ROOT = Path(__file__).resolve().parents[1]


def article(i: int, sentences: int = 1) -> Article:
    """A small invented article, its text distinct for each i."""
    body = " ".join(f"Minister Ana Ruiz said on day {i} that the harbour talks, round {k}, would resume."
                    for k in range(sentences))
    return Article(text=f"Harbour talks, day {i}\n\n{body}", source=f"day-{i}.txt")


def fake_analyse(sent: list[str]):
    """analyze_isolated's stand-in: records what it is given, gives up on texts that mention a volcano."""
    def analyse(items, **kwargs):
        for a in items:
            sent.append(a.text)
            yield Problem(a.source, "too complex to analyse") if "volcano" in a.text else Analysis(article=a)
    return analyse


def count(store: Store, table: str) -> int:
    with store._connect() as con:
        return con.execute(f"SELECT COUNT(*) AS n FROM {table}").fetchone()["n"]


def test_job_queue_leases_and_batches(store):
    jobs = Jobs(store)
    items = [article(i) for i in range(5)] + [article(0)]  # the same text twice is one item
    job = jobs.submit(items, name="Harbour", owner="ana")
    assert (job.state, job.total, job.done, job.made_corpus) == (QUEUED, 5, 0, True)
    assert store.corpus(job.corpus_id).articles == 0  # the corpus exists, empty until a batch is stored
    with pytest.raises(CorpusNameError):
        jobs.submit(items, name="Harbour", owner="ana")
    assert [j.id for j in jobs.unfinished()] == [job.id]

    assert jobs.claim("a", lease_s=60).state == RUNNING
    assert jobs.claim("b", lease_s=60) is None  # a live lease is another runner's
    first = jobs.pending(job.id, limit=2)
    assert [i.position for i in first] == [0, 1] and first[0].hash == content_hash(items[0].text)
    with pytest.raises(LeaseLost):
        jobs.store_batch(job.id, "b", 60, done=first, analyses=[Analysis(article=i.article) for i in first],
                         failed=[], engine_version=engine_version())
    assert store.corpus(job.corpus_id).articles == 0  # nothing of the refused batch was stored
    revision = store.corpus(job.corpus_id).revision
    jobs.store_batch(job.id, "a", 60, done=first, analyses=[Analysis(article=i.article) for i in first],
                     failed=[(jobs.pending(job.id, after=1, limit=1)[0], "too complex to analyse")],
                     engine_version=engine_version())
    corpus = store.corpus(job.corpus_id)
    assert corpus.articles == 2 and corpus.revision > revision
    assert store.analysed({i.hash for i in first}, engine_version()) == {i.hash for i in first}
    now = jobs.job(job.id)
    assert (now.done, now.failed, now.analysed) == (2, 1, 2)
    assert [str(p) for p in jobs.problems(job.id)] == ["day-2.txt: too complex to analyse"]
    assert [i.position for i in jobs.pending(job.id)] == [3, 4]

    assert jobs.renew(job.id, "a", lease_s=0.01) and not jobs.renew(job.id, "b", lease_s=60)
    time.sleep(0.05)
    assert jobs.claim("b", lease_s=60).id == job.id  # a stale lease is taken over
    with pytest.raises(LeaseLost):
        jobs.store_batch(job.id, "a", 60, done=jobs.pending(job.id), analyses=[], failed=[],
                         engine_version=engine_version())
    ended = jobs.finish(job.id, "b")
    assert ended.state == DONE and not ended.unfinished and jobs.unfinished() == []
    assert count(store, "job_items") == 3  # the stored items' copies went; the failed and pending ones stay
    assert store.check() == []


def test_runner_skips_what_is_analysed_and_reports_what_it_gave_up_on(tmp_path, monkeypatch):
    store = Store(tmp_path / "w.db")
    known = [article(i) for i in range(3)]
    corpora.save_analysed(store, "Earlier", [Analysis(article=a) for a in known])
    sent: list[str] = []
    monkeypatch.setattr(analysis.workers, "analyze_isolated", fake_analyse(sent))
    upload = known + [article(i) for i in range(3, 10)] + [Article(text="A volcano said nothing.", source="v.txt")]
    job = Jobs(store).submit(upload, name="Mixed")
    ended = Runner(store, batch=3, name="r").run_one()
    assert (ended.id, ended.state, ended.total, ended.done, ended.failed, ended.analysed) == (job.id, DONE, 11, 10, 1,
                                                                                               7)
    assert sorted(sent) == sorted(a.text for a in upload[3:])  # the analysed articles are not sent again
    assert store.article_ids(job.corpus_id) == [content_hash(a.text) for a in upload[:10]]  # upload order
    assert [str(p) for p in Jobs(store).problems(job.id)] == ["v.txt: too complex to analyse"]
    assert Runner(store, name="r").run_one() is None  # nothing left


def test_a_job_whose_analysis_cannot_run_fails_and_leaves_no_empty_corpus(tmp_path, monkeypatch):
    store = Store(tmp_path / "w.db")

    def broken(items, **kwargs):
        raise RuntimeError("an analysis worker could not start")

    monkeypatch.setattr(analysis.workers, "analyze_isolated", broken)
    job = Jobs(store).submit([article(1)], name="Broken")
    ended = Runner(store, name="r").run_one()
    assert ended.state == FAILED and "could not start" in ended.error and ended.error.startswith("Nothing was saved")
    assert store.corpus(job.corpus_id) is None and store.corpora() == []


def test_submit_more_queues_only_what_the_corpus_lacks(tmp_path, monkeypatch):
    from analysis.access import Principal

    store = Store(tmp_path / "w.db")
    monkeypatch.setattr(analysis.workers, "analyze_isolated", fake_analyse([]))
    first = corpora.submit_new(store, "Talks", [("a.txt", article(1).text.encode())], owner="ana")
    assert first.saved and first.job is not None and first.articles == 1
    Runner(store, name="r").run_one()
    files = [("a.txt", article(1).text.encode()), ("b.txt", article(2).text.encode())]
    more = corpora.submit_more(store, store.corpus(first.corpus), files, Principal("ana"))
    assert (more.duplicates, more.duplicate_sources, more.articles) == (1, ("a.txt",), 1)
    Runner(store, name="r").run_one()
    assert Jobs(store).job(more.job).done == 1 and store.corpus(first.corpus).articles == 2


# -- a runner killed with SIGKILL while a job is half done, then resumed ----------------------------------------

ARTICLES = 48
KILLED_RUNNER = textwrap.dedent("""
    import sys
    from analysis.background import Runner
    from analysis.store import Store
    from analysis.workers import WorkerLimits

    Runner(Store(sys.argv[1]), processes=1, lease_s=1.5, batch=4, batch_s=60, name="killed",
           limits=WorkerLimits(chunk_articles=2)).run_one()
""")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_runner_killed_mid_job_is_resumed_and_stores_each_article_once(database, tmp_path, request, monkeypatch):
    target = request.getfixturevalue("postgres_url") if database == "postgresql" else str(tmp_path / "w.db")
    store = Store(target)
    upload = [article(i, sentences=6) for i in range(ARTICLES)]
    job = Jobs(store).submit(upload, name="Big upload")
    runner = subprocess.Popen([sys.executable, "-c", KILLED_RUNNER, target], cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while Jobs(store).job(job.id).done < 8:
            assert runner.poll() is None and time.monotonic() < deadline, "the runner ended before it was killed"
            time.sleep(0.02)
    finally:
        os.killpg(runner.pid, signal.SIGKILL)  # the runner and its analysis worker, at once
        runner.wait()
    before = Jobs(store).job(job.id)
    assert before.state == RUNNING and 8 <= before.done < ARTICLES  # half done: killed mid-way
    stored_before = set(store.analysed({content_hash(a.text) for a in upload}, engine_version()))
    assert len(stored_before) == before.done == store.corpus(job.corpus_id).articles  # whole batches only

    sent: list[str] = []
    real = analysis.workers.analyze_isolated

    def recording(items, **kwargs):
        def tap():
            for a in items:
                sent.append(a.text)
                yield a
        return real(tap(), **kwargs)

    monkeypatch.setattr(analysis.workers, "analyze_isolated", recording)
    resumer = Runner(store, processes=1, lease_s=1.5, name="resumer")
    assert resumer.run_one() is None  # the killed runner's lease is still live
    time.sleep(1.6)
    ended = resumer.run_one()
    assert ended.id == job.id and ended.state == DONE and (ended.done, ended.failed) == (ARTICLES, 0)
    assert not {content_hash(t) for t in sent} & stored_before  # what was stored before the kill is not redone
    assert len(sent) == len(set(sent)) == ARTICLES - before.done
    hashes = [content_hash(a.text) for a in upload]
    assert store.article_ids(job.corpus_id) == hashes  # every article once, in upload order
    assert count(store, "analyses") == count(store, "articles") == ARTICLES
    assert store.analysed(set(hashes), engine_version()) == set(hashes)
    assert store.check() == []


def test_a_version_5_database_gets_the_job_tables(tmp_path):
    import sqlite3
    from contextlib import closing

    from analysis.store import SCHEMA_VERSION

    path = tmp_path / "v5.db"
    Store(path).close()
    with closing(sqlite3.connect(path, isolation_level=None)) as con:  # as version 5 left it: no job tables
        con.execute("DROP TABLE job_items")
        con.execute("DROP TABLE jobs")
        con.execute("DELETE FROM schema_version WHERE version = 6")
    old = Store(path)
    assert old.schema_version() == SCHEMA_VERSION == 6
    assert Jobs(old).submit([article(1)], name="After the upgrade").total == 1


# -- the upload page ---------------------------------------------------------------------------------------------

def test_the_upload_page_returns_at_once_and_shows_the_job_after_a_reload(dashboard_db, monkeypatch):
    import analysis.background

    monkeypatch.setattr(analysis.background, "ensure_runner", lambda store, **kwargs: None)  # no runner yet
    monkeypatch.setattr(analysis.workers, "analyze_isolated", fake_analyse([]))
    files = [(f"day-{i}.txt", article(i).text.encode(), "text/plain") for i in range(6)]
    files.append(("volcano.txt", b"A volcano story\n\nThe volcano said nothing, officials said.", "text/plain"))
    at = run(MANAGE)
    at.file_uploader(key="manage_upload_files_0").set_value(files).run()
    at.text_input(key="manage_upload_name").input("Queued upload").run()
    at.button(key="manage_upload_button").click().run()  # returns with nothing analysed yet
    no_exception(at)
    store = Store(dashboard_db)
    jobs = Jobs(store)
    (job,) = jobs.unfinished()
    assert job.state == QUEUED and job.total == 7 and store.corpus(job.corpus_id).articles == 0
    assert at.selectbox(key="sidebar_corpus").value == job.corpus_id
    assert "7 articles of “Queued upload” are analysed in the background." in [i.value for i in at.info]
    assert [p.proto.text for p in at.get("progress")] == [
        "“Queued upload”: waiting for the analysis to start, 0 of 7 articles done"]

    jobs.claim("runner", lease_s=60)  # a runner stores a first batch
    first = jobs.pending(job.id, limit=3)
    jobs.store_batch(job.id, "runner", 60, done=first, analyses=[Analysis(article=i.article) for i in first],
                     failed=[], engine_version=engine_version())
    reloaded = run(MANAGE, corpus=str(job.corpus_id))  # another session, or the same one reloaded
    no_exception(reloaded)
    assert [p.proto.text for p in reloaded.get("progress")] == [
        "“Queued upload”: analysing in the background, 3 of 7 articles done"]
    assert store.corpus(job.corpus_id).articles == 3  # the corpus shows its articles as they arrive

    Runner(store, name="runner").run_one()
    at.run()
    no_exception(at)
    assert not at.get("progress")
    assert [s.value for s in at.success] == ["Saved “Queued upload”: 6 articles."]
    assert ui.md("volcano.txt: too complex to analyse") in [e.value for e in at.error]


def test_the_server_resumes_an_interrupted_job_at_start_without_a_visitor(tmp_path):
    from analysis.tools.harness import serve_dashboard

    store = Store(tmp_path / "w.db")
    job = Jobs(store).submit([article(i) for i in range(3)], name="Interrupted")
    Jobs(store).claim("a server that died", lease_s=0.01)  # its lease goes stale at once
    with serve_dashboard(tmp_path / "w.db", log=tmp_path / "server.log"):
        deadline = time.monotonic() + 120
        while (now := Jobs(store).job(job.id)).unfinished:
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()[-2000:]
            time.sleep(0.2)
    assert (now.state, now.done, now.analysed) == (DONE, 3, 3)
    assert store.corpus(job.corpus_id).articles == 3
