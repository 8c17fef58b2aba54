"""Overview: headline counts, the who-says-what matrix and the statements behind a clicked cell."""
import pandas as pd
import streamlit as st

import ui
from analysis import charts, tables
from analysis.filter_bar import CELLS_KEY as CELLS

PICKER = "overview_cell_picker"  # the cells picked from the list under the chart


def picked_cells(view: ui.View, matrix: pd.DataFrame) -> list[tuple[str, str]]:
    """Draw the who-says-what chart and return its picked (speaker, stance) cells, kept in the query string
    (`cell=`) so a shared link reopens them; a cell the matrix no longer has is dropped."""
    present = set(zip(matrix["speaker"], matrix["stance"], strict=True))
    cells = [c for c in held_cells(view) if c in present]
    # The chart shows what was clicked on it. A change from elsewhere (a link, a chip, a filter) draws it anew,
    # under a new key so it starts from those cells; a click alone leaves it as it is in the browser.
    shown = st.session_state.get("_overview_shown")
    if shown is None or list(shown) != cells:
        if shown is not None:
            st.session_state["_overview_drawing"] = st.session_state.get("_overview_drawing", 0) + 1
        st.session_state["_overview_shown"] = st.session_state["_overview_drawn"] = tuple(cells)
        st.session_state["_overview_clicked"] = []
    st.vega_lite_chart(heat_map(matrix, st.session_state["_overview_drawn"], ui.theme()), key=chart_key(),
                       on_select="rerun", width="stretch")
    cell_picker(matrix, cells)
    st.session_state[CELLS] = cells
    view.url.out.update(tables.selection_to_params(tables.Selection(cells=tuple(cells))))
    if cells:
        picked = "; ".join(f"**{ui.md(s)}** · {ui.md(t)}" for s, t in cells)
        st.caption(f"Selected: {picked} (double-click the chart to clear)")
    else:
        st.caption("Click a cell to see its statements; shift-click to add more cells, or pick them in the list.")
    return cells


def cell_picker(matrix: pd.DataFrame, cells: list[tuple[str, str]]) -> None:
    """The keyboard's way to the chart's cells (a chart's cells cannot take the focus): a list of its
    speaker · stance cells that picks them as clicks do, showing the cells picked either way."""
    counts = {(r.speaker, r.stance): int(r.count) for r in matrix.itertuples()}
    st.session_state[PICKER] = st.session_state["_overview_picked"] = list(cells)
    st.multiselect("Cells of the chart", list(counts), key=PICKER, placeholder="Pick a speaker · stance",
                   format_func=lambda c: f"{c[0]} · {c[1]} ({tables.plural(counts[c], 'statement')})",
                   help="The same as clicking cells on the chart, for the keyboard: type a speaker or a stance, "
                        "then Enter.")


def chart_key() -> str:
    return f"overview_chart_{st.session_state.get('_overview_drawing', 0)}"


# A click reruns the page: the matrix and its chart are made once per view, not once per click.
@st.cache_data(show_spinner=False, max_entries=32)
def who_says_what(url: str, corpus_id: int, revision: int, filters: tables.Filters, top_n: int) -> pd.DataFrame:
    return tables.who_says_what(ui.filtered_statements(url, corpus_id, revision, filters), top_n)


@st.cache_data(show_spinner=False, max_entries=32)
def heat_map(matrix: pd.DataFrame, cells: tuple[tuple[str, str], ...], theme: str) -> dict:
    """The heat map's Vega-Lite spec, readable in `theme`, with `cells` selected (not checked against the schema
    here: tests/test_charts.py checks it, and the check costs a fifth of a second per view)."""
    return charts.readable(charts.who_says_what_chart(matrix, selected=cells), theme).to_dict(validate=False)


def held_cells(view: ui.View) -> list[tuple[str, str]]:
    """The cells picked before this run (the link's `cell=`, else the session's) that have statements under
    the filters."""
    if "cell" in view.url.asked:
        st.session_state[CELLS] = list(tables.selection_from_params(view.url.asked).cells)
    # A click on the chart arrives before the chart is drawn again: taken now, it shows in the chips at once.
    if (event := st.session_state.get(chart_key())) is not None:
        clicked = tables.selected_points(event.get("selection"), charts.CELL_PARAM, ("speaker", "stance"))
        if clicked != st.session_state.get("_overview_clicked", []):  # the analyst clicked since the last run
            st.session_state["_overview_clicked"] = st.session_state[CELLS] = clicked
            st.session_state["_overview_shown"] = tuple(clicked)
    picked = [tuple(c) for c in st.session_state.get(PICKER, [])]
    if picked != [tuple(c) for c in st.session_state.get("_overview_picked", [])]:  # picked in the list
        st.session_state[CELLS] = st.session_state["_overview_picked"] = picked
    held = [tuple(c) for c in st.session_state.get(CELLS, [])]
    present = tables.pairs_present(view.statements, held)
    return [c for c in held if c in present]


view = ui.start()
if ui.header(view, "Who says what", "Who speaks, with what stance, in the articles of the corpus.",
             selection=tables.Selection(cells=tuple(held_cells(view)))):
    counts = tables.corpus_counts(view.frames, view.statements if view.filters else None)
    for col, (label, key) in zip(st.columns(4), [("Articles", "articles"), ("Statements", "statements"),
                                                 ("Speakers", "speakers"), ("Locations", "locations")], strict=True):
        col.metric(label, f"{counts[key]:,}", border=True)
    if not ui.no_statements(view):
        st.subheader("Speakers × stances")
        top_n = ui.number(view.url, "Speakers shown", view.statements["speaker"].nunique(), 12, key="overview_top",
                          param="top", help="The most active speakers, by number of statements")
        matrix = who_says_what(view.store.url, view.corpus.id, view.corpus.revision, view.filters, top_n)
        cells = picked_cells(view, matrix)
        st.subheader("Evidence")
        ui.evidence_list(view, tables.filter_cells(view.statements, cells))
ui.sync_url(view)
