"""Access rules, share tokens and the password gate's checks (analysis/access.py), without Streamlit."""
from __future__ import annotations

import re

import pytest

from analysis import access
from analysis.access import EDITOR, OWNER, VIEWER, AccessDenied, GateState


@pytest.mark.parametrize(("owner", "builtin", "user", "link", "role"), [
    ("alice", False, "alice", None, OWNER),
    ("alice", False, "alice", "view", OWNER),
    ("alice", False, "bob", None, None),
    ("alice", False, "bob", "view", VIEWER),
    ("alice", False, "bob", "edit", EDITOR),
    ("local", True, "bob", None, VIEWER),
    ("local", True, "local", None, OWNER),
    ("local", True, "team", "edit", EDITOR),
])
def test_roles(owner, builtin, user, link, role):
    assert access.role_for(owner, builtin, user, link) == role


@pytest.mark.parametrize(("role", "may"), [
    (OWNER, {"read", "add", "rename", "correct", "delete", "share"}),
    (EDITOR, {"read", "add", "rename", "correct"}),
    (VIEWER, {"read"}),
    (None, set()),
])
def test_what_each_role_may_do(role, may):
    assert {a for a in access.ACTIONS if access.allowed(role, a)} == may


def test_refusals_name_the_user_the_role_and_who_may():
    with pytest.raises(AccessDenied, match=r"^'bob' is viewer of corpus 7 and may not rename it; only owner or "
                                           r"editor may\.$"):
        access.require(VIEWER, "rename", 7, "bob")
    with pytest.raises(AccessDenied, match=r"^Corpus 7 is not open to 'bob'"):
        access.require(None, "read", 7, "bob")
    with pytest.raises(ValueError, match=r"action='steal' is not known; expected one of \["):
        access.allowed(OWNER, "steal")


def test_tokens_are_long_random_and_url_safe():
    tokens = {access.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", t) for t in tokens)  # 24 random bytes
    token = next(iter(tokens))
    assert access.token_hash(token) == access.token_hash(token) != token
    assert len(access.token_hash(token)) == 64


def test_password_comparison():
    assert access.password_matches("correct horse", "correct horse")
    assert not access.password_matches("correct hors", "correct horse")
    assert not access.password_matches("", "correct horse")
    assert access.password_matches("ünïcode ✓", "ünïcode ✓")


def test_delay_doubles_and_is_capped():
    assert [access.delay_after(n) for n in range(5)] == [0, 2, 4, 8, 16]
    assert access.delay_after(30) == access.MAX_DELAY


def test_gate_slows_down_wrong_passwords():
    state = GateState()
    ok, state = access.attempt(state, "wrong", "right", now=100.0)
    assert not ok and state == GateState(1, 102.0)
    # While the session must wait, even the right password is not taken.
    ok, locked = access.attempt(state, "right", "right", now=101.0)
    assert not ok and locked == state and access.wait_left(state, 101.0) == 1.0
    ok, state = access.attempt(state, "wrong again", "right", now=102.0)
    assert not ok and state == GateState(2, 106.0)
    ok, state = access.attempt(state, "right", "right", now=106.0)
    assert ok and state == GateState()


def test_gate_tickets_are_signed_expire_and_follow_the_password():
    key, other_key = b"k" * 32, b"o" * 32
    ticket = access.gate_ticket(key, "pw", now=1000.0, ttl=60)
    assert access.ticket_valid(ticket, key, "pw", now=1059.0)
    assert not access.ticket_valid(ticket, key, "pw", now=1061.0)  # expired
    assert not access.ticket_valid(ticket, key, "new password", now=1001.0)  # the password changed
    assert not access.ticket_valid(ticket, other_key, "pw", now=1001.0)  # another server's key
    expires, tid, mac = ticket.split(".")
    assert not access.ticket_valid(f"{int(expires) + 9999}.{tid}.{mac}", key, "pw", now=1001.0)  # extended by hand
    assert not access.ticket_valid(f"{expires}.{'0' * len(tid)}.{mac}", key, "pw", now=1001.0)  # another id
    for junk in (None, "", "1.2.3", "abc.def", f"{expires}.", ".", "..", f"{expires}.{tid}", f"{expires}.XY.{mac}"):
        assert not access.ticket_valid(junk, key, "pw", now=1001.0)
    assert "pw" not in ticket
    assert access.ticket_id(ticket) == (tid, int(expires))
    assert access.gate_ticket(key, "pw", now=1000.0) != access.gate_ticket(key, "pw", now=1000.0)  # ids differ


def test_a_claim_stands_for_its_ticket_for_one_minute_and_is_not_the_ticket():
    key = b"k" * 32
    ticket = access.gate_ticket(key, "pw", now=1000.0)
    claim = access.gate_claim(key, ticket, "pw", now=1000.0)
    assert ticket.split(".")[-1] not in claim  # a script that reads the page later holds no cookie
    assert access.claimed_ticket(claim, key, "pw", now=1059.0) == ticket
    assert access.claimed_ticket(claim, key, "pw", now=1061.0) is None  # expired
    assert access.claimed_ticket(claim, key, "other", now=1001.0) is None
    assert access.claimed_ticket(claim, b"o" * 32, "pw", now=1001.0) is None
    assert access.claimed_ticket(ticket, key, "pw", now=1001.0) is None  # a ticket is no claim
    until, expires, tid, mac = claim.split(".")
    assert access.claimed_ticket(f"{int(until) + 600}.{expires}.{tid}.{mac}", key, "pw", now=1001.0) is None
    assert access.claimed_ticket(f"{until}.{int(expires) + 1}.{tid}.{mac}", key, "pw", now=1001.0) is None
    for junk in (None, "", "...", "1.2.3.4", "x" * 300):
        assert access.claimed_ticket(junk, key, "pw", now=1001.0) is None


def test_an_oidc_email_is_an_identity_only_once_verified():
    user = {"is_logged_in": True, "email": "Ana@Example.org", "sub": "42"}
    assert access.oidc_identity({**user, "email_verified": True}) == "ana@example.org"
    assert access.oidc_identity({**user, "email_verified": "true"}) == "ana@example.org"
    for unverified in ({}, {"email_verified": False}, {"email_verified": "false"}, {"email_verified": None}):
        assert access.oidc_identity({**user, **unverified}) == "sub:42"  # signed in, but not as Ana
    assert access.oidc_identity({"is_logged_in": True, "email": "x@y.org"}) is None  # no verified email, no sub
    assert access.oidc_identity({"is_logged_in": False, "email": "x@y.org", "email_verified": True}) is None
