"""Who says what: the dashboard's entry point (`streamlit run dashboard.py`)."""
import streamlit as st

import ui

st.set_page_config(page_title="Who says what", page_icon="🗞️", layout="wide")
page = ui.navigation()
ui.start()
page.run()
ui.sync_url()
