"""The baselines bgindex is measured against, each run as its own process by `benchmarks/run.py`.

    python benchmarks/baselines.py pandas LIST    # what an officer would write: pandas + openpyxl
    python benchmarks/baselines.py floor LIST     # bare read floor: python-calamine, every sheet
    python benchmarks/baselines.py floor LIST --workers 2

LIST is a text file with one workbook path a line. `frictionless validate` is the third baseline;
`run.py` writes its data package (one resource per file, the 'Số liệu' sheet, FRICTIONLESS_SCHEMA)
and runs the `frictionless` command itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The table schema equivalent to bgindex's checks of the data sheet, as far as a table schema goes:
# the header row is row 4; every row has a label; both year columns are numbers >= 0. Integer
# variables and decimal ones share a column, so the column can only be "number"; the section row of
# the statistics office has no code, so "Mã" cannot be required.
FRICTIONLESS_SCHEMA = {
    "fields": [
        {"name": "Mã", "type": "string"},
        {"name": "Nội dung", "type": "string", "constraints": {"required": True}},
        {"name": "Đơn vị tính", "type": "string"},
        {"name": "Năm {previous}", "type": "number", "constraints": {"minimum": 0}},
        {"name": "Năm {year}", "type": "number", "constraints": {"minimum": 0}},
        {"name": "Nguyên nhân tăng/giảm", "type": "string"},
        {"name": "Biện pháp đã thực hiện", "type": "string"},
        {"name": "Ghi chú", "type": "string"},
    ]
}


def frictionless_schema(year: int) -> dict:
    fields = [
        {**f, "name": f["name"].format(year=year, previous=year - 1)} for f in FRICTIONLESS_SCHEMA["fields"]
    ]
    return {"fields": fields}


def pandas_openpyxl(files: list[str]) -> int:
    """Read every sheet of every file with pandas + openpyxl; count negative figures in the data
    sheet (the check an officer would add). Returns the number of files with a problem."""
    import pandas as pd

    bad = 0
    for path in files:
        sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)
        data = sheets.get("Số liệu")
        if data is None:
            bad += 1
            continue
        values = data.iloc[4:, 3:5].apply(pd.to_numeric, errors="coerce")
        if (values < 0).any().any():
            bad += 1
    return bad


def _floor_one(path: str) -> int:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(path)
    cells = 0
    for name in wb.sheet_names:
        cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
    wb.close()
    return cells


def calamine_floor(files: list[str], workers: int = 1) -> int:
    """Open every file and read every sheet with python-calamine; no checks at all."""
    if workers <= 1:
        return sum(_floor_one(p) for p in files)
    import multiprocessing as mp

    with mp.get_context("fork").Pool(workers) as pool:
        return sum(pool.imap_unordered(_floor_one, files, chunksize=16))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Baselines for the bgindex benchmark")
    ap.add_argument("kind", choices=("pandas", "floor"))
    ap.add_argument("list", type=Path, help="text file: one workbook path a line")
    ap.add_argument("--workers", type=int, default=1, help="floor only: reading processes")
    args = ap.parse_args(argv)
    files = [ln for ln in args.list.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if args.kind == "pandas":
        bad = pandas_openpyxl(files)
        print(f"pandas+openpyxl: {len(files)} files read, {bad} with a problem")
    else:
        cells = calamine_floor(files, args.workers)
        print(f"calamine floor: {len(files)} files read, {cells} cells")
    return 0


if __name__ == "__main__":
    sys.exit(main())
