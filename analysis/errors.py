"""Every error class of the project, and the Problem record that reports carry.

Each error's message is written for the user: callers show `str(err)`, never the class name."""
from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning")
UNEXPECTED = "Something went wrong while drawing this page"  # the dashboard's words for an error no page expected


def _where(file: str, row: int | None) -> str:
    """'batch.csv' or 'batch.csv, row 7'."""
    return file if row is None else f"{file}, row {row}"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one uploaded file, zip member or table row.

    `severity` is "error" when the item was skipped and "warning" when it was kept
    (cut to length, not in English, a duplicate, a date that could not be read).
    `row` counts the way a spreadsheet does (the header is row 1); for JSON it is the
    position of the object in the list, for JSON Lines the line number.
    """

    file: str
    reason: str
    row: int | None = None
    severity: str = "error"

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"Problem severity {self.severity!r} is not allowed; use one of {SEVERITIES}")

    def __str__(self) -> str:
        return f"{_where(self.file, self.row)}: {self.reason}"


class IngestError(Exception):
    """A file (or row) that cannot be turned into an article, with the reason in one line."""

    def __init__(self, file: str, reason: str, row: int | None = None):
        super().__init__(f"{_where(file, row)}: {reason}")
        self.file = file
        self.reason = reason
        self.row = row

    def to_problem(self) -> Problem:
        """The same error as a Problem record."""
        return Problem(file=self.file, reason=self.reason, row=self.row)


class LexiconError(ValueError):
    """A cue file that cannot be read."""


class CorpusNameError(ValueError):
    """A corpus name that is empty or already taken."""


class SchemaError(RuntimeError):
    """A database whose schema this code cannot use."""


class AccessDenied(PermissionError):
    """A user tried something their role on a corpus does not allow (or the corpus is not open to them)."""


class ChangedMeanwhile(RuntimeError):
    """The corpus changed since the page was drawn, so what was asked (undo the last change) no longer means what
    the user saw."""


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or cannot run the engine."""


class AnalysisFailed(RuntimeError):
    """The engine could not run on an upload; wraps the original error (logged, not shown) as its cause."""


class StoreError(RuntimeError):
    """The database cannot do what was asked (read-only, busy with another writer, unreachable, full): the
    message is the user's, with no path or server detail (those go to the log)."""


STORE_READ_ONLY = ("The database is read-only: corpora can be read, but nothing can be uploaded, renamed, shared "
                   "or deleted. Whoever runs this dashboard can make it writable.")
STORE_BUSY = "The database is busy with another change and did not answer in time. Try again in a minute."
STORE_UNREACHABLE = ("The database cannot be reached right now. Try again in a minute; if it keeps happening, tell "
                     "whoever runs this dashboard.")
STORE_FULL = "The database's disk is full: nothing more can be saved until space is freed."
STORE_TOO_OLD_TO_READ = ("The database was made by an older version of this dashboard and must be upgraded, but it "
                         "is read-only. Whoever runs this dashboard can make it writable once, to upgrade it.")
