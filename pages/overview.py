"""Overview: headline counts, the who-says-what matrix and the statements behind a clicked cell."""
import streamlit as st

import ui

view = ui.header("Who says what", "Who speaks, with what stance, in the articles of the corpus.")
if view:
    ui.metrics(view)
if view and not ui.no_statements(view):
    st.subheader("Speakers × stances")
    selected = ui.who_says_what(view)
    st.subheader("Evidence")
    ui.evidence_list(selected)
