"""Network: who addresses whom, drawn as arrows from speakers to their targets."""
import re

import streamlit as st

import ui
from analysis import charts, graphs, tables

view = ui.start()
if (ui.header(view, "Network", "Who addresses whom: speakers point to the actors they accuse, urge, back or answer.")
        and not ui.no_statements(view)):
    top_n = ui.number(view.url, "Actors shown", tables.network_actor_count(view.statements), 20, lo=2,
                      key="network_top", param="top",
                      help="The actors of the heaviest edges: who makes or receives the most statements")
    edges = tables.network_edges(view.statements, top_n=top_n)
    if edges.empty:
        st.info("No statement names a target, so there is no network to draw. Try other filters.", icon="🕸️")
    else:
        event = ui.altair_chart(charts.network_chart(tables.network_nodes(edges), edges), key="network_chart",
                         on_select="rerun", width="stretch")
        picked = tables.selected_points(event.selection if event else None, charts.ACTOR_PARAM, ("name",))
        if picked:  # the profile opens with the same corpus, share token and filters
            kept = {k: v for k, v in view.url.out.items() if k in ("corpus", "share")}
            st.switch_page("pages/actors.py", query_params={**kept, **tables.filters_to_params(view.filters),
                                                            "actor": picked[0][0]})
        st.caption("Arrows go from speaker to target, coloured by their most frequent stance and as thick as the "
                   "number of statements. Click an actor to open their profile.")
        with st.expander("Edges as a table"):
            st.dataframe(tables.blank_cells(edges), hide_index=True, width="stretch")
        stem = re.sub(r"[^\w.-]+", "_", f"network-{view.corpus.name}")
        graph = graphs.network_graph(view.statements, view.frames.actors)  # every actor with an edge, not only the top
        for col, (fmt, (mime, ext)) in zip(st.columns(4), graphs.GRAPH_FORMATS.items(), strict=False):
            col.download_button(f"⬇ {'GEXF' if fmt == 'gexf' else 'GraphML'}", graphs.graph_bytes(graph, fmt),
                                f"{stem}.{ext}", mime,
                                key=f"network_{fmt}", width="stretch",
                                help="For Gephi and other graph tools: counts, stances, first and last dates per edge")
ui.sync_url(view)
