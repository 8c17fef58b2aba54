"""Highlighted text as safe HTML: speakers, cues, targets, quotations and places marked with <mark> tags.

Every piece of text is escaped with html.escape before any tag is added around it, so article text never
reaches the page as markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

# Label → (legend text, background colour). Order is priority: where spans overlap, the first label wins
# the colour; a quotation under another mark still shows as italics.
LABELS: dict[str, tuple[str, str]] = {
    "speaker": ("speaker", "#ffd6a5"),
    "cue": ("cue", "#ffadad"),
    "target": ("target", "#bdb2ff"),
    "actor": ("actor", "#caffbf"),
    "place": ("place", "#9bf6ff"),
    "quote": ("quotation", "#fdffb6"),
    "content": ("what was said", "#eef2f7"),
}

CSS = """
<style>
.wsw-text { line-height: 1.75; font-size: 0.98rem; }
.wsw-text mark { padding: 0.05em 0.2em; border-radius: 0.25em; color: inherit; }
.wsw-text mark.wsw-quote { font-style: italic; }
.wsw-legend { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.2rem 0 0.6rem 0; font-size: 0.85rem; }
.wsw-legend mark { padding: 0.1em 0.45em; border-radius: 0.25em; color: #222; }
.wsw-card { border: 1px solid rgba(128,128,128,0.25); border-radius: 0.5rem; padding: 0.55rem 0.8rem;
            margin-bottom: 0.55rem; }
.wsw-marked { border: 2px solid #d62828; box-shadow: 0 0 0 3px rgba(214,40,40,0.15); }
.wsw-head { font-size: 0.85rem; margin-bottom: 0.25rem; }
.wsw-stance { display: inline-block; padding: 0 0.5em; border-radius: 0.75em; color: #fff; font-size: 0.78rem;
              font-weight: 600; }
.wsw-meta { font-size: 0.8rem; opacity: 0.75; margin-top: 0.3rem; }
.wsw-meta a { text-decoration: none; }
</style>
"""


@dataclass(frozen=True)
class Span:
    """A labelled character span [start, end) of a text."""

    start: int
    end: int
    label: str


def evidence_spans(context: str, context_start: int | None, row: dict) -> list[Span]:
    """Spans of speaker, cue, target and content inside a statement's context.

    Args:
        context: the passage shown.
        context_start: its offset in the article, or None to find cue and content by searching.
        row: a statements-table row (speaker, speaker_text, cue, target, content and their offsets).
    """
    spans: list[Span] = []

    def by_offset(start, end, label) -> bool:
        if context_start is None or start is None or end is None:
            return False
        a, b = start - context_start, end - context_start
        if 0 <= a < b <= len(context):
            spans.append(Span(a, b, label))
            return True
        return False

    if not by_offset(row.get("cue_start"), row.get("cue_end"), "cue"):
        spans.extend(find_spans(context, [row.get("cue")], "cue", first=True))
    content_label = "quote" if row.get("direct") else "content"
    if not by_offset(row.get("content_start"), row.get("content_end"), content_label):
        spans.extend(find_spans(context, [row.get("content")], content_label, first=True))
    taken = [(sp.start, sp.end) for sp in spans if sp.label == "cue"]
    for label, names in (("speaker", [row.get("speaker_text"), row.get("speaker")]), ("target", [row.get("target")])):
        found = [sp for sp in find_spans(context, names, label) if not _overlaps(sp, taken)]
        if found:
            spans.append(found[0])
            taken.append((found[0].start, found[0].end))
    return spans


def find_spans(text: str, names: Iterable[str | None], label: str, *, first: bool = False) -> list[Span]:
    """Whole-word, case-sensitive occurrences of any of `names` in `text`, longest names first."""
    names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    spans = [Span(m.start(), m.end(), label) for m in pattern.finditer(text)]
    return spans[:1] if first else spans


def _overlaps(span: Span, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(span.start < b and a < span.end for a, b in ranges)


def render(text: str, spans: Iterable[Span], *, cls: str = "wsw-text") -> str:
    """`text` as HTML with each span in a <mark>; text is escaped first, overlapping spans are split."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text) and s.label in LABELS]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    order = list(LABELS)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = html.escape(text[a:b]).replace("\n", "<br>")
        labels = sorted({s.label for s in spans if s.start <= a and b <= s.end}, key=order.index)
        if not labels:
            out.append(piece)
            continue
        colour = LABELS[labels[0]][1]
        classes = " ".join(f"wsw-{lab}" for lab in labels)
        title = html.escape(" · ".join(LABELS[lab][0] for lab in labels), quote=True)
        out.append(f'<mark class="{classes}" style="background:{colour}" title="{title}">{piece}</mark>')
    return f'<div class="{cls}">{"".join(out)}</div>'


def legend(labels: Iterable[str]) -> str:
    """HTML legend of highlight colours."""
    items = "".join(f'<mark style="background:{LABELS[lab][1]}">{html.escape(LABELS[lab][0])}</mark>'
                    for lab in labels if lab in LABELS)
    return f'<div class="wsw-legend">{items}</div>'


STATEMENT_ANCHOR = "statement-{idx}"


def article_href(corpus_id: int | None, article_id: str, page: str = "articles", share: str | None = None, *,
                 params: dict[str, list[str]] | None = None, statement: int | None = None) -> str:
    """Relative link to an article in the reader, with the corpus (and the share token that opens it, if any)
    in the query string.

    Args:
        params: more query parameters to keep, such as the filters (tables.filters_to_params).
        statement: the statement to mark: `stmt=` in the query and its heading's anchor as the fragment.
    """
    query: dict[str, object] = {"corpus": corpus_id} if corpus_id is not None else {}
    query.update({k: v for k, v in (params or {}).items() if k not in ("corpus", "id", "share", "stmt")})
    query["id"] = article_id
    if share:
        query["share"] = share
    if statement is not None:
        query["stmt"] = int(statement)
    fragment = f"#{STATEMENT_ANCHOR.format(idx=int(statement))}" if statement is not None else ""
    return f"{page}?{urlencode(query, doseq=True)}{fragment}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text) -> str:
    """Text to show through Markdown, with every Markdown, LaTeX and shortcode character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def short(text: str, n: int = 60) -> str:
    """`text` cut to `n` characters, with an ellipsis when cut."""
    return text if len(text) <= n else text[: n - 1] + "…"


def share_url(here: str | None, corpus_id: int, token: str) -> str:
    """The address that opens a corpus with a share token: the app's address `here` (when known) with the query."""
    query = urlencode({"corpus": corpus_id, "share": token})
    if not here:
        return f"?{query}"
    parts = urlsplit(here)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def evidence_card(row: dict, *, href: str | None, stance_colour: str, marked: bool = False) -> str:
    """One statement as an HTML card: who, stance, towards whom, the highlighted passage, and its article.

    Args:
        row: a statements-table row (tables.evidence()).
        href: link to the statement's article; None leaves out the article line (inside the article itself).
        stance_colour: background of the stance badge.
        marked: the statement a link pointed at: the card is outlined.
    """
    e = html.escape
    context = row.get("context") or row.get("sentence") or row.get("content") or ""
    spans = evidence_spans(context, row.get("context_start"), row)
    speaker = e(row.get("speaker") or row.get("speaker_text") or "unknown speaker")
    target = f' → <b>{e(row["target"])}</b>' if row.get("target") else ""
    kind = "quoted" if row.get("direct") else "reported"
    negated = " · <i>negated</i>" if row.get("negated") else ""
    negated += " · <i>corrected</i>" if row.get("corrected") else ""  # by an analyst (corrections.py)
    title = e(row.get("title") or "untitled article")
    link = f'<a href="{e(href, quote=True)}" target="_self">{title}</a>' if href else ""
    meta = " · ".join(e(str(v)) for v in (row.get("outlet"), row.get("date")) if v and href)
    head = (f'<div class="wsw-head"><b>{speaker}</b> <span class="wsw-stance" style="background:{stance_colour}">'
            f'{e(row.get("stance") or "")}</span>{target} <span style="opacity:.7">“{e(row.get("cue") or "")}”, '
            f"{kind}{negated}</span></div>")
    footer = f'<div class="wsw-meta">{" · ".join(x for x in (link, meta) if x)}</div>' if href else ""
    classes = "wsw-card wsw-marked" if marked else "wsw-card"
    return f'<div class="{classes}">{head}{render(context, spans)}{footer}</div>'


def evidence_cards(rows: Sequence[dict], *, href: Callable[[dict], str | None], colour: Callable[[str], str],
                   marked: int | None = None) -> str:
    """A page of statement cards under the highlight legend; the card of statement `marked` (idx) is outlined."""
    cards = "".join(evidence_card(r, href=href(r), stance_colour=colour(r["stance"]),
                                  marked=marked is not None and r["idx"] == marked) for r in rows)
    return (CSS + legend(["speaker", "cue", "target", "quote", "content"])
            + f'<div data-testid="wsw-evidence">{cards}</div>')


def article_html(analysis) -> str:
    """An article's text (from its Analysis) with actors, cues, quotations and places highlighted, and the legend."""
    return CSS + legend(["actor", "cue", "quote", "place"]) + render(analysis.article.text, article_spans(analysis))


def article_spans(analysis) -> list[Span]:
    """Spans of actors, cues, quotations and places in an article, from its Analysis."""
    text = analysis.article.text
    n = len(text)
    spans: list[Span] = []
    for s in analysis.statements:
        if 0 <= s.cue_start < s.cue_end <= n:
            spans.append(Span(s.cue_start, s.cue_end, "cue"))
        if s.direct and 0 <= s.content_start < s.content_end <= n:
            spans.append(Span(s.content_start, s.content_end, "quote"))
    spans += find_spans(text, [n for a in analysis.actors for n in (a.name, *a.aliases)], "actor")
    spans += find_spans(text, [n for x in analysis.locations for n in (x.name, *x.aliases)], "place")
    return spans
