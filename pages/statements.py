"""Statements: every statement that passes the sidebar filters, as a table to search and download."""
import re

import streamlit as st

import ui
from analysis import tables
from analysis.filter_bar import SEARCH_KEY as SEARCH

view = ui.start()
asked = tables.selection_from_params(view.url.asked).search if "q" in view.url.asked else None
held = asked if asked is not None else st.session_state.get(SEARCH, "")
if ui.header(view, "Statements", "Each row is one statement: who said it, how, to whom and what. "
             "Narrow the table with the sidebar filters.",
             selection=tables.Selection(search=held if isinstance(held, str) else "")) and not ui.no_statements(view):
    query = ui.bound(view.url, st.text_input, "Search in what was said", key=SEARCH, param="q", asked=asked,
                     fit=lambda v: v if isinstance(v, str) else "", default="", publish=lambda v: [v],
                     placeholder="e.g. ceasefire")
    found = tables.search_statements(view.statements, query)
    table = tables.export_frame(found)
    column = st.column_config
    shown = ui.with_links(view, table).assign(url=table["url"].map(tables.web_url))  # no javascript: or data: links
    st.dataframe(tables.blank_cells(shown), hide_index=True, width="stretch", height=560, key="statements_table",
                 column_config={"link": column.LinkColumn("Article", display_text="open"),
                                "url": column.LinkColumn("Source", display_text="source"),
                                "content": column.TextColumn("What was said", width="large"),
                                "title": column.TextColumn("Article", width="medium"),
                                "direct": column.CheckboxColumn("Quoted"), "negated": column.CheckboxColumn("Negated")},
                 column_order=["date", "speaker", "stance", "cue", "target", "content", "direct", "negated",
                               "location", "outlet", "title", "link", "url"])
    stem = re.sub(r"[^\w.-]+", "_", f"statements-{view.corpus.name}")
    downloads = [("⬇ CSV", tables.to_csv, "csv", "text/csv"), ("⬇ JSON", tables.to_json, "json", "application/json"),
                 ("⬇ Parquet", tables.to_parquet, "parquet", "application/vnd.apache.parquet")]
    for col, (label, encode, ext, mime) in zip(st.columns(3), downloads, strict=True):
        col.download_button(label, encode(table), f"{stem}.{ext}", mime, key=f"statements_{ext}", width="stretch")
    st.caption(f"{tables.plural(len(table), 'statement')}. CSV cells that start with = + - @, a tab or a carriage "
               "return are prefixed with ' so spreadsheets do not run them as formulas.")
ui.sync_url(view)
