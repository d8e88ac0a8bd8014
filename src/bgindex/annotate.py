"""`validate --annotate`: a copy of each file with problem cells coloured and commented."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bgindex.issues import Issue
from bgindex.layout import parse_address
from bgindex.pool import run_isolated
from bgindex.report_model import FileReport, ValidationResult

SUMMARY_SHEET = "Kết quả kiểm tra"


def _target(report: FileReport, out_dir: Path, used: set[str]) -> Path:
    src = Path(report.file)
    name = f"{src.stem}.chu-thich.xlsx"
    if name in used:
        name = f"{src.parent.name}-{name}"
    used.add(name)
    return out_dir / name


def annotate_files(result: ValidationResult, out_dir: str | Path) -> list[Path]:
    """Write annotated copies of every readable file; the originals are only read."""
    out = Path(out_dir)
    used: set[str] = set()
    jobs = [(f, _target(f, out, used)) for f in result.files if f.status != "unreadable"]
    written: list[Path] = []
    for outcome in run_isolated(_annotate_job, jobs, memory_mb=800, timeout=60):
        if outcome.kind == "ok":
            written.append(outcome.value)
    return sorted(written)


def _annotate_job(job: tuple[FileReport, Path]) -> Path:
    report, target = job
    return annotate_file(report, target)


def annotate_file(report: FileReport, target: Path) -> Path:
    import openpyxl.xml
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    from bgindex.xlsx_util import BOLD, PROBLEM_FILL, WARNING_FILL, put, save

    if not openpyxl.xml.DEFUSEDXML:  # untrusted XML must go through defusedxml
        raise RuntimeError("openpyxl is not using defusedxml")
    if report.format == "xlsx":
        wb = load_workbook(report.file, keep_vba=False, keep_links=False, rich_text=False)
    else:
        wb = _values_copy(report.file)
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.sheet and issue.cell and issue.sheet in wb.sheetnames:
            by_cell[(issue.sheet, issue.cell)].append(issue)
    for (sheet, cell), issues in by_cell.items():
        ws = wb[sheet]
        row, col = parse_address(cell)
        target_cell = ws.cell(row + 1, col + 1)
        error = any(i.severity == "error" for i in issues)
        target_cell.fill = PROBLEM_FILL if error else WARNING_FILL
        text = "\n".join(f"[{i.severity_vi} {i.code}] {i.message} {i.hint}" for i in issues)
        target_cell.comment = Comment(text, "bgindex", width=360, height=160)
    ws = wb.create_sheet(SUMMARY_SHEET, 0)
    headers = ["Mức", "Mã lỗi", "Trang", "Ô", "Giá trị", "Nội dung", "Cách sửa"]
    for c, h in enumerate(headers, start=1):
        put(ws.cell(1, c), h, BOLD)
    for r, i in enumerate(report.issues, start=2):
        for c, v in enumerate([i.severity_vi, i.code, i.sheet or "", i.cell or "", i.value or "",
                               i.message, i.hint], start=1):
            put(ws.cell(r, c), v)
    for col, width in zip("ABCDEFG", (10, 24, 20, 8, 20, 70, 60), strict=True):
        ws.column_dimensions[col].width = width
    wb.active = 0
    return save(wb, target)


def _values_copy(path: str) -> object:
    """For .xls/.ods: a new workbook holding the same values at the same addresses."""
    import python_calamine as pc
    from openpyxl import Workbook

    from bgindex.xlsx_util import put

    src = pc.CalamineWorkbook.from_path(path)
    wb = Workbook()
    wb.remove(wb.active)
    for name in src.sheet_names:
        ws = wb.create_sheet(name[:31])
        for r, row in enumerate(src.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            for c, value in enumerate(row):
                if value not in ("", None):
                    put(ws.cell(r + 1, c + 1), value)
    return wb
