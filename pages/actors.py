"""Actors: the profile of one actor: names, roles, what they said, whom they target and who targets them."""
import streamlit as st

import ui

view = ui.header("Actors", "Everything the corpus says about one actor, under the current filters.")
if view:
    name = ui.actor_picker(view)
    if name is None:
        st.info("No actors were found in this corpus.", icon="👤")
    else:
        ui.actor_profile(view, name)
