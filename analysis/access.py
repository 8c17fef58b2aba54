"""Who may do what with a corpus, share-link tokens, and the password gate's checks (no Streamlit here).

Roles, from most to least rights:
    owner   the user who made the corpus: reads, adds files, renames, deletes, makes and revokes share links
    editor  reached through a share link that grants editing: reads, adds files, renames
    viewer  the built-in demo for everyone but its owner, or a read-only share link: reads only

Users are plain strings: the signed-in email (or OIDC subject), TEAM behind the password gate, LOCAL when the
dashboard runs open. The built-in demo belongs to LOCAL, so only an open (single-user) dashboard may change it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .errors import AccessDenied

LOCAL = "local"
TEAM = "team"

OWNER, EDITOR, VIEWER = "owner", "editor", "viewer"
ROLES = (OWNER, EDITOR, VIEWER)

# action → roles allowed to do it
ACTIONS: dict[str, tuple[str, ...]] = {
    "read": (OWNER, EDITOR, VIEWER),
    "add": (OWNER, EDITOR),
    "rename": (OWNER, EDITOR),
    "correct": (OWNER, EDITOR),  # corrections of statements, and merges, splits, renames and types of actors
    "delete": (OWNER,),
    "share": (OWNER,),
}

TOKEN_BYTES = 24  # 192 random bits: guessing a live token is hopeless, so a fast hash is enough to store it
MAX_DELAY = 300.0  # seconds: the longest wait the password gate imposes between attempts
TICKET_TTL = 12 * 3600  # seconds a password sign-in lasts in one browser


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user name and the share tokens their session holds."""

    user: str
    tokens: tuple[str, ...] = ()


def role_for(owner: str, builtin: bool, user: str, link: str | None = None) -> str | None:
    """The role `user` has on a corpus owned by `owner`.

    Args:
        owner: the corpus's owner.
        builtin: whether it is the built-in demo, which everyone may read.
        user: who asks.
        link: the best grant of the share links the session holds for this corpus ("edit", "view" or None).

    Returns:
        OWNER, EDITOR, VIEWER, or None when the corpus is not open to `user`.
    """
    if user == owner:
        return OWNER
    if link == "edit":
        return EDITOR
    if link == "view" or builtin:
        return VIEWER
    return None


def allowed(role: str | None, action: str) -> bool:
    """Whether `role` may do `action` (one of ACTIONS)."""
    if action not in ACTIONS:
        raise ValueError(f"action={action!r} is not known; expected one of {sorted(ACTIONS)}")
    return role in ACTIONS[action]


def require(role: str | None, action: str, corpus_id: int, user: str) -> None:
    """Raise AccessDenied unless `role` allows `action` on corpus `corpus_id`.

    A corpus the user cannot read is reported the same way whether it exists or not.
    """
    if allowed(role, action):
        return
    if role is None:
        raise AccessDenied(f"Corpus {corpus_id} is not open to {user!r}: it is neither theirs nor shared with them.")
    who = [r for r in ROLES if action in _actions_of(r)]
    raise AccessDenied(f"{user!r} is {role} of corpus {corpus_id} and may not {action} it; "
                       f"only {' or '.join(who)} may.")


def _actions_of(role: str) -> list[str]:
    return [a for a, roles in ACTIONS.items() if role in roles]


# Share-link tokens ----------------------------------------------------------------------------------------------


def oidc_identity(user: Mapping) -> str | None:
    """Who an OpenID Connect sign-in (st.user's fields) is: the email (lower-case) when the provider says it
    verified it (`email_verified`), else the subject id; None before signing in, or with neither.

    An unverified email is never an identity: at some providers anyone may type any address, and the address
    would open that person's corpora."""
    if not user.get("is_logged_in"):
        return None
    email, sub = user.get("email"), user.get("sub")
    if isinstance(email, str) and email.strip() and user.get("email_verified") in (True, "true"):
        return email.strip().lower()
    return f"sub:{sub}" if sub not in (None, "") else None


def followed(shares: Mapping[int, str], token: str, granted: Iterable[int], limit: int = 20) -> dict[int, str]:
    """Corpus id → share token after following a link with `token`, which opened the corpora `granted`; only
    the `limit` newest are kept."""
    kept = {**shares, **dict.fromkeys(granted, token)}
    return dict(list(kept.items())[-limit:])


def new_token() -> str:
    """A fresh share-link token (URL-safe, unguessable)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, so a copy of the database opens no corpus."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# Password gate ----------------------------------------------------------------------------------------------


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of two passwords (of digests, so their lengths leak nothing either)."""
    a = hashlib.sha256(given.encode("utf-8")).digest()
    b = hashlib.sha256(expected.encode("utf-8")).digest()
    return hmac.compare_digest(a, b)


@dataclass(frozen=True)
class GateState:
    """One session's failed sign-in attempts and the time before which no attempt is taken."""

    failures: int = 0
    retry_at: float = 0.0


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong passwords in a row: 2, 4, 8 … up to MAX_DELAY."""
    return 0.0 if failures <= 0 else min(2.0 ** failures, MAX_DELAY)


def wait_left(state: GateState, now: float) -> float:
    """Seconds until the next attempt is taken (0 when it may be made now)."""
    return max(0.0, state.retry_at - now)


def attempt(state: GateState, given: str, expected: str, now: float) -> tuple[bool, GateState]:
    """Check a password attempt against the gate.

    While the session must wait, the attempt is refused without looking at the password, so guessing gets no
    faster by trying more often.

    Returns:
        (signed_in, new state).
    """
    if wait_left(state, now) > 0:
        return False, state
    if password_matches(given, expected):
        return True, GateState()
    failures = state.failures + 1
    return False, GateState(failures, now + delay_after(failures))


# Gate tickets: the password gate's sign-in, kept in an HttpOnly browser cookie so that reloads and links stay
# signed in. The page never holds a ticket: it holds a one-minute claim, which the server's ticket route trades
# for the cookie. Each ticket has an id, so signing out can revoke it on the server.


GATE_COOKIE = "wsw_gate"  # holds the password gate's signed ticket, so reloads and links stay signed in
GATE_ROUTE = "/wsw/ticket"  # the server route that sets (POST a claim) or clears (DELETE) the gate cookie
CLAIM_TTL = 60  # seconds a claim may wait before the browser trades it for the cookie


def gate_cookie_script(claim: str, *, clear: bool = False) -> str:
    """A script that asks the ticket route to set the gate cookie for `claim` (or to clear it and revoke its
    ticket). The cookie is set by the server's answer, HttpOnly, so no page script can read it."""
    request = {"method": "DELETE" if clear else "POST", "credentials": "same-origin",
               "headers": {"Content-Type": "text/plain"}, **({} if clear else {"body": claim})}
    return f"<script>fetch({json.dumps(GATE_ROUTE)}, {json.dumps(request)});</script>"


def gate_ticket(secret: bytes, password: str, now: float, ttl: float = TICKET_TTL, *,
                ticket_id: str | None = None) -> str:
    """A signed ticket saying "signed in through the gate until now + ttl": "expires.id.mac".

    Args:
        secret: a random server key (the store keeps one); it signs, so a ticket tells nothing of the password.
        password: the gate's password: its digest is signed in, so a new password ends every ticket.
        now: the current time (seconds since the epoch).
        ticket_id: the ticket's id (random when not given), the handle by which it is revoked.
    """
    expires = int(now + ttl)
    ticket_id = ticket_id or secrets.token_hex(8)
    return f"{expires}.{ticket_id}.{_ticket_mac(secret, password, 'gate', expires, ticket_id)}"


def ticket_valid(ticket: str | None, secret: bytes, password: str, now: float,
                 revoked: Callable[[str], bool] | None = None) -> bool:
    """Whether `ticket` was made by gate_ticket with this secret and password, has not expired, and (when
    `revoked` is given, e.g. Store.ticket_revoked) was not revoked."""
    parts = _ticket_parts(ticket)
    if parts is None or parts[0] < now:
        return False
    expires, ticket_id, mac = parts
    return hmac.compare_digest(mac, _ticket_mac(secret, password, "gate", expires, ticket_id)) and not (
        revoked is not None and revoked(ticket))


def ticket_id(ticket: str | None) -> tuple[str, int] | None:
    """The id and expiry of a well-formed ticket (signature not checked: for revoking it), else None."""
    parts = _ticket_parts(ticket)
    return (parts[1], parts[0]) if parts else None


def gate_claim(secret: bytes, ticket: str, password: str, now: float, ttl: float = CLAIM_TTL) -> str:
    """A claim on `ticket` that the browser trades for the gate cookie within `ttl` seconds:
    "claim-expires.ticket-expires.id.mac". It is not the ticket: a page script that reads it later has nothing."""
    expires, tid = _ticket_parts(ticket)[:2]
    until = int(now + ttl)
    return f"{until}.{expires}.{tid}.{_ticket_mac(secret, password, 'claim', until, f'{expires}.{tid}')}"


def claimed_ticket(claim: str | None, secret: bytes, password: str, now: float) -> str | None:
    """The ticket a valid, unexpired claim (made by gate_claim) stands for, else None."""
    if not claim or claim.count(".") != 3 or len(claim) > 200:
        return None
    until, expires, tid, mac = claim.split(".")
    if not (until.isdigit() and expires.isdigit()) or int(until) < now:
        return None
    if not hmac.compare_digest(mac, _ticket_mac(secret, password, "claim", int(until), f"{expires}.{tid}")):
        return None
    return gate_ticket(secret, password, int(expires), 0, ticket_id=tid)


def _ticket_parts(ticket: str | None) -> tuple[int, str, str] | None:
    if not ticket or ticket.count(".") != 2 or len(ticket) > 200:
        return None
    expires, tid, mac = ticket.split(".")
    if not expires.isdigit() or not tid or not all(c in "0123456789abcdef" for c in tid):
        return None
    return int(expires), tid, mac


def _ticket_mac(secret: bytes, password: str, kind: str, expires: int, ticket_id: str) -> str:
    fingerprint = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return hmac.new(secret, f"{kind}|{expires}|{ticket_id}|{fingerprint}".encode(), hashlib.sha256).hexdigest()
