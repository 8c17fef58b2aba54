"""Sign in: the one page of a session that has not signed in yet (password gate or OpenID Connect)."""
import streamlit as st

import ui

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
        if (refused := ui.password_sign_in(given)) is None:
            st.rerun()
        st.error(refused)
