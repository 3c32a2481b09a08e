"""Property tests: arbitrary input gives correct output or the tool's own errors, never a crash.

Run longer with e.g. `HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterctl.catalog import spec
from clusterctl.catalog.loader import CatalogSelection, validate
from clusterctl.dates import PartialDate, parse_user_date, parse_when
from clusterctl.errors import DateError
from clusterctl.render.safe import visible
from tests.conftest import invoke

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
FILE_SETTINGS = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

partial_dates = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 0 else None, d.day if precision > 1 else None
    ),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.integers(0, 2),
)


@given(st.text())
def test_catalog_dates_parse_or_raise_date_error(text: str) -> None:
    try:
        when = parse_when(text)
    except DateError:
        return
    assert when.earliest <= when.latest
    assert str(parse_when(str(when))) == str(when)
    assert when.display()


@given(partial_dates)
def test_partial_dates_round_trip_and_display(when: PartialDate) -> None:
    assert parse_when(str(when)) == when
    assert str(when.earliest.year) in when.display() or when.year < 1000


@given(partial_dates, partial_dates)
def test_ranges_are_ordered(a: PartialDate, b: PartialDate) -> None:
    first, last = sorted((a, b), key=lambda d: (d.earliest, d.latest))
    if last.latest < first.earliest:
        return
    when = parse_when(f"{first}/{last}")
    assert when.display()


@given(st.text(max_size=40))
def test_user_dates_parse_or_raise_date_error(text: str) -> None:
    try:
        parsed = parse_user_date(text, today=date(2026, 11, 22))
    except DateError:
        return
    assert isinstance(parsed, PartialDate)


@FILE_SETTINGS
@given(st.binary(max_size=400))
def test_loader_survives_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),)))
    assert (catalog is None) == (not report.ok)
    assert all(i.path == str(path) for i in report.issues)


_TOKENS = st.sampled_from(
    ["sources:", "clusters:", "milestones:", "  - ", "id: x", "date: 2023-02-30", "{", "}",
     "[", "]", ":", "&a", "*a", "!!python/object", "\t", "\n", "  ", "'", '"', "# c", "---",
     "name: N", "kind: bio-cluster", "country: KR", "sources: [s]", "value: 010", "- ", "? "]
)  # fmt: skip


@FILE_SETTINGS
@given(st.lists(_TOKENS, max_size=40))
def test_loader_survives_yaml_shaped_noise(tmp_path: Path, tokens: list[str]) -> None:
    path = tmp_path / "noise.yaml"
    path.write_text("".join(tokens), encoding="utf-8")
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),)))
    assert (catalog is None) == (not report.ok)


@given(st.text())
def test_visible_leaves_no_control_characters(text: str) -> None:
    shown = visible(text)
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in shown)


@FILE_SETTINGS
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
@pytest.mark.parametrize("fmt", ["table", "tsv", "json", "csv", "yaml", "md", "html", "svg"])
def test_any_name_renders_safely_in_every_format(tmp_path: Path, fmt: str, name: str) -> None:
    path = tmp_path / "one.yaml"
    document = {
        "sources": [{"id": "s", "title": "T", "publisher": "P", "kind": "news", "language": "en"}],
        "clusters": [
            {"id": "c", "name": name, "kind": "bio-cluster", "country": "KR", "sources": ["s"]}
        ],
        "milestones": [
            {"id": "m", "date": "2020", "title": name, "kind": "event", "clusters": ["c"],
             "sources": ["s"]}
        ],
    }  # fmt: skip
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    base = ["--no-builtin", "--catalog", str(path)]
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),)))
    if catalog is None:  # characters YAML or the catalog rules forbid are reported, not rendered
        allowed = {"control-character", "unsafe-character", "missing-field"}
        assert {i.code for i in report.issues} <= allowed
        return
    command = ["show", "c"] if fmt in ("html", "svg") else ["milestones"]
    result = invoke(*base, *command, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":  # the text YAML reads (line breaks such as U+0085 fold to spaces)
        import yaml

        expected = yaml.safe_load(path.read_text(encoding="utf-8"))["milestones"][0]["title"]
        assert json.loads(result.stdout)[0]["title"] == expected.strip()
    if fmt in ("table", "tsv", "md", "html", "svg"):
        assert "\x1b" not in result.stdout
    if fmt in ("table", "tsv"):  # piped, a table is TSV: a name never splits a line or a cell
        assert [line.count("\t") for line in result.stdout.splitlines()] == [3, 3]


# --- arbitrary catalogs through every command and format ----------------------------------

_EXAMPLES = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 40
_text = st.text(min_size=1, max_size=24).filter(str.strip)  # blank text is a missing field
_optional_text = st.none() | _text
_numbers = st.integers(-(10**15), 10**15) | st.floats(
    allow_nan=False, allow_infinity=False, width=32
)
_dates = partial_dates.map(str) | st.tuples(partial_dates, partial_dates).map(
    lambda pair: "/".join(str(d) for d in sorted(pair, key=lambda d: (d.earliest, d.latest)))
)


def _figures(draw: st.DrawFn) -> list[dict[str, object]]:
    figures = []
    for _ in range(draw(st.integers(0, 2))):
        figure: dict[str, object] = {
            "value": draw(_numbers),
            "unit": draw(_text),
            "label": draw(_text),
        }
        if draw(st.booleans()):
            figure["as_of"] = draw(_dates)
        figures.append(figure)
    return figures


def _some(draw: st.DrawFn, ids: list[str]) -> list[str]:
    return draw(st.lists(st.sampled_from(ids), max_size=3, unique=True)) if ids else []


def _drop_none(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if v is not None and v != []}


@st.composite
def catalogs(draw: st.DrawFn) -> dict[str, object]:
    """A catalog document with arbitrary text, numbers and dates, and references that resolve."""
    sources = [
        _drop_none(
            {
                "id": f"s{i}",
                "title": draw(_text),
                "publisher": draw(_text),
                "kind": draw(st.sampled_from(spec.SOURCE_KINDS)),
                "language": draw(st.sampled_from(["en", "ko"])),
                "published": draw(st.none() | _dates),
                "url": draw(st.none() | st.just("https://example.org/a?b=1&c='d'&amp;e")),
            }
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    source_ids = [s["id"] for s in sources]
    actors = [
        _drop_none(
            {
                "id": f"a{i}",
                "name": draw(_text),
                "name_ko": draw(_optional_text),
                "kind": draw(st.sampled_from(spec.ACTOR_KINDS)),
                "country": draw(st.sampled_from(["KR", "US"])),
            }
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    clusters = [
        _drop_none(
            {
                "id": f"c{i}",
                "name": draw(_text),
                "name_ko": draw(_optional_text),
                "aliases": draw(st.lists(_text, max_size=2)),
                "kind": draw(st.sampled_from(spec.CLUSTER_KINDS)),
                "country": "KR",
                "region": draw(st.sampled_from([None, "KR-30"])),
                "location": draw(
                    st.none()
                    | st.fixed_dictionaries(
                        {"lat": st.floats(-90, 90, width=32), "lon": st.floats(-180, 180, width=32)}
                    )
                ),
                "established": draw(st.none() | _dates),
                "status": draw(st.none() | st.sampled_from(spec.CLUSTER_STATUSES)),
                "operators": _some(draw, [a["id"] for a in actors]),
                "figures": _figures(draw),
                "summary": draw(_optional_text),
                "sources": _some(draw, source_ids) or source_ids[:1],
            }
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    milestones = [
        _drop_none(
            {
                "id": f"m{i}",
                "date": draw(_dates),
                "title": draw(_text),
                "kind": draw(st.sampled_from(spec.MILESTONE_KINDS)),
                "clusters": _some(draw, [c["id"] for c in clusters]),
                "actors": _some(draw, [a["id"] for a in actors]),
                "figures": _figures(draw),
                "summary": draw(_optional_text),
                "sources": _some(draw, source_ids) or source_ids[:1],
            }
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    return {
        "sources": sources,
        "regions": [{"id": "KR-30", "name": draw(_text), "country": "KR"}],
        "actors": actors,
        "clusters": clusters,
        "milestones": milestones,
    }


def _commands(document: dict[str, object]) -> list[list[str]]:
    clusters = [c["id"] for c in document["clusters"]]  # type: ignore[attr-defined]
    commands: list[list[str]] = []
    for fmt in ("table", "tsv", "json", "jsonl", "csv", "yaml", "md"):
        for listing in ("clusters", "milestones", "actors", "sources", "regions"):
            commands.append([listing, "-o", fmt])
        commands += [["timeline", "-o", fmt], ["stats", "--by", "decade", "-o", fmt]]
        commands += [["search", "a", "-o", fmt], ["compare", *clusters[:2], "-o", fmt]]
    for fmt in ("table", "json", "md", "html", "svg"):
        commands.append(["show", clusters[0], "-o", fmt])
    commands += [["timeline", "-o", "html"], ["timeline", "-o", "svg"], ["validate"]]
    commands += [["export", "-o", fmt] for fmt in ("json", "yaml", "geojson", "ics")]
    commands.append(["export", "-o", "csv", "--type", "milestone"])
    return commands


@settings(FILE_SETTINGS, max_examples=_EXAMPLES)
@given(catalogs(), st.data())
def test_any_catalog_gives_clean_output_in_every_command_and_format(
    tmp_path: Path, document: dict[str, object], data: st.DataObject
) -> None:
    path = tmp_path / "any.yaml"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    base = ["--no-builtin", "--catalog", str(path)]
    catalog, report = validate(CatalogSelection(builtin=False, overlays=(str(path),), cache=False))
    commands = _commands(document)
    if os.environ.get("HYPOTHESIS_PROFILE") != "long":  # a sample of them, to keep CI quick
        commands = data.draw(st.lists(st.sampled_from(commands), min_size=8, max_size=8))
    for command in commands:
        if command[0] == "compare" and len(command) < 5:
            continue  # one cluster has nothing to compare with
        result = invoke(*base, *command)
        if catalog is None:  # text YAML or the catalog rules forbid is reported, never rendered
            # (arbitrary aliases and figures may also repeat one another)
            refused = {"control-character", "unsafe-character", "bad-alias", "duplicate-figure"}
            assert {i.code for i in report.issues} <= refused, report.issues
            assert result.exit_code == 3, (command, result.stderr)
            if command == ["validate"]:  # the report is validate's output
                assert re.search(r"error\[[a-z-]+\]", result.stdout), result.stdout
            else:
                assert result.stderr.startswith("clusterctl: error: "), result.stderr
            continue
        assert result.exit_code == 0, (command, result.stderr)
        # Nothing on stderr but, for an empty result, the one line that says so.
        assert re.fullmatch(r"(clusterctl: note: [^\n]*\n)*", result.stderr), (
            command,
            result.stderr,
        )
        out = result.stdout
        fmt = command[command.index("-o") + 1] if "-o" in command else "table"
        if fmt in ("json", "geojson"):
            json.loads(out)
        elif fmt == "jsonl":
            assert all(json.loads(line)["type"] for line in out.splitlines())
        elif fmt in ("table", "tsv") and command[0] != "validate":
            rows = list(csv.reader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))
            assert rows and len({len(row) for row in rows}) == 1, rows
        elif fmt == "csv":
            rows = list(csv.reader(io.StringIO(out)))
            assert all(not cell.startswith(("=", "+", "-", "@")) or cell[1:2] in ("", " ")
                       or _is_number(cell) for row in rows[1:] for cell in row), rows  # fmt: skip
        if fmt not in ("ics",):
            assert "\x1b" not in out
    if catalog is not None:  # a second look is answered from the cache, identically
        for command in (["milestones", "-o", "json"], ["show", "c0", "-o", "json"]):
            assert invoke(*base, *command).stdout == invoke(*base, "--no-cache", *command).stdout


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


@given(st.text(max_size=40), st.data())
def test_a_search_highlight_covers_text_that_folds_to_the_query(
    text: str, data: st.DataObject
) -> None:
    from clusterctl import model, query
    from clusterctl.catalog.index import fold

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    needle = fold(text[start:end])
    if not needle:
        return
    entity = model.Industry(id="x", name=text)
    hit = query._with_span(query.SearchHit(entity, 1, "name", text, 0, 0), needle)
    assert hit.start < hit.end, "a folded piece of the text is always found"
    assert fold(text[hit.start : hit.end]) == needle
