"""Signing in, separation of corpora, share links and log lines, through Streamlit's AppTest.

The dashboard database of each test (conftest.dashboard_db) holds the demo corpus and "Synthetic newsroom",
both owned by "local": the user of a dashboard that runs open.
"""
from __future__ import annotations

import json
import logging
import re
import time

import pytest
from conftest import SYNTHETIC_NAME, finish_uploads
from test_app import MANAGE, corpus_id, fresh_caches, navigation_mode, no_exception, qp, run  # noqa: F401 (fixtures)

import ui
from analysis import access, corpora
from analysis.access import TEAM, Principal
from analysis.demo import DEMO_NAME, STORY_NAME, load_demo, load_story
from analysis.store import Store

PASSWORD = "correct horse battery staple"
ALICE = "alice@example.org"


def texts(at, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def sign_in(at, password: str = PASSWORD):
    at.text_input(key="gate_password").input(password)
    return at.button(key="gate_submit").click().run()


@pytest.fixture
def gated(dashboard_db, monkeypatch):
    """The dashboard behind the password gate ($WSW_PASSWORD)."""
    monkeypatch.setenv("WSW_PASSWORD", PASSWORD)
    return dashboard_db


# Signing in -------------------------------------------------------------------------------------------------


def test_open_dashboard_says_so_in_the_sidebar(dashboard_db):
    at = run()
    no_exception(at)
    assert any("Open access" in c.value for c in at.sidebar.caption)
    assert "gate_password" not in [t.key for t in at.text_input]


def test_password_gate_keeps_everything_behind_it(gated):
    at = run(corpus=str(corpus_id(gated, DEMO_NAME)))
    no_exception(at)
    assert at.title[0].value == "Who says what"
    assert not at.selectbox and not at.metric and not at.html  # no corpus, no page content
    assert at.text_input(key="gate_password").proto.type == at.text_input(key="gate_password").proto.PASSWORD


def test_wrong_passwords_slow_the_session_down(gated, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(ui, "clock", lambda: now[0])
    at = sign_in(run(), "guess 1")
    assert texts(at, "error") == ["Wrong password. The next try is taken in 2 seconds."]
    at = sign_in(at, PASSWORD)  # right, but too soon: refused without being checked
    assert texts(at, "error") == ["Too many wrong passwords: this session is locked for 2 more seconds."]
    assert not at.selectbox
    now[0] += 2
    at = sign_in(at, "guess 2")
    assert texts(at, "error") == ["Wrong password. The next try is taken in 4 seconds."]
    now[0] += 4
    at = sign_in(at, PASSWORD)
    no_exception(at)
    assert at.selectbox(key="sidebar_corpus").value == corpus_id(gated, STORY_NAME)


def test_a_new_session_from_the_same_address_does_not_start_the_count_again(gated, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    now = [5000.0]
    monkeypatch.setattr(ui, "clock", lambda: now[0])
    first = sign_in(run(), "guess 1")
    assert texts(first, "error") == ["Wrong password. The next try is taken in 2 seconds."]
    second = sign_in(run(), PASSWORD)  # a fresh session, as a guesser opening one websocket per guess would
    assert texts(second, "error") == ["Too many wrong passwords: this session is locked for 2 more seconds."]
    now[0] += 2
    third = sign_in(run(), "guess 2")
    assert texts(third, "error") == ["Wrong password. The next try is taken in 4 seconds."]
    lines = [r.getMessage() for r in caplog.records if r.name == "who_says_what"]
    assert any(line.startswith("wrong password at the gate: client=") for line in lines)


def test_password_from_secrets_and_sign_out(dashboard_db):
    at = ui_with_secrets(password=PASSWORD)
    at = sign_in(at)
    no_exception(at)
    assert any(f"Signed in as **{TEAM}**" == c.value for c in at.sidebar.caption)
    at.button(key="sidebar_logout").click().run()
    assert "gate_password" in [t.key for t in at.text_input]


def test_the_gate_cookie_signs_a_new_session_in(gated, monkeypatch):
    at = sign_in(run())
    [script] = [h.proto.body for h in at.html if access.GATE_ROUTE in h.proto.body]
    claim = json.loads(script[script.index("{"):script.rindex("}") + 1])["body"]
    ticket = access.claimed_ticket(claim, ui.gate_key(ui.db_url()), PASSWORD, time.time())
    assert re.fullmatch(r"\d+\.[0-9a-f]{16}\.[0-9a-f]{64}", ticket) and ticket == at.session_state["_wsw_gate_ticket"]
    monkeypatch.setattr(ui, "_cookie", lambda name: ticket if name == ui.GATE_COOKIE else None)
    at = run()  # a new session, as after a reload or a followed link
    no_exception(at)
    assert at.selectbox(key="sidebar_corpus").value == corpus_id(gated, STORY_NAME)
    assert not [h for h in at.html if access.GATE_ROUTE in h.proto.body]
    # A forged or stale ticket opens nothing.
    monkeypatch.setattr(ui, "_cookie", lambda name: ticket[:-1] + ("0" if ticket[-1] != "0" else "1"))
    assert "gate_password" in [t.key for t in run().text_input]
    # Nor does a good one once the password has changed.
    monkeypatch.setattr(ui, "_cookie", lambda name: ticket)
    monkeypatch.setenv("WSW_PASSWORD", "a new password")
    assert "gate_password" in [t.key for t in run().text_input]


def test_signing_out_revokes_the_ticket_for_every_browser(gated, monkeypatch):
    at = sign_in(run())
    ticket = at.session_state["_wsw_gate_ticket"]
    monkeypatch.setattr(ui, "_cookie", lambda name: ticket if name == ui.GATE_COOKIE else None)
    copied = run()  # another browser with a copy of the cookie is signed in…
    assert "gate_password" not in [t.key for t in copied.text_input]
    at.button(key="sidebar_logout").click().run()
    assert "gate_password" in [t.key for t in at.text_input]
    assert [h for h in at.html if '"method": "DELETE"' in h.proto.body]  # the browser's cookie is cleared
    assert Store(gated).ticket_revoked(ticket)
    assert "gate_password" in [t.key for t in run().text_input]  # …and is not, after signing out


def ui_with_secrets(**secrets):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(ui.__file__).parent / "dashboard.py"), default_timeout=120)
    for key, value in secrets.items():
        at.secrets[key] = value
    return at.run()


def test_oidc_sign_in_screen_and_the_signed_in_user(dashboard_db, monkeypatch):
    auth = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
            "client_id": "id", "client_secret": "secret",
            "server_metadata_url": "https://accounts.example/.well-known/openid-configuration"}
    at = ui_with_secrets(auth=auth)
    no_exception(at)
    assert [b.label for b in at.button] == ["Sign in"] and not at.selectbox
    store = Store(dashboard_db)
    mine = store.create_corpus("Alice's corpus", [load_demo()[0]], engine_version="v", owner=ALICE)
    monkeypatch.setattr(access, "oidc_identity", lambda user: ALICE)
    at = ui_with_secrets(auth=auth)
    no_exception(at)
    options = at.selectbox(key="sidebar_corpus").options
    assert len(options) == 3 and any("Alice" in o for o in options)
    assert not any(SYNTHETIC_NAME in o for o in options)  # local's corpus is not Alice's
    assert any(f"Signed in as **{ui.md(ALICE)}**" == c.value for c in at.sidebar.caption)
    assert mine in [c.id for c in store.corpora(visible_to=Principal(ALICE))]


# Separation and sharing ------------------------------------------------------------------------------------


def test_a_corpus_id_in_the_link_opens_nothing_that_is_not_shared(gated):
    other = corpus_id(gated, SYNTHETIC_NAME)  # local's, not the team's
    at = sign_in(run(corpus=str(other)))
    no_exception(at)
    assert at.selectbox(key="sidebar_corpus").value == corpus_id(gated, STORY_NAME)
    assert not any(SYNTHETIC_NAME in o for o in at.selectbox(key="sidebar_corpus").options)
    assert any(f"corpus {other}, which is not open to you" in w for w in texts(at, "warning"))
    assert qp(at, "corpus") == [str(corpus_id(gated, STORY_NAME))]
    # The demo is read-only for the team: no rename, delete or add.
    at.switch_page(MANAGE).run()
    assert not [t for t in at.text_input if (t.key or "").startswith("manage_rename")]
    assert not [b for b in at.button if b.key in ("manage_delete_button", "sharing_create")]
    assert any("read-only" in c.value for c in at.sidebar.caption)


def test_read_only_share_link(gated):
    store = Store(gated)
    cid = corpus_id(gated, SYNTHETIC_NAME)
    token = store.create_share_link(cid)
    at = sign_in(run(corpus=str(cid), share=token))
    no_exception(at)
    assert at.selectbox(key="sidebar_corpus").value == cid
    assert qp(at, "share") == [token]
    at.switch_page(MANAGE).run()
    assert "Shared with you: read-only." in [c.value for c in at.sidebar.caption]
    assert not [t for t in at.text_input if (t.key or "").startswith("manage_rename")]
    assert not at.radio and not [b for b in at.button if b.key in ("manage_delete_button", "sharing_create")]
    # Links to articles carry the token: they reload the app in a new session.
    at.switch_page("pages/overview.py").run()
    assert f"share={token}" in "".join(h.proto.body for h in at.html)


def test_edit_link_renames_and_adds_but_never_deletes(gated):
    store = Store(gated)
    cid = corpus_id(gated, SYNTHETIC_NAME)
    token = store.create_share_link(cid, can_edit=True)
    at = sign_in(run(corpus=str(cid), share=token))
    no_exception(at)
    at.switch_page(MANAGE).run()
    assert at.radio(key="manage_upload_target").options == ["a new corpus", "more articles of the open corpus"]
    assert "manage_delete_button" not in [b.key for b in at.button]
    at.text_input(key=f"manage_rename_{cid}").input("Renamed by the team").run()
    at.button(key="manage_rename_button").click().run()
    no_exception(at)
    assert store.corpus(cid).name == "Renamed by the team"
    at.radio(key="manage_upload_target").set_value("more articles of the open corpus").run()
    article = load_demo()[0]
    at.file_uploader(key="manage_upload_files_0").set_value([("more.txt", article.text.encode(), "text/plain")]).run()
    finish_uploads(at.button(key="manage_upload_button").click().run())
    no_exception(at)
    assert store.corpus(cid).articles == 41 and store.corpus(cid).owner == "local"


def test_revoked_link_opens_nothing(gated):
    store = Store(gated)
    cid = corpus_id(gated, SYNTHETIC_NAME)
    token = store.create_share_link(cid)
    [link] = store.share_links(cid)
    store.revoke_share_link(link.id)
    at = sign_in(run(corpus=str(cid), share=token))
    no_exception(at)
    assert at.selectbox(key="sidebar_corpus").value != cid
    assert any("This share link opens nothing" in w for w in texts(at, "warning"))


def test_owner_makes_lists_and_revokes_links(dashboard_db):
    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(MANAGE, corpus=str(cid))
    at.checkbox(key="sharing_edit").check().run()
    at.button(key="sharing_create").click().run()
    no_exception(at)
    [link] = Store(dashboard_db).share_links(cid)
    assert link.can_edit
    [code] = at.code
    assert code.value.startswith(f"?corpus={cid}&share=")
    token = code.value.split("share=")[1]
    assert Store(dashboard_db).grants([token]) == {cid: "edit"}
    at.button(key=f"sharing_revoke_{link.id}").click().run()
    no_exception(at)
    assert Store(dashboard_db).share_links(cid) == [] and not at.code


def test_no_sharing_for_the_demo(dashboard_db):
    at = run(MANAGE)
    assert "sharing_create" not in [b.key for b in at.button]


# Logging -------------------------------------------------------------------------------------------------


def test_uploads_and_deletions_are_logged_without_article_text(dashboard_db, caplog):
    caplog.set_level(logging.INFO)
    secret = "The ambassador whispered that the convoy would cross at dawn."
    body = f"Border talks\n\n{secret} Officials said the plan was final, a spokesman said."
    at = run(MANAGE)
    at.file_uploader(key="manage_upload_files_0").set_value([("talks.txt", body.encode(), "text/plain")]).run()
    at.text_input(key="manage_upload_name").input("Logged upload").run()
    finish_uploads(at.button(key="manage_upload_button").click().run())
    no_exception(at)
    cid = corpus_id(dashboard_db, "Logged upload")
    at.checkbox(key="manage_delete_confirm").check().run()
    at.button(key="manage_delete_button").click().run()
    no_exception(at)
    shown = ("who_says_what", "analysis.corpora", "analysis.store")
    lines = [r.getMessage() for r in caplog.records if r.name in shown]
    text = "\n".join(lines)
    assert "upload read: user='local' files=1 articles=1 problems=0" in text
    assert f"corpus={cid} articles=1 user='local'" in text  # the upload queued as a job, analysed in the background
    assert f"upload job done: job=1 corpus={cid} done=1 failed=0 analysed=1" in text
    assert f"corpus deleted: id={cid} name='Logged upload' articles=1" in text
    for fragment in ("ambassador", "convoy", "Border talks", "spokesman", "talks.txt"):
        assert fragment not in text


# The dashboard on PostgreSQL ------------------------------------------------------------------------------


def test_dashboard_runs_on_database_url(postgres_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    monkeypatch.setenv("WSW_DB", str(tmp_path / "unused.sqlite3"))
    monkeypatch.setattr(corpora, "load_demo", lambda: load_demo()[:2])
    monkeypatch.setattr(corpora, "load_story", lambda: load_story()[:1])
    at = run()
    no_exception(at)
    store = Store(postgres_url)
    story, demo = store.corpora()
    assert demo.builtin and demo.articles == 2 and story.builtin and story.articles == 1
    assert not (tmp_path / "unused.sqlite3").exists()
    article = load_demo()[2]
    at.switch_page(MANAGE).run()
    at.file_uploader(key="manage_upload_files_0").set_value([("a.txt", article.text.encode(), "text/plain")]).run()
    at.text_input(key="manage_upload_name").input("On PostgreSQL").run()
    finish_uploads(at.button(key="manage_upload_button").click().run(), target=postgres_url)
    no_exception(at)
    new = next(c for c in store.corpora() if c.name == "On PostgreSQL")
    assert new.articles == 1 and at.selectbox(key="sidebar_corpus").value == new.id
    at.switch_page("pages/articles.py").run()
    no_exception(at)
    assert at.subheader[0].value == ui.md(article.title)
    store.close()
