"""HTML pages, through trafilatura, pruned first when huge."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import IngestError, Problem
from .common import Record, _html_text, make_record

if TYPE_CHECKING:
    from ..limits import Limits


_HTML_PRUNE_CHARS = 1_000_000  # pages longer than this are pruned before extraction


_HTML_MAX_ELEMENTS = 30_000


def read_html(name: str, data: bytes, limits: Limits) -> list[Record | Problem]:
    """A saved web page: trafilatura finds the article body and its metadata; boilerplate is dropped."""
    import trafilatura

    html = _html_text(name, data)
    notes: list[Record | Problem] = []
    if len(html) > _HTML_PRUNE_CHARS:
        html, elements = _prune_html(html)
        if elements:
            notes.append(Problem(name, f"the page is very large ({elements:,} elements); only the first "
                                       f"{_HTML_MAX_ELEMENTS:,} were read", severity="warning"))
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_images=False)
    text = (doc.text if doc is not None else None) or ""
    if not text.strip():
        text = trafilatura.baseline(html)[1] or ""  # short pages fall below trafilatura's size threshold
    if not text.strip():
        raise IngestError(name, "no article text found in the page")
    meta = doc if doc is not None else trafilatura.extract_metadata(html)
    get = (lambda attr: getattr(meta, attr, None)) if meta is not None else (lambda attr: None)
    first, _, rest = text.strip().partition("\n")
    if rest.strip() and get("title") and " ".join(first.split()) == " ".join(str(get("title")).split()):
        text = rest  # the headline repeated as the first line of the body
    record = make_record(text, limits, title=get("title"), date=get("date"), author=get("author"),
                         outlet=get("sitename") or get("hostname"), url=get("url"))
    if not record.text:
        raise IngestError(name, "no article text found in the page")
    return [*notes, record]


def _prune_html(html: str) -> tuple[str, int]:
    """Drop scripts and styles from a big page, then every element past the first _HTML_MAX_ELEMENTS.

    Extraction time grows with the number of elements (about 20 s for 300,000 paragraphs), while only
    the first max_article_chars of text are kept anyway. Returns the page and its element count when cut.
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html, 0
    for element in list(tree.iter("script", "style", "noscript", "svg", "template")):
        if "ld+json" not in (element.get("type") or ""):  # JSON-LD carries the author and date
            element.drop_tree()
    body = tree.find("body")
    body = body if body is not None else tree
    elements = sum(1 for _ in body.iter())
    cut = next((el for i, el in enumerate(body.iter()) if i == _HTML_MAX_ELEMENTS), None)
    if cut is None:
        return lxml_html.tostring(tree, encoding="unicode"), 0
    node = cut
    while node is not body:  # the cut element, everything after it, and everything after its ancestors
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    cut.getparent().remove(cut)
    return lxml_html.tostring(tree, encoding="unicode"), elements


# ---------------------------------------------------------------- PDF and Word
