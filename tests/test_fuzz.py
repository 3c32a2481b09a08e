"""Property tests: arbitrary input gives correct output or the tool's own errors, never a crash.

Run longer with e.g. `HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clusterctl.catalog.loader import CatalogSelection, validate
from clusterctl.dates import PartialDate, parse_user_date, parse_when
from clusterctl.errors import DateError
from clusterctl.render.safe import visible
from tests.conftest import invoke

settings.register_profile("default", max_examples=150, deadline=None)
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
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "yaml", "md", "html", "svg"])
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
    if catalog is None:  # characters YAML itself forbids are reported, not rendered
        assert {i.code for i in report.issues} <= {"control-character", "missing-field"}
        return
    command = ["show", "c"] if fmt in ("html", "svg") else ["milestones"]
    result = invoke(*base, *command, "-o", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":  # the text YAML reads (line breaks such as U+0085 fold to spaces)
        import yaml

        expected = yaml.safe_load(path.read_text(encoding="utf-8"))["milestones"][0]["title"]
        assert json.loads(result.stdout)[0]["title"] == expected.strip()
    if fmt in ("table", "md", "html", "svg"):
        assert "\x1b" not in result.stdout
