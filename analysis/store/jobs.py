"""Upload jobs: an upload's articles queued in the store, analysed in the background and stored batch by batch.

    jobs       one row per upload: the corpus it fills, its state, counts (total, done, failed) and the lease
               of the runner working on it (who, and until when; the runner renews it while it works)
    job_items  the upload's articles (metadata, text, content hash), each "pending", "done" or "failed" (with
               the reason, in the user's words)

A job is submitted in one transaction with its items (and, for a new corpus, the corpus). Each batch then
stores its analyses, links its articles to the corpus and marks its items done in one transaction, which also
checks that the runner still holds the lease: a runner killed mid-batch leaves its items pending, and a runner
whose lease another one took over stores nothing. A lease not renewed for `lease_s` seconds is stale, and any
runner, in this process or another sharing the database, may take the job over.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..access import LOCAL, Principal
from ..errors import Problem
from ..types import Analysis, Article, content_hash
from .records import ARTICLE_FIELDS, article_from_row, link_articles, save_analyses
from .schema import now

log = logging.getLogger("analysis.store")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
UNFINISHED = (QUEUED, RUNNING)
PENDING = "pending"


class LeaseLost(Exception):
    """The job is no longer this runner's: another runner took it over, or it ended."""


class CorpusDeleted(LeaseLost):
    """The corpus the job fills was deleted meanwhile."""


@dataclass(frozen=True)
class Job:
    """One upload job as the page shows it."""

    id: int
    corpus_id: int
    name: str
    owner: str
    made_corpus: bool  # the job made its corpus (a new corpus), rather than adding to one
    state: str
    total: int  # distinct articles of the upload
    done: int  # stored (analysed now, or analysed before by the same engine)
    failed: int  # given up on, each with its reason
    analysed: int  # analysed by the engine for this job
    error: str | None
    created: str
    updated: str
    finished: str | None

    @property
    def unfinished(self) -> bool:
        return self.state in UNFINISHED


@dataclass(frozen=True)
class Item:
    """One article of a job, at its position in the upload."""

    position: int
    hash: str
    article: Article


def _job(row: Mapping) -> Job:
    return Job(row["id"], row["corpus_id"], row["name"], row["owner"], bool(row["made_corpus"]), row["state"],
               row["total"], row["done"], row["failed"], row["analysed"], row["error"], row["created"],
               row["updated"], row["finished"])


class Jobs:
    """The job queue of a Store (its connections, transactions and access checks)."""

    def __init__(self, store):
        self.store = store

    # Submitting ----------------------------------------------------------------------------------------

    def submit(self, articles: Sequence[Article], hashes: Mapping[str, str] | None = None, *,
               corpus_id: int | None = None, name: str | None = None, owner: str = LOCAL,
               by: Principal | None = None) -> Job:
        """Queue the articles of an upload, each distinct text once, in one transaction.

        Either `name` (a new corpus of `owner`, made now, empty until the job stores its first batch) or
        `corpus_id` (an existing corpus that `by` may add to).

        Raises:
            CorpusNameError: the new corpus's name is empty or `owner` has a corpus of that name.
            AccessDenied: `by` may not add to the corpus.
        """
        from .store import _clean_name

        items: dict[str, Article] = {}
        for article in articles:
            items.setdefault((hashes or {}).get(article.text) or content_hash(article.text), article)
        with self.store._transaction() as con:
            if corpus_id is None:
                name = _clean_name(name or "")
                self.store._name_is_free(con, owner, name)
                corpus_id = con.execute("INSERT INTO corpora(owner, name, created) VALUES (?, ?, ?) RETURNING id",
                                        (owner, name, now())).fetchone()["id"]
                made = True
            else:
                self.store._require(con, corpus_id, by, "add")
                name = con.execute("SELECT name FROM corpora WHERE id = ?", (corpus_id,)).fetchone()["name"]
                owner, made = by.user if by else owner, False
            base = con.execute("SELECT COALESCE(MAX(position) + 1, 0) AS p FROM corpus_articles "
                               "WHERE corpus_id = ?", (corpus_id,)).fetchone()["p"]
            stamp = now()
            job_id = con.execute(
                "INSERT INTO jobs(corpus_id, name, owner, made_corpus, base, state, total, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (corpus_id, name, owner, int(made), base, QUEUED, len(items), stamp, stamp)).fetchone()["id"]
            con.executemany(
                "INSERT INTO job_items(job_id, position, hash, title, date, outlet, author, url, source, language, "
                "text, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(job_id, i, h, *(getattr(a, f) for f in ARTICLE_FIELDS), a.text, PENDING)
                 for i, (h, a) in enumerate(items.items())])
        log.info("upload job queued: job=%d corpus=%d articles=%d user=%r", job_id, corpus_id, len(items), owner)
        return self.job(job_id)

    # Reading -------------------------------------------------------------------------------------------

    def job(self, job_id: int) -> Job | None:
        with self.store._connect() as con:
            row = con.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def of_corpus(self, corpus_id: int, *, limit: int = 5) -> list[Job]:
        """The corpus's latest jobs, newest first."""
        with self.store._connect() as con:
            rows = con.execute("SELECT * FROM jobs WHERE corpus_id = ? ORDER BY id DESC LIMIT ?",
                               (corpus_id, limit)).fetchall()
        return [_job(r) for r in rows]

    def unfinished(self) -> list[Job]:
        """Every job not yet done, oldest first."""
        with self.store._connect() as con:
            rows = con.execute("SELECT * FROM jobs WHERE state IN (?, ?) ORDER BY id", UNFINISHED).fetchall()
        return [_job(r) for r in rows]

    def problems(self, job_id: int, *, limit: int = 100) -> list[Problem]:
        """The articles the job gave up on, in upload order: the file and the reason."""
        with self.store._connect() as con:
            rows = con.execute("SELECT position, source, reason FROM job_items WHERE job_id = ? AND state = ? "
                               "ORDER BY position LIMIT ?", (job_id, FAILED, limit)).fetchall()
        return [Problem(r["source"] or f"article {r['position'] + 1}", r["reason"] or "not analysed") for r in rows]

    def pending(self, job_id: int, *, after: int = -1, limit: int = 200) -> list[Item]:
        """The job's pending items after position `after`, in upload order."""
        with self.store._connect() as con:
            rows = con.execute("SELECT * FROM job_items WHERE job_id = ? AND state = ? AND position > ? "
                               "ORDER BY position LIMIT ?", (job_id, PENDING, after, limit)).fetchall()
        return [Item(r["position"], r["hash"], article_from_row(r)) for r in rows]

    def count_pending(self, job_id: int) -> int:
        with self.store._connect() as con:
            return con.execute("SELECT COUNT(*) AS n FROM job_items WHERE job_id = ? AND state = ?",
                               (job_id, PENDING)).fetchone()["n"]

    # The runner's lease --------------------------------------------------------------------------------

    def claim(self, runner: str, lease_s: float) -> Job | None:
        """Take the oldest unfinished job that no other runner holds a live lease on; None when there is none."""
        def claimable(con) -> Mapping | None:
            rows = con.execute("SELECT id, lease_owner, lease_until FROM jobs WHERE state IN (?, ?) ORDER BY id",
                               UNFINISHED).fetchall()
            return next((r for r in rows if r["lease_owner"] in (None, runner) or r["lease_until"] < clock), None)

        clock = time.time()
        with self.store._connect() as con:  # looked for without the write lock first: idle runners poll
            if claimable(con) is None:
                return None
        with self.store._transaction() as con:
            if (free := claimable(con)) is None:
                return None
            con.execute("UPDATE jobs SET state = ?, lease_owner = ?, lease_until = ?, updated = ? WHERE id = ?",
                        (RUNNING, runner, clock + lease_s, now(), free["id"]))
        if free["lease_owner"] not in (None, runner):
            log.info("upload job %d taken over from runner %s, whose lease went stale", free["id"],
                     free["lease_owner"])
        return self.job(free["id"])

    def renew(self, job_id: int, runner: str, lease_s: float) -> bool:
        """Extend the runner's lease on a job; False when it no longer holds it."""
        with self.store._transaction() as con:
            return con.execute("UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = ?",
                               (time.time() + lease_s, job_id, runner, RUNNING)).rowcount == 1

    def store_batch(self, job_id: int, runner: str, lease_s: float, *, done: Sequence[Item],
                    analyses: Iterable[Analysis], failed: Sequence[tuple[Item, str]], engine_version: str) -> None:
        """In one transaction: store the analyses, link the done items' articles to the corpus at their upload
        positions, mark the items done or failed (with the reason), count them in the job and renew the lease.

        Raises:
            LeaseLost: the runner no longer holds the job (nothing is stored).
        """
        with self.store._transaction() as con:
            row = con.execute("SELECT j.corpus_id, j.base, j.state, j.lease_owner, c.id AS present FROM jobs j "
                              "LEFT JOIN corpora c ON c.id = j.corpus_id WHERE j.id = ?", (job_id,)).fetchone()
            if row is None or row["lease_owner"] != runner or row["state"] != RUNNING:
                raise LeaseLost(f"job {job_id} is no longer held by {runner}")
            if row["present"] is None:
                raise CorpusDeleted(f"the corpus of job {job_id} was deleted")
            hashes = {i.article.text: i.hash for i in done}
            for item in done:
                link_articles(con, row["corpus_id"], [item.article], start=row["base"] + item.position, hashes=hashes)
            analysed = save_analyses(con, analyses, engine_version, hashes)
            marked = sum(con.execute("UPDATE job_items SET state = ? WHERE job_id = ? AND position = ? AND state = ?",
                                     (DONE, job_id, i.position, PENDING)).rowcount for i in done)
            lost = sum(con.execute("UPDATE job_items SET state = ?, reason = ?, text = '' WHERE job_id = ? AND "
                                   "position = ? AND state = ?", (FAILED, reason, job_id, i.position, PENDING)
                                   ).rowcount for i, reason in failed)
            con.execute("UPDATE jobs SET done = done + ?, failed = failed + ?, analysed = analysed + ?, "
                        "lease_until = ?, updated = ? WHERE id = ?",
                        (marked, lost, analysed, time.time() + lease_s, now(), job_id))
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (row["corpus_id"],))

    def finish(self, job_id: int, runner: str, *, error: str | None = None) -> Job:
        """End the runner's job: "done", or "failed" with `error` (the user's sentence); done items' copies of
        the text go (the articles table holds them). A new corpus left with no article is deleted."""
        corpus = None
        with self.store._transaction() as con:
            row = con.execute("SELECT corpus_id, made_corpus, lease_owner FROM jobs WHERE id = ?",
                              (job_id,)).fetchone()
            if row is None or row["lease_owner"] != runner:
                raise LeaseLost(f"job {job_id} is no longer held by {runner}")
            con.execute("UPDATE jobs SET state = ?, error = ?, lease_owner = NULL, lease_until = NULL, "
                        "updated = ?, finished = ? WHERE id = ?", (FAILED if error else DONE, error, now(), now(),
                                                                    job_id))
            con.execute("DELETE FROM job_items WHERE job_id = ? AND state = ?", (job_id, DONE))
            empty = con.execute("SELECT COUNT(*) AS n FROM corpus_articles WHERE corpus_id = ?",
                                (row["corpus_id"],)).fetchone()["n"] == 0
            if row["made_corpus"] and empty:
                corpus = row["corpus_id"]
        if corpus is not None:
            self.store.delete_corpus(corpus)
        job = self.job(job_id)
        log.info("upload job %s: job=%d corpus=%d done=%d failed=%d analysed=%d", job.state, job.id,
                 job.corpus_id, job.done, job.failed, job.analysed)
        return job
