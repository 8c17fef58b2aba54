"""Actors: the profile of one actor: names, roles, what they said, whom they target and who targets them; the
names linked across the corpus and those left ambiguous; for owners and editors, merges, splits, renames and
types, stored per corpus and applied on every page."""
import pandas as pd
import streamlit as st

import ui
from analysis import access, charts, merges, tables
from analysis.corrections import ACTOR_TYPES, MERGE, RENAME, SPLIT, TYPE, Decision
from analysis.errors import AccessDenied, StoreError
from analysis.store.layers import Layers


@st.cache_data(show_spinner=False, max_entries=16)
def actor_index(url: str, corpus_id: int, revision: int) -> pd.DataFrame:
    return tables.actor_index(ui.corpus_layers(url, corpus_id, revision).frames)


def table_or_note(df: pd.DataFrame, note: str) -> None:
    if df.empty:
        st.caption(note)
    else:
        st.dataframe(tables.blank_cells(df), hide_index=True, width="stretch")


def profile(view: ui.View, name: str) -> None:
    p = tables.actor_profile(view.frames, name, view.statements)
    st.header(ui.md(name))
    facts = [", ".join(p.types)] if p.types else []
    facts += [f"Role: {'; '.join(p.roles)}"] if p.roles else []
    facts += [f"Also called: {', '.join(p.aliases)}"] if p.aliases else []
    st.caption(ui.md(" · ".join(facts)) or "No roles or aliases recorded.")
    cols = st.columns(3)
    cols[0].metric("Statements made", len(p.said), border=True)
    cols[1].metric("Statements aimed at them", int(p.targeted_by["count"].sum()), border=True)
    cols[2].metric("Articles", len(p.articles), border=True)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("What they said, by stance")
        if p.by_stance.empty:
            st.caption("No statements by this actor under the current filters.")
        else:
            ui.altair_chart(charts.stance_bars(p.by_stance), width="stretch")
        st.subheader("Whom they target")
        table_or_note(p.targets, "They address no one in particular.")
    with right:
        st.subheader("Who targets them")
        table_or_note(p.targeted_by, "No one addresses them directly.")
        st.subheader("Articles")
        arts = ui.with_links(view, p.articles)
        st.dataframe(tables.blank_cells(arts), hide_index=True, width="stretch",
                     column_order=["date", "title", "outlet", "said", "targeted", "mentions", "link"],
                     column_config={"link": st.column_config.LinkColumn("Article", display_text="open"),
                                    "title": st.column_config.TextColumn(width="medium")})
    st.subheader("Their statements")
    ui.evidence_list(view, p.said, key="actors_evidence")


def decide(view: ui.View, kind: str, name: str, value: str = "") -> None:
    """Store one decision about the corpus's actors and show the corpus again under it."""
    try:
        layers = Layers(view.store)
        keyed = merges.decided_name(layers.decisions(view.corpus.id), name) if kind in (MERGE, RENAME) else name
        layers.add_decision(view.corpus.id, Decision(kind, keyed, value), by=view.me)
    except (AccessDenied, StoreError, ValueError) as err:
        st.error(ui.md(err))
        return
    for key in ("actors_merge_into", "actors_split_name", "actors_rename_to", "actors_type_value"):
        st.session_state.pop(key, None)
    st.rerun()


def correct_actor(view: ui.View, name: str, names: list[str], layered) -> None:
    """The owner's and editors' controls for the actor shown: merge it into another, split a name back out,
    rename it, set its type."""
    with st.expander(f"Correct {name}", expanded=False, icon="✏️"):
        others = [n for n in names if n != name]
        left, right = st.columns(2, gap="large")
        into = left.selectbox(f"Merge {name} into", others, index=None, key="actors_merge_into",
                              placeholder="Pick the actor it is")
        if left.button("Merge", key="actors_merge", disabled=into is None):
            decide(view, MERGE, name, into)
        parts = merges.gathered(layered, name)
        out = right.selectbox("Split a name back out", parts, index=None, key="actors_split_name",
                              placeholder="A name gathered under this actor" if parts else "No names gathered")
        if right.button("Split out", key="actors_split", disabled=out is None):
            decide(view, SPLIT, out)
        new = left.text_input("Rename to", key="actors_rename_to", placeholder=name)
        if left.button("Rename", key="actors_rename", disabled=new.strip() in ("", name)):
            decide(view, RENAME, name, new.strip())
        kind = right.selectbox("Type", list(ACTOR_TYPES), index=None, key="actors_type_value",
                               placeholder="person, organisation, country or group")
        if right.button("Set type", key="actors_type", disabled=kind is None):
            decide(view, TYPE, name, kind)


def across_the_corpus(view: ui.View, layered, may_correct: bool) -> None:
    """The names linked into one actor across the articles, and the names left unlinked because several actors
    could be meant (with a one-click merge for owners and editors)."""
    st.header("Names across the corpus")
    st.caption("Names linked into one actor across the articles (by the automatic rules and the decisions "
               "stored for this corpus). Every page, filter, chart and export uses the names shown here.")
    table_or_note(merges.actor_names(layered), "No names were linked: every actor goes by one name.")
    if not layered.ambiguous:
        return
    st.subheader("Left unlinked")
    for i, amb in enumerate(layered.ambiguous):
        row = st.container(horizontal=True, key=f"actors_ambiguous_{i}")
        row.markdown(f"**{ui.md(amb.name)}**: {' or '.join(ui.md(c) for c in amb.candidates)}? · "
                     f"{tables.plural(len(amb.articles), 'article')}")
        for j, candidate in enumerate(amb.candidates if may_correct else ()):
            if row.button(f"Merge into {ui.short(candidate, 40)}", key=f"actors_ambiguous_{i}_{j}", type="tertiary"):
                decide(view, MERGE, amb.name, candidate)


view = ui.start()
if ui.header(view, "Actors", "Everything the corpus says about one actor, under the current filters."):
    index = actor_index(view.store.url, view.corpus.id, view.corpus.revision)
    layered = ui.corpus_layers(view.store.url, view.corpus.id, view.corpus.revision)
    may_correct = access.allowed(view.role, "correct")
    if view.filters:  # only actors with a statement that passes the filters, counted under them
        index = tables.actors_under_filters(index, view.statements)
    labels = {r.name: f"{r.name} · {r.said} said, {r.targeted} targeted" for r in index.itertuples()}
    if not labels:
        st.info("No actor makes or receives a statement that matches the filters. Widen them in the sidebar."
                if view.filters else "No actors were found in this corpus.", icon="👤")
    else:
        chosen = ui.choice(view.url, "Actor", list(labels), key="actors_actor", param="actor",
                           format_func=labels.get)
        if may_correct:
            correct_actor(view, chosen, merges.shown_names(view.frames), layered)
        profile(view, chosen)
    st.divider()
    across_the_corpus(view, layered, may_correct)
ui.sync_url(view)
