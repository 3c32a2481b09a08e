"""Eras: the presidential administrations as sourced, validated catalog data, and `eras`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import yaml

from clusterctl import model
from clusterctl.catalog.loader import CatalogSelection, load, validate
from tests.conftest import ROOT, invoke, mini

PRESIDENTS = [
    "park-chung-hee", "choi-kyu-hah", "chun-doo-hwan", "roh-tae-woo", "kim-young-sam",
    "kim-dae-jung", "roh-moo-hyun", "lee-myung-bak", "park-geun-hye", "moon-jae-in",
    "yoon-suk-yeol", "lee-jae-myung",
]  # fmt: skip
TODAY = date(2026, 12, 1)  # the catalog's "today": every administration up to it


def shipped_eras() -> list[model.Era]:
    catalog = load(CatalogSelection.from_options((), False))
    return [e for e in catalog.of_type("era") if isinstance(e, model.Era)]


def administrations() -> list[model.Era]:
    return sorted(
        (e for e in shipped_eras() if e.kind == "administration"), key=lambda e: e.start.earliest
    )


def test_every_administration_from_1963_to_today_in_order() -> None:
    eras = administrations()
    assert [e.id.removesuffix("-administration") for e in eras] == PRESIDENTS
    assert eras[0].start.year == 1963
    assert eras[-1].end is None and eras[-1].start.earliest <= TODAY
    assert all(e.end is not None for e in eras[:-1]), "only the current one is open"
    assert all(e.name_ko and e.name_ko.endswith("정부") for e in eras)


def test_every_era_cites_sources_that_exist_and_that_state_dates() -> None:
    catalog = load(CatalogSelection.from_options((), False))
    for era in shipped_eras():
        assert era.sources, era.id
        for source_id in era.sources:
            source = catalog.get(source_id, model.Source)
            assert source is not None, (era.id, source_id)
            assert source.url, source_id
            if "wikipedia.org" in source.url:
                assert source.kind == "encyclopedia", source_id


def _covered(start: date, end: date, acting: list[model.Era]) -> bool:
    """Is every day strictly between two handovers covered by an acting presidency?"""
    day = start
    while day < end:
        if not any(a.start.earliest <= day <= (a.end.latest if a.end else TODAY) for a in acting):
            return False
        day += timedelta(days=1)
    return True


def test_consecutive_administrations_leave_no_gap_the_sources_do_not_fill() -> None:
    """One administration ends the day the next begins (a handover), or the days between
    are those of acting presidencies the sources name; no two overlap by more than that."""
    acting = [e for e in shipped_eras() if e.kind == "acting-presidency"]
    eras = administrations()
    for earlier, later in pairwise(eras):
        assert earlier.end is not None
        end, start = earlier.end.latest, later.start.earliest
        assert start >= end, f"{earlier.id} overlaps {later.id}"
        if start > end:
            assert _covered(end, start, acting), f"unexplained gap {earlier.id} → {later.id}"
    gaps = {(a.id, b.id) for a, b in pairwise(eras) if a.end != b.start}
    assert gaps == {
        ("choi-kyu-hah-administration", "chun-doo-hwan-administration"),
        ("park-geun-hye-administration", "moon-jae-in-administration"),
        ("yoon-suk-yeol-administration", "lee-jae-myung-administration"),
    }


def test_dates_are_written_at_the_precision_the_sources_give() -> None:
    for era in shipped_eras():
        assert isinstance(era.start, model.PartialDate)
        assert era.end is None or isinstance(era.end, model.PartialDate)
        # every date the sources give for a term is a day
        assert era.start.day is not None and (era.end is None or era.end.day is not None)


@pytest.mark.parametrize("fmt", ["table", "tsv", "json", "jsonl", "csv", "yaml", "md"])
def test_eras_lists_in_every_format(fmt: str) -> None:
    result = invoke("eras", "-o", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    ids = [e.id for e in sorted(shipped_eras(), key=lambda e: (e.start.earliest, e.id))]
    out = result.stdout
    if fmt == "json":
        assert [r["id"] for r in json.loads(out)] == ids
        assert list(json.loads(out)[0])[:11] == [
            "type", "id", "name", "name_ko", "kind", "start", "start_start", "start_end",
            "end", "end_start", "end_end",
        ]  # fmt: skip
    elif fmt == "jsonl":
        assert [json.loads(line)["id"] for line in out.splitlines()] == ids
    elif fmt == "csv":
        assert [row["id"] for row in csv.DictReader(io.StringIO(out))] == ids
    elif fmt == "yaml":
        assert [r["id"] for r in yaml.safe_load(out)] == ids
    elif fmt in ("table", "tsv"):  # piped: TSV with the terminal table's columns
        lines = out.splitlines()
        assert lines[0] == "id\tname\tname_ko\tkind\tstart\tend"
        assert [line.split("\t")[0] for line in lines[1:]] == ids
        assert lines[-1].endswith("\t2025-06-04\t")  # the current administration: no end
    else:
        assert all(f"| {i} |" in out for i in ids)


def test_since_and_until_keep_the_eras_that_overlap() -> None:
    result = invoke("eras", "--since", "2017", "--until", "2017", "-o", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == [
        "park-geun-hye-administration",
        "hwang-kyo-ahn-acting-presidency",
        "moon-jae-in-administration",
    ]
    # an era with no end runs to today, not into a future no one knows
    result = invoke("eras", "--since", "2026", "-o", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["lee-jae-myung-administration"]
    result = invoke("eras", "--since", "2999", "-o", "json")
    assert json.loads(result.stdout) == []
    result = invoke("eras", "--until", "1963", "-o", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == ["park-chung-hee-administration"]


def test_kind_sort_limit_and_fields() -> None:
    result = invoke("eras", "--kind", "acting-presidency", "--sort", "-start", "--limit", "2",
                    "--fields", "name,start", "-o", "json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"type": "era", "id": "lee-ju-ho-acting-presidency",
         "name": "Acting presidency of Lee Ju-ho", "start": "2025-05-02"},
        {"type": "era", "id": "han-duck-soo-acting-presidency-2025",
         "name": "Acting presidency of Han Duck-soo (2025)", "start": "2025-03-24"},
    ]  # fmt: skip
    bad = invoke("eras", "--kind", "dynasty")
    assert bad.exit_code == 2
    assert "administration, acting-presidency" in bad.stderr


def test_cite_expands_the_sources() -> None:
    result = invoke("eras", "--since", "2026", "--cite", "-o", "json")
    [record] = json.loads(result.stdout)
    assert record["sources"][0]["publisher"] == "Korea JoongAng Daily"


def test_a_catalog_without_eras_lists_none() -> None:
    result = mini("eras", "-o", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "no era records match" in result.stderr


def test_show_finds_an_era_by_its_korean_name() -> None:
    result = invoke("show", "윤석열 정부", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["end"] == "2025-04-04"


def _overlay(tmp_path: Path, era: str) -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(
        "sources:\n"
        "  - {id: my-notes, title: Notes, publisher: Me, language: en, kind: report}\n"
        f"eras:\n{era}",
        encoding="utf-8",
    )
    return path


def test_an_overlay_era_that_overlaps_a_shipped_one_is_refused_where_it_is_written(
    tmp_path: Path,
) -> None:
    path = _overlay(tmp_path, "  - {id: mine, name: Mine, kind: administration,\n"
                              "     start: 2020-01, end: 2021, sources: [my-notes]}\n")  # fmt: skip
    result = invoke("--catalog", str(path), "eras")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"clusterctl: error: {path}:4:5: era 'mine' (2020-01 to 2021)")
    assert "overlaps era 'moon-jae-in-administration'" in result.stderr


def test_an_era_of_another_kind_may_overlap(tmp_path: Path) -> None:
    path = _overlay(tmp_path, "  - {id: mine, name: Mine, kind: acting-presidency,\n"
                              "     start: 2020, end: 2020, sources: [my-notes]}\n")  # fmt: skip
    catalog, report = validate(CatalogSelection.from_options([str(path)], False))
    assert report.ok and catalog is not None, report.sorted()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("start: 2020/2021", "start: an era's start is one date, not a range (2020/2021)"),
        ("start: 2020, end: 2019-12-31", "end 2019-12-31 is before start 2020"),
        ("end: 2020", "era 'x' is missing required field 'start'"),
        ("start: 2020, sources: []", "era 'x' cites no source"),
    ],
)
def test_era_dates_and_sources_are_checked(tmp_path: Path, fields: str, message: str) -> None:
    sources = "" if "sources" in fields else ", sources: [my-notes]"
    path = _overlay(
        tmp_path, f"  - {{id: x, name: X, kind: acting-presidency, {fields}{sources}}}\n"
    )
    _, report = validate(CatalogSelection(builtin=False, overlays=(str(path),)))
    assert any(message in issue.message for issue in report.errors), report.sorted()


def test_the_shipped_catalog_still_validates_clean() -> None:
    _, report = validate(CatalogSelection(builtin=True, overlays=()))
    assert report.ok and not report.issues, report.sorted()[:3]
    assert (ROOT / "catalog.yaml").read_text(encoding="utf-8").count("\n  - id: ") > 0
