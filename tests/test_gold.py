"""The gold evaluation: the engine must hold its accuracy floors on every run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import Article, analyze_many
from analysis.tools.evaluate import evaluate, load_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
DEMO = ROOT / "analysis" / "demo" / "articles"
HELDOUT = ROOT / "tests" / "heldout"
SHARED = ROOT.parent / "shared"


def _outputs(golds, folder: Path) -> dict[str, dict]:
    arts = [Article(text=(folder / f"{Path(g['article']).stem}.txt").read_text(encoding="utf-8"),
                    source=Path(g["article"]).name) for g in golds]
    return {Path(a.article.source).stem: a.to_dict() for a in analyze_many(arts)}


@pytest.fixture(scope="module")
def own_score():
    golds = load_gold(GOLD)
    assert len(golds) >= 8
    return evaluate(golds, _outputs(golds, DEMO))


def test_own_articles_floor(own_score):
    total, per = own_score
    print(json.dumps(total.summary()))
    assert total.f1 >= 0.85, total.summary()
    assert total.stance_accuracy >= 0.90, total.summary()
    assert total.target_accuracy >= 0.60, total.summary()
    assert min(sc.f1 for sc in per.values()) >= 0.6, {k: round(v.f1, 2) for k, v in per.items()}


def test_own_articles_places(own_score):
    total, _ = own_score
    assert total.places_found / total.places_total >= 0.85, total.missed_places
    assert total.country_ok / total.country_total >= 0.85, total.missed_places


def test_second_set_floor():
    """Articles in other house styles (features, match reports, debates, press releases)."""
    golds = load_gold(HELDOUT / "gold")
    assert len(golds) >= 8
    total, _ = evaluate(golds, _outputs(golds, HELDOUT / "articles"))
    print(json.dumps(total.summary()))
    assert total.f1 >= 0.75, total.summary()
    assert total.stance_accuracy >= 0.90, total.summary()


@pytest.mark.skipif(not (SHARED / "gold" / "seed.json").exists(), reason="../shared is not beside this checkout")
def test_example_article_floor():
    golds = load_gold(SHARED / "gold")
    total, _ = evaluate(golds, _outputs(golds, SHARED / "corpus" / "seed"))
    assert total.f1 >= 0.85, total.summary()
    assert total.stance_accuracy >= 0.90, total.summary()
    assert total.target_accuracy >= 0.80, total.summary()
    assert total.places_found == total.places_total, total.missed_places
    assert total.country_ok == total.country_total, total.missed_places
