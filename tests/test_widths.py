"""Terminal views at the widths people use: every word whole, every line inside the window, and
``show``/``compare`` never much taller than their stacked form.

The full matrix runs on a real pseudo-terminal (the window size set on the pty, colour on);
the references it is measured against (the view drawn very wide, and its stacked form) are
rendered in-process, as is a sweep over odd widths.
"""

from __future__ import annotations

import collections
import functools
import json
import math
import re
from collections.abc import Iterator

import pytest

from clusterctl.dates import parse_when
from clusterctl.render import terminal
from tests.conftest import check_golden, invoke, load_json, subprocess_env
from tests.test_process import ANSI, posix_only, run_on_a_terminal

WIDTHS = (80, 100, 120, 160)
SHOW = {
    "cluster": "daedeok-innopolis",
    "milestone": "2023-07-20-first-specialised-complexes",
    "policy": "high-tech-strategic-industry-specialised-complexes",
    "actor": "motie",
    "source": "yonhap-2025-06-12-siheung-benchmarking",  # a Hangul title and a 254-char URL
    "region": "KR-30",
    "industry": "biotech",
}
CLUSTERS = (
    "pangyo-techno-valley",
    "daedeok-innopolis",
    "songdo-bio-cluster",
    "osong-advanced-medical-complex",
)
COMPARE = {n: ("compare", *CLUSTERS[:n]) for n in (2, 3, 4)}
VIEWS = [
    *(("show", entity_id) for entity_id in SHOW.values()),
    *COMPARE.values(),
    ("clusters",),
    ("milestones",),
    ("eras",),
    ("timeline",),
    ("search", "bio"),
]
# Words a layout adds around the data: link and milestone lines, the search match header.
LAYOUT_WORDS = {"via", "about", "match", "/"}
# Punctuation around a word that is not part of it: "(kaist)", "[1]", "id:".
TRIM = "()[],:;“”\"'"
HYPHEN_END = re.compile(r"[\w.]-$")


def _plain(output: str) -> list[str]:
    lines = ANSI.sub("", output).replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _words(lines: list[str]) -> collections.Counter[str]:
    """The words shown, a label's colon aside (bars and rules are not words)."""
    return collections.Counter(
        word.rstrip(":")
        for line in lines
        for word in line.split()
        if any(char.isalnum() for char in word)
    )


def _header_words(lines: list[str]) -> set[str]:
    """The words of table headers (the lines above a rule), which a stacked form relabels."""
    rules = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) <= {"─"}]
    return set(_words([lines[i - 1] for i in rules if i]))


def _screen_lines(lines: list[str], width: int) -> int:
    """How many lines of the window ``lines`` take, a line wider than it wrapping."""
    from rich.cells import cell_len

    return sum(max(1, math.ceil(cell_len(line) / width)) for line in lines)


def _in_process(args: tuple[str, ...], width: int) -> list[str]:
    result = invoke(*args, env={"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return _plain(result.stdout)


@functools.cache
def _wide(args: tuple[str, ...]) -> list[str]:
    """The view in a window so wide that nothing wraps: every word as the data has it."""
    return _in_process(args, 5000)


@functools.cache
def _stacked(args: tuple[str, ...], width: int) -> list[str]:
    """The view with every table in its stacked form: the yardstick for its height."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(terminal, "STACK_ALWAYS", True)
        return _in_process(args, width)


@functools.cache
def _json(*args: str) -> object:
    return json.loads(invoke(*args, "-o", "json").stdout)


def _codes(args: tuple[str, ...]) -> set[str]:
    """Ids and kind codes the view must show whole."""
    command = args[0]
    if command == "show":
        record = _json(*args)
        assert isinstance(record, dict)
        codes = {record["id"], *(link["id"] for link in record.get("referenced_by", []))}
        return codes | ({record["kind"]} if record.get("kind") else set())
    if command == "compare":
        return set(args[1:]) | {_by_id("clusters")[cluster_id]["kind"] for cluster_id in args[1:]}
    if command in ("clusters", "milestones"):
        records = _json(*args)
        assert isinstance(records, list)
        return {r["id"] for r in records} | {r["kind"] for r in records if command == "clusters"}
    return set()


def _by_id(command: str) -> dict[str, dict[str, str]]:
    records = _json(command)
    assert isinstance(records, list)
    return {record["id"]: record for record in records}


def _problems(lines: list[str], args: tuple[str, ...], width: int) -> Iterator[str]:
    """What is wrong with ``lines`` as the view ``args`` in a window ``width`` wide."""
    from rich.cells import cell_len

    for line in lines:
        if cell_len(line) > width and len(line.split()) > 1:
            yield f"overflows the window: {line!r}"
        if HYPHEN_END.search(line):
            yield f"ends in a broken word: {line!r}"
        if "…" in line and not any("…" in wide for wide in _wide(args)):
            yield f"cut short: {line!r}"
        if " | " in line or "-+-" in line:
            yield f"the pipe layout: {line!r}"
    shown, wide = _words(lines), _words(_wide(args))
    for word in set(shown) - set(wide) - LAYOUT_WORDS:
        yield f"not a word of the view (a piece of one?): {word!r}"
    for word in set(wide - shown) - _header_words(_wide(args)):
        yield f"missing (broken up?): {word!r}"
    whole = {word.strip(TRIM) for word in shown}
    for code in sorted(_codes(args) - whole):
        yield f"id or kind code not shown whole: {code!r}"


def _check(output: str, args: tuple[str, ...], width: int) -> None:
    lines = _plain(output)
    problems = list(_problems(lines, args, width))
    assert not problems, "\n".join(problems[:12])
    if args[0] in ("show", "compare"):
        stacked = _screen_lines(_stacked(args, width), width)
        assert _screen_lines(lines, width) <= 1.5 * stacked


# --- a real pseudo-terminal ------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_a_terminal_shows_every_word_whole_and_stays_short(
    args: tuple[str, ...], width: int
) -> None:
    env = subprocess_env()
    env.pop("COLUMNS")  # the window's own size, as the pty reports it
    code, out, err = run_on_a_terminal(list(args), env, width)
    assert (code, err) == (0, "")
    assert "\x1b[" in out  # taken for a terminal, colour and all
    _check(out, args, width)


# --- in-process: the same rules at any width -------------------------------------------------

ODD_WIDTHS = (20, 27, 34, 41, 53, 67, 88, 111, 137, 200)


@pytest.mark.parametrize("width", ODD_WIDTHS)
@pytest.mark.parametrize(
    "args",
    [("show", "motie"), ("show", SHOW["source"]), COMPARE[3], ("clusters", "--limit", "15"),
     ("milestones", "--limit", "15", "--cite"), ("timeline", "--group-by", "policy"),
     ("search", "bio", "--limit", "15")],
    ids=" ".join,
)  # fmt: skip
def test_any_width_shows_every_word_whole(args: tuple[str, ...], width: int) -> None:
    _check("\n".join(_in_process(args, width)), args, width)


def test_show_motie_at_100_columns_is_as_short_as_its_stacked_form() -> None:
    # It took 579 lines when titles were squeezed to a few letters a line. Stacked, it is a
    # line a field and six a link (date, type, id, title, field and a blank line).
    lines = _in_process(("show", "motie"), 100)
    record = _json("show", "motie")
    assert isinstance(record, dict)
    fields = sum(1 for key, value in record.items() if value and key != "referenced_by")
    assert len(lines) <= 1.5 * (fields + 6 * len(record["referenced_by"]))
    assert len(lines) <= 1.5 * len(_stacked(("show", "motie"), 100))
    assert "15 Dec 2014" in lines[lines.index("Referenced by") + 1]


@pytest.mark.parametrize("width", [100, 120])
def test_kind_codes_and_hangul_names_stay_whole_in_clusters(width: int) -> None:
    # They broke as "special-r / d-zone", "industrial-comp / lex" and "강소연구 / 개발특구".
    lines = _in_process(("clusters",), width)
    records = _by_id("clusters").values()
    kinds = {record["kind"] for record in records}
    words = _words(lines)
    pieces = {w for w in words if any(k != w and (k.startswith(w) or k.endswith(w)) for k in kinds)}
    assert pieces <= set(_words(_wide(("clusters",))))
    for record in records:
        assert record["kind"] in words
        for word in (record.get("name_ko") or "").split():
            assert word in words


LONG_IDS = (
    "daegu-gyeongbuk-advanced-medical-complex",
    "cheonan-asan-display-specialised-complex",
    "boston-cambridge-biotech",
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("clusters", [CLUSTERS[:3], LONG_IDS], ids=["short-ids", "long-ids"])
def test_compare_of_three_is_a_table_or_stacked_by_attribute(
    clusters: tuple[str, ...], width: int
) -> None:
    # Three long ids fell back to the pipe layout, each row wrapping over 3-4 screen lines.
    args = ("compare", *clusters)
    lines = _in_process(args, width)
    assert not [line for line in lines if " | " in line or "-+-" in line]
    if any(set(line.strip()) == {"─"} for line in lines):  # a table: one column a cluster
        assert any(all(cluster in line for cluster in clusters) for line in lines)
    else:  # each attribute, then each cluster's value under it
        assert lines[0] == "name"
        block = lines[1 : next(i for i, line in enumerate(lines) if i and line[0] != " ")]
        labels = [line.split(":")[0] for line in block if not line.startswith("   ")]
        assert labels == [f"  {cluster}" for cluster in clusters]
    assert len(lines) <= 1.5 * len(_stacked(args, width))
    if width >= 120 and clusters == CLUSTERS[:3]:
        assert "─" in lines[2]  # label column plus three cluster columns fit


def test_compare_of_four_stacks_by_attribute_when_it_cannot_fit() -> None:
    lines = _in_process(COMPARE[4], 100)
    start = lines.index("kind")
    assert lines[start : start + 5] == [
        "kind",
        f"  {CLUSTERS[0]}:           technology-valley",
        f"  {CLUSTERS[1]}:              special-rd-zone",
        f"  {CLUSTERS[2]}:             bio-cluster",
        f"  {CLUSTERS[3]}: bio-cluster",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_milestones_show_each_id_to_pass_to_show(width: int) -> None:
    words = _words(_in_process(("milestones", "--limit", "10"), width))
    for milestone_id in list(_by_id("milestones"))[:10]:
        assert words[milestone_id] == 1
        assert invoke("show", milestone_id).exit_code == 0


def test_a_long_url_gets_a_line_of_its_own() -> None:
    url = _json("show", SHOW["source"])["url"]  # type: ignore[index]
    assert url in _in_process(("show", SHOW["source"]), 80)


def test_group_headings_are_lines_of_their_own() -> None:
    lines = _in_process(("timeline", "--group-by", "policy"), 100)
    assert " Heavy and Chemical Industry Development Plan" in lines
    assert lines[1].split() == ["Date", "Milestone"]  # the date column is only as wide as dates
    dates = [r["date"] for r in load_json(invoke("milestones", "-o", "json").stdout)]
    widest = max(len(parse_when(d).display()) for d in dates)
    assert lines[1].index("Milestone") <= widest + 4


# --- golden snapshots ------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("name", "args"),
    [("show-daedeok", ("show", "daedeok-innopolis")), ("compare-3", COMPARE[3])],
    ids=["show-daedeok", "compare-3"],
)
def test_golden_terminal_views(
    request: pytest.FixtureRequest, name: str, args: tuple[str, ...], width: int
) -> None:
    text = "\n".join(_in_process(args, width)) + "\n"
    check_golden(request, f"terminal-{name}-{width}.txt", text)
