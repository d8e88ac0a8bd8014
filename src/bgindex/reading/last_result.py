"""Last year's consolidated result (ket-qua-YYYY.xlsx) read back as untrusted input, in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.model.a1 import address
from bgindex.model.results import (
    BaselineDoubt,
    DoubtKind,
    InputValue,
    PartValue,
    PriorIndicator,
    YearData,
    figures_fingerprint,
)
from bgindex.model.status import INDICATOR_STATUS_VI, PART_STATUS_VI
from bgindex.reading import layout as L

# The breakdown shows its status in Vietnamese; files written before that hold the codes.
_PART_STATUS_CODE = {label: code for code, label in PART_STATUS_VI.items()}


class ResultReadError(Exception):
    """A consolidated result that cannot be read back; the message is Vietnamese."""


class ResultReadBug(RuntimeError):
    """A bug of ours while reading a result back (not the file's fault): an internal error, whose
    note carries the worker's traceback for --debug."""


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
            return "không phải tệp kết quả tổng hợp (thiếu trang thông tin ẩn của tệp kết quả)"
        meta = {str(r[0]): r[1] for r in book.sheet(names[L.norm(L.SHEET_META)]).rows if len(r) > 1}
        if meta.get(L.META_KIND) != L.META_KIND_RESULT:
            return "không phải tệp kết quả tổng hợp"
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
            taker = _Taker(prior, sheet_name, cols)
            for r, row in enumerate(rows[head + 1 :], start=head + 1):
                taker.take(r, {k: row[c] if c < len(row) else None for k, c in cols.items()})
        book.close()
        _check_fingerprint(prior, meta.get(L.META_FINGERPRINT))
        return prior
    except FileProblem as exc:
        from bgindex.model.issues import make_issue

        return make_issue(exc.code, path, **exc.params).message
    except (ValueError, TypeError) as exc:
        return f"nội dung không đúng cấu trúc ({exc})"


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


class _Taker:
    """Takes the rows of one sheet into a YearData, noting every doubt instead of guessing."""

    def __init__(self, data: YearData, sheet: str, cols: dict[str, int]) -> None:
        self.data, self.sheet, self.cols = data, sheet, cols
        self.seen: dict[tuple[str, ...], int] = {}  # key -> first row index

    def _doubt(self, kind: DoubtKind, r: int, column: str | None, message: str, **about: str | None) -> None:
        cell = address(r, self.cols[column] if column else min(self.cols.values()))
        self.data.doubts.append(
            BaselineDoubt(
                kind=kind, file=self.data.file_name, sheet=self.sheet, cell=cell, message=message, **about
            )
        )

    def _num(self, r: int, row: dict[str, Any], column: str, **about: str | None) -> float | None:
        raw = row[column]
        value = _num(raw)
        if value is None and _text(raw):
            self._doubt(
                "text_value",
                r,
                column,
                f"Ô {address(r, self.cols[column])} ghi '{_text(raw)}' dạng chữ, không phải số; "
                "được coi là không có số liệu.",
                **about,
            )
        return value

    def _first(self, r: int, key: tuple[str, ...], **about: str | None) -> bool:
        """True for the first row of a key; a later row of the same key is a doubt and is skipped."""
        if key not in self.seen:
            self.seen[key] = r
            return True
        self._doubt(
            "duplicate_row",
            r,
            None,
            f"Dòng {r + 1} lặp lại dòng {self.seen[key] + 1} ({', '.join(key)}); dùng dòng "
            f"{self.seen[key] + 1}, bỏ qua dòng {r + 1}.",
            **about,
        )
        return False

    def take(self, r: int, row: dict[str, Any]) -> None:
        data, sheet = self.data, self.sheet
        if sheet == L.RESULT_SHEET_INDICATORS:
            code = L.indicator_key_code(row["code"])
            if not code or not self._first(r, (code,), indicator=code):
                return
            status = _text(row["status_code"])
            value = self._num(r, row, "current", indicator=code)
            if status not in INDICATOR_STATUS_VI:
                self._doubt(
                    "unknown_status",
                    r,
                    "status_code",
                    f"Chỉ số {code}: mã trạng thái '{status}' không hợp lệ; chỉ số được coi là "
                    "không có trong tệp.",
                    indicator=code,
                )
                return
            data.indicators[code] = PriorIndicator(value, status, address(r, self.cols["current"]))  # type: ignore[arg-type]
        elif sheet == L.RESULT_SHEET_INPUTS:
            agency, variable = _text(row["agency"]), _text(row["variable"])
            if not agency or not variable:
                return
            about: dict[str, str | None] = {"agency": agency, "variable": variable}
            if not self._first(r, (agency, variable), **about):
                return
            data.inputs.setdefault(agency, {})[variable] = InputValue(
                self._num(r, row, "current", **about),
                self._num(r, row, "previous", **about),
                _text(row["file"]),
                _text(row["cell"]),
                _text(row["previous_cell"]),
                address(r, self.cols["current"]),
            )
        elif sheet == L.RESULT_SHEET_BREAKDOWN:
            code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
            if not code or not agency or not self._first(r, (code, agency), indicator=code, agency=agency):
                return
            data.parts.setdefault(code, {})[agency] = PartValue(
                self._num(r, row, "current", indicator=code, agency=agency),
                self._num(r, row, "previous", indicator=code, agency=agency),
                _PART_STATUS_CODE.get(_text(row["status"]), _text(row["status"])),
            )
        elif sheet == L.RESULT_SHEET_CAUSES:
            code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
            if code and agency and self._first(r, (code, agency), indicator=code, agency=agency):
                data.causes.setdefault(code, {})[agency] = (_text(row["cause"]), _text(row["measures"]))
        elif sheet == L.RESULT_SHEET_STATUS:
            agency = _text(row["agency"])
            # An agency counts as having reported when a file of its was used, errors or not.
            if agency and self._first(r, (agency,), agency=agency) and _text(row["used_file"]):
                data.used.add(agency)


def _check_fingerprint(data: YearData, stored: object) -> None:
    """The file's own fingerprint against the figures just read: missing is a note, a mismatch a doubt."""
    if not isinstance(stored, str) or not stored.strip():
        data.doubts.insert(
            0,
            BaselineDoubt(
                kind="no_fingerprint",
                file=data.file_name,
                message="Tệp không có mã kiểm tra số liệu (tạo bởi phiên bản cũ); không xác nhận được "
                "số liệu chưa bị sửa sau khi tổng hợp.",
            ),
        )
        return
    data.fingerprint = stored.strip()
    if figures_fingerprint(data) != data.fingerprint:
        data.doubts.insert(
            0,
            BaselineDoubt(
                kind="fingerprint_mismatch",
                file=data.file_name,
                message="Số liệu trong tệp không khớp mã kiểm tra ghi khi tổng hợp: tệp đã bị sửa sau "
                "khi tổng hợp.",
            ),
        )


def read_result(path: str | Path, catalog: Catalog) -> YearData:
    """Read a consolidated result (ket-qua-YYYY.xlsx) back, in an isolated worker."""
    value = read_any_result(path)
    if value.profile != catalog.profile.id:
        raise ResultReadError(
            f"tệp kết quả '{path}' thuộc danh mục '{value.profile}', không phải '{catalog.profile.id}'"
        )
    return value


def read_any_result(path: str | Path) -> YearData:
    """A consolidated result of whichever catalogue wrote it (the caller checks the profile)."""
    from bgindex.intake.pool import run_isolated

    path = str(path)
    if not Path(path).is_file():
        raise ResultReadError(f"không tìm thấy tệp kết quả '{path}'")
    (outcome,) = list(run_isolated(_read_job, [path], workers=1, memory_mb=600, timeout=60))
    if outcome.kind == "error":
        lines = str(outcome.value).strip().splitlines()
        bug = ResultReadBug(f"khi đọc tệp kết quả '{path}': {lines[-1] if lines else 'không rõ'}")
        bug.add_note(str(outcome.value))
        raise bug
    if outcome.kind != "ok":
        raise ResultReadError(f"không đọc được tệp kết quả '{path}' (tệp không an toàn)")
    value = outcome.value
    if isinstance(value, str):
        raise ResultReadError(f"tệp kết quả '{path}': {value}")
    return value
