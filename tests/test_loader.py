"""The loader and validator: one broken fixture per rule, with its exact place and code."""

from __future__ import annotations

from pathlib import Path

import pytest

from clusterctl import model
from clusterctl.catalog.loader import CatalogSelection, builtin_path, load, validate
from clusterctl.catalog.report import CODES
from clusterctl.errors import CatalogError
from tests.conftest import FIXTURES, MINI, invoke

BROKEN = FIXTURES / "broken"
SUSPECT = FIXTURES / "suspect-sources.yaml"

# fixture file -> (code, line, column, words the message must contain)
CASES: dict[str, tuple[str, int, int, str]] = {
    "yaml-syntax.yaml": ("yaml-syntax", 8, 3, "did not find expected node content"),
    "tab.yaml": ("tab", 2, 1, "tab used for indentation"),
    "encoding.yaml": ("encoding", 3, 15, "invalid UTF-8 byte 0xe9"),
    "control-character.yaml": ("control-character", 3, 17, "U+0007"),
    "empty.yaml": ("empty", 1, 1, "the catalog is empty"),
    "comments-only.yaml": ("empty", 1, 1, "the catalog is empty"),
    "top-level.yaml": ("top-level", 1, 1, "the top level is a list"),
    "section-shape.yaml": ("top-level", 2, 3, "section 'sources' is a mapping"),
    "documents.yaml": ("documents", 7, 1, "more than one YAML document"),
    "duplicate-key.yaml": ("duplicate-key", 7, 5, "duplicate key 'title'; first written at line 3"),
    "duplicate-id.yaml": ("duplicate-id", 7, 9, "duplicate-id.yaml:2:9"),
    "unknown-field.yaml": ("unknown-field", 7, 5, "unknown source field 'publsher'"),
    "unknown-section.yaml": ("unknown-field", 7, 1, "unknown top-level section 'clustres'"),
    "unknown-reference.yaml": ("unknown-reference", 12, 15, "unknown source 'scr'"),
    "wrong-reference-type.yaml": ("unknown-reference", 12, 16, "'src' is a source, not a cluster"),
    "missing-field.yaml": ("missing-field", 2, 5, "missing required field 'title'"),
    "wrong-type.yaml": ("wrong-type", 7, 14, "summary is a list; expected text"),
    "quoted-number.yaml": ("wrong-type", 12, 21, "lat is quoted text; expected a number"),
    "ambiguous-number.yaml": ("ambiguous-number", 12, 17, "'010' has a leading zero"),
    "bad-value.yaml": ("bad-value", 10, 11, "kind 'bio-clustre'"),
    "bad-id.yaml": ("bad-id", 2, 9, "id 'Bad_ID' is not valid"),
    "bad-date.yaml": ("bad-date", 9, 11, "Feb 2023 has no day 30"),
    "bad-figure.yaml": ("bad-figure", 12, 9, "figure is missing required field 'unit'"),
    "bad-location.yaml": ("bad-location", 12, 15, "(136.4, 127.4) is out of range"),
    "no-source.yaml": ("no-source", 8, 5, "milestone 'm' cites no source"),
    "empty-sources.yaml": ("no-source", 8, 5, "policy 'p' cites no source"),
    "yaml-tag.yaml": ("yaml-tag", 7, 14, "python/object/apply:os.system"),
    "yaml-binary-tag.yaml": ("yaml-tag", 7, 14, "binary"),
    "yaml-anchor.yaml": ("yaml-anchor", 7, 14, "anchors and aliases"),
    "yaml-complex-key.yaml": ("yaml-complex-key", 7, 7, "a mapping key must be a plain string"),
    "too-deep.yaml": ("too-deep", 1, 73, "nesting deeper than 64 levels"),
    "inconsistent.yaml": ("inconsistent", 10, 5, "region 'KR-30' is in 'KR'"),
    "bad-country.yaml": ("bad-value", 8, 47, "country 'Korea' is not valid"),
    "schema-version.yaml": ("bad-value", 1, 17, "schema_version 2 is not supported"),
    "unsafe-character.yaml": ("unsafe-character", 7, 10, "url: character U+001B ESCAPE is not"),
    "self-reference.yaml": ("self-reference", 12, 15, "related: cluster 'c' lists itself"),
    "bad-alias.yaml": ("bad-alias", 12, 25, "'InnoTown' repeats the alias at line 12, column 15"),
    "bad-ranking.yaml": ("bad-ranking", 13, 16, "rank 12 is out of range (1 to 10)"),
    "duplicate-figure.yaml": ("duplicate-figure", 14, 9, "repeats the one at line 13, column 9"),
    "era-overlap.yaml": ("overlap", 14, 5, "overlaps era 'first-administration' (1993-02-25 to"),
    "era-end-before-start.yaml": ("bad-date", 12, 10, "end 2003-02-25 is before start 2008-02-25"),
}

HINTS = {
    "unknown-field.yaml": "did you mean 'publisher'?",
    "unknown-section.yaml": "did you mean 'clusters'?",
    "unknown-reference.yaml": "did you mean 'src'?",
    "bad-value.yaml": "did you mean 'bio-cluster'?",
}


def only(path: Path) -> CatalogSelection:
    return CatalogSelection(builtin=False, overlays=(str(path),))


def test_every_fixture_is_listed() -> None:
    on_disk = {p.name for p in BROKEN.glob("*.yaml")}
    assert on_disk == set(CASES)


def test_every_issue_code_has_a_fixture_or_a_test() -> None:
    covered = {code for code, *_ in CASES.values()}
    covered |= {"unreadable", "too-large", "duplicate-file"}  # tested below with real paths
    covered |= {"listing-url", "not-of-record"}  # warnings: tested below with SUSPECT
    covered |= {"overlay-version"}  # needs two files: test_hostile.py
    assert set(CODES) == covered


@pytest.mark.parametrize("name", sorted(CASES))
def test_rule_reports_file_line_column_and_code(name: str) -> None:
    code, line, column, words = CASES[name]
    catalog, report = validate(only(BROKEN / name))
    assert catalog is None
    assert not report.ok
    first = report.sorted()[0]
    assert (first.code, first.line, first.column) == (code, line, column), report.sorted()
    assert first.path == str(BROKEN / name)
    assert words in first.message
    if name in HINTS:
        assert first.hint == HINTS[name]


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_validate_prints_one_line_per_problem_and_exits_3(name: str) -> None:
    code, line, column, _ = CASES[name]
    result = invoke("--no-builtin", "validate", str(BROKEN / name))
    assert result.exit_code == 3
    assert f"{BROKEN / name}:{line}:{column}: error[{code}]:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_broken_catalog_stops_every_command_with_exit_3(name: str) -> None:
    result = invoke("--no-builtin", "--catalog", str(BROKEN / name), "clusters", "-o", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"clusterctl: error: {BROKEN / name}:")
    assert "clusterctl validate" in result.stderr


def test_all_problems_are_reported_not_just_the_first(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "sources:\n"
        "  - id: src\n"
        "    title: T\n"
        "    publisher: P\n"
        "    kind: newz\n"
        "    language: en\n"
        "milestones:\n"
        "  - id: m1\n"
        "    date: 2023-13\n"
        "    title: T\n"
        "    kind: event\n"
        "    sources: [src]\n"
        "  - id: m2\n"
        "    date: 2023\n"
        "    title: T\n"
        "    kind: event\n"
        "    colour: red\n",
        encoding="utf-8",
    )
    _, report = validate(only(path))
    found = [(i.code, i.line) for i in report.sorted()]
    assert found == [
        ("bad-value", 5),
        ("bad-date", 9),
        ("no-source", 13),
        ("unknown-field", 17),
    ]


def test_yaml_11_typing_traps_keep_the_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "traps.yaml"
    path.write_text(
        "sources:\n"
        "  - id: src\n"
        "    title: 1.10\n"
        "    publisher: NO\n"
        "    kind: news\n"
        "    language: en\n"
        "    summary: 010\n"
        "    notes: yes\n"
        "actors:\n"
        "  - {id: norway-agency, name: on, kind: agency, country: NO}\n",
        encoding="utf-8",
    )
    catalog = load(only(path))
    source = catalog.get("src", model.Source)
    assert source is not None
    assert (source.title, source.publisher, source.summary, source.notes) == (
        "1.10",
        "NO",
        "010",
        "yes",
    )
    actor = catalog.get("norway-agency", model.Actor)
    assert actor is not None
    assert (actor.name, actor.country) == ("on", "NO")


def test_a_missing_path_and_a_directory_are_unreadable(tmp_path: Path) -> None:
    for path, words in ((tmp_path / "nope.yaml", "no such file"), (tmp_path, "is a directory")):
        _, report = validate(only(path))
        [issue] = report.issues
        assert issue.code == "unreadable"
        assert words in issue.message


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "catalog.fifo"
    os.mkfifo(fifo)
    _, report = validate(only(fifo))
    assert [i.code for i in report.issues] == ["unreadable"]


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clusterctl.catalog import loader

    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("sources: []\n" + "# padding\n" * 50, encoding="utf-8")
    _, report = validate(only(big))
    assert [i.code for i in report.issues] == ["too-large"]


def test_the_same_overlay_twice_is_an_error(tmp_path: Path) -> None:
    _, report = validate(CatalogSelection(False, (str(MINI), str(MINI))))
    assert [i.code for i in report.issues] == ["duplicate-file"]


def test_load_raises_a_catalog_error_carrying_the_report() -> None:
    with pytest.raises(CatalogError) as caught:
        load(only(BROKEN / "unknown-reference.yaml"))
    assert caught.value.exit_code == 3
    assert caught.value.report is not None
    assert "unknown-reference.yaml:12:15" in caught.value.message


# --- layering -------------------------------------------------------------------------------


def test_an_overlay_adds_entries_that_reference_the_shipped_catalog(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(
        "sources:\n"
        "  - {id: my-notes, title: My notes, publisher: Me, kind: report, language: en}\n"
        "milestones:\n"
        "  - id: my-visit\n"
        "    date: 2024-03\n"
        "    title: Team visit to Daedeok\n"
        "    kind: visit\n"
        "    clusters: [daedeok-innopolis]\n"
        "    sources: [my-notes]\n",
        encoding="utf-8",
    )
    catalog = load(CatalogSelection(overlays=(str(notes),)))
    milestone = catalog.get("my-visit", model.Milestone)
    assert milestone is not None
    assert milestone.mark is not None and milestone.mark.path == str(notes)
    assert any(link.source.id == "my-visit" for link in catalog.linked_from("daedeok-innopolis"))


def test_an_overlay_may_not_redefine_a_shipped_id(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text(
        "clusters:\n"
        "  - id: daedeok-innopolis\n"
        "    name: My Daedeok\n"
        "    kind: bio-cluster\n"
        "    country: KR\n"
        "    sources: [herald-2023-06-01-industrial-clusters]\n",
        encoding="utf-8",
    )
    _, report = validate(CatalogSelection(overlays=(str(notes),)))
    [issue] = report.issues
    assert issue.code == "duplicate-id"
    assert (issue.path, issue.line, issue.column) == (str(notes), 2, 9)
    assert f"{builtin_path()}:" in issue.message


def test_environment_variable_layers_catalogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERCTL_CATALOG", f"{MINI}")
    selection = CatalogSelection.from_options((), no_builtin=True)
    assert selection.files() == [str(MINI)]
    result = invoke("--no-builtin", "clusters", "-o", "json", env={"CLUSTERCTL_CATALOG": str(MINI)})
    assert result.exit_code == 0
    assert '"id": "daedeok"' in result.stdout


def test_no_builtin_without_a_catalog_is_a_clear_error() -> None:
    result = invoke("--no-builtin", "clusters")
    assert result.exit_code == 3
    assert "no catalog selected" in result.stderr


def test_the_shipped_catalog_is_valid() -> None:
    catalog, report = validate(CatalogSelection())
    assert report.issues == []
    assert catalog is not None


# --- sources of record: a warning, an error under --strict ---------------------------------

# (code, line, column) of each suspect source's url, in file order
SUSPECT_ISSUES = [
    ("listing-url", 10, 10),
    ("listing-url", 16, 10),
    ("not-of-record", 22, 10),
    ("not-of-record", 28, 10),
    ("listing-url", 34, 10),
    ("not-of-record", 40, 10),
]


def test_suspect_source_urls_are_warnings_with_file_line_column_and_code() -> None:
    catalog, report = validate(only(SUSPECT))
    assert catalog is not None and report.ok  # warnings alone keep the catalog usable
    found = [(i.code, i.line, i.column) for i in report.sorted()]
    assert found == SUSPECT_ISSUES
    assert all(i.severity.value == "warning" and i.path == str(SUSPECT) for i in report.issues)
    assert all(i.message.startswith("url: not a source of record:") for i in report.issues)
    assert "de.other.wiki" in report.sorted()[2].message
    assert "github.com" in report.sorted()[3].message


def test_cli_validate_warns_and_validate_strict_fails() -> None:
    loose = invoke("--no-builtin", "validate", str(SUSPECT))
    assert loose.exit_code == 0
    assert f"{SUSPECT}:10:10: warning[listing-url]: url: not a source of record" in loose.stdout
    assert f"{SUSPECT}:22:10: warning[not-of-record]:" in loose.stdout
    assert "ok with 6 warning(s)" in loose.stdout
    strict = invoke("--no-builtin", "validate", "--strict", str(SUSPECT))
    assert strict.exit_code == 3
    assert f"{SUSPECT}:10:10: error[listing-url]:" in strict.stdout
    assert f"{SUSPECT}:40:10: error[not-of-record]:" in strict.stdout
    assert "6 error(s) in 1 catalog file(s)" in strict.stdout


def test_validate_json_gives_each_warning_its_severity() -> None:
    import json

    loose = json.loads(invoke("--no-builtin", "validate", str(SUSPECT), "-o", "json").stdout)
    assert loose["ok"] is True and loose["errors"] == 0
    assert {i["severity"] for i in loose["issues"]} == {"warning"}
    strict = invoke("--no-builtin", "validate", "--strict", str(SUSPECT), "-o", "json")
    data = json.loads(strict.stdout)
    assert data["ok"] is False and data["errors"] == 6
    assert {i["severity"] for i in data["issues"]} == {"error"}


def test_warnings_survive_the_parse_cache() -> None:
    """Only a catalog without a single issue is cached, so a second run still warns."""
    selection = CatalogSelection(builtin=False, overlays=(str(SUSPECT),), cache=True)
    for _ in range(2):
        _, report = validate(selection)
        assert len(report.warnings) == len(SUSPECT_ISSUES)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://newsway.co.kr/news/search?q=%EA%B5%AD%EA%B0%80&t=tag", "listing-url"),
        ("https://www.hellot.net/news/tag_list_all.html?tag=%EC%9A%B8%EC%82%B0", "listing-url"),
        ("https://www.unicornfactory.co.kr/hashtag/특구위원회", "listing-url"),
        ("https://img.seoul.co.kr/newsList/economy/IT/?page=38", "listing-url"),
        ("http://www.dt.co.kr/?referrer=obunnews", "listing-url"),
        ("https://magazine.hankyung.com/tag/20200820154154997", "listing-url"),
        ("http://encykorea.aks.ac.kr/Article/Keyword/중화학공업화", "listing-url"),
        ("https://encyclopedia.datana.cloud/content/wikipedia_en/A/Busan", "not-of-record"),
        ("https://kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Gwangju", "not-of-record"),
        ("https://de.wikial.top/wiki/Osong_station", "not-of-record"),
        ("https://mrowl.com/ctree/connor/us/travel/los_angeles_california", "not-of-record"),
        ("https://wikipedia.org/wiki/User:BZPN/sandbox", "not-of-record"),
        ("https://en.wikipedia.org/wiki/Research_Triangle_Park", None),
        ("https://en.wikipedia.org/wiki/List_of_presidents_of_South_Korea", None),
        ("https://www.cellandgenecollaborative.com/doc/who-made-the-list-0001", None),
        ("https://mohw.go.kr/board.es?mid=a20401000000&act=view&list_no=377181&tag=", None),
        ("http://balance.go.kr/base/board/read?boardNo=9350&searchType=&searchWord=", None),
        ("https://www.archives.go.kr/next/newsearch/listSubjectDescription.do?id=007285", None),
    ],
)
def test_source_url_rule(url: str, code: str | None) -> None:
    from clusterctl.catalog.urls import problem

    found = problem(url)
    assert (found[0] if found else None) == code, found
