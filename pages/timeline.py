"""Timeline: statements over the articles' dates, by stance and by speaker."""
import pandas as pd
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
        window = tables.default_window(dated["date"])
        in_view = dated["date"][dated["date"] >= pd.Timestamp(window[0])] if window else dated["date"]
        unit = ui.choice(view.url, "Bin by", list(tables.TIME_UNITS), key="timeline_unit", param="unit",
                         default=tables.time_unit(in_view), container=st.columns([1, 3])[0])
        if window is not None and st.toggle("Show every date", key="timeline_all",
                                            help="A few old articles are out of view at first"):
            window = None
        st.subheader("Statements by stance")
        st.caption("Scroll over a chart to zoom in time; drag to pan; double-click to reset.")
        ui.altair_chart(charts.timeline_chart(tables.timeline(dated, "stance", unit), unit, window=window),
                        key="timeline_stance", width="stretch")
        if window is not None:
            older = int((dated["date"] < pd.Timestamp(window[0])).sum())
            st.caption(f"{tables.plural(older, 'older statement')} out of view: drag the chart to the left, or "
                       "show every date.")
        st.subheader("Who spoke when")
        top_n = ui.number(view.url, "Speakers shown", dated["speaker"].nunique(), 10, key="timeline_top",
                          param="top")
        counts = tables.timeline(dated, ("speaker", "stance"), unit, top_n=top_n)
        ui.altair_chart(charts.speaker_timeline_chart(counts, unit, window=window), key="timeline_speakers",
                        width="stretch")
        if undated:
            st.caption(f"{tables.plural(undated, 'statement')} {'comes' if undated == 1 else 'come'} from "
                       f"{'an article' if undated == 1 else 'articles'} without a date and "
                       f"{'is' if undated == 1 else 'are'} not shown.")
ui.sync_url(view)
