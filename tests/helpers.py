"""Test helpers: fill a bgindex template with openpyxl, find rows by code."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from bgindex.catalog.model import Catalog
from bgindex.core.formula import evaluate_indicator
from bgindex.outputs.agency_template import make_templates
from bgindex.reading import layout as L


def code_rows(ws: Any) -> dict[str, int]:
    """Variable or indicator code -> 1-based row in the data sheet."""
    out: dict[str, int] = {}
    for row in ws.iter_rows(min_row=1, max_col=1):
        v = row[0].value
        if isinstance(v, str) and v and v != "Mã":
            out[v] = row[0].row
    return out


def default_values(
    catalog: Catalog, agency: str, year: int, scale: float = 1.0
) -> dict[str, tuple[float, float]]:
    """Consistent (previous, current) values for every variable of an agency: parts within wholes."""
    values: dict[str, tuple[float, float]] = {}
    for i, code in enumerate(catalog.variables_for(agency, year)):
        var = catalog.variable_by_code[code]
        base = 1000.0 * (i + 3) * scale
        if var.type == "integer":
            base = float(round(base))
        values[code] = (base, base + (10 if var.type == "integer" else 12.5))
    # make every numerator no larger than its denominator
    for ind in catalog.indicators_for(agency, year):
        for num, den in zip(ind.numerator, ind.denominator, strict=False):
            if num in values and den in values:
                p, c = values[den]
                values[num] = (
                    p * 0.8 if catalog.variable_by_code[num].type == "decimal" else float(int(p * 0.8)),
                    c * 0.9 if catalog.variable_by_code[num].type == "decimal" else float(int(c * 0.9)),
                )
    for rule in catalog.rules:
        if rule.left in values and rule.right in values:
            p, c = values[rule.right]
            values[rule.left] = (float(int(p * 0.5)), float(int(c * 0.5)))
    return values


def fill_workbook(
    path: Path,
    catalog: Catalog,
    values: dict[str, tuple[Any, Any]] | None = None,
    causes: dict[str, str] | None = None,
    docs: bool = True,
    report_date: dt.date | None = dt.date(2025, 2, 10),
) -> Path:
    """Fill a generated template in place: values, a cause per indicator, documents, info."""
    wb = load_workbook(path)
    meta = {r[0].value: r[1].value for r in wb[L.SHEET_META].iter_rows()}
    agency, year = meta["agency"], int(meta["year"])
    values = values if values is not None else default_values(catalog, agency, year)
    ws = wb[L.SHEET_DATA]
    rows = code_rows(ws)
    for code, (prev, cur) in values.items():
        ws.cell(rows[code], 4).value = prev
        ws.cell(rows[code], 5).value = cur
    for ind in catalog.indicators_for(agency, year):
        ev = evaluate_indicator(ind, {c: v[1] for c, v in values.items()})
        if ev.value is not None:
            ws.cell(rows[ind.key], 5).value = round(ev.value, 2)
            evp = evaluate_indicator(ind, {c: v[0] for c, v in values.items()})
            ws.cell(rows[ind.key], 4).value = round(evp.value, 2) if evp.value is not None else None
        text = (causes or {}).get(ind.code, f"Tăng do đầu tư thêm hạ tầng cho chỉ số {ind.code}.")
        ws.cell(rows[ind.key], 6).value = text
        ws.cell(rows[ind.key], 7).value = "Tăng cường kiểm tra, giám sát."
    info = wb[L.SHEET_INFO]
    for r in range(1, 20):
        label = info.cell(r, 1).value
        if label == L.INFO_LABELS["reporter"]:
            info.cell(r, 2).value = "Nguyễn Văn An"
        elif label == L.INFO_LABELS["report_date"]:
            info.cell(r, 2).value = report_date
        elif label == L.INFO_LABELS["letter_no"]:
            info.cell(r, 2).value = f"12/BC-{agency}"
    if docs:
        d = wb[L.SHEET_DOCS]
        for n, ind in enumerate(catalog.indicators_for(agency, year)):
            r = 5 + n
            d.cell(r, 2).value = ind.key
            d.cell(r, 3).value = f"{n + 1}/BC-{agency}"
            d.cell(r, 4).value = dt.date(year, 12, 15)
            d.cell(r, 5).value = "UBND tỉnh"
            d.cell(r, 6).value = f"Báo cáo số liệu chỉ số {ind.code}"
            d.cell(r, 7).value = f"{n + 1}-BC-{agency}.pdf"
    wb.save(path)
    return path


def filled(tmp: Path, catalog: Catalog, agency: str, year: int = 2024, **kw: Any) -> Path:
    """A filled, valid workbook for one agency."""
    path = make_templates(catalog, year, tmp, [agency]).files[0]
    return fill_workbook(path, catalog, **kw)


def copy_samples(tmp: Path, year: int = 2024) -> Path:
    """A copy of one year's sample workbooks, to edit."""
    import shutil

    folder = tmp / "nhan-ve"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "samples" / str(year), folder)
    return folder


def edited_2024(tmp: Path, agency: str, edits: dict[str, tuple[int, Any]]) -> tuple[Path, dict[str, str]]:
    """A copy of the 2024 samples with cells of one agency's data rows changed; the folder and the
    changed cells.

    edits: code -> (0-based column, new value or a function of the old value)."""
    folder = copy_samples(tmp)
    path = folder / f"bgindex-2024-{agency}.xlsx"
    wb = load_workbook(path)
    cells = {}
    for row in wb[L.SHEET_DATA].iter_rows(min_row=5):
        if row[0].value in edits:
            col, new = edits[row[0].value]
            row[col].value = new(row[col].value) if callable(new) else new
            cells[row[0].value] = row[col].coordinate
    wb.save(path)
    return folder, cells


def issue_keys(file_report: Any, severity: str | None = "error") -> set[tuple[str, str | None]]:
    return {(i.code, i.cell) for i in file_report.issues if severity is None or i.severity == severity}


def soffice_convert(
    files: list[Path], out_dir: Path, target: str, infilter: str | None = None, timeout: float = 240
) -> list[Path]:
    """Convert files with headless LibreOffice in one call (start-up dominates); returns outputs."""
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; .ci/run installs it")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", target, "--outdir", str(out_dir), *map(str, files)]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    ext = target.split(":")[0]
    outs = [out_dir / f"{Path(f).stem}.{ext}" for f in files]
    missing = [p for p in outs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not write {missing}")
    return outs


def vietnamese_letters() -> list[str]:
    """The 134 letters with diacritics of Vietnamese (67 lower case, 67 upper case), NFC."""
    import unicodedata

    from bgindex.model.vn import TONE_MARKS, VOWELS

    lower = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONE_MARKS]
    lower = [c for c in lower if not c.isascii()] + ["đ"]
    return lower + [c.upper() for c in lower]


def missing_glyphs(font_file: str, text: str) -> list[str]:
    """Characters of `text` that the font has no glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(font_file, lazy=True) as font:
        cmap = font.getBestCmap()
    return [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in cmap]


def run_bgindex(
    *args: str,
    timeout: float = 300,
    env: dict[str, str | None] | None = None,
    command: list[str] | None = None,
    cwd: Path | None = None,
    stdout: Any = None,
    columns: int | None = None,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[str]:
    """The command line in a fresh process, as an officer runs it. Output is asked for in UTF-8
    (PYTHONIOENCODING) unless `env` says otherwise (a None value removes a variable), and read as
    strict UTF-8. `columns` sets COLUMNS (piped output follows it; unset otherwise), `stdin` is fed to
    standard input, `command` replaces `python -m bgindex` (e.g. a built executable), `stdout` (an
    open file) redirects standard output instead of capturing it. The project's src/ comes first on
    PYTHONPATH, so the code under test runs whether or not the package is installed."""
    merged: dict[str, str] = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    merged.pop("COLUMNS", None)
    if columns is not None:
        merged["COLUMNS"] = str(columns)
    for name, value in (env or {}).items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    src = str(Path(__file__).resolve().parents[1] / "src")
    merged["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [merged.get("PYTHONPATH")])])
    proc = subprocess.run(
        [*(command or [sys.executable, "-m", "bgindex"]), *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        env=merged,
        cwd=cwd,
        timeout=timeout,
        input=stdin,
    )
    out = proc.stdout.decode("utf-8") if proc.stdout is not None else None
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, proc.stderr.decode("utf-8"))


def zip_bytes(members: dict[str, bytes], deflate: bool = False) -> bytes:
    """A zip built in memory (stored, or deflated when `deflate`: a zip bomb needs compression)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()
