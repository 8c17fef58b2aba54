"""One actor across the articles of a corpus: per-article names linked to corpus-level canonical names.

    linking = link_actors(analyses)
    linking.canonical(i, "Kerry")   # "John Kerry", when the corpus names only one Kerry
    linked = linking.apply(i, analyses[i])  # speakers, targets and actors renamed, actors with a stable id

Rules, all general: spellings of one name that differ only in case, apostrophes or a leading "the" are one
name, under the spelling most articles use; a surname, or a given name plus surname, goes to the one full name
of the corpus that ends with it (first and last words agreeing); an acronym goes to the one name whose initials
it spells; a short organisation name ("the Commission") goes to the one longer name that ends with it, but not
to a name that only mentions it ("Representatives of the Commission"); names given as aliases of one actor in
any article are that actor everywhere. A description ("union", "the ministry", in lowercase) and a name of a
group ("Analysts") go only to a longer name that their own article gives: "the union" of one article is seldom
the union another article names. A name with several candidates stays as it is, unless its own article names
exactly one of them, and is reported in `ambiguous`.
"""
from __future__ import annotations

import functools
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


@functools.lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """A name as compared: NFKC, casefolded, without a leading "the", dots and possessive."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"^the\s+", "", text).replace("’", "'")
    text = re.sub(r"'s$", "", text)
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
    types, spelling = _full_names(analyses)
    full = _Names.of(types)
    alias_of = _aliases(analyses, types, spelling)
    names: dict[tuple[int, str], str] = {}
    unsettled: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    roots = _roots(full)
    for i, present in enumerate(names_by_article):
        named_here = {roots.get(s, s) for s in (spelling.get(n, n) for n in present)}
        for name in present:
            own = spelling.get(name, name)
            longer = {c for c in _candidates(own, full)
                      if roots.get(c, c) in named_here or not (_is_description(name) or full.types[c] == "GROUP")}
            candidates = {roots.get(c, c) for c in alias_of.get(_key(name), set()) | longer}
            candidates.discard(roots.get(own, own))
            if own in roots and not candidates:
                target = roots[own]
                if target != name:
                    names[(i, name)] = target
                continue
            if not candidates:
                continue
            if len(candidates) == 1:
                target = next(iter(candidates))
            else:
                local = candidates & named_here
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


def _is_description(name: str) -> bool:
    """Whether a name describes an actor ("union", "the ministry") instead of naming one: it is in lowercase."""
    return re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)[:1].islower()


def _full_names(analyses: Iterable[Analysis]) -> tuple[dict[str, str], dict[str, str]]:
    """The names that can be link targets (two words or more, or an acronym given with its expansion), with the
    type most articles give them; and each other spelling of one of them (same key) → the spelling most use."""
    votes: dict[str, Counter] = defaultdict(Counter)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for x in analyses:
        for a in x.actors:
            match = _PARENTHESISED.match(a.name)
            name = match.group("long") if match else a.name
            if len(name.split()) >= 2:
                votes[_key(name)][a.type] += 1
                spellings[_key(name)][name] += 1
    types, spelling = {}, {}
    for key, names in spellings.items():
        chosen = names.most_common(1)[0][0]
        types[chosen] = votes[key].most_common(1)[0][0]
        spelling.update({n: chosen for n in names if n != chosen})
    return types, spelling


def _aliases(analyses: Iterable[Analysis], full: dict[str, str], spelling: dict[str, str]) -> dict[str, set[str]]:
    """Name key → the full names it is an alias of, from the per-article analyses and "Long Name (LN)" forms."""
    found: dict[str, set[str]] = defaultdict(set)
    for x in analyses:
        for a in x.actors:
            match = _PARENTHESISED.match(a.name)
            if match:
                long = spelling.get(match.group("long"), match.group("long"))
                found[_key(a.name)].add(long)
                found[_key(match.group("short"))].add(long)
            name = spelling.get(a.name, a.name)
            if name in full:
                for alias in a.aliases:
                    if _key(alias) != _key(name):
                        found[_key(alias)].add(name)
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
        elif kind in ("ORG", "GROUP") and fw[-len(words):] == words and not _MINOR & set(fw[:-len(words)]):
            found.add(f)  # "Commission" → "European Commission", but not "Representatives of the Commission"
    return found
