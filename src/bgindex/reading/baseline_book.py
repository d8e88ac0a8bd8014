"""A baseline workbook (province-level figures of a predecessor outside bgindex), read as untrusted input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.model.a1 import address
from bgindex.model.issues import Issue
from bgindex.reading import layout as L

SHEET_BASELINE = "Số liệu nền"
META_KIND_BASELINE = "baseline"
# Header block: key -> label in column A, value in column B (rows found by label, not position).
BASELINE_LABELS = {
    "name": "Đơn vị (tỉnh cũ)",
    "unit": "Mã đơn vị",
    "year": "Năm số liệu",
    "profile": "Danh mục",
}
BASELINE_HEADERS = {
    "code": "Mã",
    "label": "Nội dung",
    "unit": "Đơn vị tính",
    "value": "Giá trị",
    "source": "Nguồn, văn bản",
}


@dataclass
class BaselineFigure:
    value: float
    source: str
    cell: str


@dataclass
class Baseline:
    """Province-level figures of one year of a unit that never reported through bgindex."""

    path: str
    unit: str
    name: str
    year: int
    profile: str
    figures: dict[str, BaselineFigure] = field(default_factory=dict)

    @property
    def file_name(self) -> str:
        return PurePath(self.path).name


class BaselineReadError(Exception):
    """A baseline workbook that cannot be used; `issues` say which cells, in Vietnamese."""

    def __init__(self, path: str, issues: list[Issue]) -> None:
        name = PurePath(path).name
        lines = [f"{i.sheet or ''}{'!' + i.cell if i.cell else ''}: {i.message}".lstrip(": ") for i in issues]
        super().__init__(f"sổ số liệu nền '{name}': " + "; ".join(lines))
        self.issues = issues


def _read_job(job: tuple[str, dict[str, tuple[str, bool]]]) -> Baseline | list[Issue]:
    """Runs in an isolated worker: the baseline, or the issues that stop it."""
    from bgindex.intake.inspect import inspect_file
    from bgindex.model.errors import FileProblem
    from bgindex.model.issues import make_issue
    from bgindex.reading.book import Book
    from bgindex.reading.cells import is_blank, parse_number, plain_text

    path, variables = job
    name = PurePath(path).name
    inspection = inspect_file(path)
    if inspection.fatal:
        fatal, params = inspection.fatal
        return [make_issue(fatal, name, **params)]
    try:
        book = Book(path, inspection)
        names = {L.norm(n): n for n in book.sheet_names}
        if L.norm(SHEET_BASELINE) not in names:
            return [make_issue("E_SHEET_MISSING", name, detail=SHEET_BASELINE)]
        sheet_name = names[L.norm(SHEET_BASELINE)]
        rows = book.sheet(sheet_name).rows
        book.close()
    except FileProblem as exc:
        return [make_issue(exc.code, name, **exc.params)]
    head: dict[str, tuple[Any, str]] = {}
    for r, row in enumerate(rows[:20]):
        label = L.norm(row[0]) if row else ""
        for key, text in BASELINE_LABELS.items():
            if label == L.norm(text) and len(row) > 1:
                head[key] = (row[1], address(r, 1))
    issues: list[Issue] = []
    for key, text in BASELINE_LABELS.items():
        if key not in head or is_blank(head[key][0]):
            issues.append(make_issue("E_REQUIRED_MISSING", name, sheet_name, what=f"'{text}' (cột B)"))
    found = L.find_header(rows, BASELINE_HEADERS, ("code", "value", "source"))
    if found is None:
        issues.append(make_issue("E_HEADER_MISSING", name, sheet_name, detail="Mã; Giá trị; Nguồn, văn bản"))
    if issues:
        return issues
    assert found is not None
    year_raw, year_cell = head["year"]
    year = parse_number(year_raw, integer=True)
    if not year.ok or year.value is None or year.value != int(year.value):
        return [make_issue("E_NOT_NUMBER", name, sheet_name, year_cell, value=year_raw)]
    baseline = Baseline(
        path=path,
        unit=plain_text(head["unit"][0]),
        name=plain_text(head["name"][0]),
        year=int(year.value),
        profile=plain_text(head["profile"][0]),
    )
    header, cols = found
    seen: dict[str, str] = {}
    for r, row in enumerate(rows[header + 1 :], start=header + 1):
        cell_of = {k: address(r, c) for k, c in cols.items()}

        def get(key: str, row: list[Any] = row) -> Any:
            c = cols.get(key)
            return row[c] if c is not None and c < len(row) else None

        code = plain_text(get("code"))
        if not code:
            continue
        if code not in variables:
            issues.append(make_issue("W_UNKNOWN_CODE", name, sheet_name, cell_of["code"], detail=code))
            continue
        if code in seen:
            issues.append(
                make_issue(
                    "E_DUPLICATE_CODE", name, sheet_name, cell_of["code"], detail=code, other=seen[code]
                )
            )
            continue
        seen[code] = cell_of["code"]
        unit, integer = variables[code]
        raw = get("value")
        if is_blank(raw):
            continue  # a figure the office does not have: the comparisons needing it say so
        parsed = parse_number(raw, unit, integer)
        cell = cell_of["value"]
        if not parsed.ok:
            issues.append(
                make_issue(parsed.code or "E_NOT_NUMBER", name, sheet_name, cell, raw, code, **parsed.params)
            )
            continue
        value = float(parsed.value)
        if value < 0:
            issues.append(make_issue("E_NEGATIVE", name, sheet_name, cell, raw, code))
            continue
        if integer and value != int(value):
            issues.append(make_issue("E_NOT_INTEGER", name, sheet_name, cell, raw, code, unit=unit))
            continue
        source = plain_text(get("source"))
        if not source:
            issues.append(
                make_issue(
                    "E_REQUIRED_MISSING",
                    name,
                    sheet_name,
                    cell_of["source"],
                    variable=code,
                    what=f"nguồn số liệu (văn bản) của mã {code}",
                )
            )
            continue
        baseline.figures[code] = BaselineFigure(value, source, cell)
    errors = [i for i in issues if i.severity == "error"]
    return errors if errors else baseline


def read_baseline(path: str | Path, catalog: Catalog, year: int) -> Baseline:
    """Read a baseline workbook for `year` of `catalog`'s variables, in an isolated worker."""
    from bgindex.intake.pool import run_isolated
    from bgindex.model.issues import make_issue

    path = str(path)
    name = PurePath(path).name
    if not Path(path).is_file():
        raise BaselineReadError(path, [make_issue("E_FILE_NOT_FOUND", name)])
    variables = {v.code: (v.unit, v.type == "integer") for v in catalog.variables}
    (outcome,) = list(run_isolated(_read_job, [(path, variables)], workers=1, memory_mb=600, timeout=60))
    if outcome.kind != "ok":
        raise BaselineReadError(path, [make_issue("E_FILE_UNSAFE", name, detail="không đọc được an toàn")])
    value = outcome.value
    if isinstance(value, list):
        raise BaselineReadError(path, value)
    if value.year != year:
        raise BaselineReadError(
            path, [make_issue("E_YEAR_MISMATCH", name, SHEET_BASELINE, found=value.year, expected=year)]
        )
    if value.profile != catalog.profile.id:
        raise BaselineReadError(
            path,
            [
                make_issue(
                    "E_PROFILE_MISMATCH",
                    name,
                    SHEET_BASELINE,
                    found=value.profile,
                    expected=catalog.profile.id,
                )
            ],
        )
    return value
