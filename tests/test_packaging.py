"""A built wheel carries the catalog and works from any folder in a fresh environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, subprocess_env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("clusterctl-*.whl")
    return built


def test_wheel_contains_the_catalog_and_schema(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "clusterctl/catalog.yaml" in names
    assert "clusterctl/catalog.schema.json" in names
    assert {"clusterctl/data/korea-map.json", "clusterctl/data/korea-map.md"} <= set(names)
    shipped = zipfile.ZipFile(wheel).read("clusterctl/catalog.yaml")
    assert shipped == (ROOT / "catalog.yaml").read_bytes()


@pytest.mark.slow
def test_installed_wheel_answers_from_an_unrelated_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = subprocess_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PYTHONPATH", None)

    def clusterctl(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bindir / "clusterctl"), *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    validated = clusterctl("validate")
    assert validated.returncode == 0, validated.stderr
    assert "ok: 1 catalog file(s) valid" in validated.stdout
    assert "site-packages" in json.loads(clusterctl("validate", "-o", "json").stdout)["catalogs"][0]
    listed = clusterctl("clusters", "-o", "json")
    assert listed.returncode == 0, listed.stderr
    assert "daedeok-innopolis" in {c["id"] for c in json.loads(listed.stdout)}
