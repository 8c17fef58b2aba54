"""Streamlit glue: the one module that knows both Streamlit and the analysis package.

dashboard.py routes with navigation(). Each page calls `view = start()` (database, demo corpus, and the sidebar:
corpus picker, filters, account), draws its own view with the shared helpers below and ends with sync_url(view).
The view lives in the query string, so a copied link reopens it; a corpus that is not the session's own opens
only with a share token in that link. Settings come from analysis.config and st.secrets (`secret()`): the
database, the password gate, the [auth] secrets (st.login), the log level; the sign-in page reads `trust_proxy`.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analysis import access, charts, config, controls, corpora, filter_bar, highlight, logs, snapshot, tables
from analysis.access import GATE_COOKIE, LOCAL, TEAM, Principal
from analysis.highlight import md, short
from analysis.store import CorpusInfo, Store, recent
from analysis.tables import Filters
from analysis.view import PAGES, Url, View

EVIDENCE_LIMIT = 50
DIRECT_OPTIONS = {"All": None, "Quotations": True, "Reported": False}
MAX_SHARES = 20  # share tokens one session keeps
NO_SELECTION = tables.Selection()
NO_CORPUS = tables.corpus_frames({})  # the frames of a session with no corpus (never changed in place)

log = logging.getLogger("who_says_what")
clock = time.monotonic  # the password gate's clock (tests move it forward)


# Settings, resources and caches ----------------------------------------------------------------------------


def db_url() -> str:
    """Where the corpora live: the `database_url` setting (PostgreSQL) or secret, else the `db` setting (SQLite)."""
    return config.value("database_url") or secret("DATABASE_URL") or config.value("db")


def secret(key: str):
    """st.secrets[key], or None when it is not set or there is no secrets.toml at all."""
    with suppress(FileNotFoundError):  # no secrets file: Streamlit raises rather than returning nothing
        return st.secrets.get(key)


@st.cache_resource(show_spinner=False)
def get_store(url: str) -> Store:
    return Store(url)


@st.cache_resource(show_spinner=False)
def gate_key(url: str) -> bytes:
    """The key that signs gate tickets, shared through the database by every replica."""
    return get_store(url).secret("gate")


@st.cache_resource(show_spinner="Loading the language model…")
def nlp():
    """The spaCy pipeline, loaded once per process (and imported only when articles need analysing)."""
    from analysis.engine.nlp import load_pipeline

    return load_pipeline()


@st.cache_resource(show_spinner=False)
def _startup(url: str) -> dict:
    """Per-process, per-database start-up state: has the demo corpus been checked (many sessions take a lock), and
    which (corpus, revision) were found analysed by this engine (it changes only with a new process)."""
    return {"demo_checked": False, "lock": threading.Lock(), "fresh": set()}


# Shared by every session, keyed by corpus id (reached only for a corpus start() found open to the session): one
# copy per server, never pickled or copied per run; nothing changes their frames in place (pandas copies on write).
@st.cache_resource(show_spinner="Loading the corpus…", max_entries=8)
def corpus_layers(url: str, corpus_id: int, revision: int) -> snapshot.layering.Layered:
    """The corpus as every page shows it: corrected, linked across articles, with the analyst's decisions."""
    layers = snapshot.layered(get_store(url), corpus_id, revision, config.value("cache_dir"))
    # The corpus lives on: frozen, the collection Streamlit forces after every run need not walk it each time.
    # Unfrozen and collected first, so that a corpus pushed out of the cache meanwhile can be freed.
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return layers


@st.cache_resource(show_spinner=False, max_entries=32)
def filtered_statements(url: str, corpus_id: int, revision: int, filters: tables.Filters, _all=None) -> pd.DataFrame:
    statements = corpus_layers(url, corpus_id, revision).frames.statements if _all is None else _all  # not hashed
    return tables.apply_filters(statements, filters, filter_bar.search_hits(get_store(url), corpus_id, filters.search))


@st.cache_resource(show_spinner=False, max_entries=8)
def filter_options(url: str, corpus_id: int, revision: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """What the sidebar's list filters offer, and the articles' titles, once per corpus revision."""
    frames = corpus_layers(url, corpus_id, revision).frames
    return filter_bar.options(frames), filter_bar.titles(frames)


def progress_bar(what: str) -> corpora.Progress:
    """A progress callback for corpora's use cases, drawn as a bar that goes away when the work is done."""
    bar = None

    def report(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = st.progress(0.0, text=f"Analysing {total} articles of {md(what)}…")
        if done:
            bar.progress(done / total, text=f"Analysing {md(what)}: article {done} of {total}")
        if done == total:
            bar.empty()
    return report


def _ensure_demo(store: Store) -> None:
    """The demo corpora, checked once per process and database, and again when every corpus was deleted."""
    state = _startup(store.url)
    if state["demo_checked"] and store.corpora():
        return
    with state["lock"], st.spinner("Preparing the demo corpora…"):
        if not (state["demo_checked"] and store.corpora()):
            corpora.ensure_demo(store, nlp=nlp, progress=progress_bar)
            state["demo_checked"] = True


# Query string and bound widgets ----------------------------------------------------------------------------


def _asked() -> dict[str, list[str]]:
    """The URL's parameters that the URL set since this session last wrote them (a link, a reload)."""
    written = st.session_state.get("_wsw_url", {})
    return {k: v for k in st.query_params if (v := st.query_params.get_all(k)) != written.get(k)}


def sync_url(view: View) -> None:
    """Write the view to the query string (only when it changed). Each page calls it last."""
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if view.url.out != current:
        st.query_params.from_dict(view.url.out)
    st.session_state["_wsw_url"] = dict(view.url.out)


def bound(url: Url, widget: Callable, *args, key: str, param: str | None = None, asked=None,
          fit: Callable = lambda v: v, default=None, publish: Callable | None = None, **kwargs):
    """Draw `widget` (e.g. st.sidebar.multiselect) with its value kept in st.session_state[key] and the query
    parameter `param`: a value the link asks for (`asked`, decoded; None when it asks nothing) wins over the
    session's, which wins over `default`; `fit` brings the value within the widget's bounds. `publish` gives the
    parameter's values (left out when the value is `default`); None when the caller writes the parameter."""
    if asked is not None:
        st.session_state[key] = asked
    st.session_state[key] = fit(st.session_state.get(key, default))
    value = widget(*args, key=key, **kwargs)
    if publish is not None and value != default:
        url.out[param] = publish(value)
    return value


def _asked_one(url: Url, param: str, parse: Callable):
    """The link's single value of `param`, decoded by `parse`, or None when it asks nothing usable."""
    with suppress(ValueError):
        return parse(url.asked[param][0]) if url.asked.get(param) else None


def choice(url: Url, label: str, options: Sequence, *, key: str, param: str, container=st, parse: Callable = str,
           default=None, **kwargs):
    """A selectbox bound to the query parameter `param`."""
    options = list(options)
    fallback = default if default in options else (options[0] if options else None)
    asked = _asked_one(url, param, parse)
    if url.asked.get(param) and asked not in options and param != "corpus":  # the corpus picker words its own
        container.caption(f"The link's {param} “{md(short(url.asked[param][0], 40))}” is not in this corpus; "
                          "it was ignored.")
    return bound(url, container.selectbox, label, options, key=key, param=param,
                 asked=asked if asked in options else None, fit=lambda v: v if v in options else fallback,
                 default=default, publish=lambda v: [str(v)], **kwargs)


def number(url: Url, label: str, available: int, default: int, *, key: str, param: str, lo: int = 1, container=st,
           **kwargs) -> int:
    """A "how many to show" slider over `available` items, bound to the query parameter `param`; with nothing to
    choose (available <= lo) no slider is drawn and all are shown. What was asked for is kept apart from what
    fits, so a filter that narrows the slider does not leave it narrowed once cleared."""
    bounds = tables.slider_bounds(available, lo=lo, default=default)
    if url.asked.get(param) and _asked_one(url, param, int) is None:
        container.caption(f"The link's {param} “{md(short(url.asked[param][0], 40))}” is not a number; it was "
                          "ignored.")
    if bounds is None:
        return max(available, 0)
    wanted, value = tables.slider_choice(bounds, wanted=st.session_state.get(f"_{key}_wanted"),
                                         shown=st.session_state.get(f"_{key}_shown"),
                                         picked=st.session_state.get(key), url=_asked_one(url, param, int))
    st.session_state[f"_{key}_wanted"], st.session_state[key] = wanted, value
    value = st.session_state[f"_{key}_shown"] = container.slider(label, bounds.lo, bounds.hi, key=key, **kwargs)
    if value != bounds.default:
        url.out[param] = [str(value)]
    return value


def _filters(url: Url, frames: tables.CorpusFrames, corpus: CorpusInfo, store_url: str) -> tables.Filters:
    """The sidebar's filters; the link's filters are decoded once, and written back once."""
    wanted = tables.filters_from_params(url.asked)
    options, titles = filter_options(store_url, corpus.id, corpus.revision)
    url.ignored.extend(filter_bar.ignored_params(url.asked, options))  # it reads the filters' parameters only
    shown = filter_bar.offered(options, {n: [*getattr(wanted, n), *st.session_state.get(f"filter_{n}", [])]
                                         for n in options})

    def pick(name: str, label: str, container, **kwargs) -> tuple[str, ...]:
        allowed = set(options[name])
        return tuple(bound(url, container.multiselect, label, shown[name], key=f"filter_{name}", param=name,
                           asked=list(getattr(wanted, name)) if name in url.asked else None, default=[],
                           fit=lambda v: [x for x in v if x in allowed],
                           placeholder=filter_bar.placeholder(options[name]), **kwargs))

    search = bound(url, st.sidebar.text_input, "Search in what was said", key=filter_bar.SEARCH_KEY, param="q",
                   asked=wanted.search if "q" in url.asked else None, fit=filter_bar.search_text, default="",
                   placeholder='words, "a phrase", negotiat*')
    st.sidebar.header("Filters")
    chosen = {name: pick(name, name.title(), st.sidebar) for name in ("speaker", "stance", "target")}
    with st.sidebar.expander("More filters", expanded=filter_bar.more_open(url.asked, st.session_state, corpus.id)):
        chosen["article"] = pick("article", "Article", st, format_func=lambda a: short(titles.get(a, a)))
        chosen["outlet"] = pick("outlet", "Outlet", st)
        date_from, date_to = _date_range(url, frames, wanted, corpus.id)
        kind = bound(url, st.selectbox, "Speech", list(DIRECT_OPTIONS), key="filter_direct", param="direct",
                     asked=next((k for k, v in DIRECT_OPTIONS.items() if v is not None and v == wanted.direct), None),
                     default="All", fit=lambda v: v if v in DIRECT_OPTIONS else "All")
    filters = tables.Filters(**chosen, date_from=date_from, date_to=date_to, direct=DIRECT_OPTIONS[kind], search=search)
    url.out.update(tables.filters_to_params(filters))
    return filters


def _date_range(url: Url, frames: tables.CorpusFrames, wanted: tables.Filters, corpus_id: int | None):
    """The article-date picker: a range chosen on another corpus is dropped, and an end left at the corpus's
    first or last date stays open, so later articles are not hidden by an end the analyst never set."""
    dates = frames.articles["date"].dropna()
    if dates.empty or dates.min().date() == dates.max().date():
        return None, None
    lo, hi = dates.min().date(), dates.max().date()
    asked = (wanted.date_from, wanted.date_to) if {"from", "to"} & set(url.asked) else None
    chosen = tables.date_choice(lo, hi, corpus_id=corpus_id, previous=st.session_state.get("_wsw_dates"),
                                picked=st.session_state.get("filter_dates"), url=asked)
    st.session_state["_wsw_dates"], st.session_state["filter_dates"] = chosen, chosen.shown
    st.date_input("Article dates", key="filter_dates", min_value=lo, max_value=hi, format="YYYY-MM-DD")
    return chosen.date_from, chosen.date_to


# Signing in -----------------------------------------------------------------------------------------------


def auth_mode() -> str:
    """How sessions sign in: "oidc" with an [auth] secret (st.login), "password" with a password, else "open"."""
    return "oidc" if secret("auth") else "password" if password() else "open"


def password() -> str | None:
    """The password of the gate (secret "password" or the `password` setting), if one is set."""
    return secret("password") or config.value("password") or None


def current_user() -> str | None:
    """Who this session is signed in as (LOCAL when the dashboard runs open), or None before signing in."""
    mode = auth_mode()
    if mode != "password":
        return LOCAL if mode == "open" else access.oidc_identity(st.user)
    user = st.session_state.get("_wsw_user")
    if user is None and not st.session_state.get("_wsw_signed_out"):
        ticket = _cookie(GATE_COOKIE)
        if access.ticket_valid(ticket, gate_key(db_url()), password(), time.time(), get_store(db_url()).ticket_revoked):
            user = st.session_state["_wsw_user"] = TEAM
    return user


def _cookie(name: str) -> str | None:
    with suppress(Exception):  # no browser behind this run (AppTest, bare mode)
        return st.context.cookies.get(name)


def _emit_cookie(value: str, *, clear: bool = False, container=st) -> None:
    # The one place the dashboard runs a script of its own: it asks server.py's route to set or clear the cookie.
    container.html(access.gate_cookie_script(value, clear=clear), unsafe_allow_javascript=True)


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
    if ticket := st.session_state.pop("_wsw_ticket", None):
        _emit_cookie(ticket, container=st.sidebar)
    if st.sidebar.button("Sign out", key="sidebar_logout"):
        for key in ("_wsw_user", "_wsw_shares"):
            st.session_state.pop(key, None)
        st.session_state["_wsw_signed_out"] = True
        st.rerun()


# The sidebar ------------------------------------------------------------------------------------------------


def navigation():
    """The page router (emoji icons: Material ones load fonts from the internet); before sign-in, only sign-in."""
    if current_user() is None:
        if st.session_state.get("_wsw_signed_out"):
            _emit_cookie("", clear=True)
        # Every page's address leads to the sign-in page, so a link opens where it points once signed in.
        return st.navigation([st.Page("pages/sign_in.py", title="Sign in", url_path=path[6:-3], default=i == 0)
                              for i, (path, _title, _icon) in enumerate(PAGES)], position="hidden")
    return st.navigation([st.Page(path, title=title, icon=icon, default=i == 0)
                          for i, (path, title, icon) in enumerate(PAGES)], position="sidebar")


def start() -> View:
    """Sign in, open the database, make sure the demo corpus exists, draw the sidebar; return the View."""
    if PagesManager.uses_pages_directory:
        # The page ran without dashboard.py: a fresh server whose first request is a page URL starts in
        # Streamlit's legacy pages/ mode. Registering the navigation ends that mode; rerun through dashboard.py.
        navigation()
        st.rerun()
    logs.to_stderr()
    url = Url(asked=_asked())
    user = current_user()
    if user is None:  # signed out in another tab meanwhile: the router shows the sign-in page
        st.rerun()
    store = get_store(db_url())
    _ensure_demo(store)
    shares = _shares(store, url)
    me = Principal(user, tuple(shares.values()))
    corpus = _corpus_picker(store, me, url)
    if corpus is not None and st.session_state.get("_wsw_opened") != corpus.id:  # noted once per session and corpus
        recent.opened(store, corpus.id)
        st.session_state["_wsw_opened"] = corpus.id
    role = store.role(corpus.id, me) if corpus else None
    share = shares.get(corpus.id) if corpus and role != access.OWNER and not corpus.builtin else None
    if corpus is not None and not access.allowed(role, "rename"):
        st.sidebar.caption(f"{'The built-in demo corpus' if corpus.builtin else 'Shared with you'}: read-only.")
    if share:
        url.out["share"] = [share]  # a reload, or a link copied from here, needs the token to open it again
    if corpus is not None and (corpus.id, corpus.revision) not in (fresh := _startup(store.url)["fresh"]):
        with st.spinner(f"The analysis engine changed: updating the articles of {md(corpus.name)}…"):
            corpus = corpora.refresh_stale(store, corpus, nlp=nlp, progress=progress_bar(corpus.name))
        fresh.add((corpus.id, corpus.revision))
    frames = corpus_layers(store.url, corpus.id, corpus.revision).frames if corpus else NO_CORPUS
    filters, statements = Filters(), frames.statements
    if corpus is not None:
        filters = _filters(url, frames, corpus, store.url)
        statements = filtered_statements(store.url, corpus.id, corpus.revision, filters, frames.statements)
    _account(user)
    return View(store=store, corpus=corpus, frames=frames, filters=filters, statements=statements, url=url, me=me,
                role=role, share=share)


def _shares(store: Store, url: Url) -> dict[int, str]:
    """Corpus id → the share token that opens it: the tokens of the links this session followed, each checked
    when it arrives (one that opens nothing is reported and not kept)."""
    shares: dict[int, str] = st.session_state.setdefault("_wsw_shares", {})
    token = (url.asked.get("share") or [None])[0]
    if token and token not in shares.values():
        if not (grants := store.grants([token])):
            st.warning("This share link opens nothing: it was revoked, or it is incomplete. "
                       "Ask the corpus's owner for a new one.", icon="🔗")
        elif "corpus" not in url.asked:
            st.session_state["_wsw_open_corpus"] = list(grants)[-1]
        shares = st.session_state["_wsw_shares"] = access.followed(shares, token, grants, MAX_SHARES)
    return shares


def _corpus_picker(store: Store, me: Principal, url: Url) -> CorpusInfo | None:
    corpora_ = {c.id: c for c in store.corpora(visible_to=me)}
    pending = st.session_state.pop("_wsw_open_corpus", None)
    if pending in corpora_:
        st.session_state["sidebar_corpus"] = pending
    asked = url.asked.get("corpus")
    if asked and not (asked[0].isdigit() and int(asked[0]) in corpora_):
        # The same words whether the corpus exists or not: its id alone tells nothing about it.
        st.warning(f"The link asks for corpus {md(asked[0][:20])}, which is not open to you. Ask its owner for a "
                   "share link.", icon="🔒")
    st.sidebar.header("Corpus")
    if not corpora_:
        st.sidebar.info("No corpus yet: upload articles on the Manage corpus page.")
        return None
    return corpora_[choice(url, "Open corpus", list(corpora_), key="sidebar_corpus", param="corpus",
                           container=st.sidebar, parse=int,
                           format_func=lambda i: f"{corpora_[i].name} ({corpora_[i].articles} articles)")]


# Shared rendering -------------------------------------------------------------------------------------------


def header(view: View, title: str, caption: str, *, empty_hint: bool = True,
           selection: tables.Selection = NO_SELECTION) -> bool:
    """Page title and caption, and the active-filters bar with the page's `selection` (cells, search) in it;
    False (with a hint, unless `empty_hint` is off) when the corpus has no articles."""
    st.title(title)
    name = view.corpus.name if view.corpus else "no corpus"
    note = controls.match_note(len(view.statements), len(view.frames.statements)) if view.filters else ""
    st.caption(f"{caption}  \nCorpus: **{md(name)}**{note}")
    active_filters(view, selection)
    if (empty := view.corpus is None or view.corpus.articles == 0) and empty_hint:
        st.info("This corpus has no articles. Upload files on the Manage corpus page to create a corpus.", icon="📂")
    return not empty


def active_filters(view: View, selection: tables.Selection = NO_SELECTION) -> None:
    """The bar under the title: every filter in force as a chip that removes it, and "Clear all"; before it, the
    values of the link that were dropped. Nothing narrows the view without showing here."""
    for note in (filter_bar.ignored_note(view.url.ignored), filter_bar.undated_note(view.filters, view.frames)):
        if note:
            st.caption(note)
    chips = filter_bar.chips(view.frames, view.filters, selection)
    if not chips:
        return
    bar = st.container(horizontal=True, key="wsw_active_filters")
    bar.caption("Filters:")
    for i, chip in enumerate(chips):
        bar.button(f"{md(short(chip.label, 50))} ✕", key=f"wsw_chip_{i}", on_click=_remove_filters, args=([chip],),
                   help=f"Remove the filter {chip.label}")
    bar.button("Clear all", key="wsw_chip_clear", type="tertiary", on_click=_remove_filters, args=(chips,))


def _remove_filters(chips: Sequence[filter_bar.Chip]) -> None:
    """A chip's click: take its value (or its whole filter) out of the sidebar's widgets before the next run."""
    st.session_state.update(filter_bar.without(chips, st.session_state))


def no_statements(view: View) -> bool:
    """Show an empty state and return True when no statement passes the filters."""
    if len(view.statements):
        return False
    if len(view.frames.statements):
        st.info("No statement matches the filters. Widen them in the sidebar.", icon="🔎")
    else:
        st.info("No statements were found in this corpus's articles yet. The Articles page still shows the texts.",
                icon="💬")
    return True


def evidence_list(view: View, statements: pd.DataFrame, *, limit: int = EVIDENCE_LIMIT, links: bool = True,
                  key: str = "overview_evidence", marked: int | None = None) -> None:
    """Statements as cards: the passage with speaker, cue, target and content highlighted, linked to its article
    (the link keeps the filters and points at the statement); long lists come a page at a time.

    Args:
        marked: the statement (idx) a link pointed at: shown first, outlined, under a heading the page scrolls to.
    """
    if statements.empty:
        st.info("No statements to show.", icon="💬")
        return
    linked = statements[statements["idx"] == marked] if marked is not None else statements.iloc[:0]
    if len(linked):
        # Streamlit scrolls to a heading whose anchor is the address's #fragment once it is drawn.
        st.subheader("The statement the link points at", anchor=highlight.STATEMENT_ANCHOR.format(idx=int(marked)))
        row = tables.evidence(linked, 1)[0]
        st.html(highlight.CSS + highlight.evidence_card(row, href=None, stance_colour=charts.stance_color(
            row["stance"]), marked=True))
        st.subheader("All its statements")
    pages = tables.page_count(len(statements), limit)
    page = int(st.columns([1, 4])[0].number_input(f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1,
                                                  key=f"{key}_page")) if pages > 1 else 1
    rows = tables.evidence(statements, limit, page)
    st.caption(f"Showing {len(rows)} of {tables.plural(len(statements), 'statement')}" if len(statements) > len(rows)
               else tables.plural(len(rows), "statement"))
    href = (lambda r: view.href(r["article_id"], statement=r["idx"])) if links else (lambda _r: None)
    st.html(highlight.evidence_cards(rows, href=href, colour=charts.stance_color, marked=marked))


def theme() -> str:
    """The reader's theme: "light" or "dark"."""
    return getattr(getattr(st.context, "theme", None), "type", None) or "light"


def altair_chart(chart, *, description: str | None = None, **kwargs):
    """st.altair_chart with the chart's labels readable in the reader's theme (light or dark), and described
    for screen readers (`description`, else the chart's own)."""
    return st.altair_chart(charts.readable(chart, theme(), description), **kwargs)


def article_text(result) -> None:
    """An article's text with its actors, cues, quotations and places highlighted (escaped by highlight)."""
    st.html(highlight.article_html(result))


def with_links(view: View, df: pd.DataFrame, column: str = "article_id", page: str = "articles", *,
               statement: str | None = None) -> pd.DataFrame:
    """Adds a "link" column pointing at the Articles reader (at the statement whose idx is in `statement`)."""
    marks = df[statement] if statement else [None] * len(df)
    return df.assign(link=[view.href(a, page, statement=i) for a, i in zip(df[column], marks, strict=True)])
