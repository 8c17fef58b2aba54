"""Manage corpus: rename or delete the open corpus, share it, make a corpus from files or add files to it, and
review the history of its corrections and actor decisions (undo the last one, see those a re-analysis could not
place)."""
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

import ui
from analysis import access, background, corpora, filter_bar, highlight, tables
from analysis import corrections as cx
from analysis.errors import AccessDenied, ChangedMeanwhile, CorpusNameError, StoreError
from analysis.store.jobs import QUEUED, Job, Jobs
from analysis.store.layers import Layers

HISTORY_SHOWN = 200
JOB_POLL_S = 2.0  # how often the progress of a background upload is read again

PROBLEMS_SHOWN = 25


def act(action: Callable, *args, forget: Sequence[str] = (), **kwargs) -> None:
    """Run a store action for the user: on success forget the session keys `forget` and rerun; on a refusal
    show the error's own message."""
    try:
        action(*args, **kwargs)
    except (CorpusNameError, AccessDenied) as err:
        st.error(ui.md(err))
        return
    for key in forget:
        st.session_state.pop(key, None)
    st.rerun()


def rename_or_delete(view: ui.View) -> None:
    corpus, store, me = view.corpus, view.store, view.me
    may_delete = access.allowed(view.role, "delete")
    st.subheader("Rename or delete this corpus" if may_delete else "Rename this corpus")
    name = st.text_input("New name", value=corpus.name, key=f"manage_rename_{corpus.id}")
    if st.button("Rename", key="manage_rename_button", disabled=name.strip() in ("", corpus.name)):
        act(store.rename_corpus, corpus.id, name, by=me)
    if not may_delete:
        st.caption("Only the owner can delete it.")
        return
    sure = st.checkbox(f"Yes, delete “{ui.md(corpus.name)}”", key="manage_delete_confirm")
    if st.button("Delete corpus", key="manage_delete_button", type="primary", disabled=not sure):
        act(store.delete_corpus, corpus.id, by=me, forget=("manage_delete_confirm", "sidebar_corpus"))


def sharing(view: ui.View) -> None:
    """Make share links for the open corpus, and list and revoke them (its owner only)."""
    corpus, store = view.corpus, view.store
    st.subheader("Sharing")
    links = store.share_links(corpus.id)
    fresh = st.session_state.get("_wsw_new_link")
    can_edit = st.checkbox("Holders may add files and rename", key="sharing_edit")
    if st.button("Create a share link", key="sharing_create"):
        try:
            token = store.create_share_link(corpus.id, can_edit=can_edit, by=view.me)
        except AccessDenied as err:
            st.error(ui.md(err))
        else:
            st.session_state["_wsw_new_link"] = fresh = (corpus.id, token)
            links = store.share_links(corpus.id)
    if fresh and fresh[0] == corpus.id:
        st.code(highlight.share_url(st.context.url, corpus.id, fresh[1]), language=None, wrap_lines=True)
        st.caption("Copy it now: only a fingerprint of the link is kept, so it cannot be shown again.")
    if not links:
        st.caption("No share links: only you can open this corpus.")
    for link in links:
        st.caption(f"Link {link.id} · {'can edit' if link.can_edit else 'read-only'} · made {link.created[:10]}")
        if st.button(f"Revoke link {link.id}", key=f"sharing_revoke_{link.id}", type="tertiary"):
            act(store.revoke_share_link, link.id, by=view.me, forget=("_wsw_new_link",))


def upload(view: ui.View) -> None:
    """Files in, analysed and saved as a new corpus or as more articles of the open one, with a report."""
    st.subheader("New corpus from files")
    generation = st.session_state.setdefault("_wsw_upload_generation", 0)
    files = st.file_uploader("Articles (text, HTML, PDF, Word, CSV, JSON…)", accept_multiple_files=True,
                             key=f"manage_upload_files_{generation}")
    corpus, add_to = view.corpus, None
    if corpus is not None and not corpus.builtin and access.allowed(view.role, "add"):
        target = st.radio("Save them as", ["a new corpus", "more articles of the open corpus"],
                          key="manage_upload_target", horizontal=True)
        add_to = corpus if target.startswith("more") else None
    if add_to is None:
        name = st.text_input("Corpus name", key="manage_upload_name", placeholder="e.g. Syria talks, January")
    batch = batch_fields()
    if st.button("Analyse and save", key="manage_upload_button", type="primary", disabled=not files):
        uploads = [(f.name, f.getvalue()) for f in files]
        # read here, analysed by the server's background runner (analysis/background.py): this returns at once
        report = (corpora.submit_more(view.store, add_to, uploads, view.me, batch=batch) if add_to
                  else corpora.submit_new(view.store, name, uploads, owner=view.me.user, batch=batch))
        st.session_state["_wsw_upload_report"] = report
        if report.job is not None:
            background.ensure_runner(view.store)  # this process's runner, started or woken
        if report.saved:
            st.session_state["_wsw_open_corpus"] = report.corpus
            st.session_state["_wsw_upload_generation"] = generation + 1
            st.rerun()
    report = st.session_state.get("_wsw_upload_report")
    if report:
        show_report(report)
    uploads_in_progress(view, report.job if report else None)


def uploads_in_progress(view: ui.View, mine: int | None) -> None:
    """The background uploads of the open corpus, read from the store, so that every user of the corpus sees
    them and they survive a reload: those still running (read again every JOB_POLL_S seconds), and the one
    this session submitted once it ended."""
    jobs = Jobs(view.store)
    shown = [j for j in (jobs.of_corpus(view.corpus.id) if view.corpus else []) if j.unfinished or j.id == mine]
    if mine is not None and mine not in {j.id for j in shown} and (job := jobs.job(mine)) is not None:
        shown.append(job)  # its new corpus was deleted: nothing of the upload could be saved
    running = {j.id for j in shown if j.unfinished}
    if running:
        live_jobs(view, running)
    for job in shown:
        if not job.unfinished:
            show_job(job, jobs)


@st.fragment(run_every=JOB_POLL_S)
def live_jobs(view: ui.View, ids: set[int]) -> None:
    """The running jobs' progress, read again every JOB_POLL_S seconds; the whole page runs again once one of
    them ended, so that the corpus and its article count are fresh."""
    jobs = Jobs(view.store)
    now = [j for j in (jobs.job(i) for i in sorted(ids)) if j is not None]
    if any(not j.unfinished for j in now):
        st.rerun()
    for job in now:
        show_job(job, jobs)


def show_job(job: Job, jobs: Jobs) -> None:
    """One background upload: its progress while it runs, then what it saved; the articles it gave up on, each
    with the file and the reason."""
    name = ui.md(job.name)
    if job.unfinished:
        settled = job.done + job.failed
        what = "waiting for the analysis to start" if job.state == QUEUED else "analysing in the background"
        st.progress(settled / job.total if job.total else 0.0,
                    text=f"“{name}”: {what}, {settled:,} of {tables.plural(job.total, 'article')} done"
                         + (f", {job.failed:,} could not be analysed" if job.failed else ""))
        st.caption("You may leave this page: the upload goes on, and its articles appear in the corpus as they are "
                   "stored.")
    elif job.error:
        st.error(ui.md(job.error))
    elif job.made_corpus:
        st.success(f"Saved “{name}”: {tables.plural(job.done, 'article')}.")
    else:
        st.success(f"Added {tables.plural(job.done, 'new article')} to “{name}”.")
    problems = jobs.problems(job.id, limit=PROBLEMS_SHOWN + 1)
    for problem in problems[:PROBLEMS_SHOWN]:
        st.error(ui.md(problem))
    if job.failed > PROBLEMS_SHOWN:
        st.caption(f"… and {tables.plural(job.failed - PROBLEMS_SHOWN, 'more article')} that could not be analysed.")


def batch_fields() -> corpora.Batch:
    """A date and an outlet for the whole upload, for the articles whose files give none (a dateline, front
    matter, a column or metadata of their own always wins)."""
    left, right = st.columns(2)
    day = left.date_input("Date for undated articles", value=None, key="manage_upload_date", format="YYYY-MM-DD",
                          help="Given to the articles of this upload that carry no date of their own")
    outlet = right.text_input("Outlet for articles without one", key="manage_upload_outlet",
                              placeholder="e.g. The Daily Ledger",
                              help="Given to the articles of this upload that name no outlet of their own")
    return corpora.Batch(date=day.isoformat() if day else None, outlet=outlet.strip() or None)


def show_report(report: corpora.UploadReport) -> None:
    if report.error:
        st.error(ui.md(report.error))
    elif report.job is not None:
        st.info(f"{tables.plural(report.articles, 'article')} of “{ui.md(report.name)}” "
                f"{'is' if report.articles == 1 else 'are'} analysed in the background.", icon="⏳")
    elif report.added:
        st.success(f"Added {tables.plural(report.articles, 'new article')} to “{ui.md(report.name)}”.")
    else:
        st.success(f"Saved “{ui.md(report.name)}”: {tables.plural(report.articles, 'article')}.")
    if report.duplicates:  # a re-uploaded file is reported, not skipped without a word
        held = "was" if report.duplicates == 1 else "were"
        named = ", ".join(f"“{ui.md(highlight.short(s, 60))}”" for s in report.duplicate_sources[:10])
        more = len(report.duplicate_sources) - 10
        st.info(f"{tables.plural(report.duplicates, 'article')} {held} in the corpus already and {held} not added "
                f"again{': ' + named if named else ''}{f' and {more} more' if more > 0 else ''}.", icon="♻️")
    if report.dated:
        st.info(f"{tables.plural(report.dated, 'article')} without a date of {'its' if report.dated == 1 else 'their'}"
                " own took the date given for the upload.", icon="📅")
    if report.given_outlet:
        st.info(f"{tables.plural(report.given_outlet, 'article')} without an outlet took the outlet given for the "
                "upload.", icon="📰")
    for problem in report.problems[:PROBLEMS_SHOWN]:
        (st.warning if problem.severity == "warning" else st.error)(ui.md(problem))
    if len(report.problems) > PROBLEMS_SHOWN:
        st.caption(f"… and {tables.plural(len(report.problems) - PROBLEMS_SHOWN, 'more problem')}.")
    if st.button("Dismiss", key="manage_upload_dismiss"):
        st.session_state.pop("_wsw_upload_report", None)
        st.rerun()


def undo(view: ui.View, seen: tuple[str, int]) -> None:
    """The undo button's click: take back the change shown as last, or say why not."""
    try:
        Layers(view.store).undo(view.corpus.id, seen, by=view.me)
    except (AccessDenied, ChangedMeanwhile, StoreError) as err:
        st.session_state["_wsw_undo_refused"] = str(err)


def history(view: ui.View) -> None:
    """The corpus's corrections and actor decisions, newest first, with who made them and when; undo of the last
    one; and the corrections the current analysis carries no statement for, listed for review."""
    st.subheader("Corrections and actor decisions")
    changes = Layers(view.store).history(view.corpus.id)
    titles = filter_bar.titles(view.frames)
    if not changes:
        st.caption("None yet. Correct statements on the Articles page, and merge, split, rename or type actors on "
                   "the Actors page.")
    else:
        rows = [{"when": c.created[:19].replace("T", " "), "who": c.author, "what": cx.describe(c.item),
                 "article": titles.get(c.item.article) if c.layer == "correction" else None}
                for c in reversed(changes[-HISTORY_SHOWN:])]
        st.dataframe(tables.blank_cells(pd.DataFrame(rows)), hide_index=True, width="stretch")
        if len(changes) > HISTORY_SHOWN:
            st.caption(f"The last {HISTORY_SHOWN} of {tables.plural(len(changes), 'change')}.")
        last = changes[-1]
        # The click undoes the change this run shows as last (bound now), not whatever is last when it lands.
        st.button("Undo the last change", key="history_undo", help=f"Take back: {cx.describe(last.item)}",
                  on_click=undo, args=(view, last.key))
        if refused := st.session_state.pop("_wsw_undo_refused", None):
            st.error(ui.md(refused))
    lost = ui.corpus_layers(view.store.url, view.corpus.id, view.corpus.revision).unanchored
    if lost:
        st.warning(f"{tables.plural(len(lost), 'correction')} no longer {'matches' if len(lost) == 1 else 'match'} "
                   "a statement: the engine changed and found nothing at the same place. They are kept; check "
                   "the articles and correct them again where needed.", icon="🧭")
        review = pd.DataFrame([{"article": titles.get(a.correction.article), "what": cx.describe(a.correction),
                                "who": a.correction.author, "when": a.correction.created[:10],
                                "link": view.href(a.correction.article)} for a in lost])
        st.dataframe(tables.blank_cells(review), hide_index=True, width="stretch",
                     column_config={"link": st.column_config.LinkColumn("Article", display_text="open")})


view = ui.start()
ui.header(view, "Manage corpus", "Make a corpus from files, add files to the open corpus, rename, delete or "
          "share it.", empty_hint=False)
left, right = st.columns(2, gap="large")
with left:
    upload(view)
with right:
    if view.corpus is not None and access.allowed(view.role, "rename"):
        rename_or_delete(view)
    if view.corpus is not None and not view.corpus.builtin and access.allowed(view.role, "share"):
        sharing(view)
if view.corpus is not None and access.allowed(view.role, "correct"):
    st.divider()
    history(view)
ui.sync_url(view)
