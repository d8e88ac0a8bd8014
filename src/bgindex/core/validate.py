"""`bgindex.validate`: check received workbooks cell by cell; every file gets a structured answer."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog
from bgindex.catalog.validity import validity_warnings
from bgindex.core.rules import check_report
from bgindex.intake.inspect import inspect_file
from bgindex.intake.limits import MAX_FILE_BYTES
from bgindex.intake.pool import Outcome, run_isolated
from bgindex.intake.xml_guard import assert_defused
from bgindex.model.errors import FileProblem
from bgindex.model.exits import ExitCode
from bgindex.model.issues import Issue, make_issue
from bgindex.model.reports import FileReport, SkippedFile, Summary, ValidationResult
from bgindex.reading.book import Book
from bgindex.reading.reader import read_report

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv"}
MEMORY_MB = 600
TIMEOUT_S = 30.0


def _why_skipped(path: Path) -> str | None:
    """Why a spreadsheet-like name in a folder is not read, or None when it is read."""
    if path.name.startswith("~$") or path.name.startswith(".~lock"):
        return "tệp khóa của Office (tệp đang được mở), không phải bảng tính"
    if path.name.startswith("."):
        return "tệp ẩn (tên bắt đầu bằng dấu chấm)"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"không đọc được thông tin tệp ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return ""  # a folder with a spreadsheet-like name: its files are listed on their own
    if not stat.S_ISREG(mode):
        return "không phải tệp thông thường (ống dẫn, thiết bị hoặc socket)"
    return None


def collect_files(paths: Iterable[str | Path], skipped: list[SkippedFile] | None = None) -> list[Path]:
    """Files as given, and spreadsheet-like files under folders; the spreadsheet-like names under
    folders that are not read (Office lock files, hidden names, pipes, devices) go to `skipped`."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for p in sorted(path.rglob("*")):
                if p.suffix.lower() not in SPREADSHEET_SUFFIXES:
                    continue
                why = _why_skipped(p)
                if why is None:
                    found.append(p)
                elif why and skipped is not None:
                    skipped.append(SkippedFile(file=str(p), reason=why))
            out += found
        else:
            out.append(path)
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def one_per_cell(issues: list[Issue]) -> list[Issue]:
    """One bad cell gives one message: a cell with an error keeps only its first error."""
    errored: dict[tuple[str | None, str | None], str] = {}
    for issue in issues:
        if issue.severity == "error" and issue.cell:
            errored.setdefault((issue.sheet, issue.cell), issue.code)
    out: list[Issue] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for issue in issues:
        place = (issue.sheet, issue.cell)
        if issue.cell and place in errored and issue.code != errored[place]:
            continue
        key = (issue.code, issue.sheet, issue.cell)
        if issue.cell and key in seen:
            continue
        seen.add(key)
        out.append(issue)
    return out


def _sha256(path: Path) -> str | None:
    """The hash of a file whose reader failed; None for what is no regular file or too large."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:  # never a pipe, 40 GB
            return None
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _finish(report: FileReport) -> FileReport:
    report.issues = one_per_cell(report.issues)
    report.errors = sum(i.severity == "error" for i in report.issues)
    report.warnings = sum(i.severity == "warning" for i in report.issues)
    if any(i.fatal for i in report.issues):
        report.status = "unreadable"
        report.report = None
    else:
        report.status = "invalid" if report.errors else "valid"
    return report


def validate_file(
    path: str | Path, catalog: Catalog, year: int | None = None, label: str | None = None
) -> FileReport:
    """Check one file in this process (callers that face untrusted files use `validate`)."""
    path = Path(path)
    label = label or str(path)
    inspection = inspect_file(path)  # the one read of the file: hash, scan and parser share its bytes
    sha256 = hashlib.sha256(inspection.data).hexdigest() if inspection.data else None
    out = FileReport(file=label, status="valid", sha256=sha256)
    out.format = inspection.format
    if inspection.fatal:
        code, params = inspection.fatal
        out.issues.append(make_issue(code, label, **params))
        return _finish(out)
    if inspection.has_vba:
        formulas = any(s.formulas for s in inspection.sheets.values())
        if formulas:
            out.issues.append(make_issue("E_FILE_MACRO", label))
            return _finish(out)
        out.issues.append(make_issue("W_MACRO_IGNORED", label))
    if inspection.has_external_links:
        out.issues.append(make_issue("W_EXTERNAL_LINK", label))
    try:
        book = Book(str(path), inspection)
    except FileProblem as exc:
        out.issues.append(make_issue(exc.code, label, **exc.params))
        return _finish(out)
    try:
        report, issues = read_report(book, catalog, label, year)
    finally:
        book.close()
    out.issues += issues
    out.issues += check_report(report, catalog, label)
    out.report = report
    out.agency, out.year = report.agency, report.year
    out.report_date = report.info.report_date
    return _finish(out)


class _Task:
    """Picklable-free closure for forked workers."""

    def __init__(self, catalog: Catalog, year: int | None, with_reports: bool = True) -> None:
        self.catalog, self.year, self.with_reports = catalog, year, with_reports

    def __call__(self, item: tuple[str, str]) -> FileReport:
        path, label = item
        report = validate_file(path, self.catalog, self.year, label)
        if not self.with_reports:
            report.report = None  # the values are not wanted: less to pickle and to hold
        return report


def _failed(outcome: Outcome, path: Path, label: str) -> FileReport:
    """A file whose reader died or overran (unsafe), or met a bug of ours (internal)."""
    report = FileReport(file=label, status="unreadable", sha256=_sha256(path))
    if outcome.kind == "error":
        report.issues.append(make_issue("E_READ_INTERNAL", label))
        return _finish(report)
    if outcome.kind == "timeout":
        detail = f"việc đọc tệp vượt quá {TIMEOUT_S:.0f} giây"
    else:
        detail = f"trình đọc vượt giới hạn bộ nhớ {MEMORY_MB} MB hoặc bị dừng đột ngột"
    report.issues.append(make_issue("E_FILE_UNSAFE", label, detail=detail))
    return _finish(report)


def validate_files(
    files: Sequence[Path],
    catalog: Catalog,
    year: int | None = None,
    workers: int | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    debug: bool = False,
    with_reports: bool = True,
    labels: Mapping[str, str] | None = None,
) -> list[FileReport]:
    """Validate files in isolated workers; results in the order of `files`. Without
    `with_reports` each FileReport keeps its issues but not the values read (`report` is None).
    `labels` names a file in the reports otherwise than by its path (standard input, spooled)."""
    assert_defused()
    items = [(str(p), (labels or {}).get(str(p), str(p))) for p in files]
    results: list[FileReport | None] = [None] * len(files)
    for outcome in run_isolated(
        _Task(catalog, year, with_reports),
        items,
        workers=workers,
        memory_mb=MEMORY_MB,
        timeout=TIMEOUT_S,
        quiet=not debug,
    ):
        if outcome.kind == "ok":
            report = outcome.value
        else:
            if debug and outcome.kind == "error":
                import sys

                print(outcome.value, file=sys.stderr)
            report = _failed(outcome, files[outcome.index], items[outcome.index][1])
        results[outcome.index] = report
        if on_file:
            on_file(report)
    return [r for r in results if r is not None]


def summarize(files: list[FileReport]) -> tuple[Summary, ExitCode]:
    s = Summary(files=len(files))
    for f in files:
        setattr(s, f.status, getattr(s, f.status) + 1)
        s.errors += f.errors
        s.warnings += f.warnings
    code: ExitCode = ExitCode.UNREADABLE if s.unreadable else ExitCode.DATA if s.errors else ExitCode.OK
    return s, code


def validate(
    paths: Iterable[str | Path],
    catalog: Catalog | None = None,
    year: int | None = None,
    workers: int | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    debug: bool = False,
    with_reports: bool = True,
    labels: Mapping[str, str] | None = None,
) -> ValidationResult:
    """Validate files and folders; returns every problem of every file, and the exit code
    (and, with `with_reports`, every value read, with its cell)."""
    catalog = catalog or load_catalog()
    skipped: list[SkippedFile] = []
    files = collect_files(paths, skipped)
    reports = validate_files(files, catalog, year, workers, on_file, debug, with_reports, labels)
    summary, code = summarize(reports)
    return ValidationResult(
        catalog=catalog.profile.id,
        year=year,
        files=reports,
        skipped=skipped,
        catalog_warnings=validity_warnings(catalog, year),
        summary=summary,
        exit_code=code,
    )


def read_workbook(path: str | Path, catalog: Catalog | None = None, year: int | None = None) -> FileReport:
    """Read one workbook (in an isolated worker) and return its report with values and issues."""
    catalog = catalog or load_catalog()
    return validate_files([Path(path)], catalog, year, workers=1)[0]
