"""Ingestion: every format in, Articles out; every bad input becomes one clear Problem and the batch goes on."""
from __future__ import annotations

import io
import json
import struct
import time
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from analysis.errors import IngestError, Problem
from analysis.ingest import IngestResult, Limits, content_hash, ingest_files, ingest_paths, parse_date
from analysis.types import Article

DATA = Path(__file__).parent / "data" / "ingest"

BODY = ("The minister said on Monday that the talks would resume next week in Geneva. "
        "Opposition leaders accused the government of stalling and urged the envoy to set a deadline.")
OTHER = ("The envoy told reporters that both delegations had agreed to meet again, and warned that fighting "
         "near the border could still derail the process.")
GOOD = ("good.txt", f"Minister says talks will resume\n\n{BODY}".encode())


# ---------------------------------------------------------------- builders

def make_pdf(lines: list[str], *, metadata: dict | None = None, password: str | None = None) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), built with pypdf."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    shown = b" ".join(b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '"
                      for line in lines)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 11 Tf 72 740 Td 14 TL " + shown + b" ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    if metadata:
        writer.add_metadata(metadata)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(paragraphs: list[tuple[str, str | None]], **props) -> bytes:
    """A .docx with (text, style) paragraphs and the given core properties."""
    import docx

    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    for key, value in props.items():
        setattr(document.core_properties, key, value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return out.getvalue()


def patch_zip_headers(data: bytes, *, flag: int = 0, file_size: int | None = None) -> bytes:
    """Set general-purpose flag bits (and optionally the declared size) in every local and central header."""
    data = bytearray(data)
    for signature, flag_at, size_at in ((b"PK\x03\x04", 6, 22), (b"PK\x01\x02", 8, 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            old = struct.unpack_from("<H", data, start + flag_at)[0]
            struct.pack_into("<H", data, start + flag_at, old | flag)
            if file_size is not None:
                struct.pack_into("<I", data, start + size_at, file_size)
            start += 4
    return bytes(data)


def run(*files: tuple[str, bytes], limits: Limits | None = None) -> IngestResult:
    result = ingest_files([GOOD, *files], limits or Limits())
    assert isinstance(result, IngestResult)
    return result


def messages(result: IngestResult) -> list[str]:
    return [str(p) for p in result.problems]


def assert_good_came_through(result: IngestResult) -> None:
    good = [a for a in result.articles if a.source == "good.txt"]
    assert len(good) == 1 and good[0].text.endswith(BODY) and good[0].title == "Minister says talks will resume"


def only_problem(result: IngestResult, file: str) -> Problem:
    found = [p for p in result.problems if p.file == file]
    assert len(found) == 1, messages(result)
    return found[0]


# ---------------------------------------------------------------- formats, table-driven

CSV = ("Headline,Body,Published At,Source,Byline,Link\n"
       f"Talks to resume,\"{BODY}\",2024-03-05T10:00:00Z,Global Wire,Lena Hoffmann,https://globalwire.example/a\n")

FORMATS = [
    ("plain.txt", f"Minister says talks will resume\n\n{BODY}".encode(),
     {"title": "Minister says talks will resume", "text": f"Minister says talks will resume\n\n{BODY}"}),
    ("no_title.txt", f"{BODY}\n\nSecond paragraph follows here.".encode(),
     {"title": None, "text": f"{BODY}\n\nSecond paragraph follows here."}),
    ("byline.txt", f"Talks to resume\nBy Lena Hoffmann\n\n{BODY}".encode(),
     {"title": "Talks to resume", "author": "Lena Hoffmann", "text": f"Talks to resume\nBy Lena Hoffmann\n\n{BODY}"}),
    ("crlf.txt", f"Talks to resume\r\n\r\n\r\n\r\n{BODY}\r\n".encode(),
     {"title": "Talks to resume", "text": f"Talks to resume\n\n{BODY}"}),
    ("front.md", b"---\ntitle: \"Talks to resume\"\ndate: 5 March 2024\nauthor: Lena Hoffmann\noutlet: Global Wire\n"
                 b"---\n\nThe **minister** said [on Monday](https://x.example) that talks would resume.",
     {"title": "Talks to resume", "date": "2024-03-05", "author": "Lena Hoffmann", "outlet": "Global Wire",
      "text": "The minister said on Monday that talks would resume."}),
    ("heading.md", f"# Talks to resume\n\n## Background\n\n{BODY}".encode(),
     {"title": "Talks to resume", "text": f"Talks to resume\n\nBackground\n\n{BODY}"}),
    ("page.html", f"<html><head><title>Talks</title><script>var a = '<p>x</p>';</script></head>"
                  f"<body><p>{BODY}</p></body></html>".encode(), {"text": BODY}),
    ("page.htm", f"<html><body><article><h1>Talks to resume</h1><p>{BODY}</p></article></body></html>".encode(),
     {"text": BODY}),
    ("report.pdf", make_pdf(["The minister said on Monday that the talks", "would resume next week in Geneva."],
                            metadata={"/Title": "Talks to resume", "/Author": "Lena Hoffmann",
                                      "/CreationDate": "D:20240305120000Z"}),
     {"title": "Talks to resume", "author": "Lena Hoffmann", "date": "2024-03-05",
      "text": "The minister said on Monday that the talks would resume next week in Geneva."}),
    ("memo.docx", make_docx([("Talks to resume", "Title"), (BODY, None), ("Second paragraph.", None)],
                            author="Lena Hoffmann", created=datetime(2024, 3, 5, 9, 0)),
     {"title": "Talks to resume", "author": "Lena Hoffmann", "date": "2024-03-05",
      "text": f"{BODY}\nSecond paragraph."}),
    ("props.docx", make_docx([(BODY, None)], title="Core title", author="Lena Hoffmann"),
     {"title": "Core title", "text": BODY}),
    ("batch.csv", CSV.encode(),
     {"source": "batch.csv, row 2", "title": "Talks to resume", "date": "2024-03-05", "outlet": "Global Wire",
      "author": "Lena Hoffmann", "url": "https://globalwire.example/a", "text": BODY}),
    ("semicolon.csv", f"sep=;\nTITLE;FULL TEXT;pubdate\nTalks;{BODY};05.03.2024\n".encode("cp1252"),
     {"source": "semicolon.csv, row 2", "title": "Talks", "text": BODY, "date": "2024-05-03"}),
    ("batch.tsv", f"headline\tcontent\tdate\nTalks\t{BODY}\tMarch 5, 2024\n".encode(),
     {"source": "batch.tsv, row 2", "title": "Talks", "text": BODY, "date": "2024-03-05"}),
    ("sheet.xlsx", make_xlsx([["Title", "Article", "Date", "Publisher"],
                              ["Talks", BODY, datetime(2024, 3, 5, 8, 30), "Global Wire"]]),
     {"source": "sheet.xlsx, row 2", "title": "Talks", "text": BODY, "date": "2024-03-05", "outlet": "Global Wire"}),
    ("list.json", json.dumps([{"headline": "Talks", "body": BODY, "published": 1709632800}]).encode(),
     {"source": "list.json, row 1", "title": "Talks", "text": BODY, "date": "2024-03-05"}),
    ("newsapi.json", json.dumps({"status": "ok", "articles": [
        {"source": {"id": None, "name": "Global Wire"}, "author": "Lena Hoffmann", "title": "Talks",
         "url": "https://globalwire.example/a", "publishedAt": "2024-03-05T10:00:00Z", "content": BODY}]}).encode(),
     {"source": "newsapi.json, row 1", "outlet": "Global Wire", "author": "Lena Hoffmann", "title": "Talks",
      "url": "https://globalwire.example/a", "date": "2024-03-05", "text": BODY}),
    ("one.json", json.dumps({"text": BODY, "authors": ["Ann Lee", "Bo Chan"], "date": "2024-03-05"}).encode(),
     {"source": "one.json, row 1", "author": "Ann Lee, Bo Chan", "text": BODY}),
    ("lines.jsonl", (json.dumps({"full_text": BODY, "link": "http://x.example/1"}) + "\n\n").encode(),
     {"source": "lines.jsonl, row 1", "url": "http://x.example/1", "text": BODY}),
    ("batch.zip", make_zip({"folder/": b"", "folder/a.txt": f"Talks to resume\n\n{BODY}".encode(),
                            "__MACOSX/folder/._a.txt": b"\x00\x05\x16\x07", ".DS_Store": b"\x00\x00\x00\x01Bud1"}),
     {"source": "batch.zip/folder/a.txt", "title": "Talks to resume", "text": f"Talks to resume\n\n{BODY}"}),
]


@pytest.mark.parametrize(("name", "data", "expected"), FORMATS, ids=[f[0] for f in FORMATS])
def test_formats(name, data, expected):
    result = ingest_files([(name, data)])
    assert result.problems == (), messages(result)
    (article,) = result.articles
    assert isinstance(article, Article)
    expected = {"source": name, "language": "en", **expected}
    assert {k: getattr(article, k) for k in expected} == expected


def test_text_keeps_no_markup_from_html():
    html = (b"<html><body><nav>Home | World</nav><p>" + BODY.encode() + b"</p>"
            b"<script>alert('x')</script><style>p{color:red}</style></body></html>")
    (article,) = ingest_files([("p.html", html)]).articles
    assert "<" not in article.text and "alert" not in article.text and "color" not in article.text


def test_html_saved_as_txt_is_read_as_html():
    data = b"<!DOCTYPE html><html><body><p>" + BODY.encode() + b"</p></body></html>"
    (article,) = ingest_files([("saved.txt", data)]).articles
    assert article.text == BODY


# ---------------------------------------------------------------- HTML extraction quality

PAGES = [
    ("riverside_gazette.html", {
        "title": "Council approves flood barrier after heated debate", "date": "2024-03-05",
        "author": "Priya Natarajan", "outlet": "The Riverside Gazette",
        "url": "https://www.riversidegazette.example/news/2024/03/05/council-approves-flood-barrier"},
     ["Councillors in Millbrook have approved a £14 million flood barrier",
      '"We cannot ask families to bail out their living rooms every other winter," she told the chamber.',
      "Work is expected to start in the autumn and to take two years."]),
    ("global_wire.html", {
        "title": "UN envoy says Geneva talks to resume next week", "date": "2024-11-18", "author": "Lena Hoffmann",
        "outlet": "Global Wire", "url": "https://globalwire.example/world/un-envoy-geneva-talks-resume-2024-11-18/"},
     ["The United Nations special envoy said on Monday that peace talks would resume in Geneva",
      "An opposition spokesman accused the government of using the pause to regroup its forces",
      "Humanitarian agencies have repeatedly called for safe corridors"]),
    ("northern_review.html", {
        "title": "Farmers warn of ‘lost harvest’ as drought deepens", "date": "2023-07-14", "author": "Tomás Brennan",
        "outlet": "The Northern Review", "url": "https://northernreview.example/2023/07/14/farmers-warn-lost-harvest"},
     ["“We are looking at a lost harvest,” said Ruth Calder, who farms 400 acres near Kelso.",
      "the end of the month – a blow to growers", "losses could exceed £300 million"]),
]
BOILERPLATE = ["cookie", "Cookie", "Subscribe", "Sign in", "Most read", "Trending", "Popular this week",
               "ADVERTISEMENT", "Sponsored", "Comments", "comment", "wendwatcher", "white elephant",
               "Nothing will come", "Dave from Hexham", "Leave a reply", "All rights reserved", "Privacy",
               "dataLayer", "function", "_gaq", "font-family", "Share on", "Newsletter", "FTSE", "<", ">"]


@pytest.mark.parametrize(("page", "metadata", "passages"), PAGES, ids=[p[0] for p in PAGES])
def test_html_extraction_quality(page, metadata, passages):
    result = ingest_files([(page, (DATA / page).read_bytes())])
    assert result.problems == (), messages(result)
    (article,) = result.articles
    assert {k: getattr(article, k) for k in metadata} == metadata
    assert article.language == "en"
    for passage in passages:
        assert passage in article.text
    for junk in BOILERPLATE:
        assert junk not in article.text, junk
    assert not article.text.startswith(metadata["title"])  # the headline is the title, not body text


# ---------------------------------------------------------------- bad input: one Problem each, the batch goes on

def test_empty_file():
    result = run(("empty.txt", b""))
    assert messages(result) == ["empty.txt: the file is empty"]
    assert_good_came_through(result)


def test_blank_text_file():
    result = run(("blank.txt", b" \n\t\n  "))
    assert messages(result) == ["blank.txt: no text found (the file holds only blank space)"]
    assert_good_came_through(result)


def test_png_named_txt():
    result = run(("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(200)))
    assert messages(result) == ["photo.txt: the content is a PNG image, not text as the extension '.txt' says"]
    assert_good_came_through(result)


def test_pdf_named_txt_suggests_renaming():
    result = run(("report.txt", make_pdf(["Hello"])))
    assert messages(result) == ["report.txt: the content is a PDF document, not text as the extension '.txt' says; "
                                "rename it to .pdf"]
    assert_good_came_through(result)


def test_binary_named_txt():
    result = run(("data.txt", bytes(range(256)) * 4))
    assert messages(result) == ["data.txt: binary data, not text (it contains NUL bytes)"]
    assert_good_came_through(result)


def test_exe():
    result = run(("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(300)))
    reason = only_problem(result, "setup.exe").reason
    assert reason.startswith("unsupported file type '.exe' (the content looks like a Windows program); allowed: ")
    assert ".txt" in reason and ".zip" in reason
    assert_good_came_through(result)


def test_unknown_extension_and_no_extension():
    result = run(("notes.rtf2", b"hello"), ("README", b"hello"))
    allowed = ".csv, .docx, .htm, .html, .json, .jsonl, .md, .pdf, .tsv, .txt, .xlsx, .zip"
    assert messages(result) == [f"notes.rtf2: unsupported file type '.rtf2'; allowed: {allowed}",
                                f"README: no file extension; allowed: {allowed}"]
    assert_good_came_through(result)


def test_image_named_pdf():
    result = run(("scan.pdf", b"\xff\xd8\xff\xe0" + bytes(100)))
    assert messages(result) == ["scan.pdf: the content is a JPEG image, not the .pdf file its name says"]
    assert_good_came_through(result)


ENCODED = "Café owners in Zürich said the “naïve” plan – costing €5 million – would fail, the mayor’s office said."


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_text_encodings_are_decoded(encoding):
    text = ENCODED if encoding != "latin-1" else ENCODED.translate(str.maketrans("“”–€’", "\"\"-E'"))
    data = text.encode(encoding)
    result = run(("article.txt", data))
    assert result.problems == (), messages(result)
    (article,) = [a for a in result.articles if a.source == "article.txt"]
    assert article.text == text
    assert_good_came_through(result)


def test_cp1252_csv_is_decoded():
    result = run(("old.csv", f"text\n\"{ENCODED}\"\n".encode("cp1252")))
    assert [a.text for a in result.articles if a.source == "old.csv, row 2"] == [ENCODED]


def test_huge_single_line_is_cut_quickly():
    data = b"word " * (4 * 2**20)  # 20 MB, no line break
    start = time.perf_counter()
    result = run(("huge.txt", data))
    elapsed = time.perf_counter() - start
    assert elapsed < 5, elapsed
    problem = only_problem(result, "huge.txt")
    assert str(problem) == "huge.txt: the text is longer than 200,000 characters; only the first 200,000 are kept"
    assert problem.severity == "warning"
    (article,) = [a for a in result.articles if a.source == "huge.txt"]
    assert 199_000 < len(article.text) <= 200_000 and article.text.endswith("word")
    assert_good_came_through(result)


def test_file_over_max_file_bytes():
    result = run(("big.txt", b"a" * 5000), limits=Limits(max_file_bytes=4096))
    assert messages(result) == ["big.txt: the file is 4.9 KB; at most 4.0 KB are allowed per file"]
    assert_good_came_through(result)


def test_too_many_files():
    files = [(f"f{i}.txt", f"Story {i}\n\nThe mayor said on day {i} that the bridge would reopen soon.".encode())
             for i in range(6)]
    result = run(*files, limits=Limits(max_files=4))
    assert messages(result) == ["f3.txt: too many files: at most 4 are read per upload; this one and 2 more were "
                                "skipped"]
    assert [a.source for a in result.articles] == ["good.txt", "f0.txt", "f1.txt", "f2.txt"]


def test_zip_bomb_by_declared_size():
    bomb = make_zip({"zeros.txt": bytes(3 * 2**20)})
    result = run(("bomb.zip", bomb), limits=Limits(max_unzipped_bytes=2 * 2**20))
    assert messages(result) == ["bomb.zip: the archive would unpack to 3.0 MB; at most 2.0 MB are allowed "
                                "(refused as a possible zip bomb)"]
    assert_good_came_through(result)


def test_zip_bomb_by_ratio_with_default_limits():
    bomb = make_zip({"a.txt": BODY.encode(), "zeros.txt": b"\x00" * (20 * 2**20)})
    result = run(("bomb.zip", bomb))
    (problem,) = result.problems
    assert problem.file == "bomb.zip"
    assert problem.reason.startswith("member 'zeros.txt' expands ")
    assert problem.reason.endswith(" times; at most 200 is allowed (refused as a possible zip bomb)")
    assert_good_came_through(result)


def test_zip_member_lying_about_its_size_is_refused():
    honest = make_zip({"a.txt": f"Talks\n\n{BODY} " * 50, "b.txt": BODY.encode() + b" again"})
    lying = patch_zip_headers(honest, file_size=100)  # the data unpack to far more than the 100 bytes declared
    result = run(("liar.zip", lying))
    assert [p.file for p in result.problems] == ["liar.zip/a.txt", "liar.zip/b.txt"]
    assert all(p.reason.startswith("damaged member of the archive (Bad CRC-32") for p in result.problems)
    assert_good_came_through(result)


def test_streaming_cap_counts_actual_bytes_across_nested_zips():
    inner = make_zip({"b.txt": b"b" * 3000}, zipfile.ZIP_STORED)
    outer = make_zip({"a.txt": f"Talks\n\n{OTHER}".encode(), "inner.zip": inner}, zipfile.ZIP_STORED)
    result = run(("outer.zip", outer), limits=Limits(max_zip_depth=2, max_unzipped_bytes=4000))
    (problem,) = result.problems
    assert problem.file == "outer.zip/inner.zip/b.txt"
    assert problem.reason.startswith("unpacks to more than ")  # what is left of the 4000 bytes
    assert problem.reason.endswith(" bytes; refused (the size in the archive header is 2.9 KB)")
    assert {a.source for a in result.articles} == {"good.txt", "outer.zip/a.txt"}


def test_nested_zip_beyond_depth():
    inner = make_zip({"deep.txt": b"Deep story\n\nThe envoy said the talks would resume."})
    outer = make_zip({"inner.zip": inner, "top.txt": f"Top story\n\n{BODY} Top.".encode()})
    result = run(("outer.zip", outer))
    assert messages(result) == ["outer.zip/inner.zip: a zip inside a zip is not opened (archives are opened 1 "
                                "level(s) deep)"]
    assert {a.source for a in result.articles} == {"good.txt", "outer.zip/top.txt"}


def test_zip_member_paths_outside_the_archive_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    archive = make_zip({"../../evil.txt": b"Evil\n\nThe text.", "/etc/passwd.txt": b"Root\n\nThe text.",
                        "C:/win.txt": b"Win\n\nThe text.", "ok.txt": f"Fine\n\n{BODY} Fine.".encode()})
    result = run(("paths.zip", archive))
    reason = "unsafe path in the archive (absolute or with '..'); refused"
    assert messages(result) == [f"paths.zip/../../evil.txt: {reason}", f"paths.zip//etc/passwd.txt: {reason}",
                                f"paths.zip/C:/win.txt: {reason}"]
    assert {a.source for a in result.articles} == {"good.txt", "paths.zip/ok.txt"}
    assert list(tmp_path.iterdir()) == [] and not (tmp_path.parent.parent / "evil.txt").exists()


def test_encrypted_zip_member():
    archive = patch_zip_headers(make_zip({"secret.txt": b"Secret\n\nThe text."}), flag=0x1)
    result = run(("locked.zip", archive))
    assert messages(result) == ["locked.zip/secret.txt: the member is encrypted (password-protected); passwords "
                                "are not supported"]
    assert_good_came_through(result)


def test_too_many_zip_members():
    archive = make_zip({f"{i}.txt": b"x" for i in range(6)})
    result = run(("many.zip", archive), limits=Limits(max_zip_members=5))
    assert messages(result) == ["many.zip: the archive holds 6 entries; at most 5 are allowed"]
    assert_good_came_through(result)


def test_empty_zip():
    result = run(("none.zip", make_zip({"dir/": b""})))
    assert messages(result) == ["none.zip: the archive holds no files"]
    assert_good_came_through(result)


def test_bad_member_does_not_stop_the_zip():
    archive = make_zip({"a.png": b"\x89PNG\r\n\x1a\n", "b.csv": b"x,y\n1,2\n", "c.txt": f"C\n\n{BODY} C.".encode()})
    result = run(("mixed.zip", archive))
    assert messages(result)[0].startswith("mixed.zip/a.png: unsupported file type '.png' (the content looks like a "
                                          "PNG image)")
    assert messages(result)[1] == ("mixed.zip/b.csv: no text column; found columns: 'x', 'y'; expected one of: "
                                   "text, body, content, article, full_text, article_text, body_text, maintext")
    assert {a.source for a in result.articles} == {"good.txt", "mixed.zip/c.txt"}


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("broken.zip", b"PK\x03\x04" + b"\x00" * 100, "not a valid zip archive (File is not a zip file)"),
    ("broken.pdf", b"%PDF-1.7\n" + b"garbage " * 50, "not a readable PDF ("),
    ("broken.docx", b"PK\x03\x04" + b"\x01" * 100, "not a valid zip archive (File is not a zip file)"),
    ("broken.xlsx", make_xlsx([["text"], ["x"]])[:400], "not a valid zip archive ("),
    ("notword.docx", make_zip({"hello.txt": b"hi"}), "not a readable Word document ("),
    ("notexcel.xlsx", make_zip({"hello.txt": b"hi"}), "not a readable Excel workbook ("),
])
def test_corrupt_containers(name, data, reason):
    result = run((name, data))
    assert only_problem(result, name).reason.startswith(reason), messages(result)
    assert len(result.problems) == 1
    assert_good_came_through(result)


def test_encrypted_pdf():
    result = run(("locked.pdf", make_pdf(["Secret talks"], password="secret")))
    assert messages(result) == ["locked.pdf: the PDF is password-protected; remove the password and upload it again"]
    assert_good_came_through(result)


def test_pdf_without_text_layer():
    result = run(("scan.pdf", make_pdf([])))
    assert messages(result) == ["scan.pdf: no text found in the PDF (scanned pages need OCR, which is not supported)"]
    assert_good_came_through(result)


def test_csv_rows_without_text():
    data = f"title,body\nFirst,{OTHER}\nSecond,\n,\nFourth,  \nFifth,Fifth text here.\n".encode()
    result = run(("batch.csv", data))
    assert messages(result) == ["batch.csv, row 3: no text in column 'body'", "batch.csv, row 5: no text in column "
                                                                              "'body'"]
    assert [a.source for a in result.articles] == ["good.txt", "batch.csv, row 2", "batch.csv, row 6"]


def test_csv_without_text_column():
    result = run(("people.csv", b"Name,Age,City\nAnn,31,Leeds\n"))
    assert messages(result) == ["people.csv: no text column; found columns: 'Name', 'Age', 'City'; expected one of: "
                                "text, body, content, article, full_text, article_text, body_text, maintext"]
    assert_good_came_through(result)


def test_xlsx_rows_without_text():
    data = make_xlsx([["Headline", "Text"], ["A", OTHER], ["B", None], ["C", "Third text."]])
    result = run(("sheet.xlsx", data))
    assert messages(result) == ["sheet.xlsx, row 3: no text in column 'Text'"]
    assert [a.source for a in result.articles] == ["good.txt", "sheet.xlsx, row 2", "sheet.xlsx, row 4"]


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = make_xlsx([[None, None], ["title", "body"], ["A", OTHER], ["B", ""]])
    result = run(("late_header.xlsx", data))
    assert messages(result) == ["late_header.xlsx, row 4: no text in column 'body'"]
    assert [a.source for a in result.articles] == ["good.txt", "late_header.xlsx, row 3"]


def test_big_page_is_pruned_but_keeps_json_ld_metadata():
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
          '"headline": "Talks resume", '
          '"datePublished": "2024-03-05", "author": {"@type": "Person", "name": "Lena Hoffmann"}}</script>')
    page = (f"<html><head><title>Talks resume</title>{ld}<script>{'var x = 1;' * 150_000}</script></head><body>"
            f"<article><h1>Talks resume</h1><p>{OTHER}</p></article>" + "<div><a href='/x'>more</a></div>" * 40_000
            + "</body></html>")
    start = time.perf_counter()
    result = run(("big.html", page.encode()))
    assert time.perf_counter() - start < 45  # a bound that holds on a loaded 2-core machine (12-17 s seen there)
    assert messages(result) == ["big.html: the page is very large (80,004 elements); only the first 30,000 were read"]
    (article,) = [a for a in result.articles if a.source == "big.html"]
    assert (article.title, article.date, article.author, article.text) == (
        "Talks resume", "2024-03-05", "Lena Hoffmann", OTHER)


def test_table_over_max_rows():
    data = "text\n" + "".join(f"Story number {i} is here.\n" for i in range(5))
    result = run(("rows.csv", data.encode()), limits=Limits(max_rows=3))
    assert messages(result) == ["rows.csv, row 5: more than 3 rows; this row and the rest were skipped"]
    assert len(result.articles) == 4


def test_malformed_json():
    result = run(("bad.json", b'[{"text": "one"},\n {"text": "two" "title": 3}]'))
    assert messages(result) == ["bad.json: not valid JSON: Expecting ',' delimiter at line 2, column 17"]
    assert_good_came_through(result)


def test_json_without_text_field_and_wrong_items():
    result = run(("keys.json", b'[{"name": "a", "age": 3}]'), ("items.json", b'[{"body": "Text one."}, 7, "s"]'),
                 ("scalar.json", b'"just a string"'))
    assert messages(result) == [
        "keys.json: no text field; found fields: 'name', 'age'; expected one of: text, body, content, article, "
        "full_text, article_text, body_text, maintext",
        "items.json, row 2: expected an article object; found a number",
        "items.json, row 3: expected an article object; found a string",
        "scalar.json: expected a list of article objects; found a string"]
    assert {a.source for a in result.articles} == {"good.txt", "items.json, row 1"}


def test_jsonl_bad_line():
    data = b'{"text": "First story text."}\n{"text": oops}\n\n{"body": ""}\n{"text": "Fourth story text."}\n'
    result = run(("feed.jsonl", data))
    assert messages(result) == ["feed.jsonl, row 2: not valid JSON: Expecting value at column 10",
                                "feed.jsonl, row 4: no text in field 'body'"]
    assert [a.source for a in result.articles] == ["good.txt", "feed.jsonl, row 1", "feed.jsonl, row 5"]


def test_deeply_nested_json():
    result = run(("deep.json", b"[" * 100_000 + b"]" * 100_000))
    assert messages(result) == ["deep.json: not valid JSON: nested too deeply"]
    assert_good_came_through(result)


def test_non_english_text_is_kept_with_a_warning():
    german = ("Der Bundeskanzler sagte am Montag in Berlin, dass die Gespräche in der nächsten Woche fortgesetzt "
              "werden. Die Opposition warf der Regierung vor, die Verhandlungen zu verschleppen.")
    result = run(("de.txt", german.encode()))
    problem = only_problem(result, "de.txt")
    assert str(problem) == "de.txt: detected language: de (German); the analysis is for English"
    assert problem.severity == "warning"
    assert [a.language for a in result.articles if a.source == "de.txt"] == ["de"]
    assert_good_came_through(result)


def test_duplicates_are_kept_once():
    copy = f"Another headline\n\n  {BODY}\n".encode()
    result = run(("copy.txt", copy), ("rows.csv", f"text\n\"{BODY}\"\n".encode()))
    assert messages(result) == ["copy.txt: same text as good.txt; kept once",
                                "rows.csv, row 2: same text as good.txt; kept once"]
    assert all(p.severity == "warning" for p in result.problems)
    assert [a.source for a in result.articles] == ["good.txt"]


def test_unparseable_date_and_bad_url_are_dropped_with_warnings():
    data = f"text,date,url\n\"{OTHER}\",next Tuesday,javascript:alert(1)\n".encode()
    result = run(("dates.csv", data))
    assert messages(result) == [
        "dates.csv, row 2: date 'next Tuesday' not understood; the article is kept without a date",
        "dates.csv, row 2: url 'javascript:alert(1)' is not a web address (http or https); dropped"]
    (article,) = [a for a in result.articles if a.source == "dates.csv, row 2"]
    assert article.date is None and article.url is None


def test_bad_items_passed_to_ingest_files():
    result = ingest_files([GOOD, ("x.txt", None), ("n.txt", 10**12), "not a pair"])  # type: ignore[list-item]
    assert messages(result) == ["x.txt: expected the file's content as bytes; got NoneType; skipped",
                                "n.txt: expected the file's content as bytes; got int; skipped",
                                "'not a pair': expected the file's content as bytes; got NoneType; skipped"]
    assert_good_came_through(result)


# ---------------------------------------------------------------- paths, hashes, records

def test_ingest_paths_walks_folders_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "z.txt").write_text(f"Zed story\n\n{BODY} Zed.")
    (tmp_path / "a.txt").write_text(f"Ay story\n\n{BODY} Ay.")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNot read.")
    (tmp_path / ".git" / "config.txt").write_text("Hidden\n\nNot read.")
    (tmp_path / "big.txt").write_bytes(b"x" * 3000)
    missing = tmp_path / "missing.txt"
    result = ingest_paths([tmp_path, missing], Limits(max_file_bytes=2048))
    assert [a.source for a in result.articles] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.txt")]
    assert messages(result) == [f"{tmp_path / 'big.txt'}: the file is 2.9 KB; at most 2.0 KB are allowed per file",
                                f"{missing}: no such file or folder"]


def test_ingest_paths_reports_empty_folders_and_bad_paths(tmp_path):
    (tmp_path / "empty").mkdir()
    result = ingest_paths([tmp_path / "empty", 42])  # type: ignore[list-item]
    assert messages(result) == [f"{tmp_path / 'empty'}: the folder holds no files", "42: not a file path; skipped"]


def test_zip_refused_when_depth_is_zero():
    result = run(("batch.zip", make_zip({"a.txt": OTHER.encode()})), limits=Limits(max_zip_depth=0))
    assert messages(result) == ["batch.zip: zip archives are not opened (the limit max_zip_depth is 0)"]
    assert_good_came_through(result)


def test_content_hash_normalises_whitespace_and_unicode():
    assert content_hash("a  b\n\nc") == content_hash(" a b c ") != content_hash("a b d")
    assert content_hash("ﬁne") == content_hash("fine")  # NFKC folds the ligature
    assert len(content_hash("x")) == 64 and all(c in "0123456789abcdef" for c in content_hash("x"))


def test_problem_and_error_records():
    assert str(Problem("batch.csv", "no text in column 'body'", 7)) == "batch.csv, row 7: no text in column 'body'"
    assert str(Problem("a.txt", "the file is empty")) == "a.txt: the file is empty"
    error = IngestError("a.txt", "the file is empty")
    assert str(error) == "a.txt: the file is empty" and error.to_problem() == Problem("a.txt", "the file is empty")
    with pytest.raises(ValueError, match="severity 'fatal' is not allowed"):
        Problem("a.txt", "x", severity="fatal")
    with pytest.raises(ValueError, match=r"Limits.max_files = 0 is not allowed; use a positive number"):
        Limits(max_files=0)


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-05", "2024-03-05"), ("2024-03-05T23:30:00-05:00", "2024-03-05"), ("March 5, 2024", "2024-03-05"),
    ("5 March 2024", "2024-03-05"), ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"),
    ("D:20240305120000Z", "2024-03-05"),
    (1709632800, "2024-03-05"), (1709632800000, "2024-03-05"), ("1709632800", "2024-03-05"),
    (datetime(2024, 3, 5, 8), "2024-03-05"), ("5", None), ("soon", None), ("March 5", None), ("3024-01-01", None),
    (None, None), ("", None), (True, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("error, words", [(ValueError("the table ends inside a cell"), "the table ends inside a cell"),
                                          (KeyError(), "its content is malformed")])
def test_a_reader_that_chokes_gives_its_reason_not_its_exception_class(monkeypatch, error, words):
    from analysis.ingest import readers

    def choke(name, data, limits):
        raise error

    monkeypatch.setitem(readers.READERS, ".txt", choke)
    [problem] = ingest_files([("notes.txt", b"Kerry said the talks would go on.")]).problems
    assert problem.file == "notes.txt" and problem.reason == f"cannot be read ({words})"
    assert type(error).__name__ not in problem.reason
