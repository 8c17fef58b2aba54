"""The web server in front of the script (server.py), on a real `streamlit run dashboard.py`: behind a gate, no
upload is taken (nor held in memory) and no metrics are served before sign-in; the gate's cookie is HttpOnly and
signing out revokes its ticket; signed in, uploading through the page still works."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import finish_uploads

from analysis import access
from analysis.store import Store
from analysis.tools.harness import CHROMIUM, launch_chromium, serve_dashboard, wait_settled

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a gate for the server test"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    db = tmp_path_factory.mktemp("server-gate") / "wsw.sqlite3"
    Store(db).mark_builtin_done()  # no demo corpus to analyse
    started: list = []
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with serve_dashboard(db, env={"WSW_PASSWORD": PASSWORD}, started=started,
                         log=ROOT / "artifacts" / "streamlit-server-gate.log") as url:
        yield url, db, started[0].pid


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def raw_request(url: str, method: str, path: str, body_size: int = 0, cookie: str | None = None) -> tuple[int, str]:
    """Send a request as a script would (no browser, no waiting for the server before sending the body); the
    status and the start of the body of the answer, which may come before the body was sent."""
    host = urlparse(url)
    head = (f"{method} {path} HTTP/1.1\r\nHost: {host.netloc}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {body_size}\r\nConnection: close\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "")
            + "\r\n").encode()
    answer = bytearray()
    with socket.create_connection((host.hostname, host.port), timeout=30) as sock:

        def read() -> None:
            with __import__("contextlib").suppress(OSError):
                while chunk := sock.recv(65536):
                    answer.extend(chunk)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            sock.sendall(head)
            chunk, sent = b"x" * MB, 0
            while sent < body_size:
                sock.sendall(chunk[:body_size - sent])
                sent += len(chunk)
                if answer:  # the server answered without waiting for the body
                    break
        except OSError:
            pass  # the server closed the connection without reading the body
        reader.join(timeout=20)
    status_line, _, rest = bytes(answer).partition(b"\r\n")
    assert status_line, "no answer"
    return int(status_line.split()[1]), rest.split(b"\r\n\r\n", 1)[-1][:200].decode("latin-1")


def test_no_upload_is_taken_or_held_before_sign_in(gated):
    url, _db, pid = gated
    assert raw_request(url, "PUT", "/_stcore/upload_file/s/f", 10)[0] == 401  # the first loads the gate's code
    before = rss_mb(pid)
    for i in range(8):
        status, body = raw_request(url, "PUT", f"/_stcore/upload_file/some-session/file-{i}", 40 * MB)
        assert status == 401, (status, body)
    assert rss_mb(pid) - before < 20  # 8 × 40 MB were offered; none was read
    for cookie in (None, f"{access.GATE_COOKIE}=123.abc.def", f"{access.GATE_COOKIE}=" + access.gate_ticket(
            b"k" * 32, PASSWORD, time.time())):  # none, junk, and a ticket signed with another key
        assert raw_request(url, "GET", "/_stcore/metrics", cookie=cookie)[0] == 401
        assert raw_request(url, "PUT", "/_stcore/upload_file/s/f", 1000, cookie=cookie)[0] == 401
    assert raw_request(url, "GET", "/_stcore/health")[0] == 200  # the load balancer's check stays open


def test_a_valid_ticket_passes_the_gate_until_it_is_revoked(gated):
    url, db, _pid = gated
    store = Store(db)
    ticket = access.gate_ticket(store.secret("gate"), PASSWORD, time.time())
    cookie = f"{access.GATE_COOKIE}={ticket}"
    assert raw_request(url, "GET", "/_stcore/metrics", cookie=cookie)[0] == 200
    status, body = raw_request(url, "PUT", "/_stcore/upload_file/no-such-session/f", 1000, cookie=cookie)
    assert status not in (401, 413), body  # past the gate: Streamlit's own checks answer (the XSRF token)
    store.revoke_ticket(ticket)
    assert raw_request(url, "GET", "/_stcore/metrics", cookie=cookie)[0] == 401


def test_the_ticket_route_trades_only_a_fresh_claim(gated):
    url, db, _pid = gated
    key = Store(db).secret("gate")
    ticket = access.gate_ticket(key, PASSWORD, time.time())
    for claim in ("", "junk", ticket, access.gate_claim(key, ticket, PASSWORD, time.time() - 120)):
        host = urlparse(url)
        with socket.create_connection((host.hostname, host.port), timeout=30) as sock:
            sock.sendall(f"POST {access.GATE_ROUTE} HTTP/1.1\r\nHost: {host.netloc}\r\nContent-Length: "
                         f"{len(claim)}\r\nConnection: close\r\n\r\n{claim}".encode())
            answer = sock.recv(65536).decode("latin-1")
        assert answer.startswith("HTTP/1.1 403") and "set-cookie" not in answer.lower(), claim


# Through a browser ------------------------------------------------------------------------------------------

needs_browser = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                   reason=f"{CHROMIUM} is missing")


@needs_browser
def test_signed_in_the_cookie_is_http_only_uploads_work_and_signing_out_ends_the_copy(gated):
    sync_api = pytest.importorskip("playwright.sync_api")
    url, db, _pid = gated
    with sync_api.sync_playwright() as pw, launch_chromium(pw) as chromium:
        context = chromium.new_context(viewport={"width": 1400, "height": 1200})
        page = context.new_page()
        page.set_default_timeout(180_000)
        page.goto(url + "/")
        wait_settled(page, 180_000)
        page.locator("input[type=password]").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").wait_for()
        deadline = time.monotonic() + 30
        while not (cookies := [c for c in context.cookies() if c["name"] == access.GATE_COOKIE]):
            assert time.monotonic() < deadline, "the gate cookie was never set"
            page.wait_for_timeout(200)
        [cookie] = cookies
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert access.GATE_COOKIE not in page.evaluate("document.cookie")  # no page script can read it

        page.goto(url + "/corpus")
        wait_settled(page, 180_000)
        main = page.locator("[data-testid=stMain]")
        main.locator("input[type=file]").set_input_files([{
            "name": "gate.txt", "mimeType": "text/plain",
            "buffer": "Uploaded behind the gate\n\n“The bridge opens in May,” said Maria Lopez, the mayor.".encode()}])
        main.get_by_label("Corpus name").fill("Behind the gate")
        main.get_by_label("Corpus name").press("Enter")
        page.wait_for_timeout(500)
        main.get_by_role("button", name="Analyse and save").click()
        page.wait_for_timeout(1000)
        wait_settled(page, 180_000)
        finish_uploads(target=str(db))
        assert [c.articles for c in Store(db).corpora() if c.name == "Behind the gate"] == [1]

        # A copy of the cookie signs another browser in, until the first one signs out.
        copy = chromium.new_context()
        copy.add_cookies([cookie])
        other = copy.new_page()
        other.goto(url + "/")
        other.get_by_text("Signed in as").wait_for()
        page.locator("[data-testid=stSidebar]").get_by_role("button", name="Sign out").click()
        page.locator("input[type=password]").wait_for()
        assert Store(db).ticket_revoked(cookie["value"])
        other.reload()
        other.locator("input[type=password]").wait_for()
        assert raw_request(url, "GET", "/_stcore/metrics", cookie=f"{access.GATE_COOKIE}={cookie['value']}")[0] == 401
        context.close()
        copy.close()


# The middleware on its own ----------------------------------------------------------------------------------


def _through_gate(monkeypatch, *, signed: bool, held: tuple[int, int] = (0, 0)):
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    import server

    monkeypatch.setattr(server, "signed_in", lambda cookies: signed)
    monkeypatch.setattr(server, "_held", lambda session_id: held)
    inner = Starlette(routes=[Route("/{path:path}", lambda r: PlainTextResponse("reached"),
                                    methods=["GET", "PUT", "OPTIONS"])], middleware=server.middleware())
    return TestClient(inner)


def test_a_session_holds_only_its_share_of_uploads(monkeypatch):
    import server

    client = _through_gate(monkeypatch, signed=True, held=(server.SESSION_FILES, 0))
    assert client.put("/_stcore/upload_file/s/f", content=b"x").status_code == 413
    assert client.get("/_stcore/metrics").text == "reached"  # the cap is on uploads only
    client = _through_gate(monkeypatch, signed=True, held=(1, server.SESSION_UPLOAD_MB * MB))
    assert client.put("/_stcore/upload_file/s/f", content=b"x").status_code == 413
    client = _through_gate(monkeypatch, signed=True, held=(3, 5 * MB))
    assert client.put("/_stcore/upload_file/s/f", content=b"x").text == "reached"
    client = _through_gate(monkeypatch, signed=False)
    assert client.put("/_stcore/upload_file/s/f", content=b"x").status_code == 401
    assert client.options("/_stcore/upload_file/s/f").text == "reached"  # the browser's CORS preflight
    assert client.get("/overview").text == "reached"  # pages and the websocket are the script's to gate


def test_an_oidc_cookie_passes_the_gate_only_for_a_verified_identity(monkeypatch):
    import json

    from streamlit.web.server.server_util import get_cookie_secret
    from streamlit.web.server.starlette.starlette_app_utils import create_signed_value

    import server
    import ui

    monkeypatch.setattr(ui, "auth_mode", lambda: "oidc")

    def cookie(**fields) -> dict[str, str]:
        value = create_signed_value(get_cookie_secret(), "_streamlit_user", json.dumps(
            {"origin": "http://127.0.0.1:8501", **fields}))
        return {"_streamlit_user": value.decode()}

    assert server.signed_in(cookie(is_logged_in=True, email="ana@example.org", email_verified=True, sub="1"))
    assert server.signed_in(cookie(is_logged_in=True, email="ana@example.org", sub="1"))  # as sub:1
    assert not server.signed_in(cookie(is_logged_in=True, email="ana@example.org"))  # neither verified nor sub
    assert not server.signed_in(cookie(is_logged_in=False, sub="1"))
    assert not server.signed_in({"_streamlit_user": "forged"})
    assert not server.signed_in({})
