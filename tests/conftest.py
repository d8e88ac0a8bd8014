"""Shared fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bgindex.catalog import load_catalog  # noqa: E402
from bgindex.catalog.model import Catalog

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def mini_catalog_path() -> Path:
    return Path(__file__).parent / "data" / "mini-profile.toml"


@pytest.fixture(scope="session")
def mini_catalog(mini_catalog_path: Path) -> Catalog:
    return load_catalog(mini_catalog_path)


class CliResult:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


@pytest.fixture(scope="session")
def cli():
    """Run the real `bgindex` entry point in a subprocess (exit codes as a user sees them)."""
    import os
    import subprocess

    def run(args: list[str], cwd: Path | None = None, timeout: float = 300) -> CliResult:
        env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
        proc = subprocess.run(
            [sys.executable, "-m", "bgindex", *args],
            capture_output=True,
            text=True,
            cwd=cwd or ROOT,
            env=env,
            timeout=timeout,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    """The hostile-file corpus (tests/corpus.py), built once for every test module that reads it."""
    from corpus import CASES, build_corpus

    files = build_corpus(tmp_path_factory.mktemp("corpus"))
    assert sorted(files) == sorted(c.name for c in CASES)
    return files
