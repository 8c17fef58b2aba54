"""Map: the places named in the articles that match the filters."""
import streamlit as st

import ui
from analysis import charts, tables

view = ui.start()
if ui.header(view, "Map", "Places named in the articles behind the filtered statements."):
    ids = set(view.statements["article_id"]) if view.filters else None
    points = tables.location_points(view.frames.locations, ids)
    if points.empty:
        st.info("No place in these articles could be placed on the map.", icon="🗺️")
    else:
        ui.altair_chart(charts.map_chart(points), key="map_chart", width="stretch")
        st.caption("Circles are sized by how often each place is mentioned in the articles that match the filters.")
        st.dataframe(tables.blank_cells(points), hide_index=True, width="stretch",
                     column_config={"lat": st.column_config.NumberColumn(format="%.3f"),
                                    "lon": st.column_config.NumberColumn(format="%.3f")})
    if missing := tables.unlocated_places(view.frames.locations, ids):
        st.caption("Named but not on the map: " + ui.md(", ".join(missing)))
ui.sync_url(view)
