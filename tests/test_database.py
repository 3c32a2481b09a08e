"""``export -o sqlite``: a normalised database that SQLite checks and Datasette serves."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI, invoke, mini, run_cli, subprocess_env

EPOCH = "1700000000"
SECTIONS = {
    "clusters": "clusters",
    "milestones": "milestones",
    "policies": "policies",
    "actors": "actors",
    "sources": "sources",
    "regions": "regions",
    "industries": "industries",
    "eras": "eras",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalog as a database, with Datasette's metadata beside it."""
    folder = tmp_path_factory.mktemp("sqlite")
    result = run_cli(
        "export", "-o", "sqlite", "--output", str(folder / "catalog.db"), "--datasette",
        env=subprocess_env(SOURCE_DATE_EPOCH=EPOCH),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert sorted(p.name for p in folder.iterdir()) == ["catalog.db", "catalog.metadata.json"]
    return folder / "catalog.db"


@pytest.fixture(scope="module")
def db(exported: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{exported}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def listings() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for command in SECTIONS:
        result = invoke(command, "-o", "json")
        assert result.exit_code == 0, result.stderr
        out[command] = json.loads(result.stdout)
    return out


def test_sqlite_checks_the_database_whole_and_its_keys_satisfied(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA user_version").fetchone() == (1,)


def test_every_record_is_a_row_of_its_table(
    db: sqlite3.Connection, listings: dict[str, list[dict[str, Any]]]
) -> None:
    for command, table in SECTIONS.items():
        ids = {row[0] for row in db.execute(f"SELECT id FROM {table}")}
        assert ids == {r["id"] for r in listings[command]}, table
    total = sum(len(records) for records in listings.values())
    assert db.execute("SELECT count(*) FROM entities").fetchone() == (total,)


# Each list of references: (listing, field, junction table, target column)
JUNCTIONS = [
    ("milestones", "clusters", "milestone_clusters", "cluster_id"),
    ("milestones", "policies", "milestone_policies", "policy_id"),
    ("milestones", "actors", "milestone_actors", "actor_id"),
    ("milestones", "sources", "milestone_sources", "source_id"),
    ("clusters", "industries", "cluster_industries", "industry_id"),
    ("clusters", "operators", "cluster_operators", "actor_id"),
    ("clusters", "anchors", "cluster_anchors", "actor_id"),
    ("clusters", "related", "cluster_related", "related_id"),
    ("clusters", "sources", "cluster_sources", "source_id"),
    ("policies", "lead_actors", "policy_lead_actors", "actor_id"),
    ("policies", "clusters", "policy_clusters", "cluster_id"),
    ("policies", "sources", "policy_sources", "source_id"),
    ("actors", "sources", "actor_sources", "source_id"),
]


@pytest.mark.parametrize(("command", "field", "table", "target"), JUNCTIONS,
                         ids=[j[2] for j in JUNCTIONS])  # fmt: skip
def test_each_list_of_references_is_a_junction_table_in_catalog_order(
    db: sqlite3.Connection,
    listings: dict[str, list[dict[str, Any]]],
    command: str,
    field: str,
    table: str,
    target: str,
) -> None:
    owner = table.split("_", 1)[0] + "_id"
    rows = db.execute(f"SELECT {owner}, ordinal, {target} FROM {table} ORDER BY {owner}, ordinal")
    expected = sorted(
        (r["id"], n, item) for r in listings[command] for n, item in enumerate(r[field], 1)
    )
    assert sorted(rows) == expected
    declared = {(row[3], row[2]) for row in db.execute(f"PRAGMA foreign_key_list({table})")}
    assert declared == {(owner, _table_of(owner, "")), (target, _table_of(target, field))}
    indexes = {row[1] for row in db.execute(f"PRAGMA index_list({table})")}
    assert f"{table}_{target}" in indexes


def _table_of(column: str, field: str) -> str:
    kind = column.removesuffix("_id")
    return {"related": "clusters", "policy": "policies", "industry": "industries",
            "cluster": "clusters", "actor": "actors", "source": "sources",
            "milestone": "milestones"}[kind]  # fmt: skip


def test_every_foreign_key_is_declared_and_indexed(db: sqlite3.Connection) -> None:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'entities_fts%'")]  # fmt: skip
    declared = {}
    for table in tables:
        for row in db.execute(f"PRAGMA foreign_key_list({table})"):
            declared.setdefault(table, []).append((row[3], row[2], row[4]))
    assert declared["clusters"] == [("region", "regions", "id")]
    assert declared["aliases"] == [("entity_id", "entities", "id")]
    assert declared["figures"] == [("entity_id", "entities", "id")]
    assert declared["rankings"] == [("cluster_id", "clusters", "id")]
    assert sorted(declared["ranking_sources"]) == [
        ("cluster_id", "rankings", "cluster_id"),
        ("ranking_ordinal", "rankings", "ordinal"),
        ("source_id", "sources", "id"),
    ]
    junctions = {j[2] for j in JUNCTIONS}
    assert junctions <= set(declared)
    for table in declared:
        prefixes = set()  # an index serves lookups by any leading run of its columns
        for index in db.execute(f"PRAGMA index_list({table})"):
            columns = [info[2] for info in db.execute(f"PRAGMA index_info({index[1]})")]
            prefixes |= {tuple(columns[:n]) for n in range(1, len(columns) + 1)}
        keys: dict[int, list[str]] = {}
        for row in db.execute(f"PRAGMA foreign_key_list({table})"):
            keys.setdefault(row[0], []).append(row[3])
        for columns in keys.values():
            assert tuple(columns) in prefixes, (table, columns)


BOUNDS = {
    "2004": ("2004-01-01", "2004-12-31"),
    "2023-06": ("2023-06-01", "2023-06-30"),
    "2023-07-04/2023-07-09": ("2023-07-04", "2023-07-09"),
}


def test_dates_carry_their_bounds_as_declared_dates(db: sqlite3.Connection) -> None:
    columns = {row[1]: row[2] for row in db.execute("PRAGMA table_info(milestones)")}
    assert (columns["date"], columns["date_start"], columns["date_end"]) == ("TEXT", "DATE", "DATE")
    established = {row[1]: row[2] for row in db.execute("PRAGMA table_info(clusters)")}
    assert established["established_start"] == established["established_end"] == "DATE"
    rows = db.execute(
        "SELECT date, date_start, date_end FROM milestones WHERE date IN "
        "('2004', '2023-06', '2023-07-04/2023-07-09') GROUP BY date ORDER BY date"
    ).fetchall()
    assert rows
    for text, start, end in rows:
        assert (start, end) == BOUNDS[text]
    assert all(start <= end for _, start, end in db.execute(
        "SELECT date, date_start, date_end FROM milestones"))  # fmt: skip
    assert db.execute("SELECT count(*) FROM milestones WHERE typeof(date_start) != 'text' "
                      "OR date(date_start) != date_start").fetchone() == (0,)  # fmt: skip


def test_sorting_by_the_start_bound_gives_the_clis_order(
    db: sqlite3.Connection, listings: dict[str, list[dict[str, Any]]]
) -> None:
    ordered = [r[0] for r in db.execute("SELECT id FROM milestones ORDER BY date_start, "
                                        "date_end, id")]  # fmt: skip
    assert ordered == [r["id"] for r in listings["milestones"]]


def test_figures_rankings_and_aliases_keep_their_owner_and_place(
    db: sqlite3.Connection, listings: dict[str, list[dict[str, Any]]]
) -> None:
    figures = [
        (r["id"], n, f["value"], f["unit"], f["label"], f["as_of"])
        for command in ("clusters", "milestones", "policies")
        for r in listings[command]
        for n, f in enumerate(r["figures"], 1)
    ]
    rows = db.execute("SELECT entity_id, ordinal, value, unit, label, as_of FROM figures")
    assert sorted(rows) == sorted(figures)
    rankings = [
        (r["id"], n, k["rank"], k["ranking"], k["as_of"])
        for r in listings["clusters"]
        for n, k in enumerate(r["rankings"], 1)
    ]
    rows = db.execute("SELECT cluster_id, ordinal, rank, ranking, as_of FROM rankings")
    assert sorted(rows) == sorted(rankings)
    aliases = [
        (r["id"], n, alias)
        for records in listings.values()
        for r in records
        for n, alias in enumerate(r.get("aliases") or [], 1)
    ]
    assert sorted(db.execute("SELECT entity_id, ordinal, alias FROM aliases")) == sorted(aliases)


def test_full_text_search_finds_hangul_inside_compounds(db: sqlite3.Connection) -> None:
    def search(query: str) -> list[str]:
        sql = "SELECT id FROM entities_fts WHERE entities_fts MATCH ? ORDER BY rank"
        return [row[0] for row in db.execute(sql, (query,))]

    assert "daedeok-innopolis" in search("대덕")  # its Korean name is 대덕연구개발특구
    assert "daedeok-innopolis" in search('"대덕"')  # as Datasette's search box asks
    assert "daedeok-innopolis" in search("연구개발특구")
    assert "daedeok-innopolis" in search("daedeok innopolis")
    rowids = db.execute(
        "SELECT count(*) FROM entities JOIN entities_fts ON entities.rowid = entities_fts.rowid "
        "WHERE entities.id = entities_fts.id"
    ).fetchone()
    assert rowids == db.execute("SELECT count(*) FROM entities").fetchone()


def test_metadata_says_what_and_when(db: sqlite3.Connection) -> None:
    from clusterctl import __version__

    meta = dict(db.execute("SELECT key, value FROM metadata"))
    catalog = json.loads(invoke("export", "-o", "json").stdout)
    assert meta["catalog_version"] == catalog["catalog_version"]
    assert meta["generated_at"] == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH
    assert meta["generator"] == f"clusterctl {__version__}"
    assert meta["licence"] == "MIT"
    assert meta["full_text"] == "entities_fts"


def test_the_same_catalog_and_epoch_give_the_same_bytes(exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    result = run_cli("export", "-o", "sqlite", "--output", str(again),
                     env=subprocess_env(SOURCE_DATE_EPOCH=EPOCH))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == exported.read_bytes()


# --- files -------------------------------------------------------------------------------------


def test_sqlite_needs_an_output_file(tmp_path: Path) -> None:
    result = mini("export", "-o", "sqlite")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("clusterctl: error: -o sqlite writes a database file: give "
                                    "it with --output FILE\n")  # fmt: skip
    for args, message in (
        (["--output", str(tmp_path)], "is a directory"),
        (["--output", "/dev/null"], "/dev/null is not a regular file"),
        (["--output", str(tmp_path / "a.db"), "--type", "cluster"], "are for CSV exports"),
    ):
        result = mini("export", "-o", "sqlite", *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert message in result.stderr, args
    result = mini("export", "-o", "json", "--datasette")
    assert result.exit_code == 2
    assert "--datasette is for -o sqlite" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_database_replaces_a_file_whole_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "catalog.db"
    target.write_text("not a database", encoding="utf-8")
    target.chmod(0o640)
    result = mini("export", "-o", "sqlite", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.db"]  # no journal, no temp
    with sqlite3.connect(target) as connection:
        assert connection.execute("SELECT count(*) FROM clusters").fetchone()[0] > 0


def test_a_new_database_gets_what_the_umask_gives(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        result = mini("export", "-o", "sqlite", "--output", str(tmp_path / "new.db"))
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == 0o640


def test_a_failed_export_leaves_the_old_database_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clusterctl.render import database

    target = tmp_path / "catalog.db"
    target.write_bytes(b"old")

    def broken(*args: Any) -> bool:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(database, "write_database", broken)
    result = mini("export", "-o", "sqlite", "--output", str(target), "--datasette")
    assert result.exit_code == 5, result.stderr
    assert "No space left on device" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.db"]
    assert target.read_bytes() == b"old"


def test_the_mini_catalog_database_matches_its_json(tmp_path: Path) -> None:
    target = tmp_path / "mini.db"
    assert mini("export", "-o", "sqlite", "--output", str(target)).exit_code == 0
    document = json.loads(mini("export", "-o", "json").stdout)
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        for section in SECTIONS:
            count = connection.execute(f"SELECT count(*) FROM {section}").fetchone()[0]
            assert count == len(document[section]), section
    assert MINI.exists()


# --- Datasette ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # our own local server
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def datasette(exported: Path) -> Iterator[str]:
    """Datasette serving the export on a free local port; stopped after the module."""
    pytest.importorskip("datasette")
    port = _free_port()
    metadata = exported.with_name("catalog.metadata.json")
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(exported), "-m", str(metadata),
         "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        hang_guard = time.monotonic() + 120  # starting takes a second or two
        while True:
            if server.poll() is not None:
                output = server.stdout.read() if server.stdout else ""
                pytest.fail(f"datasette exited with {server.returncode}: {output}")
            try:
                if _get(f"{base}/-/versions.json")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < hang_guard, "datasette did not start"
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=60)
        if server.stdout:
            server.stdout.close()


def test_datasette_serves_a_table_page_and_its_json(
    datasette: str, listings: dict[str, list[dict[str, Any]]]
) -> None:
    status, page = _get(f"{datasette}/catalog/clusters")
    assert status == 200
    assert f"{len(listings['clusters'])} rows" in page
    assert "Daedeok Innopolis" in page
    status, body = _get(f"{datasette}/catalog/clusters.json?_shape=objects&_size=max")
    assert status == 200
    rows = json.loads(body)["rows"]
    assert {r["id"] for r in rows} == {r["id"] for r in listings["clusters"]}


def test_datasette_labels_foreign_keys_and_describes_tables(
    datasette: str, db: sqlite3.Connection
) -> None:
    milestone = "2023-06-01-global-cluster-strategy-meeting"
    expected = db.execute(
        "SELECT clusters.id, clusters.name FROM milestone_clusters JOIN clusters "
        "ON clusters.id = cluster_id WHERE milestone_id = ? ORDER BY ordinal",
        (milestone,),
    ).fetchall()
    assert expected
    status, body = _get(f"{datasette}/catalog/milestone_clusters.json?_shape=objects&_labels=on"
                        f"&milestone_id={milestone}")  # fmt: skip
    assert status == 200
    rows = json.loads(body)["rows"]
    assert [r["cluster_id"] for r in rows] == [{"value": i, "label": n} for i, n in expected]
    title = db.execute("SELECT title FROM milestones WHERE id = ?", (milestone,)).fetchone()[0]
    assert rows[0]["milestone_id"] == {"value": milestone, "label": title}
    status, page = _get(f"{datasette}/")
    assert status == 200
    assert "Korean innovation clusters" in page
    status, page = _get(f"{datasette}/catalog/milestones")
    assert "Milestones: one row per milestone." in page


def test_datasette_searches_hangul(datasette: str) -> None:
    status, body = _get(f"{datasette}/catalog/entities.json?_shape=objects&_search="
                        + urllib.request.quote("대덕"))  # fmt: skip
    assert status == 200
    assert "daedeok-innopolis" in {r["id"] for r in json.loads(body)["rows"]}


def test_without_fts5_the_database_says_so_and_has_no_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clusterctl.render import database

    monkeypatch.setattr(database, "_create_fts", lambda connection: False)
    target = tmp_path / "plain.db"
    result = mini("export", "-o", "sqlite", "--output", str(target), "--datasette")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "clusterctl: note: this Python's SQLite has no FTS5: the database has no full-text index\n"
    )
    with sqlite3.connect(target) as connection:
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        meta = dict(connection.execute("SELECT key, value FROM metadata"))
    assert not any(name.startswith("entities_fts") for name in names)
    assert meta["full_text"].startswith("none")
    described = json.loads((tmp_path / "plain.metadata.json").read_text(encoding="utf-8"))
    assert "fts_table" not in described["databases"]["plain"]["tables"]["entities"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_database_that_fills_the_disk_is_an_output_error_and_leaves_nothing(
    tmp_path: Path,
) -> None:
    def small_disk() -> None:  # in the child: writes past 64 KiB fail (EFBIG)
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

    result = subprocess.run(
        [sys.executable, "-m", "clusterctl", "export", "-o", "sqlite", "--output",
         str(tmp_path / "catalog.db")],
        capture_output=True, text=True, env=subprocess_env(), preexec_fn=small_disk,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 5, result.stderr
    assert result.stderr == "clusterctl: error: cannot write output: disk I/O error\n"
    assert list(tmp_path.iterdir()) == []
