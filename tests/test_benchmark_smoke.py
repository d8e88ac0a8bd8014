"""Smoke test of the benchmark's data generator: its workbooks are valid and fully consolidate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_generated_workbooks_validate_and_consolidate(tmp_path: Path, cli) -> None:
    out = tmp_path / "bench"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--files",
            "40",
            "--out",
            str(out),
            "--quiet",
        ],
        check=True,
        timeout=120,
    )
    files = sorted(out.rglob("*.xlsx"))
    assert len(files) == 40
    catalog = out / "catalog.toml"
    res = cli(["validate", str(out), "--year", "2024", "--catalog", str(catalog), "--format", "json"])
    assert res.code == 0, res.stderr
    result = json.loads(res.stdout)
    assert result["summary"]["valid"] == 40
    assert result["summary"]["warnings"] == 0
    # one full province: every indicator computed, no discrepancy between agencies
    res = cli(
        [
            "consolidate",
            str(out / "T01"),
            "--year",
            "2024",
            "--catalog",
            str(catalog),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "json",
            "--quiet",
        ]
    )
    assert res.code == 0, res.stderr
    counts = json.loads((tmp_path / "out" / "ket-qua-2024.json").read_text(encoding="utf-8"))["counts"]
    assert counts["not_computable"] == 0 and counts["incomplete"] == 0
    assert counts["discrepancies"] == 0 and counts["rejected"] == 0
