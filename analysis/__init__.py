"""Who-says-what engine: statements, stances, targets, actors and places in news articles."""
from .pipeline import analyze, analyze_doc, analyze_many
from .types import STANCES, Actor, Analysis, Article, Location, Statement

__all__ = ["STANCES", "Actor", "Analysis", "Article", "Location", "Statement", "analyze", "analyze_doc", "analyze_many"]
