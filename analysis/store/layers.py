"""The analyst's layers of a corpus, stored apart from the engine's output: actor decisions and corrections.

Each row says who made it and when. Rows are only ever added (a later decision or correction wins over an
earlier one when they are applied), so two editors working at once both keep what they did.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from ..access import Principal
from ..corrections import Correction, Decision
from ..errors import ChangedMeanwhile

log = logging.getLogger(__name__)
DECISION, CORRECTION = "decision", "correction"
_TABLES = {DECISION: "actor_decisions", CORRECTION: "corrections"}


def now() -> str:
    """The current time as a layer stores it: ISO 8601 in UTC, to the microsecond, so that the history of two
    tables has one order (a time to the second, as older rows have, sorts before the same second's)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Change:
    """One row of a corpus's history: a decision or a correction (`layer`), its id, who made it and when."""

    layer: str
    id: int
    author: str
    created: str
    item: Decision | Correction

    @property
    def key(self) -> tuple[str, int]:
        return self.layer, self.id


class Layers:
    """Reading and adding a corpus's decisions and corrections through a Store (its transactions and roles)."""

    def __init__(self, store):
        self.store = store

    def decisions(self, corpus_id: int) -> list[Decision]:
        """The corpus's actor decisions, oldest first."""
        with self.store._reading() as con:
            rows = con.execute("SELECT id, kind, name, value, author, created FROM actor_decisions WHERE corpus_id = ? "
                               "ORDER BY created, id", (corpus_id,)).fetchall()
        return [Decision(r["kind"], r["name"], r["value"], r["author"], r["created"], r["id"]) for r in rows]

    def add_decision(self, corpus_id: int, decision: Decision, *, by: Principal | None = None) -> Decision:
        """Store a decision (owners and editors only); the corpus's revision moves on, so views refresh."""
        with self.store._transaction() as con:
            self.store._require(con, corpus_id, by, "correct")
            stamped = Decision(decision.kind, decision.name, decision.value, by.user if by else decision.author,
                               now())
            con.execute("INSERT INTO actor_decisions(corpus_id, kind, name, value, author, created) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (corpus_id, stamped.kind, stamped.name, stamped.value,
                                                      stamped.author, stamped.created))
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
        return stamped

    def corrections(self, corpus_id: int) -> list[Correction]:
        """The corpus's corrections, oldest first."""
        with self.store._reading() as con:
            rows = con.execute("SELECT * FROM corrections WHERE corpus_id = ? ORDER BY created, id",
                               (corpus_id,)).fetchall()
        return [Correction(r["article_hash"], r["span_start"], r["span_end"], r["cue_start"], r["cue_end"],
                           r["action"], tuple((k, v) for k, v in json.loads(r["changes"])), r["author"],
                           r["created"], r["id"]) for r in rows]

    def add_correction(self, corpus_id: int, correction: Correction, *, by: Principal | None = None) -> Correction:
        """Store a correction (owners and editors only); the corpus's revision moves on, so views refresh."""
        with self.store._transaction() as con:
            self.store._require(con, corpus_id, by, "correct")
            author, created = (by.user if by else correction.author), now()
            con.execute("INSERT INTO corrections(corpus_id, article_hash, span_start, span_end, cue_start, cue_end, "
                        "action, changes, author, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (corpus_id, correction.article, correction.start, correction.end, correction.cue_start,
                         correction.cue_end, correction.action, json.dumps([list(c) for c in correction.changes]),
                         author, created))
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
        return Correction(correction.article, correction.start, correction.end, correction.cue_start,
                          correction.cue_end, correction.action, correction.changes, author, created)

    def move(self, corpus_id: int, moved: list[Correction]) -> int:
        """Store corrections re-keyed to the spans a re-analysis gave them (corrections.moved); how many moved."""
        n = 0
        with self.store._transaction() as con:
            for c in moved:
                if c.id is None:
                    continue
                cur = con.execute("UPDATE corrections SET span_start = ?, span_end = ?, cue_start = ?, cue_end = ? "
                                  "WHERE id = ? AND corpus_id = ? AND NOT (span_start = ? AND span_end = ? AND "
                                  "cue_start = ? AND cue_end = ?)",
                                  (c.start, c.end, c.cue_start, c.cue_end, c.id, corpus_id, c.start, c.end,
                                   c.cue_start, c.cue_end))
                n += max(cur.rowcount, 0)
        return n

    def history(self, corpus_id: int) -> list[Change]:
        """Every decision and correction of the corpus as one history, oldest first (the last is what undo
        takes back)."""
        changes = [Change(DECISION, d.id, d.author, d.created, d) for d in self.decisions(corpus_id)]
        changes += [Change(CORRECTION, c.id, c.author, c.created, c) for c in self.corrections(corpus_id)]
        return sorted(changes, key=lambda c: (c.created, c.id, c.layer))

    def undo(self, corpus_id: int, last: tuple[str, int], *, by: Principal | None = None) -> None:
        """Take back the corpus's last change (owners and editors only), which must be `last` (Change.key): the
        one the user saw as last. If another change came after it meanwhile, nothing is taken back and
        ChangedMeanwhile says so. The row is deleted, so the history shows what stands."""
        with self.store._transaction() as con:
            self.store._require(con, corpus_id, by, "correct")
            newest = []
            for layer, table in _TABLES.items():
                row = con.execute(f"SELECT id, created FROM {table} WHERE corpus_id = ? ORDER BY created DESC, "
                                  "id DESC LIMIT 1", (corpus_id,)).fetchone()
                if row is not None:
                    newest.append((row["created"], row["id"], layer))
            if not newest or (max(newest)[2], max(newest)[1]) != tuple(last):
                raise ChangedMeanwhile("Someone changed this corpus meanwhile, so the last change is not the one "
                                       "shown. Look at the history again before undoing.")
            layer, row_id = last
            con.execute(f"DELETE FROM {_TABLES[layer]} WHERE id = ? AND corpus_id = ?", (row_id, corpus_id))
            con.execute("UPDATE corpora SET revision = revision + 1 WHERE id = ?", (corpus_id,))
        log.info("undo: corpus=%d %s=%d by=%r", corpus_id, layer, row_id, by.user if by else None)
