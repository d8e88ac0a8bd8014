"""Every command's terminal view at 80 and 120 columns keeps each number and code of its JSON whole."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import run_bgindex

from bgindex.model.vn import RELATIVE_DECIMALS, indicator_change, indicator_number, vn_date

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


def _whole(token: str, text: str) -> bool:
    """`token` appears with no letter, digit or number punctuation glued to either side."""
    return re.search(rf"(?<![\w.,+-]){re.escape(token)}(?![\w]|[.,]\d)", text) is not None


def _num(v: float | None, decimals: int) -> str:
    """A figure as every view writes it: at the indicator's declared decimals, which the JSON says."""
    return indicator_number(v, decimals)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ket-qua")
    run = run_bgindex("consolidate", str(SAMPLES / "2023"), "--year", "2023", "--out", str(out), "-q")
    assert run.returncode in (0, 1), run.stderr
    return out / "ket-qua-2023.xlsx"


def _views(args: list[str]) -> tuple[dict, dict[int, str]]:
    data = json.loads(run_bgindex(*args, "--format", "json").stdout)
    return data, {w: run_bgindex(*args, columns=w).stdout for w in (80, 120)}


def _check(tokens: set[str], texts: dict[int, str]) -> None:
    tokens.discard("")
    assert tokens
    for width, text in texts.items():
        # table rows and block details fit; sentences may run on (a pipe keeps them whole)
        laid_out = [line for line in text.splitlines() if line.startswith("  ") or set(line) & set("│━─")]
        assert laid_out and max(map(len, laid_out)) <= width, width
        missing = sorted(t for t in tokens if not _whole(t, text))
        assert not missing, (width, missing)


def test_catalog():
    data, texts = _views(["catalog"])
    _check({i["code"] for i in data["indicators"]} | {a["code"] for a in data["agencies"]}, texts)


def test_validate():
    data, texts = _views(["validate", str(SAMPLES / "invalid")])
    tokens = {i["code"] for f in data["files"] for i in f["issues"]}
    tokens |= {i["cell"] or "" for f in data["files"] for i in f["issues"]}
    _check(tokens, texts)


def test_status():
    data, texts = _views(["status", str(SAMPLES / "2024"), "--year", "2024", "--today", "01/02/2025"])
    tokens = {a["agency"] for a in data["agencies"]}
    tokens |= {vn_date(__import__("datetime").date.fromisoformat(a["report_date"])) for a in data["agencies"]}
    _check(tokens, texts)


def test_consolidate(tmp_path):
    args = ["consolidate", str(SAMPLES / "2024"), "--year", "2024"]
    data = json.loads(run_bgindex(*args, "--out", str(tmp_path / "j"), "--format", "json").stdout)
    texts = {w: run_bgindex(*args, "--out", str(tmp_path / str(w)), columns=w).stdout for w in (80, 120)}
    tokens = {i["code"] for i in data["indicators"]}
    for i in data["indicators"]:
        d = i["decimals"]
        tokens |= {_num(i["value"], d), _num(i["previous"], d), indicator_change(i["change"], d)}
    tokens |= {a["agency"] for a in data["agencies"]}
    _check(tokens, texts)


def test_diff(results):
    data, texts = _views(["diff", str(results), str(SAMPLES / "2024")])
    tokens = {d["code"] for d in data["comparison"]}
    for d in data["comparison"]:
        n = d["decimals"]
        tokens |= {_num(d["old"], n), _num(d["new"], n), indicator_change(d["change_pct"], RELATIVE_DECIMALS)}
    tokens.discard("–")
    _check(tokens, texts)


def test_piped_output_follows_columns_and_keeps_sentences_whole():
    wide = run_bgindex("catalog", columns=200).stdout
    narrow = run_bgindex("catalog").stdout  # neither a terminal nor COLUMNS: 80
    assert all(len(line) <= 80 for line in narrow.splitlines() if "─" in line)  # tables, if any, fit
    assert max(len(line) for line in wide.splitlines() if "─" in line) > 80
    whole = (
        "Danh mục: bac-giang-pepi-2019 (năm báo cáo 2020–2024); hạn báo cáo: ngày 20/02 năm sau năm báo cáo."
    )
    assert whole in narrow.splitlines()  # a sentence is not cut at 80 columns when piped
