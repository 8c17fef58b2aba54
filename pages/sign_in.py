"""Sign in: the one page of a session that has not signed in yet (password gate or OpenID Connect)."""
import logging
import threading
import time
from contextlib import suppress

import streamlit as st

import ui
from analysis import access, config

log = logging.getLogger("who_says_what")


@st.cache_resource(show_spinner=False)
def gate_attempts() -> tuple[threading.Lock, dict[str, access.GateState]]:
    """The password gate's wrong-password counts per client address, shared by every session of the server."""
    return threading.Lock(), {}


def client() -> str:
    """The address the request came from (the proxy's X-Forwarded-For first hop when WSW_TRUST_PROXY is set)."""
    forwarded = st.context.headers.get("X-Forwarded-For") if config.value("trust_proxy") else None
    address = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def refused(given: str) -> str | None:
    """Why the password gate refuses `given`, or None when it lets the session in: a constant-time check, and a
    growing wait after each wrong password from this client address, whatever session it uses."""
    lock, attempts = gate_attempts()
    address = client()
    with lock:
        state = attempts.get(address, access.GateState())
        if (wait := access.wait_left(state, ui.clock())) > 0:
            log.warning("password attempt refused while locked: client=%s failures=%d", address, state.failures)
            return f"Too many wrong passwords: this session is locked for {wait:.0f} more seconds."
        ok, state = access.attempt(state, given, ui.password(), ui.clock())
        if ok:
            attempts.pop(address, None)
        else:
            attempts[address] = state
    if ok:
        log.info("signed in at the gate: client=%s", address)
        return None
    log.warning("wrong password at the gate: client=%s failures=%d in a row", address, state.failures)
    return f"Wrong password. The next try is taken in {access.delay_after(state.failures):.0f} seconds."


def signed_in() -> None:
    """Sign the session in as the team. The session keeps its ticket (to revoke it on signing out); the page gets
    only a one-minute claim on it, which the sidebar trades with the server for the HttpOnly gate cookie."""
    st.session_state["_wsw_user"] = access.TEAM
    for key in ("_wsw_signed_out", "_wsw_revoked"):
        st.session_state.pop(key, None)
    key, now = ui.gate_key(ui.db_url()), time.time()
    ticket = st.session_state["_wsw_gate_ticket"] = access.gate_ticket(key, ui.password(), now)
    st.session_state["_wsw_ticket"] = access.gate_claim(key, ticket, ui.password(), now)


def revoke_signed_out() -> None:
    """Once the session signed out, end its ticket on the server, and the one its browser's cookie held, so no
    copy of that cookie signs anyone in again."""
    if not st.session_state.get("_wsw_signed_out") or st.session_state.get("_wsw_revoked"):
        return
    cookie = None
    with suppress(Exception):  # no browser behind this run (AppTest)
        cookie = st.context.cookies.get(access.GATE_COOKIE)
    for ticket in {st.session_state.pop("_wsw_gate_ticket", None), cookie} - {None}:
        ui.get_store(ui.db_url()).revoke_ticket(ticket)
    st.session_state["_wsw_revoked"] = True


revoke_signed_out()
st.title("Who says what")
if ui.auth_mode() == "oidc":
    st.write("Sign in to see your corpora and the ones shared with you.")
    providers = [name for name, value in (ui.secret("auth") or {}).items() if hasattr(value, "items")]
    for provider in providers or [None]:  # the named providers of the [auth] secrets, or the default one
        st.button(f"Sign in with {provider}" if provider else "Sign in", key=f"gate_login_{provider or 'default'}",
                  type="primary", on_click=st.login, args=(provider,) if provider else ())
else:
    with st.form("gate_form"):
        given = st.text_input("Password", type="password", key="gate_password")
        submitted = st.form_submit_button("Sign in", type="primary", key="gate_submit")
    if submitted:
        if (reason := refused(given)) is None:
            signed_in()
            st.rerun()
        st.error(reason)
