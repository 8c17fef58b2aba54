"""Articles: one article with its actors, cues, quotations and places highlighted, and its statements; owners
and editors correct a statement, mark one as not a statement, or add one the engine missed."""
import pandas as pd
import streamlit as st

import ui
from analysis import access, merges, tables
from analysis import corrections as cx
from analysis.engine.version import engine_version
from analysis.errors import AccessDenied, StoreError
from analysis.store.layers import Layers
from analysis.types import STANCES


@st.cache_data(show_spinner=False, max_entries=64)
def article_analysis(url: str, article_id: str, version: str, revision: int):
    return ui.get_store(url).article(article_id)


def label(title, day) -> str:
    # A missing title arrives as NaN, which is truthy: test for text, not for truth.
    title = title if isinstance(title, str) and title else "untitled"
    return f"{ui.short(title, 80)} · {day.date().isoformat() if pd.notna(day) else 'no date'}"


def linked_statement(view: ui.View, article_id: str) -> int | None:
    """The statement (idx) of `article_id` that an evidence link points at (`stmt=`); it stays in the link
    while that article is open and is dropped when another one is picked."""
    if "stmt" in view.url.asked:
        st.session_state["articles_stmt"] = (article_id, ui._asked_one(view.url, "stmt", int))
    linked, idx = st.session_state.get("articles_stmt", (None, None))
    if linked != article_id or idx is None:
        return None
    view.url.out["stmt"] = [str(idx)]
    return idx


def store_correction(view: ui.View, correction: cx.Correction | None) -> None:
    """Store one correction and show the corpus again with it."""
    if correction is None:
        st.info("Nothing to save: the statement already reads like that.", icon="✏️")
        return
    try:
        Layers(view.store).add_correction(view.corpus.id, correction, by=view.me)
    except (AccessDenied, StoreError, ValueError) as err:
        st.error(ui.md(err))
        return
    st.session_state["_wsw_corrected"] = "Correction saved. Undo it from the history on the Manage corpus page."
    st.rerun()


def statement_label(row: dict) -> str:
    return ui.short(f"{row['speaker']} · {row['cue'] or '…'} · {row['content'] or row.get('sentence') or ''}", 90)


def correct_statement(view: ui.View, article_id: str, text: str, every: pd.DataFrame) -> None:
    """Edit a statement's speaker, stance, target and content, or mark it as not a statement."""
    rows = every.astype(object).where(every.notna(), None).to_dict("records")
    if not rows:
        st.caption("No statement to correct: add the ones the engine missed below.")
        return
    pick = st.selectbox("Statement", range(len(rows)), key="articles_fix_pick",
                        format_func=lambda i: statement_label(rows[i]))
    row = rows[pick]
    key = f"{article_id[:12]}_{row['start']}_{row['cue_start']}"
    names = merges.shown_names(view.frames)
    speaker = st.selectbox("Speaker", names, index=names.index(row["speaker"]) if row["speaker"] in names else None,
                           accept_new_options=True, key=f"articles_fix_speaker_{key}")
    stance = st.selectbox("Stance", STANCES, index=STANCES.index(row["stance"]) if row["stance"] in STANCES else 0,
                          key=f"articles_fix_stance_{key}")
    target = st.selectbox("Target", names, index=names.index(row["target"]) if row["target"] in names else None,
                          accept_new_options=True, placeholder="No one in particular",
                          key=f"articles_fix_target_{key}")
    content = st.text_area("Content (words of the statement)", value=row["content"] or "", height=80,
                           key=f"articles_fix_content_{key}")
    left, right = st.columns(2)
    if left.button("Save correction", key="articles_fix_save", type="primary"):
        try:
            fixed = cx.edited(article_id, row, text, speaker=speaker or "", stance=stance, target=target or "",
                              content=content)
        except ValueError as err:
            st.error(ui.md(err))
        else:
            store_correction(view, fixed)
    if right.button("Not a statement", key="articles_fix_reject"):
        store_correction(view, cx.Correction(article_id, int(row["start"]), int(row["end"]), int(row["cue_start"]),
                                             int(row["cue_end"]), cx.REJECT))


def add_statement(view: ui.View, article_id: str, text: str) -> None:
    """Add a statement the engine missed: the sentence first, then its speaker, cue and stance."""
    spans = cx.sentences(text)
    if not spans:
        return
    pick = st.selectbox("Sentence", range(len(spans)), index=None, key="articles_add_sentence",
                        placeholder="Pick the sentence", format_func=lambda i: ui.short(text[slice(*spans[i])], 90))
    if pick is None:
        return
    names = merges.shown_names(view.frames)
    speaker = st.selectbox("Speaker", names, index=None, accept_new_options=True, key="articles_add_speaker",
                           placeholder="Who speaks")
    cue = st.text_input("Cue (the words of the sentence that say it)", key="articles_add_cue",
                        placeholder="e.g. said, warned, called for")
    stance = st.selectbox("Stance", STANCES, key="articles_add_stance")
    target = st.selectbox("Target", names, index=None, accept_new_options=True, key="articles_add_target",
                          placeholder="No one in particular")
    if st.button("Add statement", key="articles_add_save", type="primary"):
        try:
            made = cx.added(article_id, text, spans[pick], speaker=speaker or "", cue=cue, stance=stance,
                            target=target or "")
        except ValueError as err:
            st.error(ui.md(err))
        else:
            for k in ("articles_add_sentence", "articles_add_speaker", "articles_add_cue", "articles_add_target"):
                st.session_state.pop(k, None)
            store_correction(view, made)


def corrections_panel(view: ui.View, article_id: str, text: str, every: pd.DataFrame) -> None:
    st.subheader("Correct")
    if note := st.session_state.pop("_wsw_corrected", None):
        st.success(note, icon="✏️")
    with st.expander("Correct a statement", icon="✏️"):
        correct_statement(view, article_id, text, every)
    with st.expander("Add a missed statement", icon="➕"):
        add_statement(view, article_id, text)


view = ui.start()
if ui.header(view, "Articles", "Read an article with what the engine found in it."):
    arts = tables.articles_under_filters(view.frames.articles, view.statements, filtered=bool(view.filters))
    arts = arts.sort_values(["date", "title"], ascending=[False, True], na_position="last")
    if view.filters:
        st.caption(f"{tables.plural(len(arts), 'article')} with statements that match the filters.")
    labels = {a: label(t, d) for a, t, d in zip(arts["article_id"], arts["title"], arts["date"], strict=True)}
    article_id = ui.choice(view.url, "Article", list(labels), key="articles_id", param="id", format_func=labels.get)
    result = article_id and article_analysis(view.store.url, article_id, engine_version(), view.corpus.revision)
    if article_id and result is None:
        st.warning("This article is not in the database any more.")
    elif result:
        a = result.article
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.subheader(ui.md(a.title or "Untitled article"))
            st.caption(ui.md(" · ".join(x for x in (a.outlet, a.date, a.author and f"by {a.author}", a.source) if x)))
            if a.url and a.url.startswith(("http://", "https://")):
                st.link_button("Original article", a.url)
            ui.article_text(result)
        with right:
            st.subheader("Statements")
            mine = tables.article_statements(view.statements, article_id)
            every = tables.article_statements(view.frames.statements, article_id)
            if view.filters and len(mine) < len(every):
                st.caption(f"{len(mine):,} of {tables.plural(len(every), 'statement')} in this article "
                           f"{'matches' if len(mine) == 1 else 'match'} the filters.")
            if mine.empty:
                st.caption("No statements of this article match the filters." if len(every) else
                           "No statements found in this article.")
            else:
                ui.evidence_list(view, mine, limit=200, links=False, key="articles_evidence",
                                 marked=linked_statement(view, article_id))
            if access.allowed(view.role, "correct"):
                corrections_panel(view, article_id, a.text, every)
            if result.actors:
                st.subheader("Actors")
                st.caption("Under the names the corpus gives them (linked across articles, and as decided on the "
                           "Actors page).")
                st.dataframe(tables.blank_cells(merges.article_actors(view.frames, article_id)), hide_index=True,
                             width="stretch")
            if result.locations:
                st.subheader("Places")
                st.dataframe(tables.blank_cells(pd.DataFrame([{"place": x.name, "country": x.country, "kind": x.kind,
                                            "mentions": x.mentions} for x in result.locations])),
                             hide_index=True, width="stretch")
ui.sync_url(view)
