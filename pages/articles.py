"""Articles: one article with its actors, cues, quotations and places highlighted, and its statements."""
import pandas as pd
import streamlit as st

import ui
from analysis import tables
from analysis.engine.version import engine_version


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
            if result.actors:
                st.subheader("Actors")
                st.dataframe(tables.blank_cells(pd.DataFrame([{"actor": x.name, "type": x.type, "role": x.role,
                                            "aliases": ", ".join(x.aliases), "mentions": x.mentions}
                                           for x in result.actors])), hide_index=True, width="stretch")
            if result.locations:
                st.subheader("Places")
                st.dataframe(tables.blank_cells(pd.DataFrame([{"place": x.name, "country": x.country, "kind": x.kind,
                                            "mentions": x.mentions} for x in result.locations])),
                             hide_index=True, width="stretch")
ui.sync_url(view)
