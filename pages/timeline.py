"""Timeline: statements over the articles' dates, by stance and by speaker."""
import streamlit as st

import ui
from analysis import charts, tables

view = ui.start()
if ui.header(view, "Timeline", "When statements were published, by stance and by speaker.") and \
        not ui.no_statements(view):
    dated = view.statements.dropna(subset=["date"])
    undated = len(view.statements) - len(dated)
    if dated.empty:
        st.info("None of these statements comes from a dated article.", icon="📅")
    else:
        unit = ui.choice(view.url, "Bin by", list(tables.TIME_UNITS), key="timeline_unit", param="unit",
                         default=tables.time_unit(dated["date"]), container=st.columns([1, 3])[0])
        st.subheader("Statements by stance")
        st.caption("Scroll over the chart to zoom in time; drag to pan; double-click to reset.")
        st.altair_chart(charts.timeline_chart(tables.timeline(dated, "stance", unit), unit), key="timeline_stance",
                        width="stretch")
        st.subheader("Who spoke when")
        speakers = max(dated["speaker"].nunique(), 1)
        top_n = ui.number(view.url, "Speakers shown", 1, speakers, min(10, speakers), key="timeline_top",
                          param="top") if speakers > 1 else 1
        counts = tables.timeline(dated, ("speaker", "stance"), unit, top_n=top_n)
        st.altair_chart(charts.speaker_timeline_chart(counts, unit), key="timeline_speakers", width="stretch")
        if undated:
            st.caption(f"{undated} statements come from articles without a date and are not shown.")
ui.sync_url(view)
