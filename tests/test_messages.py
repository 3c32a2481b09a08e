"""Messages: every way a run ends says what happened, in one line, with the documented code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import (
    FOREGROUND_SIGNALS,
    MINI,
    invoke,
    load_json,
    mini,
    run_cli,
    subprocess_env,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


# --- Ctrl-C ------------------------------------------------------------------------------------


@posix_only
def test_ctrl_c_while_a_command_runs_says_interrupted_and_exits_130() -> None:
    # The child tells the test, through a pipe, when it is inside the command (loading the
    # catalog) and then waits there; the test sends SIGINT only after reading that, so the
    # signal lands in the command whatever the machine's speed.
    ready_read, ready_write = os.pipe()
    code = FOREGROUND_SIGNALS + (
        "import sys, time\n"
        "from clusterctl.cli import context\n"
        "real = context.catalog\n"
        "def catalog(ctx):\n"
        f"    os.write({ready_write}, b'ready')\n"
        "    time.sleep(600)\n"
        "    return real(ctx)\n"
        "context.catalog = catalog\n"
        "sys.argv = ['clusterctl', 'milestones']\n"
        "from clusterctl.__main__ import run\n"
        "run()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env(),
        pass_fds=(ready_write,),
    )  # fmt: skip
    os.close(ready_write)
    try:
        assert os.read(ready_read, 5) == b"ready"
    finally:
        os.close(ready_read)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert out == b""
    assert err == b"clusterctl: error: interrupted\n"


# --- flags given nothing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["clusters", "--region", ""], "--region"),
        (["clusters", "--region", ","], "--region"),
        (["clusters", "--region", " , "], "--region"),
        (["clusters", "--industry", ""], "--industry"),
        (["clusters", "--kind", ","], "--kind"),
        (["clusters", "--country", ""], "--country"),
        (["clusters", "--status", ""], "--status"),
        (["milestones", "--cluster", ""], "--cluster"),
        (["clusters", "--fields", ""], "--fields"),
        (["clusters", "--fields", ","], "--fields"),
        (["timeline", "--fields", ""], "--fields"),
        (["clusters", "--sort", ""], "--sort"),
        (["clusters", "--sort", ","], "--sort"),
        (["timeline", "--sort", ""], "--sort"),
    ],
)
def test_a_flag_given_nothing_is_a_usage_error_naming_it(args: list[str], flag: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"clusterctl: error: {flag}: expected ")


# --- countries ---------------------------------------------------------------------------------


def test_an_unknown_country_code_is_a_usage_error_as_an_unknown_region_is() -> None:
    country = invoke("clusters", "--country", "zz")
    region = invoke("clusters", "--region", "zz")
    assert country.exit_code == region.exit_code == 2
    assert "--country: 'zz' is not an ISO 3166-1 alpha-2 code" in country.stderr
    assert "hint: countries in the catalog: CH, GB, KR, US" in country.stderr


def test_a_country_code_people_mistake_gets_the_right_one() -> None:
    result = invoke("clusters", "--country", "UK")
    assert result.exit_code == 2
    assert "did you mean GB?" in result.stderr


def test_a_real_country_with_no_records_is_an_empty_result() -> None:
    result = invoke("clusters", "--country", "fr", "-o", "json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert invoke("actors", "--country", "kr", "-o", "json").stdout != "[]\n"


# --- empty names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["show", ""], ["show", "   "], ["compare", "", "daedeok-innopolis"], ["timeline", ""]],
)
def test_an_empty_name_is_a_usage_error_not_a_list_of_guesses(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "expected an id or a name" in result.stderr
    assert "did you mean" not in result.stderr


# --- sort direction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--sort", "--name"], ["--sort=--name"], ["--sort", "name,--kind"]]
)
def test_two_dashes_before_a_sort_field_are_a_usage_error(args: list[str]) -> None:
    result = mini("clusters", *args)
    assert result.exit_code == 2
    assert "is not a field name, or a field name after one '-'" in result.stderr
    assert "hint: use -" in result.stderr


def test_one_dash_sorts_descending() -> None:
    records = load_json(mini("clusters", "--sort", "-name", "-o", "json").stdout)
    assert [r["name"] for r in records] == ["Daedeok Innopolis", "Boston biotech cluster"]


# --- a byte order mark inside a file -----------------------------------------------------------


def test_a_byte_order_mark_inside_a_file_is_named_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_bytes(MINI.read_bytes().replace(b"\nregions:", b"\n\xef\xbb\xbfregions:", 1))
    line = MINI.read_text(encoding="utf-8").splitlines().index("regions:") + 1
    result = invoke("--no-builtin", "--catalog", str(path), "validate")
    assert result.exit_code == 3
    assert (
        f"{path}:{line}:1: error[control-character]: character U+FEFF ZERO WIDTH NO-BREAK "
        "SPACE (a byte order mark) in the middle of the file"
    ) in result.stdout


def test_a_byte_order_mark_that_starts_a_file_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "notes.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert invoke("--no-builtin", "--catalog", str(path), "validate").exit_code == 0


# --- text that is not UTF-8 --------------------------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ["show", "daedeok", "-o", "html"],
        ["show", "daedeok", "-o", "md"],
        ["timeline", "-o", "svg"],
        ["timeline", "-o", "html"],
    ],
)
def test_a_title_that_is_not_utf8_is_refused(args: list[str]) -> None:
    # "\udcff" is how Python holds the argument byte 0xFF; subprocess passes it as that byte.
    result = run_cli("--no-builtin", "--catalog", str(MINI), *args, "--title", "Dae\udcffdeok",
                     env=subprocess_env(LC_ALL="C.UTF-8"))  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--title" in result.stderr
    assert "not valid UTF-8: byte 0xFF" in result.stderr
