"""Sign in: the one page of a session that has not signed in yet (password gate or OpenID Connect)."""
import logging

import streamlit as st

import ui
from analysis import access

log = logging.getLogger("who_says_what")


def refused(given: str) -> str | None:
    """Why the password gate refuses `given`, or None when it lets the session in: a constant-time check, and a
    growing wait after each wrong password in this session."""
    state = st.session_state.get("_wsw_gate", access.GateState())
    if (wait := access.wait_left(state, ui.clock())) > 0:
        return f"Too many wrong passwords: this session is locked for {wait:.0f} more seconds."
    ok, state = access.attempt(state, given, ui.password(), ui.clock())
    st.session_state["_wsw_gate"] = state
    if ok:
        return None
    log.warning("wrong password at the gate (%d in a row in this session)", state.failures)
    return f"Wrong password. The next try is taken in {access.delay_after(state.failures):.0f} seconds."


st.title("Who says what")
if ui.auth_mode() == "oidc":
    st.write("Sign in to see your corpora and the ones shared with you.")
    for provider in ui.oidc_providers() or [None]:
        st.button(f"Sign in with {provider}" if provider else "Sign in", key=f"gate_login_{provider or 'default'}",
                  type="primary", on_click=st.login, args=(provider,) if provider else ())
else:
    with st.form("gate_form"):
        given = st.text_input("Password", type="password", key="gate_password")
        submitted = st.form_submit_button("Sign in", type="primary", key="gate_submit")
    if submitted:
        if (reason := refused(given)) is None:
            ui.signed_in_at_the_gate()
            st.rerun()
        st.error(reason)
