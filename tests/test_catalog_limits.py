"""A catalogue is checked completely before use: every number real, every range ordered, every
deadline a date, the file itself a small regular file; each fault is exit 2 with its key path."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bgindex.catalog import CatalogError, load_catalog
from bgindex.catalog.loading import MAX_PROFILE_BYTES

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "src" / "bgindex" / "catalog" / "profiles" / "bac-giang.toml"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = PROFILE.read_text(encoding="utf-8")
    assert old in text, old
    out = tmp_path / "danh-muc.toml"
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308"])
def test_a_multiplier_must_be_a_real_reasonable_number(tmp_path: Path, value: str) -> None:
    path = _edited(tmp_path, "multiplier = 100", f"multiplier = {value}")  # indicator 01's
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.key.startswith("indicators[0]") and err.value.key.endswith("multiplier")


def test_nan_bounds_are_refused(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    start = text.index("[[variables]]")
    code_line = next(ln for ln in text[start:].splitlines() if ln.startswith("code"))
    path = _edited(tmp_path, code_line, f"{code_line}\nmax = nan")
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.key.startswith("variables[0]") and err.value.key.endswith(".max")


@pytest.mark.parametrize(("month", "day"), [(2, 30), (2, 29), (4, 31)])
def test_a_deadline_must_be_a_date_every_year(tmp_path: Path, month: int, day: int) -> None:
    raw = tomllib.loads(PROFILE.read_text(encoding="utf-8"))
    dl = raw["profile"]["deadline"]
    text = PROFILE.read_text(encoding="utf-8")
    old = f"month = {dl['month']}, day = {dl['day']}"
    if old not in text:
        pytest.skip("deadline written in another form")
    path = _edited(tmp_path, old, f"month = {month}, day = {day}")
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.key == "profile.deadline"


def test_validity_years_must_be_in_order(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    start = text.index("[[indicators]]")
    code_line = next(ln for ln in text[start:].splitlines() if ln.startswith("code"))
    path = _edited(tmp_path, code_line, f"{code_line}\nfrom_year = 2025\nuntil_year = 2022")
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.key.startswith("indicators[0]")


def test_deep_nesting_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sau.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(path)


def test_a_pipe_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    pipe = tmp_path / "ong.toml"
    os.mkfifo(pipe)
    for path in (pipe, Path("/dev/zero"), tmp_path):
        with pytest.raises(CatalogError) as err:
            load_catalog(path)
        assert err.value.key == "(tệp)"


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    path = tmp_path / "lon.toml"
    with open(path, "wb") as fh:
        fh.truncate(MAX_PROFILE_BYTES + 1)
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.key == "(tệp)"


def test_the_command_line_says_exit_2_with_the_key_path(tmp_path: Path) -> None:
    path = _edited(tmp_path, "multiplier = 100", "multiplier = nan")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "bgindex", "catalog", "--catalog", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "multiplier" in done.stderr and "hữu hạn" in done.stderr
