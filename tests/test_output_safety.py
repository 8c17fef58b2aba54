"""Output safety: hostile text in articles, titles, metadata and actor names never becomes markup or script;
uploaded HTML is reduced to text; exports neutralise spreadsheet formulas; links are http(s) only.

The HTML the dashboard builds is parsed and every tag and attribute checked against what highlight.py writes.
The same probes are planted in a real browser in test_browser.py.
"""
from __future__ import annotations

import io
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import finish_uploads
from test_app import MANAGE, fresh_caches, navigation_mode, no_exception, run  # noqa: F401 (fixtures)

import ui
from analysis import access, highlight, tables
from analysis.ingest import ingest_files
from analysis.store import Store
from analysis.types import Actor, Analysis, Article, Location, Statement

PROBES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '"><iframe src=javascript:alert(1)>',
]
ALLOWED_TAGS = {"style", "div", "mark", "b", "i", "span", "a", "br"}
ALLOWED_ATTRS = {"class", "style", "title", "href", "target", "data-testid"}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """Only the tags and attributes highlight.py writes; no event handler, no script address."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, attrs)
        for name, value in attrs:
            assert name in ALLOWED_ATTRS, (tag, name, value)
            if name == "href":
                assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), value


def _probe_analysis(probe: str) -> Analysis:
    text = f"{probe} Talks resume.\n\n“We will not accept {probe},” said {probe} in {probe}."
    cue_start = text.index("said")
    content = f"We will not accept {probe},"
    statement = Statement(speaker=probe, speaker_text=probe, cue="said", stance="say", target=probe, content=content,
                          direct=True, negated=False, location=probe, sentence=text.split("\n\n")[1],
                          start=text.index("“"), end=len(text), cue_start=cue_start, cue_end=cue_start + 4,
                          content_start=text.index(content), content_end=text.index(content) + len(content))
    article = Article(text=text, title=probe, outlet=probe, author=probe, date="2026-01-02", source=probe)
    return Analysis(article=article, statements=(statement,),
                    actors=(Actor(name=probe, type="PERSON", aliases=(probe,), role=probe, mentions=2),),
                    locations=(Location(name=probe, country="FR", lat=48.8, lon=2.3, kind="city", mentions=1),))


@pytest.mark.parametrize("probe", PROBES)
def test_article_reader_html_is_inert(probe):
    analysis = _probe_analysis(probe)
    html = highlight.render(analysis.article.text, highlight.article_spans(analysis))
    assert_inert(html)
    assert html.count(highlight.html.escape(probe)) >= 3  # the probe is there, as text


@pytest.mark.parametrize("probe", PROBES)
def test_evidence_cards_are_inert(probe):
    analysis = _probe_analysis(probe)
    s = analysis.statements[0]
    row = {**s.to_dict(), "title": probe, "outlet": probe, "date": probe, "context": s.sentence,
           "context_start": analysis.article.text.index(s.sentence), "article_id": "abc"}
    html = highlight.evidence_card(row, href=highlight.article_href(1, "abc", share=probe), stance_colour="#000")
    assert_inert(html)
    assert highlight.html.escape(probe) in html


@pytest.mark.parametrize("probe", PROBES)
def test_markdown_text_is_escaped(probe):
    shown = ui.md(probe)
    assert "](" not in shown.replace("\\]\\(", "")  # no Markdown link survives
    assert "<" not in shown.replace("\\<", "")  # nor a bare tag opener


def test_uploaded_html_is_reduced_to_text():
    page = ("<html><head><title>&lt;img src=x onerror=alert(1)&gt; Talks</title><script>alert('head')</script>"
            "</head><body><article><h1>Talks</h1><p>The minister said the ceasefire would hold. "
            "<img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">click here</a> was posted.</p>"
            "<script>alert('body')</script><iframe src=\"javascript:alert(3)\"></iframe><svg onload=alert(4)></svg>"
            "<p>Officials said the talks would resume on Monday in Geneva.</p></article></body></html>")
    [article] = ingest_files([("page.html", page.encode())]).articles
    for gone in ("<img", "onerror", "javascript:", "<script", "alert('", "<iframe", "<svg", "onload"):
        assert gone not in article.text
    assert "click here" in article.text and "ceasefire" in article.text
    assert article.title == "Talks"


def test_csv_export_neutralises_formulas_in_every_text_column():
    hostile = ["=cmd|' /C calc'!A0", "+SUM(1)", "-1+1", "@A1", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"]
    df = pd.DataFrame({"speaker": hostile, "title": hostile, "content": ["plain"] * len(hostile),
                       "n": range(len(hostile))})
    out = pd.read_csv(io.BytesIO(tables.to_csv(df)), keep_default_na=False)
    for column in ("speaker", "title"):
        assert all(v.startswith("'") for v in out[column]), out[column].tolist()
        assert [v[1:] for v in out[column] if not {"\r", "\t"} & set(v)] == [h for h in hostile
                                                                           if not {"\r", "\t"} & set(h)]
    assert out["content"].tolist() == ["plain"] * len(hostile)


SPLIT_HOSTILE = ["x;=1+1;y", "a,=1+1", "a\t=1+1", "a|=1+1", "a; =1", "a;@SUM(A1)", "a\n=1+1", "x;+1;-2",
                 "\t=1", "=1;=2"]


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_csv_cell_runs_as_a_formula_whatever_the_separator(separator):
    import csv

    df = pd.DataFrame({"content": SPLIT_HOSTILE, "n": range(len(SPLIT_HOSTILE))})
    text = tables.to_csv(df).decode("utf-8")
    # A spreadsheet in a locale that splits at `separator` reads these cells (quotes only at a cell's start).
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator) for c in row]
    for line in text.splitlines():  # and one that ignores quotes altogether
        cells += line.split(separator)
    assert not [c for c in cells if c.lstrip(" \u00a0\"").startswith(("=", "+", "-", "@"))]


def test_formula_protection_keeps_ordinary_text_and_numbers_readable():
    df = pd.DataFrame({"content": ["well-known", "a - b", "x;=1+1;y", "e-mail@example.org", "3-2"],
                       "score": [-3.5, 0.0, 2.0, -1.0, 7.25]})
    out = pd.read_csv(io.BytesIO(tables.to_csv(df)), keep_default_na=False)
    assert out["content"].tolist() == ["well-known", "a - b", "x;'=1+1;y", "e-mail@example.org", "3-2"]
    assert out["score"].tolist() == [-3.5, 0.0, 2.0, -1.0, 7.25]  # negative numbers stay numbers


@pytest.mark.parametrize(("value", "shown"), [
    ("https://news.example/a", "https://news.example/a"),
    ("http://news.example/a", "http://news.example/a"),
    ("javascript:alert(1)", None),
    (" JavaScript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("//evil.example", None),
    (None, None),
])
def test_only_web_addresses_become_links(value, shown):
    assert tables.web_url(value) == shown


def test_hostile_upload_renders_as_text_in_the_app(dashboard_db):
    """Upload a text file and a web page full of probes; every HTML block the pages draw stays inert."""
    body = "\n\n".join(f"“We reject {p},” said John Smith, the envoy of {p}." for p in PROBES)
    page = (f"<html><head><title>{highlight.html.escape(PROBES[1])}</title></head><body><article><p>"
            + "</p><p>".join(f"Officials said {highlight.html.escape(p)} was not acceptable, a spokesman said."
                             for p in PROBES) + "</p></article></body></html>")
    at = run(MANAGE)
    at.file_uploader(key="manage_upload_files_0").set_value([
        (f"{PROBES[0]}.txt", f"{PROBES[3]}\n\n{body}".encode(), "text/plain"),
        ("page.html", page.encode(), "text/html")]).run()
    at.text_input(key="manage_upload_name").input(PROBES[2]).run()
    finish_uploads(at.button(key="manage_upload_button").click().run())
    no_exception(at)
    assert "Saved" in at.success[0].value and "](" not in at.success[0].value.replace("\\]\\(", "")
    assert f"Corpus: **{ui.md(PROBES[2])}**" in at.caption[0].value
    for page_path in ("pages/overview.py", "pages/articles.py", "pages/actors.py"):
        at.switch_page(page_path).run()
        no_exception(at)
        for block in at.html:
            assert_inert(block.proto.body)
    at.switch_page("pages/articles.py").run()
    store = Store(dashboard_db)
    cid = next(c.id for c in store.corpora() if c.name == PROBES[2])
    for article_id in store.article_ids(cid):
        at.selectbox(key="articles_id").set_value(article_id).run()
        html = "".join(h.proto.body for h in at.html)
        assert_inert(html)
        assert "&lt;script&gt;" in html or "&lt;img" in html


def test_the_only_script_the_dashboard_writes_is_its_cookie():
    from pathlib import Path

    source = (Path(ui.__file__)).read_text()
    assert "unsafe_allow_html" not in source
    assert source.count("unsafe_allow_javascript=True") == 1
    # It reads no cookie and writes none: it hands a claim to the server's route, which sets the cookie HttpOnly.
    script = access.gate_cookie_script("1.2.ab.cd")
    assert script == ('<script>fetch("/wsw/ticket", {"method": "POST", "credentials": "same-origin", '
                      '"headers": {"Content-Type": "text/plain"}, "body": "1.2.ab.cd"});</script>')
    assert "document.cookie" not in script + access.gate_cookie_script("", clear=True)
    assert '"method": "DELETE"' in access.gate_cookie_script("", clear=True)
    for page in Path(ui.__file__).parent.glob("pages/*.py"):
        assert "unsafe_allow" not in page.read_text() and "st.html" not in page.read_text()
