"""The cue lexicon: the packaged TSV, user extensions (extra file and $WSW_CUES) and errors in cue files."""
from __future__ import annotations

import pytest

from analysis.engine.lexicon import DEFAULT_CUES_PATH, Cue, Lexicon, LexiconError, load_lexicon, read_cues
from analysis.types import STANCES


@pytest.fixture
def fresh_lexicon(monkeypatch):
    """load_lexicon with an empty cache and no $WSW_CUES, so that no test sees another's lexicon."""
    monkeypatch.delenv("WSW_CUES", raising=False)
    load_lexicon.cache_clear()
    yield load_lexicon
    load_lexicon.cache_clear()


def write_tsv(tmp_path, text: str, name: str = "cues.tsv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# -- the packaged lexicon -------------------------------------------------------------------------------------


def test_default_lexicon_is_large_and_valid(fresh_lexicon):
    lex = fresh_lexicon()
    assert len(lex) >= 150
    assert all(cue.stance in STANCES for cue in lex.cues.values())
    assert {cue.stance for cue in lex.cues.values()} == set(STANCES)  # every stance has cues


def test_default_file_lists_each_cue_once():
    rows = [line.split("\t")[0] for line in DEFAULT_CUES_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert len(rows) == len(set(rows)) == len(read_cues(DEFAULT_CUES_PATH))


@pytest.mark.parametrize(
    ("phrase", "stance"),
    [
        ("say", "say"), ("tell", "say"), ("add", "say"),
        ("accuse", "accuse"), ("blame", "accuse"), ("criticise", "accuse"), ("condemn", "accuse"),
        ("urge", "urge"), ("call on", "urge"), ("appeal", "urge"), ("press", "urge"),
        ("insist", "insist"), ("demand", "insist"), ("stress", "insist"), ("maintain", "insist"),
        ("agree", "agree"),
        ("welcome", "support"), ("praise", "support"), ("defend", "support"), ("back", "support"),
        ("deny", "deny"), ("reject", "deny"), ("dismiss", "deny"), ("refuse", "deny"),
        ("warn", "warn"), ("ask", "ask"),
        ("announce", "report"), ("confirm", "report"), ("reveal", "report"),
        ("vow", "promise"), ("pledge", "promise"),
        ("according to", "say"),
    ],
)
def test_stance_of_cue(fresh_lexicon, phrase, stance):
    lex = fresh_lexicon()
    assert phrase in lex
    assert lex.cues[phrase].stance == stance


@pytest.mark.parametrize(
    ("phrase", "head", "particles", "stance"),
    [
        ("call on", "call", ("on",), "urge"),
        ("call for", "call", ("for",), "urge"),
        ("according to", "according", ("to",), "say"),
        ("rule out", "rule", ("out",), "deny"),
        ("point out", "point", ("out",), "say"),
    ],
)
def test_phrase_cues(fresh_lexicon, phrase, head, particles, stance):
    cue = fresh_lexicon().cues[phrase]
    assert (cue.head, cue.particles, cue.stance) == (head, particles, stance)
    assert cue in fresh_lexicon().candidates(head)


@pytest.mark.parametrize(("phrase", "takes_object"), [("reject", True), ("say", False), ("call on", False)])
def test_object_flag(fresh_lexicon, phrase, takes_object):
    assert fresh_lexicon().cues[phrase].object is takes_object


def test_candidates_longest_phrase_first():
    lex = Lexicon({c.phrase: c for c in [Cue("push", "urge"), Cue("push back", "deny"), Cue("say", "say")]})
    assert [c.phrase for c in lex.candidates("push")] == ["push back", "push"]
    assert lex.candidates("say") == [Cue("say", "say")]
    assert lex.candidates("unknown") == []


def test_load_lexicon_is_cached(fresh_lexicon):
    assert fresh_lexicon() is fresh_lexicon()


# -- reading cue files -----------------------------------------------------------------------------------------


def test_read_cues_normalises_rows(tmp_path):
    path = write_tsv(
        tmp_path,
        "# a comment\n"
        "\n"
        "Call   On\tURGE\tyes\n"
        "grumble\tsay\n"
        "rubbish\tdeny\tY\n"
        "slate\taccuse\tno\n"
        "   # an indented comment\n",
    )
    assert read_cues(path) == {
        "call on": Cue("call on", "urge", True),
        "grumble": Cue("grumble", "say", False),
        "rubbish": Cue("rubbish", "deny", True),
        "slate": Cue("slate", "accuse", False),
    }


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param("say\tsay\nshout\n", 2, "expected 'cue<TAB>stance'", id="one-column"),
        pytest.param("say\tsay\n\tsay\n", 2, "expected 'cue<TAB>stance'", id="empty-cue"),
        pytest.param("say say\n", 1, "expected 'cue<TAB>stance'", id="spaces-not-tab"),
        pytest.param("# comment\n\nshout\tyell\n", 3, "unknown stance 'yell'", id="unknown-stance"),
        pytest.param("say\tsay\ngrumble\t\n", 2, "unknown stance ''", id="empty-stance"),
    ],
)
def test_malformed_rows_name_file_and_line(tmp_path, text, line, fragment):
    path = write_tsv(tmp_path, text)
    with pytest.raises(LexiconError) as err:
        read_cues(path)
    message = str(err.value)
    assert str(path) in message
    assert f"line {line}:" in message
    assert fragment in message


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda tmp: tmp / "missing.tsv", id="missing"),
        pytest.param(lambda tmp: write_tsv(tmp, "caf\u00e9\tsay\n", encoding="latin-1"), id="not-utf8"),
    ],
)
def test_unreadable_file(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(LexiconError, match="cannot read cue lexicon") as err:
        read_cues(path)
    assert str(path) in str(err.value)


def test_lexicon_error_is_a_value_error():
    assert issubclass(LexiconError, ValueError)


# -- user extensions -------------------------------------------------------------------------------------------

USER_CUES = "# house cues\nharrumph\tsay\nclaim\taccuse\tyes\nwave away\tdeny\tyes\n"


def check_extended(lex: Lexicon, default: Lexicon) -> None:
    assert len(lex) == len(default) + 2  # two new rows; "claim" replaces the default entry
    assert lex.cues["harrumph"] == Cue("harrumph", "say", False)
    assert lex.cues["claim"] == Cue("claim", "accuse", True)
    assert default.cues["claim"].stance == "say"
    assert lex.cues["wave away"] in lex.candidates("wave")
    assert lex.cues["say"] == default.cues["say"]


def test_extra_file_extends_and_overrides(fresh_lexicon, tmp_path):
    default = fresh_lexicon()
    path = write_tsv(tmp_path, USER_CUES)
    check_extended(fresh_lexicon(extra=str(path)), default)
    assert fresh_lexicon() is default  # the default lexicon is left as it was


def test_env_variable_extends_and_overrides(fresh_lexicon, tmp_path, monkeypatch):
    default = fresh_lexicon()
    path = write_tsv(tmp_path, USER_CUES)
    monkeypatch.setenv("WSW_CUES", str(path))
    fresh_lexicon.cache_clear()
    check_extended(fresh_lexicon(), default)


@pytest.mark.parametrize("via", ["extra", "env"])
def test_bad_user_file_raises(fresh_lexicon, tmp_path, monkeypatch, via):
    path = write_tsv(tmp_path, "grumble\tsay\nslam\tattack\n", name="house.tsv")
    if via == "env":
        monkeypatch.setenv("WSW_CUES", str(path))
        call = fresh_lexicon
    else:
        def call():
            return fresh_lexicon(extra=str(path))
    with pytest.raises(LexiconError, match=r"house\.tsv, line 2: unknown stance 'attack'"):
        call()


def test_third_column_accepts_that_and_rejects_other_words(tmp_path):
    from analysis.engine.lexicon import LexiconError, read_cues

    good = tmp_path / "good.tsv"
    good.write_text("find\treport\tthat\nreject\tdeny\tyes\n", encoding="utf-8")
    cues = read_cues(good)
    assert cues["find"].that_only and not cues["find"].object
    assert cues["reject"].object and not cues["reject"].that_only
    bad = tmp_path / "bad.tsv"
    bad.write_text("find\treport\tmaybe\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.tsv, line 1: third column 'maybe'"):
        read_cues(bad)


# -- the packaged lexicon ------------------------------------------------------------------------------------------


def test_packaged_lexicon_covers_news_reporting(fresh_lexicon):
    lex = fresh_lexicon()
    assert len(lex) >= 400
    expected = {
        "tweet": "say", "post": "say", "write": "say", "blast": "accuse", "slam": "accuse", "hammer": "accuse",
        "lash out at": "accuse", "hail": "support", "laud": "support", "vow": "promise", "show": "report",
    }
    assert {phrase: lex.cues[phrase].stance for phrase in expected} == expected


def test_evidence_flag(tmp_path):
    path = write_tsv(tmp_path, "show\treport\tevidence\nsay\tsay\n")
    cues = read_cues(path)
    assert cues["show"] == Cue("show", "report", True, False, True)
    assert cues["say"].evidence is False
