"""Dates, outlets and titles that a plain text states at its top: front matter, datelines and date lines."""
from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.ingest import datelines, ingest_files

STORY = "The harbour workers said they would return on Monday."


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(f"Strike ends\nROTTERDAM, March 4, 2026 — {STORY}", "2026-03-04", id="dateline"),
    pytest.param(f"Strike ends\nROTTERDAM, 4 March 2026 -- {STORY}", "2026-03-04", id="day first"),
    pytest.param(f"Strike ends\nWASHINGTON, D.C., Jan. 9, 2025 - {STORY}", "2025-01-09", id="two-part place"),
    pytest.param(f"Strike ends\nMarch 4, 2026\n{STORY}", "2026-03-04", id="date line"),
    pytest.param(f"Strike ends\nBy Ana Diaz\n4 March 2026\n\n{STORY}", "2026-03-04", id="date line after byline"),
    pytest.param(f"Strike ends\n2026-03-04\n{STORY}", "2026-03-04", id="iso line"),
    pytest.param(f"Strike ends\nROTTERDAM, March 4 — {STORY}", None, id="no year: undated"),
    pytest.param(f"Strike ends\nROTTERDAM (Wire) — {STORY}", None, id="no date"),
    pytest.param(f"Strike ends\nLONDON, 31 February 2026 — {STORY}", None, id="no such day"),
    pytest.param(f"Strike ends\nSaturday, 2026\n{STORY}", None, id="no day"),
    pytest.param("Strike ends\nThe vote two days ago, in 2026, was close, the union said.", None, id="relative"),
    pytest.param("Strike ends\n" + "\n".join(["A line of the story."] * 8) + "\nMarch 4, 2026", None,
                 id="too far down"),
])
def test_dateline_dates(text, expected):
    assert datelines.read_header(text).date == expected


def test_front_matter_lines_give_date_outlet_title_and_author():
    text = f"date: 2026-03-04T09:30:00Z\noutlet: The Harbour Ledger\nAuthor: Ana Diaz\n\nStrike ends\n{STORY}"
    header = datelines.read_header(text)
    assert (header.date, header.outlet, header.title, header.author) == (
        "2026-03-04", "The Harbour Ledger", None, "Ana Diaz")
    assert text[header.front_end:].lstrip().startswith("Strike ends")


def test_a_fenced_block_and_source_as_outlet():
    text = f"---\ndate: 4 March 2026\nsource: Wire Desk\ntitle: \"Strike ends\"\n---\n{STORY}"
    header = datelines.read_header(text)
    assert (header.date, header.outlet, header.title) == ("2026-03-04", "Wire Desk", "Strike ends")
    assert text[header.front_end:] == STORY


@pytest.mark.parametrize("text", [
    f"Note: the strike is over\n{STORY}",  # a key that names no article field
    f"---\ncolour: blue\n---\n{STORY}",
    f"---\ndate: 2026-03-04\n{STORY}",  # never closed
])
def test_what_is_not_front_matter(text):
    assert datelines.front_matter(text) == ({}, 0)


def test_a_front_matter_date_without_a_year_is_not_completed():
    assert datelines.read_header(f"date: March 4\n\nStrike ends\n{STORY}").date is None


def test_upload_takes_what_the_text_states_and_keeps_the_text_as_read():
    front = f"date: 2026-03-04\noutlet: The Harbour Ledger\n\nStrike ends after talks\n{STORY}"
    dateline = f"Strike ends\nROTTERDAM, March 4, 2026 — {STORY}"
    yearless = f"Strike ends\nROTTERDAM, March 4 — {STORY}"
    result = ingest_files([("front.txt", front.encode()), ("dateline.md", dateline.encode()),
                           ("yearless.txt", yearless.encode())])
    by_source = {a.source: a for a in result.articles}
    a = by_source["front.txt"]
    assert (a.date, a.outlet, a.title, a.text) == ("2026-03-04", "The Harbour Ledger", "Strike ends after talks", front)
    b = by_source["dateline.md"]
    assert (b.date, b.title, b.text) == ("2026-03-04", "Strike ends", dateline)
    assert by_source["yearless.txt"].date is None and by_source["yearless.txt"].text == yearless


def test_a_date_of_the_row_or_front_matter_wins_over_the_dateline():
    csv = "title,date,outlet,text\nStrike ends,2025-12-01,Courier,\"ROTTERDAM, March 4, 2026 — Workers said so.\"\n"
    row, = ingest_files([("rows.csv", csv.encode())]).articles
    assert (row.date, row.outlet) == ("2025-12-01", "Courier")
    md = f"---\ndate: 2025-12-01\noutlet: Courier\n---\nStrike ends\nROTTERDAM, March 4, 2026 — {STORY}"
    doc, = ingest_files([("front.md", md.encode())]).articles
    assert (doc.date, doc.outlet) == ("2025-12-01", "Courier")


def test_dateparser_is_installed_and_reads_offline():
    code = ("import socket\n"
            "def refuse(*a, **k): raise OSError('network')\n"
            "socket.socket.connect = refuse\n"
            "socket.create_connection = refuse\n"
            "from analysis.ingest import datelines\n"
            "print(datelines.read_header('T\\nOSLO, 4 March 2026 -- Text.').date)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "2026-03-04"
