"""The direct table drawer (clusterctl/render/grid.py) draws what Rich's Table draws.

Every table a view draws in a terminal is drawn both ways and compared character by
character, with each character's style (spaces aside: no style we use shows on a space), at
widths from the narrowest to the widest; and the whole output of each view is compared with
the output drawn by Rich alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from clusterctl.render import grid, terminal
from tests.conftest import invoke

WIDTHS = (20, 41, 67, 80, 100, 120, 160)
VIEWS = [
    ("clusters",),
    ("clusters", "--country", "KR", "--sort", "-established"),
    ("milestones", "--limit", "60", "--cite"),
    ("policies",),
    ("actors", "--limit", "60"),
    ("sources", "--limit", "40"),
    ("regions",),
    ("industries",),
    ("eras",),
    ("timeline", "daedeok-innopolis"),
    ("timeline", "--since", "2024", "--group-by", "policy"),
    ("compare", "daedeok-innopolis", "pangyo-techno-valley"),
    ("compare", "songdo-bio-cluster", "osong-advanced-medical-complex", "daedeok-innopolis"),
    ("search", "bio", "--limit", "30"),
    ("stats", "--by", "region"),
    ("show", "motie"),
    ("clusters", "--fields", "id,name,established,figures"),
]


def _cells(line: list[Any]) -> list[tuple[str, object]]:
    """A drawn line as (character, style) pairs, without the style of a space and without
    trailing spaces."""
    from rich.style import Style

    pairs = [
        (char, None if char.isspace() else (segment.style or Style.null()))
        for segment in line
        for char in segment.text
    ]
    while pairs and pairs[-1][0].isspace():
        pairs.pop()
    return pairs


def _terminal(*args: str, width: int) -> str:
    # A terminal without colour (TERM=dumb): the text alone, as the window shows it.
    env = {"TTY_COMPATIBLE": "1", "TERM": "dumb", "COLUMNS": str(width)}
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_each_table_is_drawn_as_rich_draws_it(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], width: int
) -> None:
    drawn: list[int] = []
    real_draw = grid.draw

    def both(console: Any, table: Any, header: Any, cells: Any) -> Any:
        ours = real_draw(console, table, header, cells)
        theirs = terminal._lines_of(console, table)
        assert [_cells(line) for line in ours] == [_cells(line) for line in theirs]
        drawn.append(len(ours))
        return ours

    monkeypatch.setattr(grid, "draw", both)
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(width)}  # colour on: styles are compared
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    with_grid = _terminal(*args, width=width)
    monkeypatch.setattr(grid, "drawable", lambda console, table: False)
    assert with_grid == _terminal(*args, width=width)
    if width == 160 and args[0] not in ("show", "stats"):  # titled tables are Rich's
        assert drawn, "no table of this view was drawn directly"


def test_the_listings_of_a_wide_terminal_are_drawn_directly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The drawer is really used where it counts: the cluster listing at 120 columns."""
    used: list[bool] = []
    real = grid.drawable

    def spy(console: Any, table: Any) -> bool:
        used.append(real(console, table))
        return used[-1]

    monkeypatch.setattr(grid, "drawable", spy)
    _terminal("clusters", width=120)
    assert used and all(used)
