"""Use cases of the dashboard: a corpus from uploaded files, more files for a corpus, the demo corpus, and
analysing again what a newer engine has not seen.

Each function hashes a text once (content_hash) and passes the hash along to the store; the engine is called in
one place, analyse_new(). Results come back as an UploadReport, with user-facing text only: the messages of the
error classes in errors.py, or a plain sentence saying which step failed (the details go to the log).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import analysis

from .access import LOCAL, Principal
from .demo import DEMO_NAME, STORY_NAME, load_demo, load_snapshot, load_story, save_snapshot
from .engine.version import engine_version
from .errors import AccessDenied, AnalysisFailed, CorpusNameError, Problem
from .store import CorpusInfo, Store
from .types import Analysis, Article, content_hash

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (articles analysed so far, articles to analyse)
Files = Sequence[tuple[str, bytes]]  # (file name, content) of each uploaded file

ANALYSIS_FAILED = "Nothing was saved: the analysis of the articles failed"
STORING_FAILED = "Nothing was saved: the database could not store the articles. Please try again later."
NOTHING_READ = "No article could be read from the uploaded files."
NOTHING_ANALYSED = "Nothing was saved: no article of the upload could be analysed."
UPLOAD_NICE = 10  # upload workers yield the CPU to the server's other users


@dataclass(frozen=True)
class UploadReport:
    """What an upload did.

    `corpus` is the id of the corpus the articles went to (None when nothing was saved), `name` its name.
    `read` counts the articles read from the files, `articles` those the corpus gained, `duplicates` those it
    held already (`duplicate_sources` names them), `analysed` those the engine analysed now (the others had a
    current analysis), `dated` and `given_outlet` those that took the batch's date or outlet (Batch).
    `problems` are the files or rows that were skipped or changed; `error` says why nothing was saved, when
    nothing was. `job` is the id of the background job (store/jobs.py) that analyses and stores the articles,
    for an upload submitted rather than analysed at once.
    """

    corpus: int | None
    name: str | None
    read: int = 0
    articles: int = 0
    duplicates: int = 0
    duplicate_sources: tuple[str, ...] = ()
    analysed: int = 0
    dated: int = 0
    given_outlet: int = 0
    added: bool = False  # True: the articles went into an existing corpus
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    job: int | None = None  # the background job analysing the articles (submit_new, submit_more)

    @property
    def saved(self) -> bool:
        return self.corpus is not None and self.error is None


@dataclass(frozen=True)
class Batch:
    """What the analyst says of a whole upload: a date (YYYY-MM-DD) and an outlet for the articles that carry
    none of their own (an article's own date or outlet, from its file, always wins)."""

    date: str | None = None
    outlet: str | None = None

    def apply(self, articles: Sequence[Article]) -> tuple[list[Article], set[str], set[str]]:
        """The articles with the batch's date and outlet filled in where missing, and the texts of those that
        took the date and of those that took the outlet."""
        from dataclasses import replace

        outlet = (self.outlet or "").strip() or None
        out, dated, given = [], set(), set()
        for a in articles:
            changes = {}
            if self.date and not a.date:
                changes["date"] = self.date
                dated.add(a.text)
            if outlet and not a.outlet:
                changes["outlet"] = outlet
                given.add(a.text)
            out.append(replace(a, **changes) if changes else a)
        return out, dated, given


def hashes_of(articles: Sequence[Article]) -> dict[str, str]:
    """Text -> content hash, one hash per distinct text."""
    return {a.text: content_hash(a.text) for a in articles}


def analyse_new(store: Store, articles: Sequence[Article], hashes: dict[str, str] | None = None, *,
                nlp: Callable[[], object] | None = None, progress: Progress | None = None) -> list[Analysis]:
    """Analyse the articles the store has no analysis of by the current engine, each distinct text once.

    Args:
        hashes: text -> content hash of `articles`, when the caller computed them already.
        nlp: returns the spaCy pipeline; called only when something needs analysing (loading it is slow).
        progress: called with (done, total) after each article.
    """
    todo = _todo(store, articles, hashes if hashes is not None else hashes_of(articles))
    if not todo:
        return []
    if progress:
        progress(0, len(todo))
    results = []
    for i, result in enumerate(analysis.analyze_many(todo, nlp=nlp() if nlp else None), 1):
        results.append(result)
        if progress:
            progress(i, len(todo))
    return results


def _todo(store: Store, articles: Sequence[Article], hashes: dict[str, str]) -> list[Article]:
    """The articles with no analysis by the current engine in the store, each distinct text once."""
    known = store.analysed(set(hashes[a.text] for a in articles), engine_version())
    return list({hashes[a.text]: a for a in articles if hashes[a.text] not in known}.values())


def analyse_upload(store: Store, articles: Sequence[Article], hashes: dict[str, str], *,
                   progress: Progress | None = None) -> tuple[list[Analysis], list[Article], list[Problem]]:
    """Analyse an upload's new articles in a worker process (analysis/workers.py), at a lower CPU priority.

    A text that crashes the engine or passes a limit costs only itself, and the server's own process never
    parses: other users' pages keep their speed and the server survives any upload.

    Returns:
        The analyses, the articles that can be stored (those the worker gave up on left out), and one
        Problem per article given up on.
    """
    from .workers import WorkerLimits, analyze_isolated

    todo = _todo(store, articles, hashes)
    if not todo:
        return [], list(articles), []
    if progress:
        progress(0, len(todo))
    results: list[Analysis] = []
    lost: list[Problem] = []
    given_up: set[str] = set()
    items = analyze_isolated(todo, processes=1, limits=WorkerLimits.from_settings(), nice=UPLOAD_NICE)
    for i, (article, result) in enumerate(zip(todo, items, strict=True), 1):
        if isinstance(result, Problem):
            lost.append(result)
            given_up.add(hashes[article.text])
        else:
            results.append(result)
        if progress:
            progress(i, len(todo))
    return results, [a for a in articles if hashes[a.text] not in given_up], lost


def free_name(store: Store, name: str, owner: str) -> str:
    """`name`, or `name (2)`, `name (3)` …: the first that `owner` has not used."""
    taken = {c.name for c in store.corpora() if c.owner == owner}
    return next(n for n in (name, *(f"{name} ({i})" for i in range(2, 1000))) if n not in taken)


def ensure_demo(store: Store, demos: Mapping[str, Sequence[Article]] | None = None, *,
                nlp: Callable[[], object] | None = None,
                progress: Callable[[str], Progress | None] | None = None) -> dict[str, str]:
    """Create the built-in demo corpora on first start, or when every corpus was deleted; keep each in step with
    its demo files.

    Args:
        demos: name → articles of each built-in corpus, in the order they are made (the last made is listed,
            and opened, first); by default the demo corpus, then the port dispute story.
        progress: the progress callback for the analysis of one built-in corpus, given its name.

    Returns:
        name → "created" or "updated" for each built-in corpus changed now (empty: nothing to do). Each is
        matched by its name among the built-in corpora, so only the missing ones are made again.
    """
    demos = {DEMO_NAME: load_demo(), STORY_NAME: load_story()} if demos is None else demos
    corpora = store.corpora()
    builtin = {_demo_name(c.name): c for c in reversed(corpora) if c.builtin}
    first_start = store.meta("builtin_created") is None or not corpora
    done: dict[str, str] = {}
    for name, articles in demos.items():
        hashes = hashes_of(articles)
        kwargs = {"nlp": nlp, "progress": progress(name) if progress else None}
        corpus = builtin.get(name)
        if corpus is None and first_start:
            analyses = demo_analyses(store, articles, hashes, **kwargs)
            try:
                store.create_corpus(free_name(store, name, LOCAL), articles, analyses,
                                    engine_version=engine_version(), builtin=True, owner=LOCAL, hashes=hashes)
            except CorpusNameError:  # another replica on the same database made it meanwhile
                log.info("built-in corpus %r made by another process", name)
            done[name] = "created"
        elif corpus is not None and store.article_ids(corpus.id) != list(dict.fromkeys(hashes[a.text]
                                                                                        for a in articles)):
            analyses = demo_analyses(store, articles, hashes, **kwargs)
            store.replace_articles(corpus.id, articles, analyses, engine_version=engine_version(), hashes=hashes)
            done[name] = "updated"
    return done


def _demo_name(name: str) -> str:
    """The built-in corpus's own name, without the " (2)" that free_name adds when a corpus of yours has it."""
    return re.sub(r" \(\d+\)$", "", name)


def demo_analyses(store: Store, articles: Sequence[Article], hashes: dict[str, str], *,
                  nlp: Callable[[], object] | None = None, progress: Progress | None = None) -> list[Analysis]:
    """analyse_new() for the demo articles, through the snapshot of this engine version (demo.load_snapshot):
    with one, no model is loaded; without, the articles are analysed and the snapshot is made."""
    keys = [hashes[a.text] for a in articles]
    snapshot = load_snapshot(engine_version(), articles, keys)
    if snapshot is not None:
        known = store.analysed(set(keys), engine_version())
        return list({h: a for a, h in zip(snapshot, keys, strict=True) if h not in known}.values())
    analyses = analyse_new(store, articles, hashes, nlp=nlp, progress=progress)
    if len(analyses) == len(set(keys)):  # every article analysed now: the snapshot is complete
        by_hash = {hashes[a.article.text]: a for a in analyses}
        save_snapshot(engine_version(), [by_hash[h] for h in keys], keys)
    return analyses


def refresh_stale(store: Store, corpus: CorpusInfo, *, nlp: Callable[[], object] | None = None,
                  progress: Progress | None = None) -> CorpusInfo:
    """Analyse again the articles of a corpus that the current engine has not seen, and re-anchor the corpus's
    corrections to the new statements; return the corpus as now."""
    stale = store.stale_articles(corpus.id, engine_version())
    if not stale:
        return corpus
    hashes = hashes_of(stale)
    analyses = analyse_new(store, stale, hashes, nlp=nlp, progress=progress)
    store.save_analyses(analyses, engine_version=engine_version(), hashes=hashes)
    reanchor(store, corpus.id)
    return store.corpus(corpus.id)


def reanchor(store: Store, corpus_id: int) -> int:
    """Store the corpus's corrections under the spans of the statements they now apply to (corrections.anchor,
    the same span or the best overlap); those no statement carries stay as they were, listed for review.
    Returns how many moved."""
    from . import corrections
    from .store.layers import Layers
    from .tables import corpus_frames

    layers = Layers(store)
    stored = layers.corrections(corpus_id)
    if not stored:
        return 0
    statements = corpus_frames(store.rows(corpus_id)).statements
    return layers.move(corpus_id, corrections.moved(corrections.anchor(stored, statements), statements))


def save_analysed(store: Store, name: str, analyses: Sequence[Analysis], *, owner: str = LOCAL) -> int:
    """Store articles that come with their analyses (made by the current engine) as a new corpus; its id."""
    articles = [a.article for a in analyses]
    return store.create_corpus(name, articles, analyses, engine_version=engine_version(), owner=owner,
                               hashes=hashes_of(articles))


def _read(files: Files, user: str) -> tuple[list[Article], tuple[Problem, ...]]:
    """The articles of the uploaded files, and the problems met reading them."""
    from .ingest import ingest_files

    result = ingest_files(files)
    # Counts only: file names and article text stay out of the log.
    log.info("upload read: user=%r files=%d articles=%d problems=%d", user, len(files), len(result.articles),
             len(result.problems))
    return list(result.articles), result.problems


def _analyse(store: Store, articles: Sequence[Article], hashes: dict[str, str],
             progress) -> tuple[list[Analysis], list[Article], list[Problem]]:
    try:
        return analyse_upload(store, articles, hashes, progress=progress)
    except Exception as err:  # the workers could not run: nothing is stored
        raise AnalysisFailed(err) from err


def _failure(err: Exception, what: str) -> str:
    """The user's sentence for an unexpected error; the error itself goes to the log."""
    if isinstance(err, AnalysisFailed):
        log.warning("upload failed in the analysis: %s", what, exc_info=err.__cause__)
        return f"{ANALYSIS_FAILED} ({err.__cause__})."
    log.warning("upload failed in the store: %s", what, exc_info=err)
    return STORING_FAILED


def _new_upload(store: Store, name: str, files: Files, owner: str,
                batch: Batch | None) -> tuple[UploadReport, list[Article], dict[str, str]]:
    """The report so far of an upload for a new corpus (its `error` set when no article could be read), its
    articles with the batch's date and outlet applied, and their hashes. An empty `name` becomes "Upload of
    <today>" (numbered when taken)."""
    articles, problems = _read(files, owner)
    if not articles:
        return UploadReport(corpus=None, name=name, problems=problems, error=NOTHING_READ), [], {}
    name = name.strip() or free_name(store, f"Upload of {date.today().isoformat()}", owner)
    articles, dated, given = (batch or Batch()).apply(articles)
    report = UploadReport(corpus=None, name=name, read=len(articles), problems=problems, dated=len(dated),
                          given_outlet=len(given))
    return report, articles, hashes_of(articles)


def create_corpus(store: Store, name: str, files: Files, *, owner: str = LOCAL,
                  progress: Progress | None = None, batch: Batch | None = None) -> UploadReport:
    """Read, analyse and store uploaded files as a new corpus of `owner`.

    An empty `name` becomes "Upload of <today>" (numbered when taken). Nothing is stored when a step fails.
    """
    report, articles, hashes = _new_upload(store, name, files, owner, batch)
    if report.error:
        return report
    try:
        analyses, articles, lost = _analyse(store, articles, hashes, progress)
        report = _with(report, problems=report.problems + tuple(lost))
        if not articles:
            return _with(report, error=NOTHING_ANALYSED)
        corpus = store.create_corpus(report.name, articles, analyses, engine_version=engine_version(), owner=owner,
                                     hashes=hashes)
    except CorpusNameError as err:
        return _with(report, error=str(err))
    except Exception as err:
        return _with(report, error=_failure(err, f"user={owner!r}"))
    return _with(report, corpus=corpus, articles=len(articles), analysed=len(analyses))


def add_files(store: Store, corpus: CorpusInfo, files: Files, me: Principal, *,
              progress: Progress | None = None, batch: Batch | None = None) -> UploadReport:
    """Read, analyse and add uploaded files to a corpus `me` may edit; articles it holds already are skipped
    (and named in the report)."""
    articles, problems = _read(files, me.user)
    if not articles:
        return UploadReport(corpus=None, name=corpus.name, problems=problems, error=NOTHING_READ)
    articles, dated, given = (batch or Batch()).apply(articles)
    hashes = hashes_of(articles)
    report = UploadReport(corpus=None, name=corpus.name, read=len(articles), added=True, problems=problems)
    try:
        analyses, articles, lost = _analyse(store, articles, hashes, progress)
        report = _with(report, problems=problems + tuple(lost))
        if not articles:
            return _with(report, error=NOTHING_ANALYSED)
        held = set(store.article_ids(corpus.id))
        added = store.add_articles(corpus.id, articles, analyses, engine_version=engine_version(), by=me,
                                   hashes=hashes)
    except AccessDenied as err:
        return _with(report, error=str(err))
    except Exception as err:
        return _with(report, error=_failure(err, f"user={me.user!r} corpus={corpus.id}"))
    return _with(report, corpus=corpus.id, articles=added, duplicates=len(articles) - added,
                 duplicate_sources=tuple(a.source for a in articles if hashes[a.text] in held),
                 dated=sum(hashes[t] not in held for t in dated),
                 given_outlet=sum(hashes[t] not in held for t in given), analysed=len(analyses))


def _with(report: UploadReport, **changes) -> UploadReport:
    from dataclasses import replace

    return replace(report, **changes)


def submit_new(store: Store, name: str, files: Files, *, owner: str = LOCAL,
               batch: Batch | None = None) -> UploadReport:
    """Read uploaded files and queue their articles as a job (store/jobs.py) that fills a new corpus of `owner`,
    made now; returns at once (analysis/background.py runs the job). An empty `name` becomes "Upload of
    <today>"."""
    from .store.jobs import Jobs

    report, articles, hashes = _new_upload(store, name, files, owner, batch)
    if report.error:
        return report
    try:
        job = Jobs(store).submit(articles, hashes, name=report.name, owner=owner)
    except CorpusNameError as err:
        return _with(report, error=str(err))
    except Exception as err:
        return _with(report, error=_failure(err, f"user={owner!r}"))
    return _with(report, corpus=job.corpus_id, job=job.id, articles=job.total)


def submit_more(store: Store, corpus: CorpusInfo, files: Files, me: Principal, *,
                batch: Batch | None = None) -> UploadReport:
    """Read uploaded files and queue the articles that `corpus` does not hold yet (the others are named in the
    report) as a background job that adds them to it; returns at once."""
    from .store.jobs import Jobs

    articles, problems = _read(files, me.user)
    if not articles:
        return UploadReport(corpus=None, name=corpus.name, problems=problems, error=NOTHING_READ)
    articles, dated, given = (batch or Batch()).apply(articles)
    hashes = hashes_of(articles)
    held = set(store.article_ids(corpus.id))
    new = [a for a in articles if hashes[a.text] not in held]
    report = UploadReport(corpus=corpus.id, name=corpus.name, read=len(articles), added=True, problems=problems,
                          duplicates=len(articles) - len(new),
                          duplicate_sources=tuple(a.source for a in articles if hashes[a.text] in held),
                          dated=sum(hashes[t] not in held for t in dated),
                          given_outlet=sum(hashes[t] not in held for t in given))
    if not new:
        return report
    try:
        job = Jobs(store).submit(new, hashes, corpus_id=corpus.id, by=me)
    except AccessDenied as err:
        return _with(report, corpus=None, error=str(err))
    except Exception as err:
        return _with(report, corpus=None, error=_failure(err, f"user={me.user!r} corpus={corpus.id}"))
    return _with(report, job=job.id, articles=job.total)
