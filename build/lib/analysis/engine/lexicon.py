"""The cue lexicon: lemmas and phrases that signal speech or stance, mapped to a stance class."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import config
from ..config import DATA_DIR
from ..errors import LexiconError
from ..types import STANCES

DEFAULT_CUES_PATH = DATA_DIR / "cues.tsv"


@dataclass(frozen=True)
class Cue:
    """One lexicon entry: "call on" → urge, object=False."""

    phrase: str
    stance: str
    object: bool = False  # a direct object that is not an actor may be the content ("rejected the plan")
    that_only: bool = False  # only a that-clause or a quotation is content ("found that ...", not "found the car")
    evidence: bool = False  # only a document speaks with it ("a poll shows ...", not "he showed the way")

    @property
    def head(self) -> str:
        return self.phrase.split()[0]

    @property
    def particles(self) -> tuple[str, ...]:
        return tuple(self.phrase.split()[1:])


def read_cues(path: str | os.PathLike) -> dict[str, Cue]:
    """Read a cue TSV (`cue<TAB>stance[<TAB>yes|no|that|evidence]`, `#` comments).

    Raises:
        LexiconError: on an unknown stance or a malformed row, naming the file and line.
    """
    cues: dict[str, Cue] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise LexiconError(f"{path}: cannot read cue lexicon ({e})") from e
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or not parts[0]:
            raise LexiconError(f"{path}, line {n}: expected 'cue<TAB>stance', got {line!r}")
        phrase, stance = " ".join(parts[0].lower().split()), parts[1].lower()
        if stance not in STANCES:
            raise LexiconError(f"{path}, line {n}: unknown stance {stance!r}; allowed: {', '.join(STANCES)}")
        flag = parts[2].lower() if len(parts) > 2 else "no"
        if flag not in {"yes", "no", "that", "evidence", "y", "n", "true", "false", "1", "0", ""}:
            raise LexiconError(f"{path}, line {n}: third column {flag!r} must be yes, no, that or evidence")
        evidence = flag == "evidence"
        cues[phrase] = Cue(phrase, stance, evidence or flag in {"yes", "y", "true", "1"}, flag == "that", evidence)
    return cues


class Lexicon:
    """Cues indexed by their head lemma, longest phrase first."""

    def __init__(self, cues: dict[str, Cue]):
        self.cues = dict(cues)
        by_head: dict[str, list[Cue]] = {}
        for cue in self.cues.values():
            by_head.setdefault(cue.head, []).append(cue)
        self.by_head = {h: sorted(cs, key=lambda c: -len(c.particles)) for h, cs in by_head.items()}

    def __len__(self) -> int:
        return len(self.cues)

    def __contains__(self, phrase: str) -> bool:
        return phrase in self.cues

    def candidates(self, lemma: str) -> list[Cue]:
        """Entries whose phrase starts with this lemma, longest first."""
        return self.by_head.get(lemma, [])


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The default lexicon, extended by the TSV at `extra` or at $WSW_CUES when set (its rows win)."""
    cues = read_cues(path or DEFAULT_CUES_PATH)
    extra = extra or config.value("cues")
    if extra:
        cues.update(read_cues(extra))
    return Lexicon(cues)
