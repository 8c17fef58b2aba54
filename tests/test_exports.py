"""Statement exports: the speaker's own words, character offsets, a statement id that stays the same across
re-analysis and across processes, and the `corrected` column."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analysis import tables
from analysis.exports import OFFSETS, statement_id
from analysis.store import Store
from analysis.types import Analysis, Article, Statement

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Lena Okafor told reporters the bridge would reopen. She warned the council about the costs."


def analysis() -> Analysis:
    first = Statement("Lena Okafor", "told", "say", None, "the bridge would reopen", False, 0, 51, 12, 16, 27, 50,
                      speaker_text="Lena Okafor", sentence=TEXT[:51])
    second = Statement("Lena Okafor", "warned", "warn", "council", "about the costs", False, 52, 93, 56, 62, 75, 90,
                       speaker_text="She", sentence=TEXT[52:])
    return Analysis(article=Article(text=TEXT, title="Bridge", date="2026-04-01"), statements=(first, second))


def exported(tmp_path: Path, name: str = "a.db") -> pd.DataFrame:
    store = Store(tmp_path / name)
    a = analysis()
    cid = store.create_corpus("Bridge", [a.article], [a], engine_version="x")
    return tables.export_frame(tables.corpus_frames(store.rows(cid)).statements)


def test_exports_carry_the_speakers_words_offsets_and_a_stable_id(tmp_path):
    table = exported(tmp_path)
    assert table["speaker_text"].tolist() == ["Lena Okafor", "She"]
    assert table[list(OFFSETS)].to_numpy().tolist() == [[0, 51, 12, 16, 27, 50], [52, 93, 56, 62, 75, 90]]
    assert [TEXT[s:e] for s, e in zip(table["cue_start"], table["cue_end"], strict=True)] == ["told", "warned"]
    assert table["corrected"].tolist() == [False, False]
    ids = table["statement_id"].tolist()
    assert len(set(ids)) == 2 and all(len(i) == 16 for i in ids)
    assert exported(tmp_path, "b.db")["statement_id"].tolist() == ids  # another database, the same text
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from analysis.exports import statement_id; "
              "print(statement_id(sys.argv[2], 0, 51, 12, 16))")
    other = subprocess.run([sys.executable, "-c", script, str(ROOT), table["article_id"][0]], capture_output=True,
                           text=True, check=True).stdout.strip()
    assert other == ids[0]  # another process (another hash seed)
    assert statement_id(table["article_id"][0], 0, 52, 12, 16) != ids[0]  # another span, another id


def test_a_statement_without_offsets_gets_an_id_from_its_place_and_blank_offsets():
    assert statement_id("abc", None, None, None, None, idx=3) == statement_id("abc", float("nan"), 1, 2, 3, idx=3)
    assert statement_id("abc", None, None, None, None, idx=3) != statement_id("abc", None, None, None, None, idx=4)
    frame = pd.DataFrame({"article_id": ["abc"], "idx": [0], "start": [None], "content": ["x"]})
    table = tables.export_frame(frame)
    assert pd.isna(table.loc[0, "start"]) and not table.loc[0, "corrected"]
    assert json.loads(tables.to_json(table))[0]["start"] is None


def test_the_corrected_column_comes_from_the_frame_when_it_has_one(tmp_path):
    store = Store(tmp_path / "c.db")
    a = analysis()
    cid = store.create_corpus("Bridge", [a.article], [a], engine_version="x")
    statements = tables.corpus_frames(store.rows(cid)).statements.assign(corrected=[True, None])
    table = tables.export_frame(statements)
    assert table["corrected"].tolist() == [True, False]
    back = pd.read_parquet(io.BytesIO(tables.to_parquet(table)))
    assert back["corrected"].tolist() == [True, False] and back["start"].tolist() == [0, 52]
    csv = pd.read_csv(io.BytesIO(tables.to_csv(table)), dtype=str)
    assert csv["statement_id"].tolist() == table["statement_id"].tolist()
