"""Boilerplate lines are not statements (analysis.engine.boilerplate)."""
from __future__ import annotations

import pytest

from analysis import analyze
from analysis.engine.boilerplate import is_boilerplate

STORY = "Bridge to reopen\n\nMaria Lopez, the mayor, said on Monday that the bridge would reopen in May.\n\n"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Related: Lopez says the bridge will reopen", id="related"),
        pytest.param("READ MORE: Council says the budget is short", id="read-more"),
        pytest.param("Editor’s note: An earlier version of this story said the mayor had resigned.", id="editors-note"),
        pytest.param("Correction: The mayor said the vote was on Tuesday, not Monday.", id="correction"),
        pytest.param("This story has been updated to say that the council voted on Tuesday.", id="updated"),
        pytest.param("Maria Lopez speaks at city hall, where she said the bridge would open. (AP Photo/Ann Lee)",
                     id="caption"),
        pytest.param("By Ann Lee and Bo Chan", id="byline"),
    ],
)
def test_boilerplate_lines_give_no_statement(line):
    assert is_boilerplate(line)
    statements = analyze(STORY + line + "\n\nThe council met on Tuesday.").statements
    assert [s.speaker for s in statements] == ["Maria Lopez"]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Following the vote, the mayor said the bridge would reopen.", id="following-is-no-follow"),
        pytest.param("By Tuesday, the council said, the work would be done.", id="by-tuesday"),
        pytest.param("Relatedly, the mayor said the work would take a year.", id="relatedly"),
    ],
)
def test_story_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)
