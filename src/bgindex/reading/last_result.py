"""Last year's consolidated result (ket-qua-YYYY.xlsx) read back as untrusted input, in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.model.results import InputValue, PartValue, PriorIndicator, YearData
from bgindex.model.status import INDICATOR_STATUS_VI
from bgindex.reading import layout as L


class ResultReadError(Exception):
    """A consolidated result that cannot be read back; the message is Vietnamese."""


def _num(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw in ("", None):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    return None


def _read_job(path: str) -> YearData | str:
    """Runs in an isolated worker: returns the result, or a Vietnamese error text."""
    from bgindex.intake.inspect import inspect_file
    from bgindex.model.errors import FileProblem
    from bgindex.reading.book import Book

    inspection = inspect_file(path)
    if inspection.fatal:
        from bgindex.model.issues import make_issue

        code, params = inspection.fatal
        return make_issue(code, path, **params).message
    try:
        book = Book(path, inspection)
        names = {L.norm(n): n for n in book.sheet_names}
        if L.norm(L.SHEET_META) not in names:
            return "không phải tệp kết quả tổng hợp của bgindex (thiếu trang ẩn '_bgindex')"
        meta = {str(r[0]): r[1] for r in book.sheet(names[L.norm(L.SHEET_META)]).rows if len(r) > 1}
        if meta.get(L.META_KIND) != L.META_KIND_RESULT:
            return "không phải tệp kết quả tổng hợp của bgindex"
        year = int(float(meta.get("year", 0)))
        prior = YearData(path=path, year=year, profile=str(meta.get("profile", "")))
        for sheet_name, wanted in (
            (L.RESULT_SHEET_INDICATORS, L.IND_HEADERS),
            (L.RESULT_SHEET_INPUTS, L.INPUT_HEADERS),
            (L.RESULT_SHEET_BREAKDOWN, L.PART_HEADERS),
            (L.RESULT_SHEET_CAUSES, L.CAUSE_HEADERS),
            (L.RESULT_SHEET_STATUS, L.STATUS_HEADERS),
        ):
            if L.norm(sheet_name) not in names:
                if sheet_name in (L.RESULT_SHEET_INDICATORS, L.RESULT_SHEET_INPUTS):
                    return f"thiếu trang '{sheet_name}'"
                continue
            rows = book.sheet(names[L.norm(sheet_name)]).rows
            labels = {k: v.format(year=year, prev=year - 1) for k, v in wanted.items()}
            found = L.find_header(rows, labels, labels)
            if found is None:
                return f"trang '{sheet_name}' thiếu dòng tiêu đề"
            head, cols = found
            for row in rows[head + 1 :]:
                _take(prior, sheet_name, {k: row[c] if c < len(row) else None for k, c in cols.items()})
        book.close()
        return prior
    except FileProblem as exc:
        from bgindex.model.issues import make_issue

        return make_issue(exc.code, path, **exc.params).message
    except (ValueError, TypeError) as exc:
        return f"nội dung không đúng cấu trúc ({exc})"


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _take(data: YearData, sheet: str, row: dict[str, Any]) -> None:
    if sheet == L.RESULT_SHEET_INDICATORS:
        code = L.indicator_key_code(row["code"])
        status = _text(row["status_code"])
        if code and status in INDICATOR_STATUS_VI:
            data.indicators[code] = PriorIndicator(_num(row["current"]), status)  # type: ignore
    elif sheet == L.RESULT_SHEET_INPUTS:
        agency, variable = _text(row["agency"]), _text(row["variable"])
        if agency and variable:
            data.inputs.setdefault(agency, {})[variable] = InputValue(
                _num(row["current"]),
                _num(row["previous"]),
                _text(row["file"]),
                _text(row["cell"]),
                _text(row["previous_cell"]),
            )
    elif sheet == L.RESULT_SHEET_BREAKDOWN:
        code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
        if code and agency:
            data.parts.setdefault(code, {})[agency] = PartValue(
                _num(row["current"]), _num(row["previous"]), _text(row["status"])
            )
    elif sheet == L.RESULT_SHEET_CAUSES:
        code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
        if code and agency:
            data.causes.setdefault(code, {})[agency] = (_text(row["cause"]), _text(row["measures"]))
    elif sheet == L.RESULT_SHEET_STATUS and _text(row["status"]) == "valid":
        data.used.add(_text(row["agency"]))


def read_result(path: str | Path, catalog: Catalog) -> YearData:
    """Read a consolidated result (ket-qua-YYYY.xlsx) back, in an isolated worker."""
    from bgindex.intake.pool import run_isolated

    path = str(path)
    if not Path(path).is_file():
        raise ResultReadError(f"không tìm thấy tệp kết quả '{path}'")
    outcome = next(iter(run_isolated(_read_job, [path], workers=1, memory_mb=600, timeout=60)))
    if outcome.kind != "ok":
        raise ResultReadError(f"không đọc được tệp kết quả '{path}' (tệp không an toàn)")
    value = outcome.value
    if isinstance(value, str):
        raise ResultReadError(f"tệp kết quả '{path}': {value}")
    if value.profile != catalog.profile.id:
        raise ResultReadError(
            f"tệp kết quả '{path}' thuộc danh mục '{value.profile}', không phải '{catalog.profile.id}'"
        )
    return value
