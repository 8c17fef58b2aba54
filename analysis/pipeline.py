"""analyze(): one article in, an Analysis out; analyze_many() streams a batch through nlp.pipe."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .config import BATCH_SIZE
from .nlp import load_pipeline
from .types import Analysis, Article


def analyze(text_or_article: str | Article, *, nlp: Language | None = None) -> Analysis:
    """Analyse one article (a plain text or an Article)."""
    return next(analyze_many([text_or_article], nlp=nlp))


def analyze_many(
    items: Iterable[str | Article], *, nlp: Language | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[Analysis]:
    """Analyse many articles lazily, in input order, parsing them in batches with nlp.pipe."""
    nlp = nlp or load_pipeline()
    articles = (a if isinstance(a, Article) else Article(text=a) for a in items)
    for doc, article in nlp.pipe(((a.text, a) for a in articles), as_tuples=True, batch_size=batch_size):
        yield analyze_doc(doc, article)


def analyze_doc(doc: Doc, article: Article) -> Analysis:
    """Run every rule on a parsed Doc."""
    return Analysis(article=article)
