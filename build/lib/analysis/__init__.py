"""Who-says-what engine: statements, stances, targets, actors and places in news articles."""
from .types import STANCES, Actor, Analysis, Article, Location, Statement

__all__ = ["STANCES", "Actor", "Analysis", "Article", "Location", "Statement", "analyze", "analyze_doc", "analyze_many"]

_PIPELINE = {"analyze", "analyze_doc", "analyze_many"}


def __getattr__(name: str):
    # spaCy is imported on first use, so that reading stored analyses (the dashboard, the store) starts fast
    if name in _PIPELINE:
        from .engine import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
