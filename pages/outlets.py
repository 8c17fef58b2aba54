"""Outlets: who each outlet quotes, how, with what stance, and the speakers only one outlet quotes."""
import streamlit as st

import ui
from analysis import outlets, tables

view = ui.start()
if (ui.header(view, "Outlets", "How the outlets of the corpus compare, under the current filters.")
        and not ui.no_statements(view)):
    table = outlets.outlets(view.statements)
    if len(table) < 2:
        st.info("The statements under these filters come from one outlet only, so there is nothing to compare. "
                "Outlets come from the articles' metadata (a column or field named outlet, source or publisher).",
                icon="📰")
    st.dataframe(tables.blank_cells(table), hide_index=True, width="stretch",
                 column_config={"outlet": "Outlet", "articles": "Articles", "statements": "Statements",
                                "speakers": "Speakers"})

    st.subheader("Share of voice")
    top_n = ui.number(view.url, "Speakers shown", view.statements["speaker"].nunique(), 10, key="outlets_top",
                      param="top", help="The most quoted speakers across the outlets")
    share = outlets.share_of_voice(view.statements, top_n)
    if share.empty:
        st.caption("No named speaker is quoted under these filters.")
    else:
        ui.altair_chart(outlets.share_chart(share), key="outlets_share", width="stretch",
                        description=f"Heat map of each speaker's share of voice in "
                                    f"{tables.plural(share['outlet'].nunique(), 'outlet')}, for the "
                                    f"{tables.plural(share['speaker'].nunique(), 'most quoted speaker')}.")
        st.caption("Each cell: the speaker's share of that outlet's statements. Hover for the counts.")

    left, right = st.columns(2)
    with left:
        st.subheader("How speakers are cited")
        cited = outlets.citation(view.statements)
        st.dataframe(tables.blank_cells(cited), hide_index=True, width="stretch",
                     column_config={"outlet": "Outlet", "direct": "Quoted", "reported": "Reported",
                                    "direct_share": st.column_config.ProgressColumn(
                                        "Share quoted", format="percent", min_value=0.0, max_value=1.0)})
    with right:
        st.subheader("Stance")
        mix = outlets.stance_mix(view.statements)
        ui.altair_chart(outlets.stance_chart(mix), key="outlets_stance", description="Stacked bars of the stances "
                        f"of each of {tables.plural(mix['outlet'].nunique(), 'outlet')}, as shares of its statements.",
                        width="stretch")

    st.subheader("The story gap")
    gap = outlets.story_gap(view.statements)
    if gap.empty:
        st.caption("Every quoted speaker appears in more than one outlet, or there is only one outlet.")
    else:
        st.caption("Speakers that one outlet quotes and no other does.")
        st.dataframe(tables.blank_cells(gap), hide_index=True, width="stretch",
                     column_config={"speaker": "Speaker", "outlet": "Only quoted by", "statements": "Statements"})
    with st.expander("Stance by speaker and outlet"):
        st.dataframe(tables.blank_cells(outlets.stance_mix(view.statements, by_speaker=True)), hide_index=True,
                     width="stretch", column_config={"share": st.column_config.NumberColumn("Share", format="percent")})
ui.sync_url(view)
