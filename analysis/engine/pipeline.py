"""analyze(): one article in, an Analysis out; analyze_many() streams a batch through nlp.pipe."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..config import BATCH_SIZE
from ..types import Analysis, Article
from .actors import ActorIndex
from .boilerplate import drop_boilerplate
from .documents import documents_speak
from .headlines import headline_statements
from .lexicon import Lexicon, load_lexicon
from .locations import find_locations
from .nlp import headline, load_pipeline
from .quotes import find_quotes
from .recase import sentence_case, with_text
from .statements import find_statements


def analyze(text_or_article: str | Article, *, nlp: Language | None = None, lexicon: Lexicon | None = None) -> Analysis:
    """Analyse one article (a plain text or an Article)."""
    return next(analyze_many([text_or_article], nlp=nlp, lexicon=lexicon))


def analyze_many(
    items: Iterable[str | Article],
    *,
    nlp: Language | None = None,
    lexicon: Lexicon | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> Iterator[Analysis]:
    """Analyse many articles lazily, in input order, parsing them in batches with nlp.pipe.

    Args:
        items: texts or Articles; read lazily, so a generator over a large folder is fine.
        n_process: worker processes; each loads the pipeline once and analyses whole batches, and the
            results come back in input order, identical to one process.

    Yields:
        One Analysis per article; no Doc is kept once its Analysis is made.
    """
    articles = (a if isinstance(a, Article) else Article(text=a) for a in items)
    if n_process > 1:
        yield from _analyze_in_processes(articles, n_process, batch_size, lexicon)
        return
    nlp = nlp or load_pipeline()
    lexicon = lexicon or load_lexicon()

    def is_cue(word: str) -> bool:
        return bool(lexicon.candidates(word))

    # a title-case headline is parsed in sentence case; the Doc then gets the letters as written back
    texts = ((sentence_case(a.text, is_cue), a) for a in articles)
    for doc, article in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        yield analyze_doc(with_text(doc, article.text), article, lexicon=lexicon)


def _analyze_batch(batch: list[Article]) -> list[Analysis]:
    """Worker side of analyze_many(n_process=...): the whole analysis of one batch."""
    return list(analyze_many(batch, lexicon=_WORKER_LEXICON))


_WORKER_LEXICON: Lexicon | None = None


def _init_worker(lexicon: Lexicon | None) -> None:
    global _WORKER_LEXICON
    _WORKER_LEXICON = lexicon
    load_pipeline()


def _analyze_in_processes(articles: Iterator[Article], n_process: int, batch_size: int, lexicon: Lexicon | None):
    import multiprocessing as mp

    def batches():
        batch = []
        for a in articles:
            batch.append(a)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    ctx = mp.get_context("spawn")  # a clean interpreter per worker: no forked spaCy or thread state
    with ctx.Pool(n_process, initializer=_init_worker, initargs=(lexicon,)) as pool:
        # imap keeps input order and pulls batches lazily, so memory stays flat in the number of articles
        for results in pool.imap(_analyze_batch, batches(), chunksize=1):
            yield from results


def analyze_doc(doc: Doc, article: Article | None = None, *, lexicon: Lexicon | None = None) -> Analysis:
    """Run every rule on a parsed Doc."""
    text = doc.text  # joined from the tokens at each access: read once
    article = article or Article(text=text)
    if article.title is None:
        article = _with_title(article)
    quotes = find_quotes(text)
    actors = ActorIndex(doc, [q.span for q in quotes])
    lexicon = lexicon or load_lexicon()
    statements = find_statements(doc, lexicon=lexicon, quotes=quotes, actors=actors)
    statements = drop_boilerplate(text, documents_speak(doc, statements, lexicon))
    statements = headline_statements(text, statements, actors, lexicon)
    used = {s.speaker for s in statements} | {s.target for s in statements if s.target}
    return Analysis(
        article=article,
        statements=tuple(statements),
        actors=actors.actors(used),
        locations=tuple(find_locations(doc, actors, frozenset(used))),
    )


def _with_title(article: Article) -> Article:
    """The headline of a plain text becomes its title."""
    title = headline(article.text)
    return replace(article, title=title) if title else article
