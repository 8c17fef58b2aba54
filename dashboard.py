"""Who says what: the dashboard's entry point (`streamlit run dashboard.py`). Each page draws its own view."""
import streamlit as st

import ui

st.set_page_config(page_title="Who says what", page_icon="🗞️", layout="wide")
ui.navigation().run()
