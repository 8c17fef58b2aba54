"""Ingestion: uploaded files of every kind in, Articles and one-line Problems out (see batch.py)."""
from ..errors import IngestError, Problem
from ..types import content_hash
from .batch import IngestResult, detect_language, ingest_files, ingest_paths, iter_paths, parse_date
from .limits import Limits

__all__ = ["IngestError", "IngestResult", "Limits", "Problem", "content_hash", "detect_language", "ingest_files",
           "ingest_paths", "iter_paths", "parse_date"]
