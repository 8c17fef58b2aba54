"""Scoring who-says-what output against hand-made gold files.

A system statement matches a gold statement when its speaker names the same actor (canonical name or a
listed alias) and the two contents share at least half their words (Dice ≥ 0.5). Precision counts every
system statement except those matching an optional gold statement; recall counts the required ones.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
STOP = {"the", "a", "an"}
MIN_DICE = 0.5


def words(text: str | None) -> list[str]:
    return WORD.findall((text or "").lower().replace("’", "'"))


def norm(name: str | None) -> str:
    return " ".join(w for w in words(name) if w not in STOP)


def dice(a: str | None, b: str | None) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    inter = sum((Counter(wa) & Counter(wb)).values())
    return 2 * inter / (len(wa) + len(wb))


def names_for(actor: str, actors: dict) -> set[str]:
    out = {norm(actor)} | {norm(a) for a in actors.get(actor, {}).get("aliases", [])}
    return {n for n in out if n}


def same_actor(system_name: str | None, gold_names: set[str]) -> bool:
    s = norm(system_name)
    if not s:
        return False
    if s in gold_names:
        return True
    toks = set(s.split())
    return any(len(g.split()) >= 2 and set(g.split()) <= toks for g in gold_names)


@dataclass
class Score:
    """Counts over one or many articles; the rates are derived."""

    tp: int = 0
    required: int = 0
    system: int = 0
    matched: int = 0
    stance_ok: int = 0
    target_ok: int = 0
    target_total: int = 0
    places_found: int = 0
    places_total: int = 0
    country_ok: int = 0
    country_total: int = 0
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    missed_places: list[str] = field(default_factory=list)

    def __iadd__(self, other: Score) -> Score:
        for k in (
            "tp",
            "required",
            "system",
            "matched",
            "stance_ok",
            "target_ok",
            "target_total",
            "places_found",
            "places_total",
            "country_ok",
            "country_total",
        ):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.missed += other.missed
        self.spurious += other.spurious
        self.missed_places += other.missed_places
        return self

    @property
    def precision(self) -> float:
        return self.tp / self.system if self.system else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def stance_accuracy(self) -> float:
        return self.stance_ok / self.matched if self.matched else 0.0

    @property
    def target_accuracy(self) -> float:
        return self.target_ok / self.target_total if self.target_total else 0.0

    def summary(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "stance_acc": round(self.stance_accuracy, 3),
            "target_acc": round(self.target_accuracy, 3),
            "places_found": f"{self.places_found}/{self.places_total}",
            "countries_right": f"{self.country_ok}/{self.country_total}",
        }


def score_article(gold: dict, statements: list[dict], locations: list[dict] | None = None) -> Score:
    """Score one article's system output (dicts of the JSON Lines contract) against its gold record."""
    actors = gold.get("actors", {})
    golds = gold["statements"]
    pairs = []
    for gi, g in enumerate(golds):
        gnames = set()
        for who in [g.get("speaker"), *g.get("accept", [])]:
            if who:
                gnames |= names_for(who, actors)
        for si, s in enumerate(statements):
            if g.get("any_speaker"):
                ok = True
            elif g.get("speaker") is None:
                ok = not s.get("speaker")
            else:
                ok = same_actor(s.get("speaker"), gnames)
            if ok:
                d = dice(g["content"], s.get("content", ""))
                if d >= MIN_DICE:
                    pairs.append((d, gi, si))
    pairs.sort(reverse=True)
    used_g, used_s, matches = set(), set(), []
    for _, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            matches.append((gi, si))
    required = [i for i, g in enumerate(golds) if g.get("required", True)]
    optional_matched = sum(1 for gi, _ in matches if not golds[gi].get("required", True))
    sc = Score(
        tp=sum(1 for gi, _ in matches if golds[gi].get("required", True)),
        required=len(required),
        system=len(statements) - optional_matched,
        matched=len(matches),
        stance_ok=sum(1 for gi, si in matches if (statements[si].get("stance") or "").lower() == golds[gi]["stance"]),
        missed=[golds[i] for i in required if i not in used_g],
        spurious=[statements[i] for i in range(len(statements)) if i not in used_s],
    )
    for gi, si in matches:
        g = golds[gi]
        if g.get("target"):
            sc.target_total += 1
            tnames = names_for(g["target"], actors) | {norm(t) for t in g.get("target_accept", [])}
            sc.target_ok += same_actor(statements[si].get("target"), tnames)
    _score_places(sc, gold, locations or [])
    return sc


def _score_places(sc: Score, gold: dict, locations: list[dict]) -> None:
    for g in gold.get("locations", []):
        gname = norm(g["name"])
        hit = next(
            (
                s
                for s in locations
                if norm(s.get("name")) == gname or gname in {norm(a) for a in s.get("aliases") or []}
            ),
            None,
        )
        sc.places_total += 1
        if hit is None:
            sc.missed_places.append(g["name"])
            continue
        sc.places_found += 1
        if g.get("country"):
            sc.country_total += 1
            if (hit.get("country") or "").upper() == g["country"]:
                sc.country_ok += 1
            else:
                sc.missed_places.append(f"{g['name']} (country {hit.get('country')}, want {g['country']})")


def load_gold(path: str | Path) -> list[dict]:
    """Gold records from a file or every *.json in a folder."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def evaluate(golds: Iterable[dict], outputs: dict[str, dict]) -> tuple[Score, dict[str, Score]]:
    """Score system records (keyed by article file stem) against gold records; totals and per article."""
    total, per = Score(), {}
    for gold in golds:
        stem = Path(gold["article"]).stem
        rec = outputs.get(stem, {})
        sc = score_article(gold, rec.get("statements", []), rec.get("locations", []))
        per[stem] = sc
        total += sc
    return total, per


# -- recall broken down by kind of statement ------------------------------------------------------------------

PRONOUNS = frozenset(
    "i me we us you he him she her it they them who whom which that this these those one".split()
)


def statement_kinds(g: dict, *, headline: str | None, cue_known: bool) -> dict[str, str]:
    """The kinds of one gold statement: quotation or reported, how the speaker is named, where it stands, and
    whether its cue is in the lexicon. Gold files may give `kind` and `headline`; otherwise they are inferred."""
    speaker_words = (g.get("speaker_text") or g.get("source_span") or g.get("speaker") or "").split()
    kind = g.get("kind")
    if kind not in {"named", "pronoun", "descriptive"}:
        if g.get("any_speaker") or (len(speaker_words) == 1 and speaker_words[0].lower() in PRONOUNS):
            kind = "pronoun"
        elif any(w[:1].isupper() for w in speaker_words[-1:]):
            kind = "named"
        else:
            kind = "descriptive"
    in_headline = g.get("headline")
    if in_headline is None:
        in_headline = bool(headline) and dice(g.get("content"), headline) >= MIN_DICE
    return {
        "quotation": "direct" if g.get("direct") else "indirect",
        "speaker": kind,
        "position": "headline" if in_headline else "body",
        "cue": "in lexicon" if cue_known else "not in lexicon",
    }


def recall_by_kind(
    golds: Iterable[dict], per: dict[str, Score], headlines: dict[str, str | None], cue_known
) -> dict[str, dict[str, tuple[int, int]]]:
    """(found, required) per kind and value, e.g. {"quotation": {"direct": (30, 40), ...}, ...}.

    Args:
        golds: the gold records that evaluate() scored into `per`.
        headlines: the headline of each article (by file stem), or None.
        cue_known: a function telling whether a cue as written ("tweeted") is in the lexicon.
    """
    counts: dict[str, dict[str, list[int]]] = {}
    for gold in golds:
        stem = Path(gold["article"]).stem
        sc = per.get(stem)
        if sc is None:
            continue
        missed = {id(g) for g in sc.missed}
        for g in gold["statements"]:
            if not g.get("required", True):
                continue
            kinds = statement_kinds(g, headline=headlines.get(stem), cue_known=cue_known(g.get("cue") or ""))
            for kind, value in kinds.items():
                cell = counts.setdefault(kind, {}).setdefault(value, [0, 0])
                cell[0] += id(g) not in missed
                cell[1] += 1
    return {k: {v: (c[0], c[1]) for v, c in sorted(vals.items())} for k, vals in counts.items()}


def lexicon_cue_test():
    """A function telling whether a cue as written ("tweeted", "lashed out at") is in the engine's lexicon."""

    from ..engine.lexicon import load_lexicon
    from ..engine.nlp import load_pipeline

    nlp, lexicon = load_pipeline(), load_lexicon()

    @functools.cache
    def known(cue: str) -> bool:
        doc = nlp(" ".join(cue.split()))
        forms = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
        for tok in doc:
            for entry in lexicon.candidates(tok.lemma_.lower()) or lexicon.candidates(tok.lower_):
                if all(p in forms for p in entry.particles):
                    return True
        return False

    return known


def format_breakdown(table: dict[str, dict[str, tuple[int, int]]]) -> list[str]:
    """Lines of the breakdown: one per kind and value, with recall and counts."""
    lines = ["recall by kind of statement:"]
    for kind, values in table.items():
        for value, (found, total) in values.items():
            rate = found / total if total else 0.0
            lines.append(f"  {kind:10s} {value:15s} {rate:.3f}  ({found}/{total})")
    return lines
