"""Streamlit glue: the one module that knows both Streamlit and the analysis package.

dashboard.py calls navigation() and start() (sign-in, database, demo corpus, sidebar with corpus picker,
sharing, upload and filters), runs the page, then sync_url(). Pages read the current View with view() and
render with the helpers below. The view (corpus, filters, page controls) lives in the query string, so a
copied link reopens it; a corpus that is not the session's own opens only with a share token in that link.

Settings are read here and nowhere else: DATABASE_URL or WSW_DB (the store), WSW_PASSWORD or the secret
"password" (the password gate), the [auth] secrets (sign-in with st.login), WSW_LOG_LEVEL.
"""
from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

import analysis
from analysis import access, charts, highlight, tables
from analysis.access import LOCAL, TEAM, AccessDenied, Principal
from analysis.demo import DEMO_NAME, load_demo
from analysis.engine.version import engine_version
from analysis.store import DEFAULT_PATH, CorpusInfo, CorpusNameError, Store, content_hash

PAGES = (  # path, title, icon
    ("pages/overview.py", "Overview", "📊"),
    ("pages/statements.py", "Statements", "💬"),
    ("pages/articles.py", "Articles", "📰"),
    ("pages/actors.py", "Actors", "👤"),
    ("pages/network.py", "Network", "🕸️"),
    ("pages/map.py", "Map", "🗺️"),
    ("pages/timeline.py", "Timeline", "📅"),
)
EVIDENCE_LIMIT = 50
PROBLEMS_SHOWN = 25
DIRECT_OPTIONS = {"All": None, "Quotations": True, "Reported": False}
MAX_SHARES = 20  # share tokens one session keeps
GATE_COOKIE = "wsw_gate"  # holds the password gate's signed ticket, so reloads and links stay signed in

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_run = threading.local()  # what this script run computed: the View and the query string to publish
log = logging.getLogger("who_says_what")
_clock = time.monotonic  # the password gate's clock (tests move it forward)


@dataclass(frozen=True)
class View:
    """What every page shows: the open corpus, its frames, the filters and the statements that pass them.

    `me` is who is looking, `role` their role on the open corpus (access.OWNER, EDITOR, VIEWER) and `share`
    the share token that opened it, if any.
    """

    store: Store
    corpus: CorpusInfo | None
    frames: tables.CorpusFrames
    filters: tables.Filters
    statements: pd.DataFrame
    me: Principal = Principal(LOCAL)
    role: str | None = None
    share: str | None = None


# Settings, resources and caches ----------------------------------------------------------------------------


def db_url() -> str:
    """Where the corpora live: $DATABASE_URL (PostgreSQL), else $WSW_DB (a SQLite file), else data/wsw.sqlite3."""
    return os.environ.get("DATABASE_URL") or _secret("DATABASE_URL") or os.environ.get("WSW_DB") or DEFAULT_PATH


def _secret(key: str):
    """st.secrets[key], or None when it is not set or there is no secrets.toml at all."""
    try:
        return st.secrets.get(key)
    except FileNotFoundError:  # no secrets file: Streamlit raises rather than returning nothing
        return None


@st.cache_resource(show_spinner=False)
def _logging() -> None:
    """Send the dashboard's and the store's log lines (uploads, deletions, sign-ins; never article text) to
    stderr, where systemd's journal or the hosting platform collects them."""
    level = os.environ.get("WSW_LOG_LEVEL", "INFO").upper()
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("who_says_what", "analysis"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(level)


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    return Store(url)


@st.cache_resource(show_spinner=False)
def _gate_key(url: str) -> bytes:
    """The key that signs gate tickets, shared through the database by every replica."""
    return get_store(url).secret("gate")


@st.cache_resource(show_spinner="Loading the language model…")
def nlp():
    """The spaCy pipeline, loaded once per process (and imported only when articles need analysing)."""
    from analysis.engine.nlp import load_pipeline

    return load_pipeline()


@st.cache_resource(show_spinner=False)
def _startup(url: str) -> dict:
    """Per-process, per-database start-up state (has the demo corpus been checked?)."""
    return {"demo_checked": False, "lock": threading.Lock()}


# These caches are shared by every session of the server, keyed by corpus id: a session reaches them only for
# a corpus that start() found open to it.
@st.cache_data(show_spinner="Loading the corpus…", max_entries=8)
def corpus_frames(url: str, corpus_id: int, revision: int) -> tables.CorpusFrames:
    return tables.corpus_frames(get_store(url).rows(corpus_id))


@st.cache_data(show_spinner=False, max_entries=64)
def filtered_statements(url: str, corpus_id: int, revision: int, filters: tables.Filters) -> pd.DataFrame:
    return tables.apply_filters(corpus_frames(url, corpus_id, revision).statements, filters)


@st.cache_data(show_spinner=False, max_entries=64)
def article_analysis(url: str, article_id: str, version: str, revision: int) -> analysis.Analysis | None:
    return get_store(url).article(article_id)


@st.cache_data(show_spinner=False, max_entries=16)
def actor_index(url: str, corpus_id: int, revision: int) -> pd.DataFrame:
    return tables.actor_index(corpus_frames(url, corpus_id, revision))


# Analysing ----------------------------------------------------------------------------------------------------


def analyse_new(store: Store, articles: Sequence[analysis.Article], what: str) -> list[analysis.Analysis]:
    """Analyse the articles the store has no current analysis of, with a progress bar."""
    version = engine_version()
    known = store.analysed((content_hash(a.text) for a in articles), version)
    todo = list({h: a for a in articles if (h := content_hash(a.text)) not in known}.values())
    if not todo:
        return []
    bar = st.progress(0.0, text=f"Analysing {len(todo)} articles of {md(what)}…")
    results = []
    for i, result in enumerate(analysis.analyze_many(todo, nlp=nlp()), 1):
        results.append(result)
        bar.progress(i / len(todo), text=f"Analysing {md(what)}: article {i} of {len(todo)}")
    bar.empty()
    return results


def _ensure_demo(store: Store) -> None:
    """Create the built-in demo corpus on first start, or when every corpus was deleted; keep it in step with
    the demo files."""
    state = _startup(store.url)
    if state["demo_checked"] and store.corpora():
        return
    with state["lock"]:
        corpora = store.corpora()
        if state["demo_checked"] and corpora:
            return
        articles = load_demo()
        builtin = next((c for c in corpora if c.builtin), None)
        if store.meta("builtin_created") is None or not corpora:
            with st.spinner("Preparing the demo corpus…"):
                name = _free_name(store, DEMO_NAME, LOCAL)
                analyses = analyse_new(store, articles, "the demo corpus")
                try:
                    store.create_corpus(name, articles, analyses, engine_version=engine_version(), builtin=True,
                                        owner=LOCAL)
                except CorpusNameError:  # another replica on the same database made it meanwhile
                    log.info("demo corpus made by another process")
        elif builtin is not None and store.article_ids(builtin.id) != list(
                dict.fromkeys(content_hash(a.text) for a in articles)):
            with st.spinner("Updating the demo corpus…"):
                analyses = analyse_new(store, articles, "the demo corpus")
                store.replace_articles(builtin.id, articles, analyses, engine_version=engine_version())
        state["demo_checked"] = True


def _free_name(store: Store, name: str, owner: str) -> str:
    """`name`, or `name (2)`, `name (3)` …: the first that `owner` has not used."""
    taken = {c.name for c in store.corpora() if c.owner == owner}
    return next(n for n in (name, *(f"{name} ({i})" for i in range(2, 1000))) if n not in taken)


def _refresh_stale(store: Store, corpus: CorpusInfo) -> CorpusInfo:
    """Analyse again the articles of a corpus that a newer engine has not seen yet; return the corpus as now."""
    stale = store.stale_articles(corpus.id, engine_version())
    if not stale:
        return corpus
    with st.spinner(f"The analysis engine changed: updating {len(stale)} articles of {md(corpus.name)}…"):
        store.save_analyses(analyse_new(store, stale, corpus.name), engine_version=engine_version())
    return store.corpus(corpus.id)


# Query string -------------------------------------------------------------------------------------------------


def _url_value(param: str) -> list[str] | None:
    """The URL's value of `param` when the URL set it since this session last wrote it (a link, a reload)."""
    if param not in st.query_params:
        return None
    current = st.query_params.get_all(param)
    if st.session_state.get("_wsw_url", {}).get(param) == current:
        return None
    return current


def _publish(param: str, values: Iterable) -> None:
    values = [str(v) for v in values if v not in (None, "")]
    if values:
        _run.url[param] = values


def sync_url() -> None:
    """Write the view to the query string (only when it changed)."""
    desired = getattr(_run, "url", {})
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if desired != current:
        st.query_params.from_dict(desired)
    st.session_state["_wsw_url"] = desired
    _run.view = None


def url_params(**extra: str) -> dict[str, list[str] | str]:
    """The corpus (with the share token that opened it) and filters of the current view as query parameters,
    plus `extra`."""
    common = {k: v for k, v in _run.url.items()
              if k in ("corpus", "share") or k in tables.filters_to_params(_run.view.filters)}
    return {**common, **extra}


# Bound widgets ------------------------------------------------------------------------------------------------


def multiselect(label: str, options: Sequence[str], *, key: str, param: str, container=st,
                format_func: Callable = str, help: str | None = None) -> tuple[str, ...]:
    """A multiselect whose choice lives in the query parameter `param`."""
    allowed = set(options)
    url = _url_value(param)
    if url is not None:
        st.session_state[key] = [v for v in dict.fromkeys(url) if v in allowed]
    elif key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]
    value = container.multiselect(label, list(options), key=key, format_func=format_func, help=help,
                                  placeholder="Any")
    _publish(param, value)
    return tuple(value)


def selectbox(label: str, options: Sequence, *, key: str, param: str, container=st, format_func: Callable = str,
              parse: Callable[[str], object] = str, dump: Callable[[object], str] = str, default=None,
              help: str | None = None):
    """A selectbox whose choice lives in the query parameter `param` (left out of the URL when it is `default`)."""
    options = list(options)
    url = _url_value(param)
    if url:
        try:
            wanted = parse(url[0])
        except ValueError:
            wanted = None
        if wanted in options:
            st.session_state[key] = wanted
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else (options[0] if options else None)
    value = container.selectbox(label, options, key=key, format_func=format_func, help=help)
    if value != default:
        _publish(param, [dump(value)])
    return value


def slider(label: str, lo: int, hi: int, default: int, *, key: str, param: str, container=st,
           help: str | None = None) -> int:
    """An integer slider whose value lives in the query parameter `param`."""
    url = _url_value(param)
    if url:
        try:
            st.session_state[key] = min(max(int(url[0]), lo), hi)
        except ValueError:
            pass
    if not isinstance(st.session_state.get(key), int):
        st.session_state[key] = default
    st.session_state[key] = min(max(st.session_state[key], lo), hi)
    value = container.slider(label, lo, hi, key=key, help=help)
    if value != default:
        _publish(param, [value])
    return value


def _date_range(frames: tables.CorpusFrames, container) -> tuple[date | None, date | None]:
    dates = frames.articles["date"].dropna()
    if dates.empty:
        return None, None
    lo, hi = dates.min().date(), dates.max().date()
    if lo == hi:
        return None, None
    url_from, url_to = _url_value("from"), _url_value("to")
    if url_from is not None or url_to is not None:
        parsed = tables.filters_from_params({"from": url_from or [], "to": url_to or []})
        st.session_state["filter_dates"] = (parsed.date_from or lo, parsed.date_to or hi)
    value = st.session_state.get("filter_dates")
    if not isinstance(value, tuple) or not value:
        value = (lo, hi)
    start, end = value[0], value[1] if len(value) > 1 else hi
    st.session_state["filter_dates"] = (min(max(start, lo), hi), min(max(end, lo), hi))
    value = container.date_input("Article dates", key="filter_dates", min_value=lo, max_value=hi,
                                 format="YYYY-MM-DD")
    start = value[0] if len(value) > 0 else lo
    end = value[1] if len(value) > 1 else hi
    date_from = start if start > lo else None
    date_to = end if end < hi else None
    _publish("from", [date_from.isoformat()] if date_from else [])
    _publish("to", [date_to.isoformat()] if date_to else [])
    return date_from, date_to


# Signing in -----------------------------------------------------------------------------------------------


def auth_mode() -> str:
    """How sessions sign in: "oidc" when secrets.toml has an [auth] section (st.login), "password" when a
    password is set (secret "password" or $WSW_PASSWORD), else "open"."""
    if _secret("auth"):
        return "oidc"
    if _password():
        return "password"
    return "open"


def _password() -> str | None:
    return _secret("password") or os.environ.get("WSW_PASSWORD") or None


def current_user() -> str | None:
    """Who this session is signed in as (LOCAL when the dashboard runs open), or None before signing in."""
    mode = auth_mode()
    if mode == "open":
        return LOCAL
    if mode == "oidc":
        return _oidc_user()
    user = st.session_state.get("_wsw_user")
    if user is None and not st.session_state.get("_wsw_signed_out"):
        ticket = _cookie(GATE_COOKIE)
        if ticket and access.ticket_valid(ticket, _gate_key(db_url()), _password(), time.time()):
            user = st.session_state["_wsw_user"] = TEAM
    return user


def _cookie(name: str) -> str | None:
    try:
        return st.context.cookies.get(name)
    except Exception:  # no browser behind this run (AppTest, bare mode)
        return None


def _cookie_script(value: str, *, clear: bool = False) -> str:
    """A script that sets (or clears) the gate cookie. The value is a ticket of digits, dots and hex only."""
    attrs = f"{GATE_COOKIE}={value}; Path=/; SameSite=Strict" + ("; Max-Age=0" if clear else "")
    return (f"<script>document.cookie = {json.dumps(attrs)} + "
            "(location.protocol === 'https:' ? '; Secure' : '');</script>")


def _emit_cookie(value: str, *, clear: bool = False) -> None:
    # The one place the dashboard runs a script of its own: Streamlit has no call that sets a cookie.
    st.html(_cookie_script(value, clear=clear), unsafe_allow_javascript=True)


def _oidc_user() -> str | None:
    """The signed-in OIDC user's email (lower-case), else their subject id."""
    if not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    return email.strip().lower() if email else f"sub:{st.user.get('sub')}"


def sign_in() -> str:
    """The session's user; when nobody is signed in yet, draw the sign-in screen and stop the script run."""
    user = current_user()
    if user is not None:
        return user
    st.title("Who says what")
    if auth_mode() == "oidc":
        _oidc_screen()
    else:
        _password_screen(_password())
    st.stop()


def _oidc_screen() -> None:
    st.write("Sign in to see your corpora and the ones shared with you.")
    auth = _secret("auth") or {}
    providers = [name for name, value in auth.items() if hasattr(value, "items")]
    for provider in providers or [None]:
        label = f"Sign in with {provider}" if provider else "Sign in"
        st.button(label, key=f"gate_login_{provider or 'default'}", type="primary", on_click=st.login,
                  args=(provider,) if provider else ())


def _password_screen(password: str) -> None:
    """The password gate: constant-time check, and a growing wait after each wrong password in this session."""
    state = st.session_state.get("_wsw_gate", access.GateState())
    if st.session_state.pop("_wsw_clear_cookie", False):
        _emit_cookie("", clear=True)
    with st.form("gate_form"):
        given = st.text_input("Password", type="password", key="gate_password")
        submitted = st.form_submit_button("Sign in", type="primary", key="gate_submit")
    if not submitted:
        return
    wait = access.wait_left(state, _clock())
    if wait > 0:
        st.error(f"Too many wrong passwords: this session is locked for {wait:.0f} more seconds.")
        return
    ok, state = access.attempt(state, given, password, _clock())
    st.session_state["_wsw_gate"] = state
    if ok:
        st.session_state["_wsw_user"] = TEAM
        st.session_state.pop("_wsw_signed_out", None)
        st.session_state["_wsw_ticket"] = access.gate_ticket(_gate_key(db_url()), password, time.time())
        log.info("signed in through the password gate")
        st.rerun()
    log.warning("wrong password at the gate (%d in a row in this session)", state.failures)
    st.error(f"Wrong password. The next try is taken in {access.delay_after(state.failures):.0f} seconds.")


def _account(user: str) -> None:
    """The sidebar's last lines: who is signed in and how to leave, or a discreet note that access is open."""
    mode = auth_mode()
    st.sidebar.divider()
    if mode == "open":
        st.sidebar.caption("Open access: no sign-in is set up, so everyone who reaches this address shares these "
                           "corpora. See “Deploy and share” in the README.")
        return
    st.sidebar.caption(f"Signed in as **{md(user)}**")
    if mode == "oidc":
        st.sidebar.button("Sign out", key="sidebar_logout", on_click=st.logout)
        return
    ticket = st.session_state.pop("_wsw_ticket", None)
    if ticket:
        with st.sidebar:
            _emit_cookie(ticket)
    if st.sidebar.button("Sign out", key="sidebar_logout"):
        for key in ("_wsw_user", "_wsw_shares"):
            st.session_state.pop(key, None)
        st.session_state["_wsw_signed_out"] = st.session_state["_wsw_clear_cookie"] = True
        st.rerun()


# Sidebar ------------------------------------------------------------------------------------------------------


def navigation():
    """The page router (emoji icons only: Material icons would load fonts from the internet). Hidden until
    the session has signed in."""
    position = "sidebar" if current_user() is not None else "hidden"
    return st.navigation([st.Page(path, title=title, icon=icon, default=i == 0)
                          for i, (path, title, icon) in enumerate(PAGES)], position=position)


def start() -> View:
    """Sign in, open the database, make sure the demo corpus exists, draw the sidebar; return the current View."""
    _logging()
    _run.url = {}
    user = sign_in()
    store = get_store(db_url())
    _ensure_demo(store)
    shares = _shares(store)
    me = Principal(user, tuple(shares.values()))
    corpus = _corpus_picker(store, me)
    role = store.role(corpus.id, me) if corpus else None
    share = shares.get(corpus.id) if corpus and role != access.OWNER and not corpus.builtin else None
    if share:
        _publish("share", [share])  # a reload, or a link copied from here, needs the token to open it again
    if corpus is not None:
        corpus = _refresh_stale(store, corpus)
    _corpus_manager(store, corpus, me, role)
    _sharing(store, corpus, me, role)
    _uploader(store, me, corpus, role)
    if corpus is None:
        frames = tables.corpus_frames({})
        filters = tables.Filters()
        statements = frames.statements
    else:
        frames = corpus_frames(store.url, corpus.id, corpus.revision)
        filters = _filters(frames)
        statements = filtered_statements(store.url, corpus.id, corpus.revision, filters)
    _account(user)
    _run.view = View(store=store, corpus=corpus, frames=frames, filters=filters, statements=statements, me=me,
                     role=role, share=share)
    return _run.view


def view() -> View:
    """The View that start() computed for this script run."""
    v = getattr(_run, "view", None)
    if v is None:
        # The page ran without dashboard.py: a fresh server whose first request is a page URL starts in
        # Streamlit's legacy pages/ mode. Registering the navigation ends that mode; rerun through dashboard.py.
        navigation()
        st.rerun()
    return v


def _shares(store: Store) -> dict[int, str]:
    """Corpus id → the share token that opens it, for this session: the tokens of links it followed.

    A token in the URL is checked when it arrives; one that opens nothing is reported and not kept.
    """
    shares: dict[int, str] = st.session_state.setdefault("_wsw_shares", {})
    url = _url_value("share")
    if url and url[0] not in shares.values():
        grants = store.grants(url[:1])
        if not grants:
            st.warning("This share link opens nothing: it was revoked, or it is incomplete. "
                       "Ask the corpus's owner for a new one.", icon="🔗")
        for corpus_id in grants:
            shares[corpus_id] = url[0]
            if _url_value("corpus") is None:
                st.session_state["_wsw_open_corpus"] = corpus_id
        while len(shares) > MAX_SHARES:
            shares.pop(next(iter(shares)))
    return shares


def _corpus_picker(store: Store, me: Principal) -> CorpusInfo | None:
    corpora = {c.id: c for c in store.corpora(visible_to=me)}
    pending = st.session_state.pop("_wsw_open_corpus", None)
    if pending in corpora:
        st.session_state["sidebar_corpus"] = pending
    asked = _url_value("corpus")
    if asked and not (asked[0].isdigit() and int(asked[0]) in corpora):
        # The same words whether the corpus exists or not: its id alone tells nothing about it.
        st.warning(f"The link asks for corpus {md(asked[0][:20])}, which is not open to you. Ask its owner for a "
                   "share link.", icon="🔒")
    st.sidebar.header("Corpus")
    if not corpora:
        st.sidebar.info("No corpus yet: upload articles below.")
        return None
    chosen = selectbox("Open corpus", list(corpora), key="sidebar_corpus", param="corpus", container=st.sidebar,
                       parse=int, format_func=lambda i: f"{corpora[i].name} ({corpora[i].articles} articles)")
    return corpora[chosen]


def _corpus_manager(store: Store, corpus: CorpusInfo | None, me: Principal, role: str | None) -> None:
    if corpus is None:
        return
    may_rename, may_delete = access.allowed(role, "rename"), access.allowed(role, "delete")
    if not may_rename:
        note = "The built-in demo corpus" if corpus.builtin else "Shared with you"
        st.sidebar.caption(f"{note}: read-only.")
        return
    with st.sidebar.expander("Rename or delete this corpus" if may_delete else "Rename this corpus"):
        name = st.text_input("New name", value=corpus.name, key=f"sidebar_rename_{corpus.id}")
        if st.button("Rename", key="sidebar_rename_button", disabled=name.strip() in ("", corpus.name)):
            try:
                store.rename_corpus(corpus.id, name, by=me)
            except (CorpusNameError, AccessDenied) as err:
                st.error(md(err))
            else:
                st.rerun()
        if not may_delete:
            st.caption("Only the owner can delete it.")
            return
        sure = st.checkbox(f"Yes, delete “{md(corpus.name)}”", key="sidebar_delete_confirm")
        if st.button("Delete corpus", key="sidebar_delete_button", type="primary", disabled=not sure):
            try:
                store.delete_corpus(corpus.id, by=me)
            except AccessDenied as err:
                st.error(md(err))
                return
            st.session_state.pop("sidebar_delete_confirm", None)
            st.session_state.pop("sidebar_corpus", None)
            st.rerun()


def _sharing(store: Store, corpus: CorpusInfo | None, me: Principal, role: str | None) -> None:
    """Make share links for the open corpus, and list and revoke them (its owner only)."""
    if corpus is None or corpus.builtin or not access.allowed(role, "share"):
        return
    links = store.share_links(corpus.id)
    fresh = st.session_state.get("_wsw_new_link")
    with st.sidebar.expander("Sharing", expanded=bool(fresh and fresh[0] == corpus.id)):
        can_edit = st.checkbox("Holders may add files and rename", key="sharing_edit")
        if st.button("Create a share link", key="sharing_create"):
            try:
                token = store.create_share_link(corpus.id, can_edit=can_edit, by=me)
            except AccessDenied as err:
                st.error(md(err))
            else:
                st.session_state["_wsw_new_link"] = fresh = (corpus.id, token)
                links = store.share_links(corpus.id)
        if fresh and fresh[0] == corpus.id:
            st.code(share_url(corpus.id, fresh[1]), language=None, wrap_lines=True)
            st.caption("Copy it now: only a fingerprint of the link is kept, so it cannot be shown again.")
        if not links:
            st.caption("No share links: only you can open this corpus.")
        for link in links:
            what = "can edit" if link.can_edit else "read-only"
            st.caption(f"Link {link.id} · {what} · made {link.created[:10]}")
            if st.button(f"Revoke link {link.id}", key=f"sharing_revoke_{link.id}", type="tertiary"):
                try:
                    store.revoke_share_link(link.id, by=me)
                except AccessDenied as err:
                    st.error(md(err))
                else:
                    st.session_state.pop("_wsw_new_link", None)
                    st.rerun()


def share_url(corpus_id: int, token: str) -> str:
    """The address that opens a corpus with a share token: this app's address (when known) with the query."""
    query = urlencode({"corpus": corpus_id, "share": token})
    here = st.context.url
    if not here:
        return f"?{query}"
    parts = urlsplit(here)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _uploader(store: Store, me: Principal, corpus: CorpusInfo | None, role: str | None) -> None:
    generation = st.session_state.setdefault("_wsw_upload_generation", 0)
    report = st.session_state.get("_wsw_upload_report")
    with st.sidebar.expander("New corpus from files", expanded=report is not None):
        files = st.file_uploader("Articles (text, HTML, PDF, Word, CSV, JSON…)", accept_multiple_files=True,
                                 key=f"sidebar_upload_files_{generation}")
        add_to = None
        if corpus is not None and not corpus.builtin and access.allowed(role, "add"):
            choice = st.radio("Save them as", ["a new corpus", "more articles of the open corpus"],
                              key="sidebar_upload_target", horizontal=True)
            add_to = corpus if choice.startswith("more") else None
        if add_to is None:
            name = st.text_input("Corpus name", key="sidebar_upload_name", placeholder="e.g. Syria talks, January")
        if st.button("Analyse and save", key="sidebar_upload_button", type="primary", disabled=not files):
            uploads = [(f.name, f.getvalue()) for f in files]
            report = add_files(store, add_to, uploads, me) if add_to else create_corpus(store, name, uploads,
                                                                                        owner=me.user)
            st.session_state["_wsw_upload_report"] = report
            if report["corpus"] is not None:
                st.session_state["_wsw_open_corpus"] = report["corpus"]
                st.session_state["_wsw_upload_generation"] = generation + 1
                st.rerun()
        if report:
            _show_report(report)


def _ingest(files: Sequence[tuple[str, bytes]], user: str) -> tuple[list[analysis.Article], dict]:
    """Read uploaded files; return their articles and a report without a corpus yet."""
    from analysis.ingest import ingest_files

    result = ingest_files(files)
    problems = [(p.severity, str(p)) for p in result.problems]
    # Counts only: file names and article text stay out of the log.
    log.info("upload read: user=%r files=%d articles=%d problems=%d", user, len(files), len(result.articles),
             len(problems))
    report = {"corpus": None, "name": None, "articles": len(result.articles), "problems": problems, "error": None}
    if not result.articles:
        report["error"] = "No article could be read from the uploaded files."
    return list(result.articles), report


def create_corpus(store: Store, name: str, files: Sequence[tuple[str, bytes]], *, owner: str = LOCAL) -> dict:
    """Ingest, analyse and store uploaded files as a new corpus of `owner`; return a report for the sidebar."""
    articles, report = _ingest(files, owner)
    report["name"] = name
    if not articles:
        return report
    name = name.strip() or _free_name(store, f"Upload of {date.today().isoformat()}", owner)
    try:
        analyses = analyse_new(store, articles, name)
        report["corpus"] = store.create_corpus(name, articles, analyses, engine_version=engine_version(),
                                               owner=owner)
        report["name"] = name
    except CorpusNameError as err:
        report["error"] = str(err)
    except Exception as err:  # the engine or the database failed: nothing was stored
        log.warning("upload failed: user=%r error=%s", owner, type(err).__name__)
        report["error"] = f"Nothing was saved: {type(err).__name__}: {err}"
    return report


def add_files(store: Store, corpus: CorpusInfo, files: Sequence[tuple[str, bytes]], me: Principal) -> dict:
    """Ingest, analyse and add uploaded files to a corpus `me` may edit; return a report for the sidebar."""
    articles, report = _ingest(files, me.user)
    report["name"] = corpus.name
    if not articles:
        return report
    try:
        analyses = analyse_new(store, articles, corpus.name)
        added = store.add_articles(corpus.id, articles, analyses, engine_version=engine_version(), by=me)
        report.update(corpus=corpus.id, articles=added, added=True)
    except AccessDenied as err:
        report["error"] = str(err)
    except Exception as err:  # the engine or the database failed: nothing was stored
        log.warning("upload failed: user=%r corpus=%d error=%s", me.user, corpus.id, type(err).__name__)
        report["error"] = f"Nothing was saved: {type(err).__name__}: {err}"
    return report


def _show_report(report: dict) -> None:
    if report["error"]:
        st.error(md(report["error"]))
    elif report["corpus"] is not None and report.get("added"):
        st.success(f"Added {report['articles']} new articles to “{md(report['name'])}”.")
    elif report["corpus"] is not None:
        st.success(f"Saved “{md(report['name'])}”: {report['articles']} articles.")
    problems = report["problems"]
    for severity, message in problems[:PROBLEMS_SHOWN]:
        (st.warning if severity == "warning" else st.error)(md(message))
    if len(problems) > PROBLEMS_SHOWN:
        st.caption(f"… and {len(problems) - PROBLEMS_SHOWN} more problems.")
    if st.button("Dismiss", key="sidebar_upload_dismiss"):
        st.session_state.pop("_wsw_upload_report", None)
        st.rerun()


def _filters(frames: tables.CorpusFrames) -> tables.Filters:
    st_ = frames.statements
    sidebar = st.sidebar
    sidebar.header("Filters")
    titles = dict(zip(frames.articles["article_id"], frames.articles["title"].fillna("untitled"), strict=True))
    speaker = multiselect("Speaker", tables.top_speakers(st_, len(st_)), key="filter_speaker", param="speaker",
                          container=sidebar)
    stance = multiselect("Stance", tables.stance_order(st_["stance"]), key="filter_stance", param="stance",
                         container=sidebar)
    target = multiselect("Target", sorted(st_["target"].dropna().unique()), key="filter_target", param="target",
                         container=sidebar)
    with sidebar.expander("More filters", expanded=False):
        article = multiselect("Article", list(titles), key="filter_article", param="article",
                              format_func=lambda a: _short(titles.get(a, a)))
        outlet = multiselect("Outlet", sorted(frames.articles["outlet"].dropna().unique()), key="filter_outlet",
                             param="outlet")
        date_from, date_to = _date_range(frames, st)
        kind = selectbox("Speech", list(DIRECT_OPTIONS), key="filter_direct", param="direct", default="All",
                         parse=lambda v: {"yes": "Quotations", "no": "Reported"}.get(v, v),
                         dump=lambda k: "yes" if DIRECT_OPTIONS[k] else "no")
    return tables.Filters(speaker=speaker, stance=stance, target=target, article=article, outlet=outlet,
                          date_from=date_from, date_to=date_to, direct=DIRECT_OPTIONS[kind])


def md(text) -> str:
    """Text shown through Markdown, with every Markdown, LaTeX and shortcode character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# Page helpers -------------------------------------------------------------------------------------------------


def header(title: str, caption: str) -> View | None:
    """Page title and caption; returns the View, or None (with a hint) when the corpus has no articles."""
    v = view()
    st.title(title)
    name = v.corpus.name if v.corpus else "no corpus"
    note = f" · {len(v.statements)} of {len(v.frames.statements)} statements match the filters" if v.filters else ""
    st.caption(f"{caption}  \nCorpus: **{md(name)}**{note}")
    if v.corpus is None or v.corpus.articles == 0:
        st.info("This corpus has no articles. Upload files in the sidebar to create a corpus.", icon="📂")
        return None
    return v


def no_statements(v: View) -> bool:
    """Show an empty state and return True when no statement passes the filters."""
    if len(v.statements):
        return False
    if len(v.frames.statements):
        st.info("No statement matches the filters. Widen them in the sidebar.", icon="🔎")
    else:
        st.info("No statements were found in this corpus's articles yet. The Articles page still shows the texts.",
                icon="💬")
    return True


def metrics(v: View) -> None:
    counts = tables.corpus_counts(v.frames, v.statements if v.filters else None)
    cols = st.columns(4)
    for col, (label, key) in zip(cols, [("Articles", "articles"), ("Statements", "statements"),
                                        ("Speakers", "speakers"), ("Locations", "locations")], strict=True):
        col.metric(label, f"{counts[key]:,}", border=True)


def who_says_what(v: View) -> pd.DataFrame:
    """The speakers × stances chart with its top-N control; returns the statements of the clicked cells."""
    speakers = v.statements["speaker"].nunique()
    top_n = slider("Speakers shown", 1, max(speakers, 1), min(12, max(speakers, 1)), key="overview_top",
                   param="top", help="The most active speakers, by number of statements") if speakers > 1 else 1
    matrix = tables.who_says_what(v.statements, top_n)
    event = st.altair_chart(charts.who_says_what_chart(matrix), on_select="rerun", key="overview_chart",
                            width="stretch")
    cells = tables.selected_points(event.selection if event else None, charts.CELL_PARAM, ("speaker", "stance"))
    if cells:
        picked = "; ".join(f"**{md(s)}** · {md(t)}" for s, t in cells)
        st.caption(f"Selected: {picked} (double-click the chart to clear)")
    else:
        st.caption("Click a cell to see its statements; shift-click to add more cells.")
    return tables.filter_cells(v.statements, cells)


def evidence_list(statements: pd.DataFrame, *, limit: int = EVIDENCE_LIMIT, links: bool = True,
                  key: str = "overview_evidence") -> None:
    """Statements as cards: the passage with speaker, cue, target and content highlighted, linked to its article;
    long lists come a page at a time."""
    v = view()
    if statements.empty:
        st.info("No statements to show.", icon="💬")
        return
    pages = tables.page_count(len(statements), limit)
    page = 1
    if pages > 1:
        page = int(st.columns([1, 4])[0].number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1,
                                                      step=1, key=f"{key}_page"))
    rows = tables.evidence(statements, limit, page)
    cards = [highlight.evidence_card(r, href=_href(v, r["article_id"]) if links else None,
                                     stance_colour=charts.stance_color(r["stance"])) for r in rows]
    shown = f"Showing {len(rows)} of {len(statements)} statements" if len(statements) > len(rows) else \
        f"{len(rows)} statements"
    st.caption(shown)
    st.html(highlight.CSS + highlight.legend(["speaker", "cue", "target", "quote", "content"])
            + '<div data-testid="wsw-evidence">' + "".join(cards) + "</div>")


def chart(chart_, *, key: str | None = None, on_select: str = "ignore"):
    """Draw an Altair chart at full width."""
    return st.altair_chart(chart_, key=key, on_select=on_select, width="stretch")


def link_column(label: str = "Article") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text="open")


def with_links(df: pd.DataFrame, column: str = "article_id", page: str = "articles") -> pd.DataFrame:
    """Adds a "link" column pointing at the Articles reader."""
    v = view()
    return df.assign(link=[_href(v, a, page) for a in df[column]])


def _href(v: View, article_id: str, page: str = "articles") -> str:
    # Links reload the app in a new session, so a corpus opened through a share link needs its token in them.
    return highlight.article_href(v.corpus.id if v.corpus else None, article_id, page, share=v.share)


# Statements page ----------------------------------------------------------------------------------------------


def statements_table(v: View) -> None:
    query = st.text_input("Search in what was said", key="statements_q", placeholder="e.g. ceasefire")
    st_ = v.statements
    if query.strip():
        needle = query.strip()
        st_ = st_[st_["content"].str.contains(needle, case=False, regex=False, na=False)
                  | st_["sentence"].str.contains(needle, case=False, regex=False, na=False)]
    table = tables.export_frame(st_)
    column = st.column_config
    shown = with_links(table).assign(url=table["url"].map(tables.web_url))  # no javascript: or data: links
    st.dataframe(shown, hide_index=True, width="stretch", height=560, key="statements_table",
                 column_config={"link": link_column(), "url": column.LinkColumn("Source", display_text="source"),
                                "content": column.TextColumn("What was said", width="large"),
                                "title": column.TextColumn("Article", width="medium"),
                                "direct": column.CheckboxColumn("Quoted"), "negated": column.CheckboxColumn("Negated")},
                 column_order=["date", "speaker", "stance", "cue", "target", "content", "direct", "negated",
                               "location", "outlet", "title", "link", "url"])
    stem = re.sub(r"[^\w.-]+", "_", f"statements-{v.corpus.name if v.corpus else 'corpus'}")
    cols = st.columns(3)
    cols[0].download_button("⬇ CSV", tables.to_csv(table), f"{stem}.csv", "text/csv", key="statements_csv",
                            width="stretch")
    cols[1].download_button("⬇ JSON", tables.to_json(table), f"{stem}.json", "application/json",
                            key="statements_json", width="stretch")
    cols[2].download_button("⬇ Parquet", tables.to_parquet(table), f"{stem}.parquet",
                            "application/vnd.apache.parquet", key="statements_parquet", width="stretch")
    st.caption(f"{len(table)} statements. CSV cells that start with = + - @, a tab or a carriage return are "
               "prefixed with ' so spreadsheets do not run them as formulas.")


# Articles page ------------------------------------------------------------------------------------------------


def article_picker(v: View) -> str | None:
    arts = v.frames.articles.sort_values(["date", "title"], ascending=[False, True], na_position="last")
    # A missing title arrives as NaN, which is truthy: test for text, not for truth.
    labels = {a: f"{_short(t if isinstance(t, str) and t else 'untitled', 80)} · "
                 f"{d.date().isoformat() if pd.notna(d) else 'no date'}"
              for a, t, d in zip(arts["article_id"], arts["title"], arts["date"], strict=True)}
    return selectbox("Article", list(labels), key="articles_id", param="id", format_func=labels.get)


def article_reader(v: View, article_id: str) -> None:
    result = article_analysis(v.store.url, article_id, engine_version(), v.corpus.revision)
    if result is None:
        st.warning("This article is not in the database any more.")
        return
    a = result.article
    meta = " · ".join(x for x in (a.outlet, a.date, a.author and f"by {a.author}", a.source) if x)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader(md(a.title or "Untitled article"))
        st.caption(md(meta))
        if a.url and a.url.startswith(("http://", "https://")):
            st.link_button("Original article", a.url)
        st.html(highlight.CSS + highlight.legend(["actor", "cue", "quote", "place"])
                + highlight.render(a.text, highlight.article_spans(result)))
    with right:
        st.subheader("Statements")
        mine = v.frames.statements[v.frames.statements["article_id"] == article_id]
        if mine.empty:
            st.caption("No statements found in this article.")
        else:
            evidence_list(mine, limit=200, links=False, key="articles_evidence")
        if result.actors:
            st.subheader("Actors")
            st.dataframe(pd.DataFrame([{"actor": x.name, "type": x.type, "role": x.role,
                                        "aliases": ", ".join(x.aliases), "mentions": x.mentions}
                                       for x in result.actors]), hide_index=True, width="stretch")
        if result.locations:
            st.subheader("Places")
            st.dataframe(pd.DataFrame([{"place": x.name, "country": x.country, "kind": x.kind,
                                        "mentions": x.mentions} for x in result.locations]),
                         hide_index=True, width="stretch")


# Actors page --------------------------------------------------------------------------------------------------


def actor_picker(v: View) -> str | None:
    index = actor_index(v.store.url, v.corpus.id, v.corpus.revision)
    if index.empty:
        return None
    labels = {r.name: f"{r.name} · {r.said} said, {r.targeted} targeted" for r in index.itertuples()}
    return selectbox("Actor", list(labels), key="actors_actor", param="actor", format_func=labels.get)


def actor_profile(v: View, name: str) -> None:
    p = tables.actor_profile(v.frames, name, v.statements)
    st.header(md(name))
    facts = [", ".join(p.types)] if p.types else []
    facts += [f"Role: {'; '.join(p.roles)}"] if p.roles else []
    facts += [f"Also called: {', '.join(p.aliases)}"] if p.aliases else []
    st.caption(md(" · ".join(facts)) or "No roles or aliases recorded.")
    cols = st.columns(3)
    cols[0].metric("Statements made", len(p.said), border=True)
    cols[1].metric("Statements aimed at them", int(p.targeted_by["count"].sum()), border=True)
    cols[2].metric("Articles", len(p.articles), border=True)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("What they said, by stance")
        if p.by_stance.empty:
            st.caption("No statements by this actor under the current filters.")
        else:
            chart(charts.stance_bars(p.by_stance))
        st.subheader("Whom they target")
        _table_or_note(p.targets, "They address no one in particular.")
    with right:
        st.subheader("Who targets them")
        _table_or_note(p.targeted_by, "No one addresses them directly.")
        st.subheader("Articles")
        arts = with_links(p.articles)
        arts["date"] = arts["date"].dt.strftime("%Y-%m-%d")
        st.dataframe(arts, hide_index=True, width="stretch",
                     column_order=["date", "title", "outlet", "said", "targeted", "mentions", "link"],
                     column_config={"link": link_column(), "title": st.column_config.TextColumn(width="medium")})
    st.subheader("Their statements")
    evidence_list(p.said, key="actors_evidence")


def _table_or_note(df: pd.DataFrame, note: str) -> None:
    if df.empty:
        st.caption(note)
    else:
        st.dataframe(df, hide_index=True, width="stretch")


# Network page -------------------------------------------------------------------------------------------------


def network(v: View) -> None:
    edges = tables.network_edges(v.statements, top_n=1000)
    actors = max(len(tables.network_nodes(edges)), 2) if len(edges) else 2
    top_n = slider("Actors shown", 2, actors, min(20, actors), key="network_top", param="top",
                   help="The actors with the most statements made or received")
    edges = tables.network_edges(v.statements, top_n=top_n)
    if edges.empty:
        st.info("No statement names a target, so there is no network to draw. Try other filters.", icon="🕸️")
        return
    nodes = tables.network_nodes(edges)
    event = chart(charts.network_chart(nodes, edges), key="network_chart", on_select="rerun")
    picked = tables.selected_points(event.selection if event else None, charts.ACTOR_PARAM, ("name",))
    if picked:
        st.switch_page("pages/actors.py", query_params=url_params(actor=picked[0][0]))
    st.caption("Arrows go from speaker to target, coloured by their most frequent stance and as thick as the "
               "number of statements. Click an actor to open their profile.")
    with st.expander("Edges as a table"):
        st.dataframe(edges, hide_index=True, width="stretch")


# Map page -----------------------------------------------------------------------------------------------------


def world_map(v: View) -> None:
    ids = set(v.statements["article_id"]) if v.filters else None
    points = tables.location_points(v.frames.locations, ids)
    if points.empty:
        st.info("No place in these articles could be placed on the map.", icon="🗺️")
    else:
        chart(charts.map_chart(points), key="map_chart")
        st.caption("Circles are sized by how often each place is mentioned in the articles that match the filters.")
        st.dataframe(points, hide_index=True, width="stretch",
                     column_config={"lat": st.column_config.NumberColumn(format="%.3f"),
                                    "lon": st.column_config.NumberColumn(format="%.3f")})
    missing = tables.unlocated_places(v.frames.locations, ids)
    if missing:
        st.caption("Named but not on the map: " + md(", ".join(missing)))


# Timeline page ------------------------------------------------------------------------------------------------


def timeline(v: View) -> None:
    dated = v.statements.dropna(subset=["date"])
    undated = len(v.statements) - len(dated)
    if dated.empty:
        st.info("None of these statements comes from a dated article.", icon="📅")
        return
    auto = tables.time_unit(dated["date"])
    unit = selectbox("Bin by", list(tables.TIME_UNITS), key="timeline_unit", param="unit", default=auto,
                     container=st.columns([1, 3])[0])
    st.subheader("Statements by stance")
    st.caption("Scroll over the chart to zoom in time; drag to pan; double-click to reset.")
    chart(charts.timeline_chart(tables.timeline(dated, "stance", unit), unit), key="timeline_stance")
    st.subheader("Who spoke when")
    speakers = dated["speaker"].nunique()
    top_n = slider("Speakers shown", 1, max(speakers, 1), min(10, max(speakers, 1)), key="timeline_top",
                   param="top") if speakers > 1 else 1
    counts = tables.timeline(dated, ("speaker", "stance"), unit, top_n=top_n)
    chart(charts.speaker_timeline_chart(counts, unit), key="timeline_speakers")
    if undated:
        st.caption(f"{undated} statements come from articles without a date and are not shown.")
