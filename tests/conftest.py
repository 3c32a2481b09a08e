"""Hermetic test set-up: a pinned environment, fixture paths and CLI runners."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from clusterctl.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
MINI = FIXTURES / "mini.yaml"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

_CLEARED = (
    "CLUSTERCTL_CATALOG",
    "CLUSTERCTL_DEBUG",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONUNBUFFERED",
    "CLUSTERCTL_NO_CACHE",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from current output instead of comparing",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Compile the package's bytecode once, before any worker starts, as an installed package
    has it: every CLI process a test starts then reads it instead of compiling its modules
    afresh (this workplace sets PYTHONDONTWRITEBYTECODE, so nothing else would write it)."""
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(ROOT / "clusterctl", quiet=1)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One parse cache for the tests of a worker process, so the shipped catalog is parsed
    once per worker rather than once per test. Entries are keyed by content and checked, so
    sharing can't change an answer (tests/test_cache.py pins hit == fresh parse)."""
    return tmp_path_factory.mktemp("shared-cache")


@pytest.fixture(autouse=True)
def hermetic(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    shared_cache: Path,
) -> Iterator[None]:
    """Every test sees the same terminal width, no colour overrides, no user catalog, the
    worker's parse cache (a test marked ``private_cache``, which looks into or plants in the
    cache, gets one of its own, outside ``tmp_path``, which tests list) and the same clock for
    the moment an output says it was made."""
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    private = request.node.get_closest_marker("private_cache") is not None
    cache = tmp_path_factory.mktemp("cache") if private else shared_cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    # Briefings say when they were made: pinned, so their text is the same every day.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    yield


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per worker process (Debian's, driven by Playwright, which
    downloads none); each test opens pages of its own. Skipped, saying why, without them."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    driver = sync_api.sync_playwright().start()
    try:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()
    finally:
        driver.stop()


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run the real CLI in-process through Typer's runner."""
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def mini(*args: str) -> Result:
    """Run the CLI against the small fixture catalog only."""
    return invoke("--no-builtin", "--catalog", str(MINI), *args)


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update({"COLUMNS": "80", "TERM": "xterm-256color"})
    env.update(extra)
    return env


def run_cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m clusterctl`` as a real subprocess (pipes, exit codes)."""
    return subprocess.run(
        [sys.executable, "-m", "clusterctl", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env or subprocess_env(),
        cwd=cwd,
        timeout=60,
        check=False,
    )


def imported(args: list[str], prefixes: tuple[str, ...], setup: str = "") -> list[str]:
    """The modules starting with ``prefixes`` that a real process running ``args`` loads
    (after running the lines ``setup``)."""
    code = (
        "import json, sys\n"
        f"{setup}"
        "from clusterctl.cli.app import run\n"
        f"run({args!r})\n"
        f"found = sorted(m for m in sys.modules if m.startswith({prefixes!r}))\n"
        "print(json.dumps(found), file=sys.stderr)\n"
    )
    modules: list[str] = json.loads(run_python(code).stderr.splitlines()[-1])  # after notes
    return modules


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -c CODE`` in the test environment; it must succeed."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )


# Python that sets SIGINT, SIGTERM and SIGHUP as a shell sets them for a foreground command,
# whatever the test runner inherited (one started in the background ignores SIGINT, and
# Python keeps that), except those named in CLUSTERCTL_TEST_IGNORE (as nohup ignores SIGHUP).
FOREGROUND_SIGNALS = """
import os, signal
for name in ("SIGINT", "SIGTERM", "SIGHUP"):
    number = getattr(signal, name)
    default = signal.default_int_handler if name == "SIGINT" else signal.SIG_DFL
    ignored = os.environ.get("CLUSTERCTL_TEST_IGNORE", "").split()
    signal.signal(number, signal.SIG_IGN if name in ignored else default)
"""


def check_golden(request: pytest.FixtureRequest, name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/NAME; ``--update-golden`` rewrites it."""
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"golden file {name} missing: run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8")


def load_json(text: str) -> Any:
    return json.loads(text)
