"""One actor across the articles of a corpus: per-article names linked to corpus-level canonical names.

    linking = link_actors(analyses)
    linking.canonical(i, "Kerry")   # "John Kerry", when the corpus names only one Kerry
    linked = linking.apply(i, analyses[i])  # speakers, targets and actors renamed, actors with a stable id

Rules, all general: a surname, or a given name plus surname, goes to the one full name of the corpus that
ends with it (first and last words agreeing); an acronym goes to the one name whose initials it spells; a short
organisation name ("the Commission") goes to the one longer name that ends with it; names given as aliases of
one actor in any article are that actor everywhere. A name with several candidates stays as it is, unless its
own article names exactly one of them, and is reported in `ambiguous`.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .types import Actor, Analysis

_MINOR = frozenset({"of", "the", "and", "for", "on", "in", "de", "del", "la", "le", "du", "von", "van", "der", "&"})
_PARENTHESISED = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Z][A-Za-z0-9&.-]{1,9})\)$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")


def _key(name: str) -> str:
    """A name as compared: NFKC, casefolded, without a leading "the", dots and possessive."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"['’]s$", "", text)
    return " ".join(text.replace(".", "").split())


def actor_id(name: str) -> str:
    """A stable id for a corpus-level actor, derived from its canonical name."""
    return "a" + hashlib.sha256(_key(name).encode("utf-8")).hexdigest()[:12]


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _MINOR]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


@dataclass(frozen=True)
class Ambiguity:
    """A name left unlinked because the corpus has several actors it could be."""

    name: str
    candidates: tuple[str, ...]
    articles: tuple[int, ...]


@dataclass(frozen=True)
class Linking:
    """Per-article name → corpus-level canonical name, and what stayed ambiguous."""

    names: dict[tuple[int, str], str]
    types: dict[str, str]
    ambiguous: tuple[Ambiguity, ...] = ()

    def canonical(self, article: int, name: str | None) -> str | None:
        """The corpus-level name of `name` in article number `article` (the name itself when not linked)."""
        if name is None:
            return None
        return self.names.get((article, name), name)

    def apply(self, article: int, analysis: Analysis) -> Analysis:
        """The analysis with speakers, targets and actors under their corpus-level names (actors merged when two
        of one article link to the same name)."""
        statements = tuple(replace(s, speaker=self.canonical(article, s.speaker),
                                   target=self.canonical(article, s.target)) for s in analysis.statements)
        merged: dict[str, Actor] = {}
        for a in analysis.actors:
            name = self.canonical(article, a.name)
            old = merged.get(name)
            aliases = tuple(dict.fromkeys(x for x in (*(old.aliases if old else ()), *a.aliases,
                                                      *((a.name,) if a.name != name else ())) if x != name))
            merged[name] = Actor(name=name, type=self.types.get(name, a.type), aliases=aliases,
                                 role=(old.role if old and old.role else a.role),
                                 mentions=(old.mentions if old else 0) + a.mentions)
        return replace(analysis, statements=statements, actors=tuple(merged.values()))


def link_actors(analyses: Sequence[Analysis]) -> Linking:
    """Link the actors of these analyses across articles (see the module's rules)."""
    names_by_article = [{a.name for a in x.actors} | _speakers_and_targets(x) for x in analyses]
    types = _full_names(analyses)
    full = _Names.of(types)
    alias_of = _aliases(analyses, types)
    names: dict[tuple[int, str], str] = {}
    unsettled: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    roots = _roots(full)
    for i, present in enumerate(names_by_article):
        for name in present:
            candidates = {roots.get(c, c) for c in alias_of.get(_key(name), set()) | _candidates(name, full)}
            candidates.discard(roots.get(name, name))
            if name in roots and not candidates:
                target = roots[name]
                if target != name:
                    names[(i, name)] = target
                continue
            if not candidates:
                continue
            if len(candidates) == 1:
                target = next(iter(candidates))
            else:
                local = candidates & {roots.get(n, n) for n in present}
                if len(local) != 1:
                    unsettled[(name, tuple(sorted(candidates)))].append(i)
                    continue
                target = next(iter(local))
            if target != name:
                names[(i, name)] = target
    ambiguous = tuple(Ambiguity(name, candidates, tuple(articles))
                      for (name, candidates), articles in sorted(unsettled.items()))
    return Linking(names=names, types=types, ambiguous=ambiguous)


def _roots(full: _Names) -> dict[str, str]:
    """Each full name → the longest full name it is a shorter form of, when that is unique at every step
    ("John Kerry" → "John F. Kerry"); names with no longer form map to themselves."""
    step = {f: next(iter(c)) for f in full.types if len(c := _candidates(f, full)) == 1}
    roots = {}
    for f in full.types:
        seen, at = {f}, f
        while at in step and step[at] not in seen:
            at = step[at]
            seen.add(at)
        roots[f] = at
    return roots


def _speakers_and_targets(analysis: Analysis) -> set[str]:
    return {n for s in analysis.statements for n in (s.speaker, s.target) if n}


def _full_names(analyses: Iterable[Analysis]) -> dict[str, str]:
    """The names that can be link targets (two words or more, or an acronym given with its expansion), with the
    type most articles give them."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for x in analyses:
        for a in x.actors:
            match = _PARENTHESISED.match(a.name)
            name = match.group("long") if match else a.name
            if len(name.split()) >= 2:
                votes[name][a.type] += 1
    return {name: kinds.most_common(1)[0][0] for name, kinds in votes.items()}


def _aliases(analyses: Iterable[Analysis], full: dict[str, str]) -> dict[str, set[str]]:
    """Name key → the full names it is an alias of, from the per-article analyses and "Long Name (LN)" forms."""
    found: dict[str, set[str]] = defaultdict(set)
    for x in analyses:
        for a in x.actors:
            match = _PARENTHESISED.match(a.name)
            if match:
                found[_key(a.name)].add(match.group("long"))
                found[_key(match.group("short"))].add(match.group("long"))
            if a.name in full:
                for alias in a.aliases:
                    if _key(alias) != _key(a.name):
                        found[_key(alias)].add(a.name)
    return found


@dataclass(frozen=True)
class _Names:
    """The corpus's full names with their types, indexed by last word and by initials."""

    types: dict[str, str]
    by_last: dict[str, tuple[str, ...]]
    by_initials: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, types: dict[str, str]) -> _Names:
        by_last: dict[str, list[str]] = defaultdict(list)
        by_initials: dict[str, list[str]] = defaultdict(list)
        for f in types:
            words = _key(f).split()
            if words:
                by_last[words[-1]].append(f)
            if initials := _initials(f):
                by_initials[initials].append(f)
        return cls(types, {k: tuple(v) for k, v in by_last.items()}, {k: tuple(v) for k, v in by_initials.items()})


def _candidates(name: str, full: _Names) -> set[str]:
    """Full names of the corpus that `name` is a shorter form of."""
    if _ACRONYM.match(name.replace(" ", "")) and name.upper() == name:
        return set(full.by_initials.get(name.replace(".", "").replace(" ", ""), ()))
    words = _key(name).split()
    if not words:
        return set()
    found = set()
    for f in full.by_last.get(words[-1], ()):
        fw = _key(f).split()
        if len(fw) <= len(words):
            continue
        kind = full.types[f]
        if kind == "PERSON":
            # "Kerry" → "John Kerry"; "John Kerry" → "John F. Kerry": the last words agree, and the first too
            if len(words) == 1 or fw[0] == words[0]:
                found.add(f)
        elif kind in ("ORG", "GROUP") and fw[-len(words):] == words:  # "Commission" → "European Commission"
            found.add(f)
    return found
