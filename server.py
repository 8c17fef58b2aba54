"""The web server in front of the dashboard's script: what Streamlit's own routes do not check.

dashboard.py hands these to `st.App` when `streamlit run dashboard.py` imports it as the server:
- GateMiddleware: with a gate configured (password or OpenID Connect), no upload is taken, and no metrics are
  served, to a browser that has not signed in; and no session holds more than its share of uploads in memory.
- the ticket route (access.GATE_ROUTE): sets the password gate's cookie, HttpOnly, in exchange for the claim the
  sign-in page hands the browser, and clears it (revoking the ticket) on signing out.
- warm_up(): run by dashboard.py in a thread at start-up, so the first visitor does not wait for the imports,
  nor for the corpora opened most recently (warm_corpora).
- resume_uploads(): also run at start-up, starts the runner that analyses uploads in the background and resumes
  the unfinished ones.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Mapping

from anyio import to_thread
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from analysis import access, config

log = logging.getLogger("who_says_what")

# What the first script run would otherwise import (about 2 s on the shared 2-core machine): the dashboard's
# glue with pandas, Altair and the analysis modules the pages use, and Streamlit's emoji catalogue, read for
# the page icons.
WARM_MODULES = ("streamlit.emojis", "pandas", "altair", "ui", "analysis.charts", "analysis.outlets")
WARM_CORPORA = 3  # corpora prepared at start-up, the most recently opened first
SESSION_FILES = 500  # uploaded files one session may hold in the server's memory at once
SESSION_UPLOAD_MB = 200  # and their megabytes together (each file stays within server.maxUploadSize)
_GUARDED = ("/_stcore/upload_file/", "/_stcore/metrics")


def signed_in(cookies: Mapping[str, str]) -> bool:
    """Whether a request's cookies show a browser that passed the gate (always, when the dashboard runs open):
    a valid, unrevoked password-gate ticket, or Streamlit's signed OpenID Connect cookie for a verified user."""
    import ui  # noqa: PLC0415 - here, not at the top: the server imports this module before Streamlit's runtime exists

    mode = ui.auth_mode()
    if mode == "open":
        return True
    if mode == "password":
        ticket = cookies.get(access.GATE_COOKIE)
        return bool(ticket) and access.ticket_valid(ticket, ui.gate_key(ui.db_url()), ui.password(), time.time()) \
            and not ui.get_store(ui.db_url()).ticket_revoked(ticket)
    return access.oidc_identity(_oidc_user(cookies)) is not None


def _oidc_user(cookies: Mapping[str, str]) -> dict:
    """The user fields of Streamlit's signed sign-in cookie, or {} when it is missing or not Streamlit's."""
    try:
        import json

        from streamlit.web.server.starlette.starlette_server_config import USER_COOKIE_NAME
        from streamlit.web.server.starlette.starlette_websocket import _get_signed_cookie_with_chunks
        raw = _get_signed_cookie_with_chunks(dict(cookies), USER_COOKIE_NAME)
        return json.loads(raw) if raw else {}
    except Exception:  # noqa: BLE001 - a cookie that cannot be read signs nobody in
        return {}


def _client(request: Request) -> str:
    forwarded = request.headers.get("x-forwarded-for") if config.value("trust_proxy") else None
    address = forwarded.split(",")[0].strip() if forwarded else (request.client.host if request.client else "")
    return address or "unknown"


def _held(session_id: str) -> tuple[int, int]:
    """How many uploaded files, and how many bytes, a session holds in the server's memory."""
    from streamlit.runtime import Runtime  # noqa: PLC0415

    manager = Runtime.instance().uploaded_file_mgr
    with getattr(manager, "_lock", contextlib.nullcontext()):  # the manager's own lock: sessions upload at once
        files = list(getattr(manager, "file_storage", {}).get(session_id, {}).values())
    return len(files), sum(len(f.data) for f in files)


class GateMiddleware:
    """Refuses uploads and metrics before sign-in (401) and uploads past a session's share (413), before
    reading a byte of the request's body."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] != "OPTIONS" and (refusal := await self._refusal(scope)):
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _refusal(self, scope: Scope) -> Response | None:
        path = scope["path"]
        base = f"/{b}" if (b := _base_url()) else ""
        if not path.startswith(tuple(base + p for p in _GUARDED)):
            return None
        request = Request(scope)
        if not await to_thread.run_sync(signed_in, request.cookies):
            log.warning("refused %s %s before sign-in: client=%s", scope["method"], path[len(base):][:40],
                        _client(request))
            return PlainTextResponse("Sign in first.", status_code=401)
        if scope["method"] == "PUT" and path.startswith(base + _GUARDED[0]):
            session_id = path[len(base + _GUARDED[0]):].split("/")[0]
            files, size = _held(session_id)
            if files >= SESSION_FILES or size >= SESSION_UPLOAD_MB * 1024 * 1024:
                log.warning("refused an upload past the session's share (%d files, %d MB): client=%s", files,
                            size // 2 ** 20, _client(request))
                return PlainTextResponse(f"This session already holds {files} uploaded files: upload fewer at "
                                         "a time.", status_code=413)
        return None


def _base_url() -> str:
    from streamlit import config as st_config  # noqa: PLC0415

    return (st_config.get_option("server.baseUrlPath") or "").strip("/")


async def ticket_route(request: Request) -> Response:
    """POST a claim: answer with the gate cookie (HttpOnly). DELETE: revoke the cookie's ticket and clear it."""
    secure = request.url.scheme == "https" or (
        bool(config.value("trust_proxy")) and request.headers.get("x-forwarded-proto") == "https")
    import ui  # noqa: PLC0415

    if request.method == "DELETE":
        ticket = request.cookies.get(access.GATE_COOKIE)
        if ticket and ui.password():
            await to_thread.run_sync(ui.get_store(ui.db_url()).revoke_ticket, ticket)
        response = Response(status_code=204)
        response.delete_cookie(access.GATE_COOKIE, path="/", secure=secure, httponly=True, samesite="strict")
        return response
    claim = (await request.body())[:256].decode("ascii", "replace")
    ticket = await to_thread.run_sync(_trade, claim)
    if ticket is None:
        log.warning("refused a gate claim that is invalid or expired: client=%s", _client(request))
        return PlainTextResponse("This sign-in has expired: sign in again.", status_code=403)
    response = Response(status_code=204)
    response.set_cookie(access.GATE_COOKIE, ticket, max_age=access.TICKET_TTL, path="/", secure=secure,
                        httponly=True, samesite="strict")
    return response


def _trade(claim: str) -> str | None:
    """The ticket a claim stands for, when the gate is a password and the ticket was not revoked meanwhile."""
    import ui  # noqa: PLC0415

    if not (password := ui.password()) or ui.auth_mode() != "password":
        return None
    ticket = access.claimed_ticket(claim, ui.gate_key(ui.db_url()), password, time.time())
    return None if ticket is None or ui.get_store(ui.db_url()).ticket_revoked(ticket) else ticket


def warm_up(modules=WARM_MODULES) -> list[str]:
    """Import `modules` once per process; returns those that could not be imported (logged), for the first
    script run to meet again and report."""
    import importlib  # noqa: PLC0415

    failed = []
    started = time.perf_counter()
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the first page run imports it again and shows what went wrong
            log.warning("could not import %s at start-up", name, exc_info=True)
            failed.append(name)
    log.debug("start-up imports done in %.2f s", time.perf_counter() - started)
    if "ui" not in failed:
        warm_corpora()
    return failed


def warm_corpora(n: int = WARM_CORPORA) -> list[int]:
    """Prepare the corpora the first visitors will most likely open (store.recent.to_prepare), as their first
    page would: corpus layers and filter options, in the server-wide caches. Returns their ids. A database that
    cannot be read now is left for the first page to report."""
    import ui  # noqa: PLC0415 - see signed_in
    from analysis.store import recent  # noqa: PLC0415

    done = []
    try:
        store = ui.get_store(ui.db_url())
        for corpus in recent.to_prepare(store, n):
            started = time.perf_counter()
            ui.corpus_layers(store.url, corpus.id, corpus.revision)
            ui.filter_options(store.url, corpus.id, corpus.revision)
            done.append(corpus.id)
            log.info("corpus %s prepared at start-up in %.2f s", corpus.id, time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - the first page run meets the same fault and reports it
        log.warning("could not prepare the corpora at start-up", exc_info=True)
    return done


def routes() -> list[Route]:
    return [Route(access.GATE_ROUTE, ticket_route, methods=["POST", "DELETE"])]


def middleware() -> list[Middleware]:
    return [Middleware(GateMiddleware)]


def resume_uploads() -> None:
    """Start this server's runner of background uploads (analysis/background.py), run by dashboard.py in a thread
    at start-up: unfinished upload jobs continue where they stopped, once no other live runner holds them."""
    try:
        import ui  # noqa: PLC0415 - as in signed_in
        from analysis.background import ensure_runner  # noqa: PLC0415

        store = ui.get_store(ui.db_url())
        if not store.read_only:
            ensure_runner(store, idle_exit=None)
    except Exception:  # noqa: BLE001 - the dashboard still serves; an upload starts a runner again
        log.warning("could not start the runner of background uploads", exc_info=True)
