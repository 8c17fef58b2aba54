"""Overview: headline counts, the who-says-what matrix and the statements behind a clicked cell."""
import streamlit as st

import ui
from analysis import charts, tables

view = ui.start()
if ui.header(view, "Who says what", "Who speaks, with what stance, in the articles of the corpus."):
    counts = tables.corpus_counts(view.frames, view.statements if view.filters else None)
    for col, (label, key) in zip(st.columns(4), [("Articles", "articles"), ("Statements", "statements"),
                                                 ("Speakers", "speakers"), ("Locations", "locations")], strict=True):
        col.metric(label, f"{counts[key]:,}", border=True)
    if not ui.no_statements(view):
        st.subheader("Speakers × stances")
        speakers = max(view.statements["speaker"].nunique(), 1)
        top_n = ui.number(view.url, "Speakers shown", 1, speakers, min(12, speakers), key="overview_top",
                          param="top", help="The most active speakers, by number of statements") if speakers > 1 else 1
        matrix = tables.who_says_what(view.statements, top_n)
        event = st.altair_chart(charts.who_says_what_chart(matrix), key="overview_chart", on_select="rerun",
                                width="stretch")
        cells = tables.selected_points(event.selection if event else None, charts.CELL_PARAM, ("speaker", "stance"))
        if cells:
            picked = "; ".join(f"**{ui.md(s)}** · {ui.md(t)}" for s, t in cells)
            st.caption(f"Selected: {picked} (double-click the chart to clear)")
        else:
            st.caption("Click a cell to see its statements; shift-click to add more cells.")
        st.subheader("Evidence")
        ui.evidence_list(view, tables.filter_cells(view.statements, cells))
ui.sync_url(view)
