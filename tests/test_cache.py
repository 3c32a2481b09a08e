"""The parse cache is as trustworthy as no cache: content-keyed, JSON, atomic, never fatal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest

from clusterctl.catalog import cache
from clusterctl.catalog.loader import CatalogSelection, load
from tests.conftest import MINI, imported, invoke, subprocess_env

# These tests look into the parse cache, or plant things in it: each gets one of its own.
pytestmark = pytest.mark.private_cache

LISTINGS = (
    "clusters", "milestones", "policies", "actors", "sources", "regions", "industries", "eras"
)  # fmt: skip


def cache_dir() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "clusterctl"


def entries() -> list[Path]:
    folder = cache_dir()
    return sorted(folder.glob("catalog-*.json")) if folder.exists() else []


def overlay(tmp_path: Path, title: str = "A visit") -> Path:
    path = tmp_path / "notes.yaml"
    path.write_text(
        "milestones:\n"
        "  - id: my-visit\n"
        "    date: 2024-05-02\n"
        f"    title: {title}\n"
        "    kind: visit\n"
        "    clusters: [daedeok-innopolis]\n"
        "    sources: [herald-2023-06-01-industrial-clusters]\n",
        encoding="utf-8",
    )
    return path


def test_a_cache_hit_gives_the_same_output_as_parsing_afresh() -> None:
    fresh = invoke("--no-cache", "export", "-o", "json").stdout
    assert entries() == [], "--no-cache writes nothing"
    first = invoke("export", "-o", "json").stdout  # a miss that fills the cache
    assert len(entries()) == 1
    second = invoke("export", "-o", "json").stdout  # a hit
    assert fresh == first == second
    for command in LISTINGS:
        assert (
            invoke(command, "-o", "json").stdout
            == invoke("--no-cache", command, "-o", "json").stdout
        )


def test_a_hit_restores_every_record_exactly() -> None:
    selection = CatalogSelection()
    fresh = load(CatalogSelection(cache=False))
    load(selection)
    cached = load(selection)
    assert list(cached.entities) == list(fresh.entities)
    assert [e.mark for e in cached.entities] == [e.mark for e in fresh.entities]
    assert cached.catalog_version == fresh.catalog_version
    for entity_type in fresh.by_type:
        assert list(cached.of_type(entity_type)) == list(fresh.of_type(entity_type))
    assert dict(cached.names) == dict(fresh.names)
    assert dict(cached.links) == dict(fresh.links)
    assert dict(cached.by_id) == dict(fresh.by_id)


def test_a_hit_decodes_only_the_records_a_lookup_touches() -> None:
    load(CatalogSelection())
    cached = load(CatalogSelection())
    store = cached._store
    assert store is not None
    assert invoke("show", "daedeok-innopolis", "-o", "json").exit_code == 0
    cached.resolve("daedeok-innopolis")
    touched = sum(record is not None for record in store._records)
    assert touched == 1
    linked = cached.linked_from("daedeok-innopolis")
    assert sum(record is not None for record in store._records) == 1 + len(
        {link.source.id for link in linked}
    )
    assert len(linked) < len(store) / 4


def test_the_entry_is_json_lines_with_a_checked_trailer_never_pickle() -> None:
    invoke("clusters", "-o", "json")
    (entry,) = entries()
    data = entry.read_bytes()
    lines = [json.loads(line) for line in data.splitlines()]
    header, trailer = lines[0], lines[-1]
    count = trailer["entities"]
    records, directory = lines[1 : count + 1], lines[count + 1]
    assert header["format"] == cache.FORMAT
    assert entry.name.startswith("catalog-" + header["key"][:40])
    assert count == sum(trailer["counts"].values())
    assert directory["ids"] == [r["id"] for r in records]
    start = trailer["sections"]
    table = json.loads(data[start[2] : start[3]])
    begin, end = table["daedeok-innopolis"]
    referrers = json.loads(data[start[1] + begin : start[1] + end])
    assert {records[i]["id"] for i, _ in referrers} >= {"2005-07-daedeok-special-rd-zone"}
    assert "daedeok innopolis" in json.loads(data[start[3] : data.rindex(b"\n", 0, len(data) - 1)])
    assert not any(p.name.startswith(".tmp-") for p in cache_dir().iterdir())


def test_a_same_size_edit_in_the_same_second_is_seen(tmp_path: Path) -> None:
    path = overlay(tmp_path, "Visit AAA")
    before = path.stat()
    assert "Visit AAA" in invoke("--catalog", str(path), "show", "my-visit", "-o", "json").stdout
    path.write_text(path.read_text(encoding="utf-8").replace("AAA", "BBB"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    result = invoke("--catalog", str(path), "show", "my-visit", "-o", "json")
    assert "Visit BBB" in result.stdout
    assert "Visit AAA" not in result.stdout


def test_an_invalid_catalog_is_never_cached(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("milestones:\n  - id: x\n    date: 2023-02-30\n", encoding="utf-8")
    for _ in range(2):
        result = invoke("--catalog", str(broken), "milestones")
        assert result.exit_code == 3
        assert "broken.yaml:2:5: milestone 'x' is missing" in result.stderr
    assert entries() == []


def _sealed(
    header: object,
    records: list[dict[str, object]],
    counts: dict[str, int],
    types: list[int] | None = None,
    entities: int | None = None,
    ids: list[str] | None = None,
) -> bytes:
    """An entry whose checksum is right: only the reader can notice what is wrong in it."""

    body = json.dumps(header).encode() + b"\n"
    offsets = [len(body)]
    for record in records:
        body += json.dumps(record).encode() + b"\n"
        offsets.append(len(body))
    directory = {
        "ids": ids if ids is not None else [r["id"] for r in records],
        "types": types if types is not None else [0] * len(records),
        "offsets": offsets,
    }
    sections = [len(body)]
    body += json.dumps(directory).encode() + b"\n"
    sections += [len(body), len(body)]  # no referrer lines, then their (empty) table
    body += b"{}\n"
    sections.append(len(body))
    body += b"{}\n"
    trailer = {
        "entities": len(records) if entities is None else entities,
        "counts": counts,
        "catalog_version": None,
        "sections": sections,
        "crc32": zlib.crc32(body),
    }
    return body + json.dumps(trailer).encode() + b"\n"


def _header(data: bytes) -> dict[str, object]:
    header: dict[str, object] = json.loads(data.split(b"\n", 1)[0])
    return header


CLUSTER = {"type": "cluster", "id": "x", "name": "X", "kind": "bio-cluster", "country": "KR"}
CORRUPTIONS = {
    "empty": lambda data: b"",
    "one-line": lambda data: data.split(b"\n", 1)[0],
    "truncated": lambda data: data[: len(data) // 2],
    "no-trailer": lambda data: data[: data.rindex(b"\n", 0, len(data) - 1) + 1],
    "flipped-byte": lambda data: data[:500] + bytes([data[500] ^ 1]) + data[501:],
    "garbage": lambda data: os.urandom(1000),
    "wrong-format": lambda data: _sealed({**_header(data), "format": cache.FORMAT + 1}, [], {}),
    "wrong-key": lambda data: _sealed({**_header(data), "key": "0" * 64}, [], {}),
    "count-mismatch": lambda data: _sealed(_header(data), [CLUSTER], {"cluster": 1}, entities=2),
    "unknown-type-number": lambda data: _sealed(
        _header(data), [CLUSTER], {"cluster": 1}, types=[99]
    ),
}


@pytest.mark.parametrize(
    "record",
    [
        {**CLUSTER, "name": 5, "kind": {}, "sources": 7},
        {**CLUSTER, "type": "spaceship"},
        {**CLUSTER, "id": "not-the-id-the-directory-gives"},
    ],
    ids=["wrong-field-types", "unknown-type", "wrong-id"],
)
def test_a_record_only_a_bug_could_write_is_an_error_then_rebuilt(
    record: dict[str, object],
) -> None:
    # The checksum holds, so the entry is used; the record is found wrong only when decoded.
    expected = invoke("--no-cache", "show", "daedeok-innopolis", "-o", "json").stdout
    invoke("clusters", "-o", "json")
    (entry,) = entries()
    cluster_type = list(cache._TYPES).index("cluster")
    entry.write_bytes(
        _sealed(
            _header(entry.read_bytes()),
            [record],
            {"cluster": 1},
            types=[cluster_type],
            ids=["daedeok-innopolis"],
        )
    )
    result = invoke("show", "daedeok-innopolis", "-o", "json")
    assert result.exit_code == 3, result.stdout
    assert "was damaged and has been removed" in result.stderr
    assert "Traceback" not in result.stderr
    assert entries() == []
    again = invoke("show", "daedeok-innopolis", "-o", "json")
    assert again.exit_code == 0
    assert again.stdout == expected


@pytest.mark.parametrize("damage", list(CORRUPTIONS))
def test_a_damaged_entry_is_ignored_and_rebuilt(damage: str) -> None:
    expected = invoke("--no-cache", "milestones", "-o", "json").stdout
    invoke("milestones", "-o", "json")
    (entry,) = entries()
    good = entry.read_bytes()
    entry.write_bytes(CORRUPTIONS[damage](good))
    result = invoke("milestones", "-o", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == expected
    assert entry.read_bytes() == good, "the damaged entry is replaced by a good one"


def test_another_version_misses(monkeypatch: pytest.MonkeyPatch) -> None:
    invoke("clusters")
    monkeypatch.setattr(cache, "_code_digest", lambda: b"another clusterctl")
    monkeypatch.setattr(cache, "_code_stamps", lambda: [cache.FORMAT, "another", []])
    invoke("clusters")
    assert len(entries()) == 2


@pytest.mark.parametrize("how", ["a-file-in-the-way", "read-only"])
def test_an_unwritable_cache_directory_just_means_no_cache(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "a-file-in-the-way":
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    else:
        if os.geteuid() == 0:
            pytest.skip("root writes into read-only directories")
        folder = tmp_path / "ro"
        folder.mkdir(mode=0o500)
        monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    for _ in range(2):
        result = invoke("show", "daedeok-innopolis", "-o", "json")
        assert result.exit_code == 0
        assert result.stderr == ""
        assert json.loads(result.stdout)["id"] == "daedeok-innopolis"


def test_the_environment_turns_it_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert invoke("clusters").exit_code == 0
    assert entries() == []


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for n in range(cache._KEEP + 4):
        path = tmp_path / f"notes-{n}.yaml"
        shutil.copy(overlay(tmp_path), path)
        assert invoke("--catalog", str(path), "clusters", "--limit", "1").exit_code == 0
    assert len(entries()) == cache._KEEP


def test_twenty_concurrent_runs_agree_and_leave_one_good_entry() -> None:
    env = subprocess_env()
    command = [sys.executable, "-m", "clusterctl", "--no-builtin", "--catalog", str(MINI)]
    expected = subprocess.run(
        [*command, "--no-cache", "timeline", "-o", "json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    runs = [
        subprocess.Popen(
            [*command, "timeline", "-o", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(20)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert err == b""
        assert out == expected
    (entry,) = entries()
    assert not any(p.name.startswith(".tmp-") for p in cache_dir().iterdir())
    lines = [json.loads(line) for line in entry.read_bytes().splitlines()]
    assert lines[0]["format"] == cache.FORMAT
    assert lines[-1]["entities"] == sum(lines[-1]["counts"].values())


def test_a_warm_lookup_loads_no_yaml_parser() -> None:
    args = ["show", "daedeok-innopolis", "-o", "json"]
    parsing = ("yaml", "rich", "dateutil", "clusterctl.catalog.yamlio", "clusterctl.catalog.build")
    assert "yaml" in imported(args, parsing), "the first run parses"
    assert imported(args, parsing) == [], "the second is answered from the cache"


def test_reference_filters_answer_the_same_from_links_as_a_scan() -> None:
    from clusterctl import query

    fresh = load(CatalogSelection(cache=False))
    load(CatalogSelection())
    cached = load(CatalogSelection())
    for entity_type, field_name, flag in (
        ("milestone", "clusters", "clusters"),
        ("milestone", "policies", "policies"),
        ("milestone", "actors", "actors"),
        ("policy", "clusters", "clusters"),
        ("policy", "lead_actors", "actors"),
    ):
        targets = {t for e in fresh.of_type(entity_type) for t in getattr(e, field_name)}
        for target in sorted(targets)[:25]:
            scan = [e for e in fresh.of_type(entity_type) if target in getattr(e, field_name)]
            for catalog in (fresh, cached):
                filters = query.Filters(**{flag: (target,)})
                assert query.select(catalog, entity_type, filters) == scan, (target, flag)
    about = [
        m
        for m in fresh.of_type("milestone")
        if "daedeok-innopolis" in (*m.clusters, *m.policies, *m.actors)  # type: ignore[attr-defined]
    ]
    for catalog in (fresh, cached):
        filters = query.Filters(about=("daedeok-innopolis",))
        assert query.select(catalog, "milestone", filters) == about


def test_one_file_named_two_ways_shares_one_entry(tmp_path: Path) -> None:
    path = overlay(tmp_path)
    for spelling in (
        str(path),
        f"{tmp_path}/./{path.name}",
        f"{tmp_path}/../{tmp_path.name}/{path.name}",
    ):
        assert invoke("--catalog", spelling, "clusters", "--limit", "1").exit_code == 0
    assert len(entries()) == 1


def test_pruning_also_bounds_the_bytes_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_KEEP_BYTES", 1)  # every older entry is over the budget
    for n in range(3):
        path = tmp_path / f"notes-{n}.yaml"
        shutil.copy(overlay(tmp_path), path)
        assert invoke("--catalog", str(path), "clusters", "--limit", "1").exit_code == 0
    assert len(entries()) == 1, "the entry just written is always kept"


# --- trust: only what this user wrote, in a directory no one else can write ------------------

NAME = b'"name":"Daedeok Innopolis"'
PLANTED = b'"name":"Planted Innopolis"'  # the same length: every stored offset still holds
SOMEONE_ELSE = 4242
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")


def _plant() -> Path:
    """Fill the cache, then change one name in the entry and seal it again: an entry that
    anyone who can write there could have made, checksum and all."""
    invoke("clusters", "-o", "json")
    (entry,) = entries()
    data = entry.read_bytes()
    trailer_start = data.rindex(b"\n", 0, len(data) - 1) + 1
    body = data[:trailer_start]
    assert body.count(NAME) == 1
    body = body.replace(NAME, PLANTED)
    trailer = json.loads(data[trailer_start:])
    trailer["crc32"] = zlib.crc32(body)
    entry.write_bytes(body + json.dumps(trailer).encode() + b"\n")
    return entry


def shown_name() -> str:
    result = invoke("show", "daedeok-innopolis", "-o", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    name: str = json.loads(result.stdout)["name"]
    return name


def test_an_entry_of_this_user_s_own_is_trusted_as_it_is() -> None:
    # The other tests' premise: the planted entry is used whenever the rules allow it.
    _plant()
    assert shown_name() == "Planted Innopolis"


@as_root
def test_an_entry_another_user_planted_is_ignored_and_replaced() -> None:
    entry = _plant()
    os.chown(entry, SOMEONE_ELSE, SOMEONE_ELSE)
    assert shown_name() == "Daedeok Innopolis"
    assert entry.stat().st_uid == os.geteuid(), "a good entry of our own took its place"
    assert shown_name() == "Daedeok Innopolis"


def test_an_entry_others_can_write_is_ignored() -> None:
    _plant().chmod(0o666)
    assert shown_name() == "Daedeok Innopolis"


def test_an_entry_larger_than_the_cache_keeps_is_never_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = _plant()
    monkeypatch.setattr(cache, "_KEEP_BYTES", entry.stat().st_size - 1)
    assert shown_name() == "Daedeok Innopolis"


def test_a_link_to_an_entry_is_not_followed(tmp_path: Path) -> None:
    entry = _plant()
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert shown_name() == "Daedeok Innopolis"
    assert not entry.is_symlink(), "a good entry took the link's place"


@pytest.mark.parametrize(
    "how",
    [
        "group-writable",
        "world-writable-sticky",
        pytest.param("owned-by-another-user", marks=as_root),
    ],
)
def test_a_cache_directory_others_can_write_is_not_used_at_all(how: str) -> None:
    entry = _plant()
    folder = cache_dir()
    if how == "group-writable":
        folder.chmod(0o770)
    elif how == "world-writable-sticky":
        folder.chmod(0o1777)
    else:
        os.chown(folder, SOMEONE_ELSE, SOMEONE_ELSE)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert shown_name() == "Daedeok Innopolis"
    assert shown_name() == "Daedeok Innopolis"
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after == before, "nothing is written into a directory that can not be trusted"
    assert PLANTED in entry.read_bytes()


def _run_guarded(memory: int | None = None) -> subprocess.CompletedProcess[str]:
    """``show`` in a real process: a hang guard far above its time, and optionally a cap on
    its address space so that reading without end fails fast instead of filling memory."""

    def limit() -> None:
        import resource

        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return subprocess.run(
        [sys.executable, "-m", "clusterctl", "show", "daedeok-innopolis", "-o", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=subprocess_env(),
        timeout=120,
        check=False,
        preexec_fn=limit,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_entry_replaced_by_a_fifo_does_not_hang_the_run() -> None:
    entry = _plant()
    entry.unlink()
    os.mkfifo(entry)  # nobody writes: a reader that waits for a writer waits forever
    for _ in range(2):
        result = _run_guarded()
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["name"] == "Daedeok Innopolis"
    assert entry.is_file(), "a good entry took the FIFO's place"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_entry_replaced_by_a_link_to_dev_zero_is_not_read() -> None:
    entry = _plant()
    entry.unlink()
    entry.symlink_to("/dev/zero")  # endless bytes: an unbounded read fills memory
    result = _run_guarded(memory=1024 * 1024 * 1024)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["name"] == "Daedeok Innopolis"
    assert entry.is_file() and not entry.is_symlink()


# --- where the cache lives -------------------------------------------------------------------


def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str | None) -> Path:
    """Run from an empty working directory with these HOME and XDG_CACHE_HOME values."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return work


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    work = _isolated(tmp_path, monkeypatch, HOME=str(home), XDG_CACHE_HOME="relative-cache")
    assert invoke("clusters", "--limit", "1").exit_code == 0
    assert list(work.iterdir()) == [], "nothing is made in the working directory"
    assert len(list((home / ".cache" / "clusterctl").glob("catalog-*.json"))) == 1


@pytest.mark.parametrize("home", ["missing", "unset", "relative", "a-file"])
def test_without_a_usable_home_there_is_no_cache_and_home_is_never_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    value = {
        "missing": str(tmp_path / "no-such-home"),
        "unset": None,
        "relative": "home",
        "a-file": str(tmp_path / "a-file"),
    }[home]
    work = _isolated(tmp_path, monkeypatch, HOME=value, XDG_CACHE_HOME=None)
    for _ in range(2):
        result = invoke("show", "daedeok-innopolis", "-o", "json")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert json.loads(result.stdout)["id"] == "daedeok-innopolis"
    assert not (tmp_path / "no-such-home").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "work"]
    assert list(work.iterdir()) == []


def test_the_cache_directories_it_makes_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    assert invoke("clusters", "--limit", "1").exit_code == 0
    for folder in (base, base / "clusterctl"):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    (entry,) = (base / "clusterctl").glob("catalog-*.json")
    assert entry.stat().st_mode & 0o777 == 0o600


def test_only_the_base_directory_is_made_never_its_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "missing" / "cache"))
    assert invoke("clusters", "--limit", "1").exit_code == 0
    assert not (tmp_path / "missing").exists()


# --- stamps: a known key without reading the files ---------------------------------------------


def _names(path: Path) -> list[str]:
    catalog = load(CatalogSelection(builtin=False, overlays=(str(path),)))
    return [entity.label for entity in catalog.of_type("cluster")]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as unchanged for long enough to be stamped (as if a minute had passed)."""
    monkeypatch.setattr(cache, "SETTLED_SECONDS", -60.0)


def test_files_with_remembered_stamps_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settled: None
) -> None:
    from clusterctl.catalog import loader

    path = tmp_path / "catalog.yaml"
    path.write_bytes(MINI.read_bytes())
    first = _names(path)  # parsed, stored, stamped
    with monkeypatch.context() as patch:

        def unread(*args: object) -> None:
            raise AssertionError("read although its stamps were remembered")

        patch.setattr(loader, "_read_bytes", unread)
        assert _names(path) == first


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(
    tmp_path: Path, settled: None
) -> None:
    path = tmp_path / "catalog.yaml"
    text = MINI.read_text(encoding="utf-8")
    assert "Daedeok Innopolis" in text
    path.write_text(text, encoding="utf-8")
    assert "Daedeok Innopolis" in _names(path)  # stamped
    before = path.stat()
    path.write_text(text.replace("Daedeok Innopolis", "Daedeok Innopolix"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    names = _names(path)  # the change time moved: read, hashed, parsed afresh
    assert "Daedeok Innopolix" in names and "Daedeok Innopolis" not in names


def test_files_changed_a_moment_ago_are_not_stamped(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(MINI.read_bytes())
    _names(path)
    _names(path)
    stamps = cache_dir() / "stamps.json"
    assert not stamps.exists() or str(path).encode() not in stamps.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"catalog.yaml", b"catalog.yamm"),  # checksum no longer holds
        lambda data: os.urandom(200),
    ],
    ids=["empty", "truncated", "flipped", "garbage"],
)
def test_damaged_stamps_are_no_stamps(tmp_path: Path, settled: None, damage: Any) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(MINI.read_bytes())
    first = _names(path)
    stamps = cache_dir() / "stamps.json"
    stamps.write_bytes(damage(stamps.read_bytes()))
    assert _names(path) == first
    assert str(path).encode() in stamps.read_bytes()  # remembered again


def test_a_run_answered_from_stamps_hashes_nothing(tmp_path: Path) -> None:
    """Neither the catalog nor the code is read and hashed: hashlib is not even imported."""
    path = tmp_path / "catalog.yaml"
    path.write_bytes(MINI.read_bytes())
    args = ["--no-builtin", "--catalog", str(path), "clusters", "-o", "json"]
    setup = (  # as if the files were a minute old
        "from clusterctl.catalog import cache\ncache.SETTLED_SECONDS = -60.0\n"
    )
    hashing = ("hashlib", "_hashlib")
    assert "hashlib" in imported(args, hashing, setup)  # parsed, hashed, stamped
    assert imported(args, hashing, setup) == []  # answered from the stamps
