"""The small ways one odd file used to cost more than itself: file names that are not UTF-8 or that reorder text,
pypdf's anonymous warnings, a 5,000-digit JSON number, an unbalanced CSV quote, a docx entity reference, and
zero-width no-break spaces taken for binary data."""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from test_ingest import make_docx, make_pdf

from analysis.ingest import ingest_files
from analysis.ingest.readers import safe_name

ROOT = Path(__file__).resolve().parents[1]
SAID = "The mayor said the new bridge would open in May, and the council agreed."


def said(n: int) -> str:
    """A different sentence each time (the same text twice is one article, kept once)."""
    return f"The mayor said bridge number {n} would open in May, and the council agreed."


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


# File names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [
    ("invoice\u202etxt.exe", "invoice\\u202etxt.exe"),  # a right-to-left override: would show as invoiceexe.txt
    ("a\u2066b\u2069c\u200fd\u061c", "a\\u2066b\\u2069c\\u200fd\\u061c"),  # isolates and marks
    ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
    (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),  # a Latin-1 byte in a file name: not UTF-8
    ("two\nlines\r\x1b[31m", "two\\x0alines\\x0d\\x1b[31m"),  # line breaks and a terminal escape
    ("Café – naïve.txt", "Café – naïve.txt"),  # ordinary accents and dashes stay as they are
    ("מאמר.txt", "מאמר.txt"),  # right-to-left script itself is text, not a trick
])
def test_file_names_are_printed_safely(name, shown):
    assert safe_name(name) == shown
    safe_name(name).encode("utf-8")  # never a lone surrogate


def test_the_command_line_prints_odd_file_names_safely_in_valid_utf8(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(f"Bridge\n\n{SAID}", encoding="utf-8")
    (folder / "invoice\u202etxt.exe").write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    (folder / "fine.txt").write_text(f"Council\n\n{said(2)}", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "WSW_CUES"} | {"PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run([sys.executable, "-m", "analysis", "extract", str(folder), "gone\u202etxt.exe"], cwd=ROOT,
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()  # strict: no invalid UTF-8 anywhere
    sources = sorted(Path(json.loads(line)["source"]).name for line in lines)
    assert sources == ["caf\\xe9.txt", "fine.txt"]
    errors = done.stderr.decode("utf-8")
    assert "invoice\\u202etxt.exe" in errors and "gone\\u202etxt.exe: no such file" in errors
    assert "\u202e" not in errors and "Traceback" not in errors and len(errors.strip().splitlines()) == 2


# PDF warnings -----------------------------------------------------------------------------------------------


def test_pypdf_warnings_name_the_file_and_reach_no_stream_of_their_own(capfd):
    pdf = re.sub(rb"startxref\s+\d+", b"startxref\n99", make_pdf([SAID]))  # a wrong cross-reference pointer
    result = ingest_files([("damaged.pdf", pdf), ("whole.pdf", make_pdf([said(2)]))])
    assert [a.text for a in result.articles] == [SAID, said(2)]
    [warning] = result.problems
    assert warning.severity == "warning" and warning.file == "damaged.pdf"
    assert "damaged in places" in warning.reason and "startxref" in warning.reason
    assert capfd.readouterr().err == ""  # nothing printed without the file's name


# JSON numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_one_huge_json_number_costs_only_its_own_field(suffix):
    huge = "9" * 5000
    items = [{"title": "Huge", "text": said(1), "views": "HUGE"},
             {"title": "Fine", "text": said(2), "date": "2024-05-01"},
             {"title": "Dated", "text": said(3), "date": "HUGE"}]
    body = json.dumps(items) if suffix == ".json" else "\n".join(json.dumps(i) for i in items)
    result = ingest_files([(f"numbers{suffix}", body.replace('"HUGE"', huge).encode())])
    assert [a.title for a in result.articles] == ["Huge", "Fine", "Dated"]
    assert [a.date for a in result.articles] == [None, "2024-05-01", None]
    assert [p.severity for p in result.problems] == ["warning"] and "date" in messages(result)[0]


# CSV quotes -------------------------------------------------------------------------------------------------


def test_an_unbalanced_csv_quote_is_reported_and_the_rest_still_read():
    table = ("title,text\n"
             f'Kept,"{said(1)}"\n'
             f'Broken,"{said(2)} The quote of this cell never closes.\n'
             f"After,{said(3).replace(',', '')}\n"
             f"Last,{said(4).replace(',', '')}\n")
    result = ingest_files([("open-quote.csv", table.encode())])
    assert [a.title for a in result.articles] == ["Kept", "After", "Last"]
    [problem] = result.problems
    assert problem.row == 3 and problem.severity == "error" and "never closed" in problem.reason


def test_a_quote_left_open_on_the_last_line_keeps_the_row_with_a_warning():
    table = f'title,text\nKept,"{said(1)}"\nLast,"{said(2)}'
    result = ingest_files([("last.csv", table.encode())])
    assert [a.title for a in result.articles] == ["Kept", "Last"]
    assert [(p.row, p.severity) for p in result.problems] == [(3, "warning")]


def test_quoted_cells_over_several_lines_are_not_taken_for_an_open_quote():
    table = f'title,text\nOne,"{said(1)}\n\nA second paragraph, said the mayor."\nTwo,"{said(2)}"\n'
    result = ingest_files([("paragraphs.csv", table.encode())])
    assert [a.title for a in result.articles] == ["One", "Two"] and not result.problems
    assert "second paragraph" in result.articles[0].text


# Word entities ----------------------------------------------------------------------------------------------


def _docx_with(doctype: bytes, reference: bytes) -> bytes:
    data = make_docx([("Bridge opens", "Title"), ("The bridge opens in May, said MARK. The council agreed.", None),
                      ("It will cost less than planned, the council said.", None)])
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as rebuilt:
        for member in source.infolist():
            body = source.read(member)
            if member.filename == "word/document.xml":
                head, _, rest = body.partition(b"?>")
                body = head + b"?>" + doctype + rest.replace(b"MARK", reference)
            rebuilt.writestr(member, body)
    return out.getvalue()


@pytest.mark.parametrize(("doctype", "reference", "read"), [
    (b'<!DOCTYPE w:document [<!ENTITY who "the mayor">]>', b"&who;", "the mayor"),
    (b"", b"&undeclared;", ""),
    (b'<!DOCTYPE w:document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>', b"&b;&b;", "&a;&a;&a;&a;" * 2),
])
def test_a_docx_entity_reference_keeps_the_rest_of_the_text(doctype, reference, read):
    result = ingest_files([("entity.docx", _docx_with(doctype, reference))])
    [article] = result.articles
    assert f"said {read}. The council agreed." in article.text
    assert "It will cost less than planned" in article.text
    assert [p.severity for p in result.problems] == ["warning"]


# Zero-width no-break spaces ----------------------------------------------------------------------------------


def test_zero_width_no_break_spaces_are_text_not_binary():
    words = (SAID + " ") * 40
    sprinkled = "".join(c + ("\ufeff" if i % 50 == 49 else "") for i, c in enumerate(words))  # 2 %
    result = ingest_files([("zwnbsp.txt", f"Bridge\n\n{sprinkled}".encode())])
    assert not result.problems
    assert "\ufeff" not in result.articles[0].text and SAID in result.articles[0].text
    binary = ingest_files([("controls.txt", ("x\x01" * 500).encode())])  # real control characters still are
    assert "binary data" in messages(binary)[0]
