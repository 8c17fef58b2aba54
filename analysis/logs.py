"""The dashboard's log lines on stderr."""
from __future__ import annotations

import functools
import logging

from . import config


@functools.cache
def to_stderr() -> None:
    """Log lines (uploads, deletions, sign-ins; never article text) to stderr, for the journal or the host, at the
    `log_level` setting; once per process."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("who_says_what", "analysis"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.setLevel(config.value("log_level").upper())
