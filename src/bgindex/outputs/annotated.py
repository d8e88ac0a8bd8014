"""`validate --annotate`: a copy of each file with problem cells coloured and commented."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bgindex.intake.pool import run_isolated
from bgindex.model.a1 import parse_address
from bgindex.model.issues import Issue
from bgindex.model.reports import FileReport, ValidationResult

SUMMARY_SHEET = "Kết quả kiểm tra"
SUMMARY_HEADERS = ["Mức", "Mã lỗi", "Trang", "Ô", "Giá trị", "Nội dung", "Cách sửa"]
SUMMARY_WIDTHS = (10, 24, 20, 8, 20, 70, 60)
SUMMARY_TITLE = "KẾT QUẢ KIỂM TRA TỆP BÁO CÁO"
SUMMARY_INTRO = (
    "Đề nghị quý cơ quan sửa các nội dung dưới đây trong tệp báo cáo gốc (không sửa trên bản "
    "chú thích này) rồi gửi lại. Bấm vào địa chỉ ô ở cột Ô để chuyển tới ô cần sửa; di chuột vào "
    "ô tô màu để xem chú thích."
)
LEGEND = (
    ("error", "Ô tô màu đỏ: lỗi, cần sửa trước khi gửi lại."),
    ("warning", "Ô tô màu vàng: cảnh báo, đề nghị kiểm tra lại; nếu số liệu đúng, ghi rõ ở cột Ghi chú."),
)
AUTHOR = "Cơ quan tổng hợp"
# Rows of the summary sheet before its table: title, note to the clerk, the colour legend, a gap.
SUMMARY_HEAD_ROW = 3 + len(LEGEND) + 1
# Above this many cells openpyxl (~1 KB a cell, seconds per 100,000) is not used to copy the file:
# the copy is rebuilt from the values instead, streamed.
OPENPYXL_CELLS = 100_000


def _target(report: FileReport, out_dir: Path, used: set[str]) -> Path:
    """A name of its own in `out_dir`, compared without case: on Windows and macOS `SYT.xlsx` and
    `syt.xlsx` are one file, so two copies so named would overwrite each other."""
    src = Path(report.file)
    name = f"{src.stem}.chu-thich.xlsx"
    if name.casefold() in used:
        name = f"{src.parent.name}-{name}"
    number = 2
    while name.casefold() in used:
        name = f"{src.parent.name}-{src.stem}-{number}.chu-thich.xlsx"
        number += 1
    used.add(name.casefold())
    return out_dir / name


@dataclass(frozen=True)
class NotAnnotated:
    """A file whose annotated copy could not be written, and why."""

    file: str
    target: Path
    refusal: OSError | None  # the machine's refusal (no right, full disk, name too long…)
    kind: str  # "refused", or the worker's outcome: "error", "crashed", "timeout"


def annotate_files(
    result: ValidationResult, out_dir: str | Path, every_file: bool = False
) -> tuple[list[Path], list[NotAnnotated]]:
    """Write annotated copies of the readable files with issues (of every readable file when
    `every_file`; the originals are only read); returns the copies written and every file that
    got none, with the reason."""
    out = Path(out_dir)
    used: set[str] = set()
    jobs = [
        (f, _target(f, out, used))
        for f in result.files
        if f.status != "unreadable" and (every_file or f.issues)
    ]
    written: list[Path] = []
    missed: list[NotAnnotated] = []
    for outcome in run_isolated(_annotate_job, jobs, memory_mb=800, timeout=60):
        report, target = jobs[outcome.index]
        if outcome.kind == "ok" and isinstance(outcome.value, Path):
            written.append(outcome.value)
        elif outcome.kind == "ok":
            code, strerror, filename = outcome.value
            missed.append(NotAnnotated(report.file, target, OSError(code, strerror, filename), "refused"))
        else:
            missed.append(NotAnnotated(report.file, target, None, outcome.kind))
    return sorted(written), sorted(missed, key=lambda m: m.file)


def _annotate_job(job: tuple[FileReport, Path]) -> Path | tuple[int | None, str | None, str]:
    """The copy's path, or the machine's refusal as (errno, message, file name) to carry back."""
    report, target = job
    try:
        return annotate_file(report, target)
    except OSError as exc:
        return exc.errno, exc.strerror, str(exc.filename or target)


def _other_cell(report: FileReport, issue: Issue) -> tuple[str, str] | None:
    """The whole's cell of a part-larger-than-whole: the clerk must see both figures compared."""
    if issue.code != "E_PART_EXCEEDS_WHOLE" or not issue.related or not issue.variable:
        return None
    values = report.report.values if report.report else {}
    part, whole = values.get(issue.variable), values.get(issue.related)
    if part is None or whole is None or not whole.sheet:
        return None
    cell = whole.cell if issue.cell == part.cell else whole.previous_cell
    return (whole.sheet, cell) if cell else None


def _by_cell(report: FileReport, sheets: list[str]) -> dict[tuple[str, str], list[Issue]]:
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.sheet and issue.cell and issue.sheet in sheets:
            by_cell[(issue.sheet, issue.cell)].append(issue)
        other = _other_cell(report, issue)
        if other and other[0] in sheets and issue not in by_cell[other]:
            by_cell[other].append(issue)
    return by_cell


def _clean(value: Any) -> Any:
    """Text as a worksheet can hold it: the control characters XML 1.0 forbids are dropped (the
    original value is what the issue is about; the copy shows it without them)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _comment_text(issues: list[Issue]) -> str:
    return _clean("\n".join(f"[{i.severity_vi} {i.code}] {i.message} {i.hint}" for i in issues))


def _summary_rows(report: FileReport, notes: list[str]) -> list[list[str]]:
    rows = [
        [i.severity_vi, i.code, i.sheet or "", i.cell or "", i.value or "", i.message, i.hint]
        for i in report.issues
    ]
    rows += [["ghi chú", "", "", "", "", note, ""] for note in notes]
    return [[_clean(v) for v in row] for row in rows]


def annotate_file(report: FileReport, target: Path) -> Path:
    """The original workbook with problem cells coloured, when openpyxl can carry it; otherwise
    (.xls/.ods, very large files, sheets too large to read) a copy rebuilt from its values."""
    import openpyxl.xml

    from bgindex.intake.inspect import inspect_file

    if not openpyxl.xml.DEFUSEDXML:  # untrusted XML must go through defusedxml
        raise RuntimeError("openpyxl is not using defusedxml")
    inspection = inspect_file(report.file)
    if inspection.fatal:
        raise RuntimeError(f"{report.file} is not readable: {inspection.fatal[0]}")
    scans = inspection.sheets.values()
    if (
        report.format == "xlsx"
        and not any(s.oversized for s in scans)
        and sum(s.cells for s in scans) <= OPENPYXL_CELLS
    ):
        return _annotate_original(report, target)
    return _annotate_values(report, inspection, target)


def _annotate_original(report: FileReport, target: Path) -> Path:
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    from bgindex.outputs.xlsx_writing import PROBLEM_FILL, WARNING_FILL, save

    # data_only: every formula cell holds its stored value, so nothing of the agency's runs in the copy.
    wb = load_workbook(report.file, keep_vba=False, keep_links=False, rich_text=False, data_only=True)
    _drop_live_parts(wb)
    for (sheet, cell), issues in _by_cell(report, wb.sheetnames).items():
        row, col = parse_address(cell)
        target_cell = wb[sheet].cell(row + 1, col + 1)
        error = any(i.severity == "error" for i in issues)
        target_cell.fill = PROBLEM_FILL if error else WARNING_FILL
        target_cell.comment = Comment(_comment_text(issues), AUTHOR, width=360, height=160)
        # The template hides its code column; a problem found there must be seen.
        wb[sheet].column_dimensions[target_cell.column_letter].hidden = False
    ws = wb.create_sheet(SUMMARY_SHEET, 0)
    _write_summary(ws, report, [], set(wb.sheetnames))
    wb.active = 0
    return save(wb, target)


def _write_summary(ws: Any, report: FileReport, notes: list[str], sheets: set[str]) -> None:
    """Title, a word to the clerk, the colour legend, then one wrapped row per issue whose cell
    address links to the cell."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    from bgindex.outputs.xlsx_writing import (
        FONT_NAME,
        PROBLEM_FILL,
        WARNING_FILL,
        fit_page,
        put,
        wrapped_height,
    )

    put(ws.cell(1, 1), SUMMARY_TITLE, "title")
    put(ws.cell(2, 1), SUMMARY_INTRO, "wrap")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(SUMMARY_HEADERS))
    ws.row_dimensions[2].height = 36
    for r, (severity, text) in enumerate(LEGEND, start=3):
        put(ws.cell(r, 1), "", "cell", fill=PROBLEM_FILL if severity == "error" else WARNING_FILL)
        put(ws.cell(r, 2), text)
    head = SUMMARY_HEAD_ROW
    for c, title in enumerate(SUMMARY_HEADERS, start=1):
        put(ws.cell(head, c), title, "head")
    for r, values in enumerate(_summary_rows(report, notes), start=head + 1):
        for c, v in enumerate(values, start=1):
            put(ws.cell(r, c), v, "cell")
        sheet, cell = values[2], values[3]
        if sheet in sheets and cell:
            link = ws.cell(r, 4)
            quoted = sheet.replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{cell}", display=cell)
            link.font = Font(name=FONT_NAME, size=12, color="0563C1", underline="single")
        height = wrapped_height([(str(v), SUMMARY_WIDTHS[c]) for c, v in enumerate(values) if v])
        if height:
            ws.row_dimensions[r].height = height
    for c, width in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + c)].width = width
    ws.freeze_panes = ws.cell(head + 1, 1)
    fit_page(ws, "landscape", f"{head}:{head}")


def _drop_live_parts(wb: Any) -> None:
    """What else of the agency's a spreadsheet program would act on when the copy is opened: cell
    links, defined names, and the formulas of conditional formats and data validations."""
    from openpyxl.formatting.formatting import ConditionalFormattingList

    wb.defined_names.clear()
    for ws in wb.worksheets:
        ws.defined_names.clear()
        ws.conditional_formatting = ConditionalFormattingList()
        ws.data_validations.dataValidation = []
        for row in ws.iter_rows():
            for c in row:
                if c.hyperlink is not None:
                    c.hyperlink = None


def _annotate_values(report: FileReport, inspection: Any, target: Path) -> Path:
    """A streamed (write-only) workbook: the summary, then every readable sheet's values at the
    same addresses, problem cells coloured and commented. Text always stays text."""
    import python_calamine as pc
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment

    from bgindex.outputs.xlsx_writing import BOLD, FONT, PROBLEM_FILL, WARNING_FILL, WRAP, save

    def cell(ws: Any, value: Any, font: Any = FONT) -> Any:
        out = WriteOnlyCell(ws, value=_clean(value))
        if isinstance(value, str):
            out.data_type = "s"  # never a formula, whatever the text starts with
        out.font = font
        return out

    with open(report.file, "rb") as fh:
        src = pc.CalamineWorkbook.from_filelike(fh)
    names = [m.name for m in src.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
    readable = [n for n in names if not (inspection.sheets.get(n) and inspection.sheets[n].oversized)]
    notes = [f"Trang '{n}' quá lớn, không được chép sang bản chú thích." for n in names if n not in readable]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SUMMARY_SHEET[:31])
    for letter, width in zip("ABCDEFG", SUMMARY_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.append([cell(ws, SUMMARY_TITLE, BOLD)])
    ws.append([cell(ws, SUMMARY_INTRO)])
    ws.append([])
    ws.append([cell(ws, h, BOLD) for h in SUMMARY_HEADERS])
    for values in _summary_rows(report, notes):
        row = [cell(ws, v) for v in values]
        for item in row:
            item.alignment = WRAP
        ws.append(row)
    by_cell = _by_cell(report, readable)
    for name in readable:
        ws = wb.create_sheet(name[:31])
        marked = {parse_address(c): issues for (s, c), issues in by_cell.items() if s == name}
        for r, row in enumerate(src.get_sheet_by_name(name).to_python(skip_empty_area=False)):
            out = []
            for c, raw in enumerate(row):
                blank = raw == "" or (isinstance(raw, float) and raw != raw)  # NaN: an error cell
                item = cell(ws, None if blank else raw)
                issues = marked.get((r, c))
                if issues:
                    error = any(i.severity == "error" for i in issues)
                    item.fill = PROBLEM_FILL if error else WARNING_FILL
                    item.comment = Comment(_comment_text(issues), AUTHOR, width=360, height=160)
                out.append(item)
            ws.append(out)
    src.close()
    return save(wb, target)
