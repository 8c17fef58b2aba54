"""Property-based tests: whatever bytes and names arrive, ingest_files returns Articles and Problems, never raises."""
from __future__ import annotations

import io
import json
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.errors import Problem
from analysis.ingest import IngestResult, Limits, ingest_files
from analysis.types import Article

BODY = "The minister said on Monday that the talks would resume next week, officials in Geneva confirmed."


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out) if hasattr(document, "save") else document.write(out)
    return out.getvalue()


def make_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "Talks", "/CreationDate": "D:2024"})
    return _saved(writer)


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Talks", style="Title")
    document.add_paragraph(BODY)
    return _saved(document)


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in (["title", "text", "date"], ["Talks", BODY, "2024-03-05"], [None, None, 7]):
        workbook.active.append(row)
    return _saved(workbook)


def make_zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name or "x"), data)
    return out.getvalue()

EXTENSIONS = [".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".zip",
              ".TXT", ".exe", ".png", ".tar.gz", ""]

# Valid files of each binary format, to be cut and spliced into near-misses.
SEEDS = [
    make_pdf(),
    make_docx(),
    make_xlsx(),
    make_zip({"a.txt": BODY.encode(), "b/c.csv": f"text\n{BODY}\n".encode()}),
    f"<html><head><title>T</title></head><body><p>{BODY}</p></body></html>".encode(),
    json.dumps([{"text": BODY, "date": "2024-03-05"}, {"body": None}, 3]).encode(),
]

# Printable names (control characters are replaced in messages) that may include folders and dots.
names = st.builds(lambda stem, ext: stem + ext,
                  st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), st.sampled_from(EXTENSIONS))

texts = st.builds(lambda text, encoding: text.encode(encoding, errors="replace"), st.text(max_size=400),
                  st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig", "utf-32"]))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["text", "Body", "title", "date", "publishedAt", "source", "url", "x"]), inner, max_size=5),
    max_leaves=12)
json_bytes = json_values.map(lambda v: json.dumps(v).encode())
jsonl_bytes = st.lists(json_values.map(json.dumps) | st.text(max_size=30), max_size=5).map(
    lambda lines: "\n".join(lines).encode())
csv_bytes = st.lists(st.lists(st.sampled_from(["text", "title", "date", "", "x,y", '"', "\t", ";", BODY, "2024"]),
                              max_size=4), max_size=5).map(
    lambda rows: "\n".join(",".join(r) for r in rows).encode())


@st.composite
def spliced(draw) -> bytes:
    """A valid file with a piece cut out or replaced by random bytes."""
    seed = draw(st.sampled_from(SEEDS))
    start = draw(st.integers(0, len(seed)))
    end = draw(st.integers(start, min(len(seed), start + 64)))
    return seed[:start] + draw(st.binary(max_size=16)) + seed[end:]


@st.composite
def zips(draw) -> bytes:
    """A zip of random members, sometimes holding another zip."""
    members = draw(st.dictionaries(st.text(max_size=12).map(lambda n: n + draw(st.sampled_from(EXTENSIONS))),
                                   st.binary(max_size=200) | texts | csv_bytes, max_size=4))
    if draw(st.booleans()):
        members["inner.zip"] = make_zip({"deep.txt": draw(texts)})
    return make_zip(members)


contents = st.one_of(st.binary(max_size=1000), texts, json_bytes, jsonl_bytes, csv_bytes, spliced(), zips())
limits = st.builds(Limits, max_article_chars=st.sampled_from([50, 200_000]), max_rows=st.sampled_from([2, 50_000]),
                   max_zip_depth=st.sampled_from([0, 1, 2]), max_files=st.sampled_from([3, 500]))


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.lists(st.tuples(names, contents), max_size=5), limits=limits)
def test_ingest_files_never_raises(files, limits):
    result = ingest_files(files, limits)
    assert isinstance(result, IngestResult)
    for article in result.articles:
        assert isinstance(article, Article)
        assert article.text.strip() and len(article.text) <= limits.max_article_chars
        assert article.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.date)
        assert article.url is None or article.url.lower().startswith(("http://", "https://"))
    for problem in result.problems:
        assert isinstance(problem, Problem) and problem.severity in ("error", "warning")
        assert "\n" not in str(problem) and problem.reason
    # Every upload is accounted for: it gave an article or a problem (or was cut by max_files).
    said = [a.source for a in result.articles] + [p.file for p in result.problems]
    for name, _ in files[: limits.max_files]:
        assert any(s.startswith(name) for s in said), (name, said)
