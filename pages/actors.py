"""Actors: the profile of one actor: names, roles, what they said, whom they target and who targets them."""
import pandas as pd
import streamlit as st

import ui
from analysis import charts, tables


@st.cache_data(show_spinner=False, max_entries=16)
def actor_index(url: str, corpus_id: int, revision: int) -> pd.DataFrame:
    return tables.actor_index(ui.corpus_frames(url, corpus_id, revision))


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


view = ui.start()
if ui.header(view, "Actors", "Everything the corpus says about one actor, under the current filters."):
    index = actor_index(view.store.url, view.corpus.id, view.corpus.revision)
    if view.filters:  # only actors with a statement that passes the filters, counted under them
        index = tables.actors_under_filters(index, view.statements)
    labels = {r.name: f"{r.name} · {r.said} said, {r.targeted} targeted" for r in index.itertuples()}
    if not labels:
        st.info("No actor makes or receives a statement that matches the filters. Widen them in the sidebar."
                if view.filters else "No actors were found in this corpus.", icon="👤")
    else:
        profile(view, ui.choice(view.url, "Actor", list(labels), key="actors_actor", param="actor",
                                format_func=labels.get))
ui.sync_url(view)
