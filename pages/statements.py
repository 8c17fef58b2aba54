"""Statements: every statement that passes the sidebar filters and the search, as a table to download."""
import re
from datetime import datetime

import streamlit as st

import ui
from analysis import report, tables
from analysis.highlight import md, short
from analysis.store import search

view = ui.start()
if ui.header(view, "Statements", "Each row is one statement: who said it, how, to whom and what. Narrow the table "
             "with the sidebar filters, or search it from the sidebar: words, \"a phrase\", or a prefix\\*.") \
        and not ui.no_statements(view):
    table = tables.export_frame(view.statements)
    column = st.column_config
    shown = ui.with_links(view, table.assign(idx=view.statements["idx"].to_numpy()), statement="idx")
    shown = shown.assign(url=table["url"].map(tables.web_url))  # no javascript: or data: links
    st.dataframe(tables.blank_cells(shown), hide_index=True, width="stretch", height=560, key="statements_table",
                 column_config={"link": column.LinkColumn("Statement", display_text="open"),
                                "url": column.LinkColumn("Source", display_text="source"),
                                "content": column.TextColumn("What was said", width="large"),
                                "title": column.TextColumn("Article", width="medium"),
                                "direct": column.CheckboxColumn("Quoted"), "negated": column.CheckboxColumn("Negated")},
                 column_order=["date", "speaker", "stance", "cue", "target", "content", "direct", "negated",
                               "location", "outlet", "title", "link", "url"])
    stem = re.sub(r"[^\w.-]+", "_", f"statements-{view.corpus.name}")
    downloads = [("⬇ CSV", tables.to_csv, "csv", "text/csv"), ("⬇ JSON", tables.to_json, "json", "application/json"),
                 ("⬇ Parquet", tables.to_parquet, "parquet", "application/vnd.apache.parquet")]
    columns = st.columns(4)
    for col, (label, encode, ext, mime) in zip(columns, downloads, strict=False):
        col.download_button(label, encode(table), f"{stem}.{ext}", mime, key=f"statements_{ext}", width="stretch")
    # The report draws its charts (a second or more), so it is made on demand, once per view.
    wanted = (view.corpus.id, view.corpus.revision, view.filters)
    if columns[3].button("Report (HTML)…", key="statements_make_report", width="stretch",
                         help="Make a self-contained report of this view: counts, tables, charts, evidence"):
        st.session_state["_statements_report"] = (wanted, report.html_report(report.ReportView(
            view.corpus.name, view.frames, view.filters, view.statements), generated=datetime.now()).encode("utf-8"))
    made = st.session_state.get("_statements_report")
    if isinstance(made, tuple) and made[0] == wanted:
        columns[3].download_button("⬇ Report (HTML)", made[1], f"{stem}.html", "text/html", key="statements_html",
                                   width="stretch")
    st.caption(f"{tables.plural(len(table), 'statement')}. CSV cells that start with = + - @, a tab or a carriage "
               "return are prefixed with ' so spreadsheets do not run them as formulas.")
    if (query := view.filters.search) and (found := search.search(view.store, view.corpus.id, query, limit=20)) \
            .total_articles:
        hits = ui.with_links(view, view.frames.articles.set_index("article_id").reindex(list(found.articles))
                             [["title"]].reset_index())
        listed = f" (the first {len(found.articles)})" if found.total_articles > len(found.articles) else ""
        with st.expander(f"The search in the articles' texts and titles, whatever the filters: "
                         f"{tables.plural(found.total_articles, 'article')}{listed}"):
            st.markdown("\n".join(f"- [{md(short(t if isinstance(t, str) and t else 'untitled', 80))}]({link})"
                                   for t, link in zip(hits["title"], hits["link"], strict=True)))
ui.sync_url(view)
