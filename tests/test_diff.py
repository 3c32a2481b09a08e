"""``diff OLD [NEW]``: exactly the planted additions, removals and field changes, in every format.

tests/fixtures/diff/old.yaml and new.yaml differ by what old.yaml's header lists, no more.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, MINI, invoke, run_cli, subprocess_env
from tests.test_process import ANSI, posix_only, run_on_a_terminal

OLD = FIXTURES / "diff" / "old.yaml"
NEW = FIXTURES / "diff" / "new.yaml"

ADDED = [("cluster", "osong", "Osong Bio Valley"),
         ("milestone", "osong-designated", "Osong designated a bio cluster"),
         ("region", "KR-43", "North Chungcheong")]  # fmt: skip
REMOVED = [("milestone", "us-visit", "Minister visits U.S. bio clusters"),
           ("actor", "kaist", "Korea Advanced Institute of Science and Technology")]  # fmt: skip
# (type, id, field, old, new) as JSON writes the values
CHANGED = [
    ("cluster", "daedeok", "aliases", ["Daedeok Valley"],
     ["Daedeok Valley", "Daedeok Research Complex: 1973"]),
    ("cluster", "daedeok", "status", None, "active"),
    ("cluster", "daedeok", "anchors", ["kaist"], []),
    ("cluster", "daedeok", "figures",
     [{"value": 150, "unit": "companies", "label": "resident firms", "as_of": "2018",
       "as_of_start": "2018-01-01", "as_of_end": "2018-12-31", "note": None}],
     [{"value": 160, "unit": "companies", "label": "resident firms", "as_of": "2019",
       "as_of_start": "2019-01-01", "as_of_end": "2019-12-31", "note": None}]),
    ("milestone", "special-zone", "date", "2005-07", "2005-07-27"),
    ("milestone", "special-zone", "title", "Daedeok becomes a special zone",
     "Daedeok becomes a special R&D zone"),
    ("milestone", "special-zone", "venue", "Daejeon", None),
    ("actor", "ministry", "name", "Ministry of Science and ICT", "Ministry of Science"),
]  # fmt: skip


def diff(*args: str) -> Any:
    return invoke("diff", str(OLD), str(NEW), *args)


def test_the_comparison_finds_exactly_what_was_planted() -> None:
    from clusterctl.catalog.loader import CatalogSelection, load
    from clusterctl.diff import compare_catalogs
    from clusterctl.render.records import value

    result = compare_catalogs(
        load(CatalogSelection(False, (str(OLD),), False)),
        load(CatalogSelection(False, (str(NEW),), False)),
    )
    assert (result.old_version, result.new_version) == ("2026.1.0", "2026.2.0")
    found = [(c.change, c.type, c.id) for c in result.changes]
    assert found == [
        *(("added", t, i) for t, i, _ in ADDED),
        *(("removed", t, i) for t, i, _ in REMOVED),
        ("changed", "cluster", "daedeok"),
        ("changed", "milestone", "special-zone"),
        ("changed", "actor", "ministry"),
    ]
    fields = [
        (c.type, c.id, f.field, value(f.old), value(f.new))
        for c in result.changes
        for f in c.fields
    ]
    assert fields == CHANGED


def test_json_lists_each_record_change_with_its_fields_and_record() -> None:
    result = diff("-o", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    records = json.loads(result.stdout)
    assert [(r["change"], r["type"], r["id"], r["label"]) for r in records] == [
        *(("added", t, i, label) for t, i, label in ADDED),
        *(("removed", t, i, label) for t, i, label in REMOVED),
        ("changed", "cluster", "daedeok", "Daedeok Innopolis"),
        ("changed", "milestone", "special-zone", "Daedeok becomes a special R&D zone"),
        ("changed", "actor", "ministry", "Ministry of Science"),
    ]
    for record in records:
        assert list(record) == ["type", "id", "change", "label", "fields", "record"]
        assert (record["record"]["type"], record["record"]["id"]) == (record["type"], record["id"])
    changed = [
        (r["type"], r["id"], f["field"], f["old"], f["new"]) for r in records for f in r["fields"]
    ]
    assert changed == CHANGED
    removed = next(r for r in records if r["id"] == "us-visit")
    assert removed["record"]["date"] == "2023-07-04/2023-07-09"  # as it was
    lines = diff("-o", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == records
    assert yaml.safe_load(diff("-o", "yaml").stdout) == records


def _cell(item: Any) -> str:
    """A value as a TSV or CSV cell: lists joined with '; ', mappings compact JSON."""
    if item is None:
        return ""
    if isinstance(item, list) and any(isinstance(v, dict) for v in item):
        return json.dumps(item, ensure_ascii=False, separators=(",", ":"))
    if isinstance(item, list):
        return "; ".join(item)
    return str(item)


EXPECTED_LINES = [
    ["change", "type", "id", "field", "old", "new"],
    *(["added", t, i, "", "", label] for t, i, label in ADDED),
    *(["removed", t, i, "", label, ""] for t, i, label in REMOVED),
    *(["changed", t, i, f, _cell(old), _cell(new)] for t, i, f, old, new in CHANGED),
]


@pytest.mark.parametrize("fmt", ["table", "tsv"])
def test_piped_table_and_tsv_are_a_change_a_line(fmt: str) -> None:
    result = run_cli("diff", str(OLD), str(NEW), "-o", fmt)  # stdout is a pipe
    assert (result.returncode, result.stderr) == (0, "")
    assert [line.split("\t") for line in result.stdout.splitlines()] == EXPECTED_LINES


def test_csv_is_a_change_a_line() -> None:
    result = diff("-o", "csv")
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.stdout))) == EXPECTED_LINES


MD_CHANGED = [
    ("cluster", "daedeok", "aliases", "Daedeok Valley",
     "Daedeok Valley, Daedeok Research Complex: 1973"),
    ("cluster", "daedeok", "status", "", "active"),
    ("cluster", "daedeok", "anchors", "kaist", ""),
    ("cluster", "daedeok", "figures", "resident firms: 150 companies (as of 2018)",
     "resident firms: 160 companies (as of 2019)"),
    ("milestone", "special-zone", "date", "Jul 2005", "27 Jul 2005"),
    ("milestone", "special-zone", "title", "Daedeok becomes a special zone",
     "Daedeok becomes a special R&D zone"),
    ("milestone", "special-zone", "venue", "Daejeon", ""),
    ("actor", "ministry", "name", "Ministry of Science and ICT", "Ministry of Science"),
]  # fmt: skip


def _md_table(text: str, heading: str) -> list[tuple[str, ...]]:
    section = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][2:]
    return [tuple(cell.strip() for cell in row.strip("|").split(" | ")) for row in rows]


def test_markdown_has_a_section_per_kind_of_change() -> None:
    result = diff("-o", "md")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith(
        f"# Catalog changes\n\n_{OLD} (catalog 2026.1.0) → {NEW} (catalog 2026.2.0): "
        "3 added, 2 removed, 3 changed._\n"
    )
    assert _md_table(text, "Added") == [(t, i, label) for t, i, label in ADDED]
    assert _md_table(text, "Removed") == [(t, i, label) for t, i, label in REMOVED]
    assert _md_table(text, "Changed") == MD_CHANGED


class _Tables(html.parser.HTMLParser):
    """The text of each table's body cells, by the table's class."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[tuple[str, ...]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("class") or ""
            self.tables[self._table] = []
        elif tag == "thead":
            self._head = True
        elif tag == "tr" and not self._head:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._head = False
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(tuple(self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_is_a_page_with_a_table_per_kind_of_change() -> None:
    result = diff("-o", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "3 added, 2 removed, 3 changed" in page
    parser = _Tables()
    parser.feed(page)
    assert parser.tables == {
        "added": [(t, i, label) for t, i, label in ADDED],
        "removed": [(t, i, label) for t, i, label in REMOVED],
        "changed": MD_CHANGED,
    }


@posix_only
@pytest.mark.parametrize("width", [120, 60])
def test_a_terminal_shows_every_change_with_words_whole(width: int) -> None:
    env = subprocess_env()
    env.pop("COLUMNS")
    code, out, err = run_on_a_terminal(["diff", str(OLD), str(NEW)], env, width)
    assert (code, err) == (0, "")
    assert "\x1b[" in out  # coloured: taken for a terminal
    plain = ANSI.sub("", out).replace("\r\n", "\n")
    lines = plain.splitlines()
    assert all(len(line) <= width for line in lines)
    words = set(plain.split())
    summary = " ".join(plain.split())
    assert (
        f"{OLD} (catalog 2026.1.0) → {NEW} (catalog 2026.2.0): 3 added, 2 removed, 3 changed"
        in (summary)
    )
    for _, identifier, label in ADDED + REMOVED:
        assert identifier in words
        assert set(label.split()) <= words  # every word of the name, none broken
    for _, identifier, field, old, new in MD_CHANGED:
        assert {identifier, field} <= words
        assert set(old.split()) | set(new.split()) <= words


def test_no_changes_exits_0_with_a_note() -> None:
    result = invoke("diff", str(OLD), str(OLD), "-o", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert result.stderr == f"clusterctl: note: no changes from {OLD} to {OLD}\n"
    piped = run_cli("diff", str(OLD), str(OLD))
    assert (piped.returncode, piped.stdout) == (0, "change\ttype\tid\tfield\told\tnew\n")


def test_exit_code_says_whether_anything_changed() -> None:
    assert diff().exit_code == 0  # changes, but no --exit-code
    changed = run_cli("diff", str(OLD), str(NEW), "--exit-code", "-o", "json")
    assert (changed.returncode, changed.stderr) == (1, "")
    assert len(json.loads(changed.stdout)) == 8  # the output is whole all the same
    same = run_cli("diff", str(OLD), str(OLD), "--exit-code")
    assert same.returncode == 0


def test_new_defaults_to_the_catalogs_in_effect(tmp_path: Path) -> None:
    result = invoke("--no-builtin", "--catalog", str(NEW), "diff", str(OLD), "-o", "json")
    assert result.exit_code == 0
    assert result.stdout == diff("-o", "json").stdout
    md = invoke("--no-builtin", "--catalog", str(NEW), "diff", str(OLD), "-o", "md").stdout
    new_side = "the catalogs in effect (catalog 2026.2.0)"
    assert md.startswith(f"# Catalog changes\n\n_{OLD} (catalog 2026.1.0) → {new_side}")
    # An export of the catalogs in effect is the same catalog: nothing changed.
    exported = tmp_path / "before.yaml"
    exported.write_text(invoke("export", "-o", "yaml").stdout, encoding="utf-8")
    result = invoke("diff", str(exported), "--exit-code")
    assert result.exit_code == 0, result.stdout


def test_given_new_is_read_alone_and_says_so_when_overlays_are_set() -> None:
    result = invoke("--catalog", str(MINI), "diff", str(OLD), str(NEW), "-o", "json")
    assert result.exit_code == 0
    assert result.stdout == diff("-o", "json").stdout
    assert result.stderr == (
        "clusterctl: note: NEW is read alone: --catalog, CLUSTERCTL_CATALOG and --no-builtin "
        "apply when NEW is left out\n"
    )


def test_a_catalog_that_cannot_be_read_is_a_catalog_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = invoke("diff", str(missing), str(NEW))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"clusterctl: error: {missing}: no such file\n"
        f"  hint: OLD is read alone; check it with: clusterctl --no-builtin validate {missing}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("clusters:\n  - id: x\n    nmae: X\n", encoding="utf-8")
    result = invoke("diff", str(OLD), str(broken))
    assert result.exit_code == 3
    assert result.stderr.startswith(f"clusterctl: error: {broken}:")
    assert "NEW is read alone" in result.stderr


@pytest.mark.parametrize("fmt", ["svg", "timelinejs", "mermaid"])
def test_formats_for_other_commands_are_usage_errors(fmt: str) -> None:
    result = diff("-o", fmt)
    assert (result.exit_code, result.stdout) == (2, "")


def test_a_change_of_type_is_a_removal_and_an_addition(tmp_path: Path) -> None:
    document = yaml.safe_load(OLD.read_text(encoding="utf-8"))
    document["industries"] = []  # "research" is now an actor's id
    document["clusters"][0]["industries"] = []
    document["actors"].append({"id": "research", "name": "Research", "kind": "institute",
                               "country": "KR"})  # fmt: skip
    moved = tmp_path / "moved.yaml"
    moved.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    result = invoke("diff", str(OLD), str(moved), "-o", "json")
    assert result.exit_code == 0, result.stderr
    found = [(r["change"], r["type"], r["id"], [f["field"] for f in r["fields"]])
             for r in json.loads(result.stdout)]  # fmt: skip
    assert found == [
        ("added", "actor", "research", []),
        ("removed", "industry", "research", []),
        ("changed", "cluster", "daedeok", ["industries"]),
    ]
