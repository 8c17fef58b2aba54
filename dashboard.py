"""Who says what: the dashboard's entry point (`streamlit run dashboard.py`). Each page draws its own view."""
import streamlit as st

import ui

st.set_page_config(page_title="Who says what", page_icon="🗞️", layout="wide")
try:
    ui.navigation().run()
except Exception as err:  # st.stop, st.rerun and st.switch_page are not Exceptions and pass through
    ui.unexpected_error(err)
