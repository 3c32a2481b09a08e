"""The CLI against a hostile process environment: stdout that cannot be written, encodings
that cannot show Hangul, windows of no width, internal errors and signals.

Every case ends in data or in a clear error line on stderr with the documented exit code,
never a traceback. Most run as real subprocesses, because what is tested (file descriptors,
the interpreter's own stdout set-up and its flush at exit, a pseudo-terminal) only exists in
one. Interrupts and pipes into ``head`` are in ``test_subprocess.py``.
"""

from __future__ import annotations

import collections
import io
import json
import os
import re
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clusterctl.model import SECTIONS
from tests.conftest import FOREGROUND_SIGNALS, MINI, ROOT, invoke, run_cli, subprocess_env

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")
FULL = Path("/dev/full")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DISK_FULL = "clusterctl: error: cannot write output: No space left on device\n"
ENCODING_HINT = (
    "  hint: set PYTHONIOENCODING=utf-8, or use a UTF-8 locale (for example LC_ALL=C.UTF-8)"
)


def run(
    *args: str,
    env: dict[str, str] | None = None,
    stdout: Any = subprocess.PIPE,
    stderr: Any = subprocess.PIPE,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """``python -m clusterctl`` with any stdio set-up; output is kept as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "clusterctl", *args],
        env=env or subprocess_env(), stdout=stdout, stderr=stderr, preexec_fn=preexec_fn,
        timeout=60, check=False,
    )  # fmt: skip


def shell(args: list[str], redirections: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI from bash, which can start it with a descriptor closed (``>&-``)."""
    command = shlex.join([sys.executable, "-m", "clusterctl", *args])
    return subprocess.run(
        ["bash", "-c", f"{command} {redirections}"],
        capture_output=True, text=True, env=subprocess_env(), timeout=60, check=False,
    )  # fmt: skip


def assert_no_traceback(stderr: str | bytes) -> None:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text
    assert "Exception ignored" not in text  # the interpreter's own complaint at exit


# --- a full disk -----------------------------------------------------------------------------

WRITERS = [
    ["milestones", "-o", "json"],
    ["milestones"],
    ["milestones", "-o", "csv"],
    ["milestones", "-o", "jsonl"],
    ["milestones", "-o", "md"],
    ["show", "daedeok-innopolis", "-o", "html"],
    ["timeline", "daedeok-innopolis", "-o", "svg"],
    ["export"],
    ["export", "-o", "ics"],
    ["--version"],
    ["--help"],
    [],
]


@posix_only
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_full_disk_is_one_error_line_and_exit_5(args: list[str]) -> None:
    with FULL.open("wb") as full:
        result = run(*args, stdout=full)
    assert result.stderr.decode() == DISK_FULL
    assert result.returncode == 5


@posix_only
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_a_full_disk_on_both_streams_still_exits_5() -> None:
    with FULL.open("wb") as full:
        result = run("milestones", stdout=full, stderr=full)
    assert result.returncode == 5


def _file_size_limit(limit: int) -> None:
    """In the child: a file system that is full after ``limit`` bytes, for this process only."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@posix_only
def test_export_to_a_file_that_fills_up_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    env = subprocess_env(PYTHONDONTWRITEBYTECODE="1")
    result = run(
        "export", "--output", str(out / "catalog.json"), env=env,
        preexec_fn=lambda: _file_size_limit(4096),
    )  # fmt: skip
    assert result.stderr.decode() == "clusterctl: error: cannot write output: File too large\n"
    assert result.returncode == 5
    assert list(out.iterdir()) == []  # no half-written file, no temporary left behind


@posix_only
def test_stdout_to_a_file_that_fills_up_is_an_error(tmp_path: Path) -> None:
    env = subprocess_env(PYTHONDONTWRITEBYTECODE="1")
    with (tmp_path / "milestones.json").open("wb") as target:
        result = run(
            "milestones", "-o", "json", env=env, stdout=target,
            preexec_fn=lambda: _file_size_limit(4096),
        )  # fmt: skip
    assert result.stderr.decode() == "clusterctl: error: cannot write output: File too large\n"
    assert result.returncode == 5


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/catalog.json", "cannot write in {tmp}/missing: No such file or directory"),
        ("file/catalog.json", "{tmp}/file/catalog.json: a part of the path is not a directory"),
    ],
    ids=["no-directory", "not-a-directory"],
)
def test_export_to_a_path_that_cannot_be_created_is_a_usage_error(
    tmp_path: Path, where: str, message: str
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run_cli("export", "--output", str(tmp_path / where))
    assert result.returncode == 2
    assert result.stderr == f"clusterctl: error: --output: {message.format(tmp=tmp_path)}\n"
    assert_no_traceback(result.stderr)


# --- a closed or unwritable stdout -------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    "args",
    [["milestones", "-o", "json"], ["milestones"], ["show", "daedeok-innopolis"], ["export"],
     ["--version"], []],
    ids=" ".join,
)  # fmt: skip
def test_a_closed_stdout_descriptor_is_one_error_line(args: list[str]) -> None:
    result = shell(args, ">&-")
    assert result.stderr == "clusterctl: error: cannot write output: stdout is closed\n"
    assert result.returncode == 5


@posix_only
def test_help_to_a_closed_stdout_is_quiet() -> None:
    result = shell(["--help"], ">&-")
    assert result.stderr == ""
    assert result.returncode == 0


@posix_only
def test_a_closed_stdout_does_not_matter_to_export_into_a_file(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    result = shell(["export", "--output", str(target)], ">&-")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(target.read_text(encoding="utf-8"))


@posix_only
def test_a_stdout_open_only_for_reading_is_one_error_line() -> None:
    with Path(os.devnull).open("rb") as read_only:
        result = run("milestones", "-o", "json", stdout=read_only)
    assert result.stderr.decode() == "clusterctl: error: cannot write output: Bad file descriptor\n"
    assert result.returncode == 5


@posix_only
def test_closed_stdout_and_stderr_still_give_the_exit_code() -> None:
    assert shell(["milestones"], ">&- 2>&-").returncode == 5


# --- encodings that cannot show Hangul ---------------------------------------------------------

ASCII = {"PYTHONIOENCODING": "ascii"}
LATIN_1 = {"PYTHONIOENCODING": "latin-1"}
C_LOCALE = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def _legacy(**extra: str) -> dict[str, str]:
    env = subprocess_env(**extra)
    if "LC_ALL" in extra:
        env.pop("PYTHONIOENCODING", None)
    return env


@pytest.mark.parametrize(
    ("environment", "codec"),
    [(ASCII, "ascii"), (LATIN_1, "iso8859-1"), (C_LOCALE, "ascii")],
    ids=["PYTHONIOENCODING=ascii", "PYTHONIOENCODING=latin-1", "LC_ALL=C"],
)
@pytest.mark.parametrize(
    "args",
    [["show", "daedeok-innopolis"], ["milestones", "-o", "json"], ["clusters"],
     ["timeline", "daedeok-innopolis", "--cite", "-o", "md"], ["milestones", "-o", "csv"]],
    ids=" ".join,
)  # fmt: skip
def test_an_encoding_without_hangul_is_a_hint_and_no_partial_output(
    environment: dict[str, str], codec: str, args: list[str]
) -> None:
    result = run(*args, env=_legacy(**environment))
    assert result.stdout == b""  # never half a JSON document or half a table
    lines = result.stderr.decode("ascii").splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        f"clusterctl: error: cannot write output: stdout's encoding ({codec}) cannot show "
    )
    assert lines[1] == ENCODING_HINT
    assert result.returncode == 5


def test_the_hint_names_korean_text_when_that_is_what_fails() -> None:
    result = run("show", "daedeok-innopolis", env=_legacy(**ASCII))
    assert result.stderr.decode().splitlines()[0] == (
        "clusterctl: error: cannot write output: stdout's encoding (ascii) cannot show "
        "Korean text (U+B300 HANGUL SYLLABLE DAE)"
    )


@pytest.mark.parametrize("environment", [ASCII, LATIN_1, C_LOCALE], ids=["ascii", "latin-1", "C"])
def test_output_an_encoding_can_show_is_written(environment: dict[str, str]) -> None:
    table = run("clusters", "--fields", "id", "--limit", "3", env=_legacy(**environment))
    assert table.returncode == 0, table.stderr
    assert b"ansan-innotown" in table.stdout
    data = run("clusters", "--fields", "id", "-o", "json", env=_legacy(**environment))
    assert data.returncode == 0, data.stderr
    assert json.loads(data.stdout)[0]["type"] == "cluster"


def test_an_explicitly_lossy_encoding_is_respected() -> None:
    lossy = run("show", "daedeok-innopolis", env=subprocess_env(PYTHONIOENCODING="ascii:replace"))
    assert lossy.returncode == 0
    assert re.search(rb"^name_ko\t\?{8}$", lossy.stdout, re.MULTILINE)


def test_errors_quoting_hangul_survive_an_ascii_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    from clusterctl.cli.app import run as run_in_process

    raw = io.BytesIO()
    strict = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr(sys, "stderr", strict)
    assert run_in_process(["show", "대덕없음"]) == 4
    strict.flush()
    assert (
        raw.getvalue()
        .decode("ascii")
        .startswith("clusterctl: error: no entity matches '\\ub300\\ub355\\uc5c6\\uc74c'")
    )


def test_an_encoding_error_in_export_is_a_hint_too() -> None:
    result = run("export", env=_legacy(**ASCII))
    assert result.returncode == 5
    assert result.stderr.decode().splitlines()[1] == ENCODING_HINT


# --- windows of no width -------------------------------------------------------------------------


def _ids() -> list[str]:
    return [r["id"] for r in json.loads(invoke("clusters", "--limit", "3", "-o", "json").stdout)]


def _assert_shows_every_id_whole(output: str, ids: list[str]) -> None:
    plain = ANSI.sub("", output).replace("\r\n", "\n")
    for entity_id in ids:
        assert entity_id in plain, plain
    assert "…" not in plain


@pytest.mark.parametrize("columns", ["0", "1", "10", "abc"])
@pytest.mark.parametrize("color", ["auto", "always"])
def test_any_columns_value_shows_every_id_whole(columns: str, color: str) -> None:
    env = subprocess_env(COLUMNS=columns, TTY_COMPATIBLE="1")
    result = run_cli("--color", color, "clusters", "--limit", "3", env=env)
    assert result.returncode == 0
    assert result.stderr == ""
    _assert_shows_every_id_whole(result.stdout, _ids())


def run_on_a_terminal(args: list[str], env: dict[str, str], columns: int) -> tuple[int, str, str]:
    """Run the CLI with stdout on a fresh pseudo-terminal ``columns`` wide (0: size unset)."""
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterctl", *args],
        stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60  # a hang guard, not a timing assertion
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                proc.kill()
                pytest.fail("clusterctl hung writing to a terminal")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, b"".join(chunks).decode("utf-8"), err.decode("utf-8")


@posix_only
@pytest.mark.parametrize(
    ("columns", "window"),
    [("0", 0), ("1", 0), ("10", 0), ("abc", 0), ("abc", 10), (None, 10), (None, 0)],
    ids=["COLUMNS=0", "COLUMNS=1", "COLUMNS=10", "COLUMNS=abc", "abc-in-10", "window-10",
         "window-unset"],
)  # fmt: skip
def test_a_pseudo_terminal_of_any_width_shows_every_id_whole(
    columns: str | None, window: int
) -> None:
    env = subprocess_env()
    env.pop("COLUMNS")
    if columns is not None:
        env["COLUMNS"] = columns
    code, out, err = run_on_a_terminal(["clusters", "--limit", "3"], env, window)
    assert (code, err) == (0, "")
    assert "\x1b[" in out  # it really was taken for a terminal
    _assert_shows_every_id_whole(out, _ids())


# At 100 columns the longest ids (55 characters) leave too little room, so clusters stack.
@pytest.mark.parametrize("width", [120, 160])
def test_a_table_that_fits_is_drawn_to_the_window_with_ids_whole(width: int) -> None:
    from rich.cells import cell_len

    env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": str(width)}
    out = invoke("clusters", "--limit", "8", env=env).stdout
    assert "─" in out  # the terminal table, not the pipe layout
    assert max(cell_len(line) for line in out.splitlines()) <= width
    _assert_shows_every_id_whole(out, _ids())


def _words(text: str) -> collections.Counter[str]:
    """The words shown, a label's colon aside (bars and rules are not words)."""
    return collections.Counter(
        word.rstrip(":") for word in text.split() if any(char.isalnum() for char in word)
    )


def _header_words(text: str) -> set[str]:
    """The words of table headers: the lines above a rule."""
    lines = text.splitlines()
    rules = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) <= set("─-+")]
    return {word for i in rules if i for word in _words(lines[i - 1])}


@pytest.mark.parametrize(
    "args",
    [["clusters", "--limit", "12"], ["milestones", "--limit", "12", "--cite"],
     ["timeline", "daedeok-innopolis", "--cite"], ["show", "daedeok-innopolis", "--cite"],
     ["compare", "gwangju-innopolis", "daegu-innopolis"], ["search", "bio", "--limit", "8"],
     ["stats", "--by", "region"], ["sources", "--limit", "6"],
     ["clusters", "--fields", "name,summary", "--limit", "3"]],
    ids=" ".join,
)  # fmt: skip
def test_no_window_width_loses_a_word(args: list[str]) -> None:
    """Whatever the width, a terminal shows every word a wide one shows, each whole (a
    narrow one may lay records out as labelled blocks instead of under table headers)."""

    def shown(width: int) -> str:
        env = {"TTY_COMPATIBLE": "1", "NO_COLOR": "1", "COLUMNS": str(width)}
        result = invoke(*args, env=env)
        assert result.exit_code == 0
        assert "…" not in result.stdout or "…" in invoke(*args, "-o", "json").stdout
        return result.stdout

    wide = shown(5000)
    headers = _header_words(wide)
    for width in (0, 1, 12, 20, 33, 47, 60, 80, 99):
        missing = _words(wide) - _words(shown(width))
        assert set(missing) <= headers, f"COLUMNS={width}"


# --- internal errors ---------------------------------------------------------------------------

SECRET = "hunter2-in-a-local"
BUGGY = f"""
import sys
from clusterctl import query
from clusterctl.cli import app

def select(*args, **kwargs):
    password = {SECRET!r}
    raise RuntimeError("failed with " + password)

query.select = select
if "pretty" in sys.argv:
    app.app.pretty_exceptions_enable = True
    app.app.pretty_exceptions_show_locals = True
    sys.argv.remove("pretty")
app.main()
"""


def run_buggy(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BUGGY, *args],
        capture_output=True, text=True, env=subprocess_env(**env), timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("pretty", [False, True], ids=["plain", "typer-pretty-on"])
def test_an_internal_error_is_one_line_and_a_hint_without_data(pretty: bool) -> None:
    result = run_buggy("clusters", *(["pretty"] if pretty else []))
    assert result.stderr.splitlines() == [
        "clusterctl: error: internal error (RuntimeError): this is a bug in clusterctl",
        "  hint: please report it with the command you ran; add --debug for the traceback",
    ]
    assert result.stdout == ""
    assert result.returncode == 1


@pytest.mark.parametrize("pretty", [False, True], ids=["plain", "typer-pretty-on"])
@pytest.mark.parametrize("how", ["--debug", "CLUSTERCTL_DEBUG=1"])
def test_debug_shows_python_s_traceback_and_never_locals(how: str, pretty: bool) -> None:
    flags = ["--debug"] if how == "--debug" else []
    env = {"CLUSTERCTL_DEBUG": "1"} if how != "--debug" else {}
    result = run_buggy(*flags, "clusters", *(["pretty"] if pretty else []), **env)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.rstrip().endswith(f"RuntimeError: failed with {SECRET}")
    assert result.stderr.count(SECRET) == 1  # in the message it was given; no locals dump
    assert "password =" not in result.stderr
    assert "╭" not in result.stderr  # no Rich panel


def test_an_internal_error_in_process_hides_the_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from clusterctl import query

    def select(*_: object) -> None:
        raise RuntimeError(f"failed with {SECRET}")

    monkeypatch.setattr(query, "select", select)
    result = invoke("clusters")
    assert result.exit_code == 1
    assert SECRET not in result.stderr
    assert len(result.stderr.splitlines()) == 2
    assert_no_traceback(result.stderr)


# --- signals -----------------------------------------------------------------------------------


@posix_only
def test_sigterm_ends_the_process_the_default_way() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterctl", "milestones"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env(),
    )  # fmt: skip
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the command finished before the signal arrived")
    assert proc.returncode == -signal.SIGTERM  # a shell reports 143
    assert_no_traceback(err)


@pytest.mark.parametrize("module", ["clusterctl.cli.app", "typer", "clusterctl.catalog.loader"])
def test_ctrl_c_while_still_importing_is_quiet(module: str) -> None:
    # The interrupt is raised inside the import itself, so the moment is exact: a signal sent
    # by timing lands, on a busy machine, in the interpreter's own start-up, before any line
    # of clusterctl runs (where Python, not clusterctl, decides what is printed).
    code = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['clusterctl', 'milestones']\n"
        "from clusterctl.__main__ import run\n"
        "run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, env=subprocess_env(), timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 130
    assert result.stdout == b""
    assert result.stderr == b"clusterctl: error: interrupted\n"


# --- export to places that are not plain files ----------------------------------------------


@posix_only
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_export_writes_into_a_device_and_never_replaces_it() -> None:
    import stat

    null = run("export", "--output", "/dev/null")
    assert null.returncode == 0, null.stderr
    full = run("export", "--output", "/dev/full")
    assert full.returncode == 5
    assert full.stderr.decode() == DISK_FULL
    for device in ("/dev/null", "/dev/full"):
        assert stat.S_ISCHR(Path(device).stat().st_mode), f"{device} was replaced"


def test_export_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    result = invoke("export", "--output", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1


@posix_only
def test_export_into_a_fifo_streams_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterctl", "export", "--output", str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env(),
    )  # fmt: skip
    with fifo.open(encoding="utf-8") as reader:
        data = json.loads(reader.read())
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert data["schema_version"] == 1
    assert fifo.exists() and not fifo.is_file()


# --- writes are whole or absent, and keep their mode -------------------------------------------

OLD = "an earlier export\n"


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _wait_for(check: Callable[[], bool]) -> None:
    """Wait for an event the test can see; the limit is only a hang guard."""
    guard = time.monotonic() + 120
    while not check():
        assert time.monotonic() < guard, "the process never got there"
        time.sleep(0.01)


@posix_only
def test_a_csv_export_that_fails_midway_changes_no_file(tmp_path: Path) -> None:
    # The mini catalog's CSV files are 152-737 bytes; at a 500-byte file size limit the first
    # five are written whole and clusters.csv fails: none of them may be replaced.
    out = tmp_path / "out"
    out.mkdir()
    for section in ("sources", "regions", "industries", "actors", "policies", "clusters"):
        (out / f"{section}.csv").write_text(OLD, encoding="utf-8")
    env = subprocess_env(PYTHONDONTWRITEBYTECODE="1")
    result = run(
        "--no-builtin", "--catalog", str(MINI), "export", "-o", "csv", "--output-dir", str(out),
        env=env, preexec_fn=lambda: _file_size_limit(500),
    )  # fmt: skip
    assert result.stderr.decode() == "clusterctl: error: cannot write output: File too large\n"
    assert result.returncode == 5
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {
        f"{section}.csv": OLD
        for section in ("sources", "regions", "industries", "actors", "policies", "clusters")
    }, "every file as it was, and no temporary left"


EXPORTS = [["-o", "json"], ["-o", "yaml"], ["-o", "csv", "--type", "cluster"],
           ["-o", "geojson"], ["-o", "ics"]]  # fmt: skip


@posix_only
@pytest.mark.parametrize("fmt", EXPORTS, ids=lambda args: args[1])
def test_every_export_format_is_written_whole_or_not_at_all_keeping_the_mode(
    tmp_path: Path, fmt: list[str]
) -> None:
    target = tmp_path / "export.out"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    env = subprocess_env(PYTHONDONTWRITEBYTECODE="1")
    failed = run(
        "export", *fmt, "--output", str(target), env=env,
        preexec_fn=lambda: _file_size_limit(4096),
    )  # fmt: skip
    assert failed.stderr.decode() == "clusterctl: error: cannot write output: File too large\n"
    assert failed.returncode == 5
    assert [p.name for p in tmp_path.iterdir()] == ["export.out"]
    assert target.read_text(encoding="utf-8") == OLD
    written = run("export", *fmt, "--output", str(target))
    assert written.returncode == 0, written.stderr
    assert target.read_text(encoding="utf-8") != OLD
    assert target.stat().st_mode & 0o7777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["export.out"]


def test_a_csv_export_into_a_directory_replaces_every_file(tmp_path: Path) -> None:
    (tmp_path / "clusters.csv").write_text(OLD, encoding="utf-8")
    result = run_cli("export", "-o", "csv", "--output-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{section}.csv" for section in SECTIONS)
    assert (tmp_path / "clusters.csv").read_text(encoding="utf-8").startswith("type,id,")


# The CLI started as a shell starts a foreground command (FOREGROUND_SIGNALS). With
# CLUSTERCTL_TEST_STALL, the JSON export writes its first bytes, says "writing" on stdout and
# waits for ever: the test sends its signal only then, so the moment is exact on any machine.
_LAUNCH = (
    FOREGROUND_SIGNALS
    + """
import sys
if os.environ.get("CLUSTERCTL_TEST_STALL"):
    from clusterctl.render import export

    def stalled(catalog, out):
        out.write('{"schema_version": ')
        out.flush()
        os.write(1, b"writing\\n")
        os.read(0, 1)  # nothing ever comes: only a signal ends the wait

    export.WRITERS["json"] = stalled
sys.argv[0] = "clusterctl"
from clusterctl.__main__ import run
run()
"""
)


def _launch(*args: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _LAUNCH, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=subprocess_env(**env),
    )  # fmt: skip


def _stop_while_writing(
    target: Path, *signals: signal.Signals, ignore: str = ""
) -> tuple[int, str]:
    """Export to ``target``, send ``signals`` once the first bytes are written; the exit code
    and stderr."""
    proc = _launch(
        "export", "--output", str(target), CLUSTERCTL_TEST_STALL="1", CLUSTERCTL_TEST_IGNORE=ignore
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # a hang guard only
        assert ready and proc.stdout.readline() == b"writing\n", proc.stderr
        assert len(_temporaries(target.parent)) == 1, "the export is writing its temporary file"
        for number in signals:
            proc.send_signal(number)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    return proc.returncode, err.decode()


@posix_only
@pytest.mark.parametrize(
    ("sent", "code", "message"),
    [
        (signal.SIGTERM, 143, "terminated by SIGTERM before any file was replaced"),
        (signal.SIGHUP, 129, "terminated by SIGHUP before any file was replaced"),
        (signal.SIGINT, 130, "interrupted"),
    ],
    ids=["SIGTERM", "SIGHUP", "SIGINT"],
)
def test_a_signal_while_exporting_to_a_file_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, sent: signal.Signals, code: int, message: str
) -> None:
    target = tmp_path / "catalog.json"
    target.write_text(OLD, encoding="utf-8")
    assert _stop_while_writing(target, sent) == (code, f"clusterctl: error: {message}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.json"]
    assert target.read_text(encoding="utf-8") == OLD


@posix_only
def test_an_ignored_hangup_stays_ignored_while_exporting(tmp_path: Path) -> None:
    # Under nohup SIGHUP is ignored; the export must not start to honour it. Signals pending
    # together are handled lowest number first, so a SIGHUP that counted would win here.
    code, err = _stop_while_writing(
        tmp_path / "catalog.json", signal.SIGHUP, signal.SIGTERM, ignore="SIGHUP"
    )
    assert code == 143, err
    assert list(tmp_path.iterdir()) == []


@posix_only
def test_sigterm_while_a_csv_export_waits_for_a_fifo_leaves_every_file_as_it_was(
    tmp_path: Path,
) -> None:
    # milestones.csv is a FIFO nobody reads: the export writes the other files to
    # temporaries, then waits to open it, for ever. Once a temporary exists, the signal
    # handlers are in place, and the export can not finish by itself.
    for section in SECTIONS:
        (tmp_path / f"{section}.csv").write_text(OLD, encoding="utf-8")
    fifo = tmp_path / "milestones.csv"
    fifo.unlink()
    os.mkfifo(fifo)
    # From a warm cache, records are decoded as they are written: the signal may land there.
    assert run_cli("clusters", "-o", "json").returncode == 0
    entries = _cache_entries()
    proc = _launch("export", "-o", "csv", "--output-dir", str(tmp_path))
    try:
        _wait_for(lambda: bool(_temporaries(tmp_path)) or proc.poll() is not None)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert err.decode() == (
        "clusterctl: error: terminated by SIGTERM before any file was replaced\n"
    )
    assert proc.returncode == 143
    assert _temporaries(tmp_path) == []
    for section in SECTIONS:
        if section != "milestones":
            assert (tmp_path / f"{section}.csv").read_text(encoding="utf-8") == OLD
    assert not fifo.is_file() and fifo.exists()
    assert _cache_entries() == entries


def _cache_entries() -> list[str]:
    return sorted(p.name for p in Path(os.environ["XDG_CACHE_HOME"], "clusterctl").iterdir())


def test_a_signal_while_a_cached_record_is_decoded_is_no_damage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A signal raises Terminated wherever the run is; decoding a record from the cache must
    let it through (it once took it for a damaged entry, removed the entry and said so)."""
    from clusterctl.catalog import cache
    from clusterctl.catalog.loader import CatalogSelection, load
    from clusterctl.errors import Terminated

    load(CatalogSelection())  # fills the cache
    store = load(CatalogSelection())._store
    assert store is not None

    def arrives(*args: Any) -> Any:
        raise Terminated(signal.SIGTERM)

    monkeypatch.setattr(cache, "_decode_record", arrives)
    with pytest.raises(Terminated):
        store.record(len(store) - 1)
    assert store.path.exists()


def test_a_file_name_of_251_bytes_can_be_written(tmp_path: Path) -> None:
    # NAME_MAX is 255: a temporary named after the target (".NAME.XXXXXXXX") would not fit.
    target = tmp_path / ("a" * 246 + ".json")
    assert len(target.name.encode()) == 251
    result = run_cli("export", "--output", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@posix_only
@pytest.mark.parametrize(
    ("umask", "existing", "expected"),
    [
        (0o022, None, 0o644),
        (0o027, None, 0o640),
        (0o002, None, 0o664),
        (0o022, 0o640, 0o640),
        (0o077, 0o664, 0o664),
        (0o022, 0o600, 0o600),
    ],
    ids=["new-022", "new-027", "new-002", "keeps-640", "keeps-664", "keeps-600"],
)
def test_an_exported_file_keeps_the_mode_of_the_one_it_replaces(
    tmp_path: Path, umask: int, existing: int | None, expected: int
) -> None:
    targets = [tmp_path / "catalog.json", tmp_path / "csv" / "clusters.csv"]
    targets[1].parent.mkdir()
    for target in targets:
        if existing is not None:
            target.write_text(OLD, encoding="utf-8")
            target.chmod(existing)
    for args in (
        ["export", "--output", str(targets[0])],
        ["export", "-o", "csv", "--output-dir", str(targets[1].parent)],
    ):
        result = run(*args, preexec_fn=lambda: os.umask(umask) and None)
        assert result.returncode == 0, result.stderr
    for target in targets:
        assert target.read_text(encoding="utf-8") != OLD
        assert target.stat().st_mode & 0o7777 == expected, oct(target.stat().st_mode)


@posix_only
def test_an_export_through_a_link_keeps_the_mode_of_the_file_it_names(tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target.name)
    result = run("export", "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert target.stat().st_mode & 0o7777 == 0o640


# --- things that are not bugs: usage and output errors, never "internal error" -----------------


def _places(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text(OLD, encoding="utf-8")
    (tmp_path / "loop").symlink_to("loop")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "dir"], "--output: dir is a directory; give a file name"),
        (["--output", ""], "--output: the path is empty; give a file name"),
        (["--output", "loop"], "--output: loop: Too many levels of symbolic links"),
        (["--output", "nosuch/.."], "--output: nosuch/.. names a directory; give a file name"),
        (["--output", "file/.."], "--output: file/.. names a directory; give a file name"),
        (["--output", "dir/"], "--output: dir/ names a directory; give a file name"),
        (["--output", "."], "--output: . names a directory; give a file name"),
        (["--output", "file/x"], "--output: file/x: a part of the path is not a directory"),
        (["-o", "csv", "--output-dir", ""], "--output-dir: the path is empty; give a directory"),
        (["-o", "csv", "--output-dir", "file"], "--output-dir: file is not a directory"),
        (
            ["-o", "csv", "--output-dir", "nosuch/deeper"],
            "--output-dir: nosuch/deeper cannot be made: nosuch does not exist\n"
            "  hint: make nosuch first: only the last directory of the path is made",
        ),
        (
            ["-o", "csv", "--output-dir", "loop"],
            "--output-dir: loop: Too many levels of symbolic links",
        ),
    ],
    ids=[
        "directory", "empty", "symlink-loop", "nosuch-dotdot", "file-dotdot", "trailing-slash",
        "dot", "through-a-file", "dir-empty", "dir-is-a-file", "dir-missing", "dir-loop",
    ],
)  # fmt: skip
def test_an_output_path_that_cannot_be_a_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    _places(tmp_path)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke("--no-builtin", "--catalog", str(MINI), "export", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"clusterctl: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("epoch", "dtstamp"),
    [("0", "19700101T000000Z"), ("-1", "19691231T235959Z"), ("253402300799", "99991231T235959Z"),
     ("-62135596800", "00010101T000000Z"), ("1700000000", "20231114T221320Z")],
)  # fmt: skip
def test_source_date_epoch_sets_the_calendar_stamp(epoch: str, dtstamp: str) -> None:
    result = invoke("--no-builtin", "--catalog", str(MINI), "export", "-o", "ics",
                    env={"SOURCE_DATE_EPOCH": epoch})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert set(re.findall(r"DTSTAMP:(\S+)", result.stdout)) == {dtstamp}


@pytest.mark.parametrize(
    ("epoch", "message"),
    [
        ("253402300800", "253402300800 is out of range"),
        ("99999999999999999999999", "99999999999999999999999 is out of range"),
        ("-62135596801", "-62135596801 is out of range"),
        ("1e9", "'1e9' is not a whole number of seconds since 1970"),
        ("soon", "'soon' is not a whole number of seconds since 1970"),
        (" 1", "' 1' is not a whole number of seconds since 1970"),
    ],
)
def test_a_source_date_epoch_that_cannot_be_a_stamp_is_a_usage_error(
    epoch: str, message: str
) -> None:
    result = invoke("--no-builtin", "--catalog", str(MINI), "export", "-o", "ics",
                    env={"SOURCE_DATE_EPOCH": epoch})  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"clusterctl: error: SOURCE_DATE_EPOCH: {message}")
    assert result.stderr.count("\n") == 1


def _dated(tmp_path: Path, date: str) -> Path:
    path = tmp_path / "dated.yaml"
    path.write_text(
        "milestones:\n"
        "  - id: far-off\n"
        f"    date: '{date}'\n"
        "    title: A far-off milestone\n"
        "    kind: plan\n"
        "    clusters: [daedeok]\n"
        "    sources: [src-herald]\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("date", ["9999", "9999-12", "9999-12-31", "2023-01/9999"])
def test_a_milestone_that_ends_in_9999_cannot_be_a_calendar_event(
    tmp_path: Path, date: str
) -> None:
    catalog = ["--no-builtin", "--catalog", str(MINI), "--catalog", str(_dated(tmp_path, date))]
    target = tmp_path / "calendar.ics"
    for where in ([], ["--output", str(target)]):
        result = invoke(*catalog, "export", "-o", "ics", *where)
        assert (result.exit_code, result.stdout) == (5, "")
        assert result.stderr == (
            "clusterctl: error: cannot export milestone 'far-off' to iCalendar: it runs to the "
            "end of year 9999, and iCalendar has no date for the day after (its DTEND)\n"
        )
    assert not target.exists()
    assert invoke(*catalog, "export", "-o", "json").exit_code == 0, "other formats hold it"


@pytest.mark.parametrize(
    ("date", "start", "end"),
    [("0999-03-04", "09990304", "09990305"), ("0001", "00010101", "00020101"),
     ("0099-12", "00991201", "01000101"), ("9999-12-30", "99991230", "99991231")],
)  # fmt: skip
def test_calendar_dates_always_have_eight_digits(
    tmp_path: Path, date: str, start: str, end: str
) -> None:
    import icalendar

    catalog = ["--no-builtin", "--catalog", str(MINI), "--catalog", str(_dated(tmp_path, date))]
    result = invoke(*catalog, "export", "-o", "ics")
    assert result.exit_code == 0, result.stderr
    event = result.stdout.split("UID:far-off@clusterctl", 1)[1]
    assert re.search(rf"^DTSTART;VALUE=DATE:{start}\r?$", event, re.MULTILINE)
    assert re.search(rf"^DTEND;VALUE=DATE:{end}\r?$", event, re.MULTILINE)
    calendar = icalendar.Calendar.from_ical(result.stdout)
    (far,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == "far-off@clusterctl"]
    assert far.decoded("DTSTART").strftime("%Y%m%d").zfill(8) == start


# --- the README ---------------------------------------------------------------------------------


@posix_only
@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")
def test_the_readme_shows_the_real_output_errors() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    with FULL.open("wb") as full:
        disk = run("milestones", "-o", "json", stdout=full).stderr.decode()
    ascii_ = run("show", "daedeok-innopolis", env=_legacy(**ASCII)).stderr.decode()
    assert f"$ clusterctl milestones -o json > /dev/full\n{disk}" in text
    assert f"$ PYTHONIOENCODING=ascii clusterctl show daedeok-innopolis\n{ascii_}" in text
    assert "| 5 |" in text
