"""Read an agency workbook into an AgencyReport: sheets and columns found by content, not position."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from bgindex.catalog.model import Catalog, Variable
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem
from bgindex.model.issues import Issue, IssueCode, make_issue, show_value
from bgindex.model.reports import (
    AgencyReport,
    Document,
    IndicatorEntry,
    ReportInfo,
    VariableValue,
)
from bgindex.reading import layout as L
from bgindex.reading.book import Book, Sheet
from bgindex.reading.cells import (
    Parsed,
    clean_text,
    is_blank,
    parse_date,
    parse_number,
    plain_text,
    strip_invisible,
)
from bgindex.reading.layout import norm

_YEAR_HEADER = re.compile(r"năm\s*(\d{4})")
_INDICATOR_LIST = re.compile(r"\s*(?:[,;/+&]|\bvà\b)\s*")


class Stop(Exception):
    """The file cannot be read further (structure missing); issues so far stand."""


class Reader:
    """Collects issues while reading one workbook."""

    def __init__(self, book: Book, catalog: Catalog, label: str, expected_year: int | None) -> None:
        self.book = book
        self.catalog = catalog
        self.label = label
        self.expected_year = expected_year
        self.issues: list[Issue] = []
        self.report = AgencyReport(file=label)
        self.bad_cells: set[tuple[str, str]] = set()
        self.year_mismatch_on: str | None = None

    # ---- issue helpers ---------------------------------------------------------------------
    def add(
        self,
        code: IssueCode,
        sheet: str | None = None,
        cell: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> None:
        self.issues.append(make_issue(code, self.label, sheet, cell, value, **params))
        if code.startswith("E_") and sheet and cell:
            self.bad_cells.add((sheet, cell))

    def add_parsed(self, parsed: Parsed, sheet: str, cell: str, raw: Any, **params: Any) -> None:
        for note in parsed.notes:
            self.add_parsed(note, sheet, cell, raw, **params)
        if parsed.code:
            self.add(parsed.code, sheet, cell, raw, **{**parsed.params, **params})

    # ---- sheets ----------------------------------------------------------------------------
    def find_sheet(self, canonical: str, signature: Callable[[Sheet], bool]) -> Sheet | None:
        """A sheet by its name, else the first loadable sheet whose content has the signature."""
        wanted = norm(canonical)
        for name in self.book.sheet_names:
            if norm(name) == wanted:
                return self.book.sheet(name)
        for name in self.book.sheet_names:
            if self.book.loadable(name):
                sheet = self.book.sheet(name)
                if signature(sheet):
                    return sheet
        return None

    def find_one_sheet(
        self, canonical: str, signature: Callable[[Sheet], bool], required: bool = True
    ) -> Sheet | None:
        """Like find_sheet, but a second sheet that looks like it (by name or by content, hidden or
        not) is an error naming them all: which one holds the agency's figures is never guessed.
        None once the error is reported (a missing sheet is one too, if required)."""
        wanted = norm(canonical)
        alike = [
            name
            for name in self.book.sheet_names
            if norm(name) == wanted or (self.book.loadable(name) and signature(self.book.sheet(name)))
        ]
        if len(alike) > 1:
            names = ", ".join(f"'{n}'" for n in alike)
            self.add("E_SHEET_DUPLICATE", alike[1], None, detail=canonical, count=len(alike), names=names)
            return None
        sheet = self.find_sheet(canonical, signature)
        if sheet is None and required:
            self.add("E_SHEET_MISSING", detail=canonical)
        return sheet

    def read(self) -> AgencyReport:
        try:
            self._meta()
            self._info()
            self._data()
            self._docs()
        except Stop:
            pass
        return self.report

    # ---- hidden metadata ------------------------------------------------------------------
    def _meta(self) -> None:
        sheet = self.find_sheet(L.SHEET_META, lambda s: norm(s.get(0, 0)) == L.META_KIND)
        meta: dict[str, str] = {}
        if sheet is not None:
            for row in sheet.rows[:50]:
                if len(row) >= 2 and not is_blank(row[0]):
                    meta[plain_text(row[0])] = plain_text(row[1])
        if meta.get(L.META_KIND) != L.META_KIND_REPORT:
            found = meta.get(L.META_KIND)
            detail = (
                "đây là tệp kết quả tổng hợp, không phải báo cáo của cơ quan"
                if found == L.META_KIND_RESULT
                else f"tệp không theo biểu mẫu do {self._consolidator()} gửi kèm Kế hoạch (thiếu trang "
                "thông tin ẩn của biểu mẫu)"
            )
            self.add("E_NOT_TEMPLATE", sheet.name if sheet else None, None, detail=detail)
            raise Stop
        assert sheet is not None  # the kind was read from it
        version = meta.get("template_version", "")
        if version != L.TEMPLATE_VERSION:
            self.add(
                "E_TEMPLATE_VERSION",
                sheet.name,
                None,
                version,
                found=version or "?",
                expected=L.TEMPLATE_VERSION,
            )
            raise Stop
        profile = meta.get("profile", "")
        if profile != self.catalog.profile.id:
            self.add(
                "E_PROFILE_MISMATCH",
                sheet.name,
                None,
                profile,
                found=profile,
                expected=self.catalog.profile.id,
            )
            raise Stop
        agency = meta.get("agency", "")
        if agency not in self.catalog.agency_by_code:
            self.add("E_AGENCY_UNKNOWN", sheet.name, None, agency, found=agency)
            raise Stop
        year_text = meta.get("year", "")
        if not year_text.isdigit():
            self.add("E_NOT_TEMPLATE", sheet.name, None, year_text, detail="năm báo cáo không hợp lệ")
            raise Stop
        year = int(year_text)
        gone = self.catalog.not_reporting_reason(agency, year)
        if gone is not None:  # a unit dissolved before the year's deadline, or formed after it
            self.add("E_AGENCY_NOT_REPORTING", sheet.name, None, agency, found=agency, detail=gone)
            raise Stop
        self.report.agency, self.report.year = agency, year
        self.report.profile, self.report.template_version = profile, version
        if self.expected_year is not None and year != self.expected_year:
            self.year_mismatch_on = sheet.name  # reported in _info, at the visible year cell

    def _consolidator(self) -> str:
        """The body whose form this should be, as of the deadline of the year being checked."""
        from datetime import date

        year = self.expected_year or self.report.year
        return self.catalog.consolidator_name(self.catalog.deadline(year) if year else date.today())

    def _agency_words(self, code: str) -> str:
        """An agency as a clerk knows it: its name for the report's year; an unknown code quoted."""
        known = next((c for c in self.catalog.agency_by_code if c.casefold() == code.casefold()), None)
        if known is not None:
            return self.catalog.agency_name_for_year(known, self.report.year or 0)
        return f"'{code}' (mã không có trong danh mục)"

    # ---- information sheet ----------------------------------------------------------------
    def _info(self) -> None:
        code_label = norm(L.INFO_LABELS["agency_code"])
        sheet = self.find_one_sheet(
            L.SHEET_INFO,
            lambda s: any(
                norm(v) == code_label for row in s.rows[:40] for v in row[:5] if isinstance(v, str)
            ),
        )
        if sheet is None:
            self._year_mismatch(None)
            return
        labels = {norm(v): k for k, v in L.INFO_LABELS.items()}
        info = ReportInfo()
        for r, row in enumerate(sheet.rows[:60]):
            for c, raw in enumerate(row[:6]):
                key = labels.get(norm(raw)) if isinstance(raw, str) else None
                if key is None:
                    continue
                value, cell = sheet.get(r, c + 1), address(r, c + 1)
                if key == "report_date":
                    parsed = parse_date(value, self.report.year)
                    self.add_parsed(parsed, sheet.name, cell, value)
                    info.report_date = parsed.value if parsed.ok else None
                    info.report_date_cell = cell
                    if is_blank(value):
                        self.add("W_REPORT_DATE_MISSING", sheet.name, cell)
                elif key != "year":
                    text = self.text(sheet, r, c + 1)
                    setattr(info, key, text)
                break
        self.report.info = info
        self._year_mismatch(sheet)
        agency = self.report.agency
        if info.agency_code and agency and info.agency_code.casefold() != agency.casefold():
            self.add(
                "E_AGENCY_MISMATCH",
                sheet.name,
                self._label_cell(sheet, "agency_code"),
                info.agency_code,
                found=self._agency_words(info.agency_code),
                expected=self._agency_words(agency),
            )

    def _year_mismatch(self, info: Sheet | None) -> None:
        """A wrong year is shown where the officer sees it: the year on the information sheet."""
        if self.year_mismatch_on is None:
            return
        cell = self._label_cell(info, "year") if info is not None else None
        sheet = info.name if info is not None and cell else self.year_mismatch_on
        self.add(
            "E_YEAR_MISMATCH",
            sheet,
            cell,
            self.report.year,
            found=self.report.year,
            expected=self.expected_year,
        )

    def _label_cell(self, sheet: Sheet, key: str) -> str | None:
        target = norm(L.INFO_LABELS[key])
        for r, row in enumerate(sheet.rows[:60]):
            for c, raw in enumerate(row[:6]):
                if isinstance(raw, str) and norm(raw) == target:
                    return address(r, c + 1)
        return None

    def text(self, sheet: Sheet, row: int, col: int) -> str:
        """A text cell's content; a formula in it that reaches outside the file is reported, and its
        stored value is what is read."""
        raw = sheet.get(row, col)
        if (risk := sheet.formula_risk(row, col)) is not None:
            function, formula = risk
            formula = formula.replace("_xlfn.", "")  # how Excel stores newer functions, not what it shows
            formula = show_value(formula if formula.startswith("=") else "=" + formula) or "="
            code: IssueCode = "W_FORMULA_HYPERLINK" if function == "HYPERLINK" else "E_FORMULA_UNSAFE"
            self.add(code, sheet.name, address(row, col), raw, function=function, formula=formula)
        elif sheet.formula_unjudged(row, col):
            self.add("W_FORMULA_UNSEEN", sheet.name, address(row, col), raw)
        text, notes = clean_text(raw)
        for note in notes:
            self.add_parsed(note, sheet.name, address(row, col), raw)
        return text

    # ---- data sheet -----------------------------------------------------------------------
    def _data_header(self, sheet: Sheet) -> tuple[int, dict[str, int]] | None:
        year = self.report.year

        def with_years(row: Sequence[Any], cols: dict[str, int]) -> bool:
            years: dict[int, int] = {}
            for c, raw in enumerate(row):
                if isinstance(raw, str) and (m := _YEAR_HEADER.fullmatch(norm(raw))):
                    years.setdefault(int(m.group(1)), c)
            if not years:
                return False
            # The report's own year decides; only a file that states no year falls back to the
            # latest year column (never take last year's column as this year's figures).
            current = year if year is not None else max(years)
            if current in years:
                cols["current"] = years[current]
            if current - 1 in years:
                cols["previous"] = years[current - 1]
            return True

        fixed = {k: v for k, v in L.DATA_HEADERS.items() if "{" not in v}
        return L.find_header(sheet.rows, fixed, ("code",), with_years)

    def _data(self) -> None:
        sheet = self.find_one_sheet(L.SHEET_DATA, lambda s: self._data_header(s) is not None)
        if sheet is None:
            raise Stop
        found = self._data_header(sheet)
        if found is None:
            self.add("E_HEADER_MISSING", sheet.name, None, detail="Mã")
            raise Stop
        head, cols = found
        headers = L.data_headers(self.report.year or 0)
        missing = [k for k in L.DATA_REQUIRED if k not in cols]
        for key in missing:
            self.add(
                "E_HEADER_MISSING",
                sheet.name,
                address(head, _expected_column(key, cols)),
                detail=headers[key],
            )
        if missing:
            raise Stop
        agency = self.report.agency or ""
        year = self.report.year or 0
        mine = set(self.catalog.variables_for(agency, year))
        my_indicators = {i.code for i in self.catalog.indicators_for(agency, year)}
        merged = self._merged_cells(sheet, head, cols)
        # A merge down the code column blanks the codes under its first cell: the merge is the
        # error reported; the rows it hides are not reported again as unknown or missing.
        code_merged = {r for r, c in merged if c == cols["code"]}
        seen: dict[str, str] = {}
        duplicated: set[str] = set()
        values: dict[str, VariableValue] = {}
        indicators: dict[str, IndicatorEntry] = {}
        value_cols = (cols["previous"], cols["current"])
        for r in range(head + 1, sheet.height):
            raw_code = sheet.get(r, cols["code"])
            code = plain_text(raw_code)
            code_cell = address(r, cols["code"])
            if isinstance(raw_code, str) and (note := strip_invisible(raw_code)[1]):
                self.add_parsed(note, sheet.name, code_cell, raw_code)
            has_values = any(not is_blank(sheet.get(r, c)) for c in value_cols)
            if not code:
                if has_values and r not in code_merged:
                    self.add(
                        "W_UNKNOWN_CODE",
                        sheet.name,
                        code_cell,
                        None,
                        detail="(trống: dòng có số liệu nhưng không có mã)",
                    )
                continue
            ind_code = L.indicator_key_code(code) if code.upper().startswith("CS") else None
            if ind_code is None and code not in self.catalog.variable_by_code:
                self.add("W_UNKNOWN_CODE", sheet.name, code_cell, raw_code, detail=code)
                continue
            ident = f"CS{ind_code}" if ind_code else code
            if ident in seen:
                self.add(
                    "E_DUPLICATE_CODE",
                    sheet.name,
                    code_cell,
                    raw_code,
                    detail=ident,
                    other=seen[ident],
                    variable=None if ind_code else code,
                    indicator=ind_code,
                )
                duplicated.add(ident)
                continue
            seen[ident] = code_cell
            if sheet.row_hidden(r):
                self.add("W_HIDDEN_ROW", sheet.name, code_cell, raw_code, detail=r + 1)
            if not (ind_code in my_indicators if ind_code else code in mine):
                if has_values:
                    self.add("W_VARIABLE_UNASSIGNED", sheet.name, code_cell, raw_code, detail=ident)
                continue
            if ind_code:
                indicators[ind_code] = self._indicator_row(sheet, r, cols, ind_code, merged)
            else:
                values[code] = self._variable_row(sheet, r, cols, code, merged)
        for code in duplicated:
            values.pop(code, None)
            if code.startswith("CS"):
                indicators.pop(code[2:], None)
        for code in self.catalog.variables_for(agency, year):
            if code not in values and code not in duplicated and not code_merged:
                var = self.catalog.variable_by_code[code]
                self.add("E_VARIABLE_MISSING", sheet.name, None, detail=code, label=var.label, variable=code)
        self.report.values = values
        self.report.indicators = indicators

    def _merged_cells(self, sheet: Sheet, head: int, cols: dict[str, int]) -> set[tuple[int, int]]:
        """Cells covered by a merge that touches the data area; the merge is reported once."""
        watched = {cols["code"], cols["previous"], cols["current"]}
        covered: set[tuple[int, int]] = set()
        for (r1, c1), (r2, c2) in sheet.merged:
            if r2 <= head or not any(c1 <= c <= c2 for c in watched):
                continue
            if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
                continue
            self.add(
                "E_MERGED_CELL",
                sheet.name,
                address(r1, c1),
                None,
                detail=f"{address(r1, c1)}:{address(r2, c2)}",
            )
            covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        return covered

    def _number(
        self,
        sheet: Sheet,
        r: int,
        c: int,
        unit: str,
        merged: set[tuple[int, int]],
        what: str,
        required: bool,
        variable: str | None = None,
        indicator: str | None = None,
        integer: bool = False,
    ) -> float | None:
        cell = address(r, c)
        raw = sheet.get(r, c)
        tag = {"variable": variable, "indicator": indicator}
        if (r, c) in merged:
            return None
        if sheet.error_at(r, c):
            name = sheet.error_name(r, c) or (raw.strip() if isinstance(raw, str) else "")
            self.add("E_FORMULA_ERROR", sheet.name, cell, name or "(không rõ tên lỗi)", **tag)
            return None
        if is_blank(raw):
            if sheet.formula_without_value(r, c):
                self.add("E_FORMULA_NO_VALUE", sheet.name, cell, **tag)
            elif required:
                self.add("E_REQUIRED_MISSING", sheet.name, cell, what=what, **tag)
            elif required is False and variable:
                self.add("W_PREVIOUS_MISSING", sheet.name, cell, what=what, **tag)
            return None
        parsed = parse_number(raw, unit, integer)
        self.add_parsed(parsed, sheet.name, cell, raw, **tag)
        return parsed.value if parsed.ok else None

    def _variable_row(
        self, sheet: Sheet, r: int, cols: dict[str, int], code: str, merged: set[tuple[int, int]]
    ) -> VariableValue:
        var = self.catalog.variable_by_code[code]
        year = self.report.year or 0
        if "unit" in cols:
            self._unit(sheet, r, cols["unit"], var)
        values = {}
        for key, label, required in (
            ("current", f"{var.label} năm {year}", True),
            ("previous", f"{var.label} năm {year - 1}", False),
        ):
            c = cols[key]
            integer = var.type == "integer"
            v = self._number(sheet, r, c, var.unit, merged, label, required, variable=code, integer=integer)
            values[key] = self._bounds(v, var, sheet.name, address(r, c), code)
        note = self.text(sheet, r, cols["note"]) if "note" in cols else ""
        return VariableValue(
            code=code,
            sheet=sheet.name,
            cell=address(r, cols["current"]),
            previous_cell=address(r, cols["previous"]),
            value=values["current"],
            previous=values["previous"],
            note=note,
        )

    def _unit(self, sheet: Sheet, r: int, c: int, var: Variable) -> None:
        """The unit cell is part of the contract: another unit is an error, never a conversion. A
        blank cell is accepted: the template fills it and the row's code fixes the unit."""
        raw = sheet.get(r, c)
        found = plain_text(raw)
        if found and norm(found) not in {norm(u) for u in (var.unit, *var.unit_synonyms)}:
            self.add(
                "E_UNIT_MISMATCH",
                sheet.name,
                address(r, c),
                raw,
                variable=var.code,
                found=found,
                expected=var.unit,
            )

    def _bounds(self, value: float | None, var: Any, sheet: str, cell: str, code: str) -> float | None:
        if value is None:
            return None
        if value < 0 and (var.min is None or var.min >= 0):
            self.add("E_NEGATIVE", sheet, cell, value, variable=code)
            return None
        if var.type == "integer" and not float(value).is_integer():
            self.add("E_NOT_INTEGER", sheet, cell, value, unit=var.unit, variable=code)
            return None
        low, high = var.min, var.max
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(
                "E_OUT_OF_RANGE",
                sheet,
                cell,
                value,
                variable=code,
                low=low if low is not None else "−∞",
                high=high if high is not None else "∞",
            )
            return None
        return value

    def _indicator_row(
        self, sheet: Sheet, r: int, cols: dict[str, int], code: str, merged: set[tuple[int, int]]
    ) -> IndicatorEntry:
        ind = self.catalog.indicator_by_code[code]
        got: dict[str, float | None] = {}
        for key in ("current", "previous"):
            c = cols[key]
            v = self._number(sheet, r, c, ind.unit, merged, "", False, indicator=code)
            cell = address(r, c)
            if v is not None and v < 0:
                self.add("E_NEGATIVE", sheet.name, cell, v, indicator=code)
                v = None
            elif v is not None and ind.is_percent and v > 100:
                self.add("E_PERCENT_RANGE", sheet.name, cell, v, indicator=code)
                v = None
            got[key] = v
        cause = self.text(sheet, r, cols["cause"])
        measures = self.text(sheet, r, cols["measures"]) if "measures" in cols else ""
        return IndicatorEntry(
            code=code,
            sheet=sheet.name,
            cell=address(r, cols["code"]),
            value_cell=address(r, cols["current"]),
            cause_cell=address(r, cols["cause"]),
            self_value=got["current"],
            self_previous=got["previous"],
            cause=cause,
            measures=measures,
        )

    # ---- verification documents -----------------------------------------------------------
    def _docs_header(self, sheet: Sheet) -> tuple[int, dict[str, int]] | None:
        return L.find_header(sheet.rows, L.DOC_HEADERS, L.DOC_REQUIRED)

    def _docs(self) -> None:
        agency = self.report.agency or ""
        year = self.report.year or 0
        mine = {i.code: i for i in self.catalog.indicators_for(agency, year)}
        sheet = self.find_one_sheet(L.SHEET_DOCS, lambda s: self._docs_header(s) is not None, bool(mine))
        if sheet is None:
            return
        found = self._docs_header(sheet)
        if found is None:
            if mine:
                self.add("E_SHEET_MISSING", detail=L.SHEET_DOCS)
            return
        head, cols = found
        docs: list[Document] = []
        content_keys = [k for k in cols if k != "no"]
        for r in range(head + 1, sheet.height):
            if all(is_blank(sheet.get(r, cols[k])) for k in content_keys):
                continue
            doc = Document(sheet=sheet.name, row=r + 1)
            raw_ind = sheet.get(r, cols["indicator"])
            ind_cell = address(r, cols["indicator"])
            # One document may prove several indicators: "CS13, CS14", "CS13; CS14", "13 và 14".
            parts = [p for p in _INDICATOR_LIST.split(plain_text(raw_ind)) if p.strip()]
            codes = (
                [L.indicator_key_code(p) for p in parts]
                if len(parts) > 1
                else [L.indicator_key_code(raw_ind)]
            )
            known = [c for c in codes if c in mine]
            if len(known) < len(codes) or not known:
                if is_blank(raw_ind):
                    self.add("W_DOC_INCOMPLETE", sheet.name, ind_cell, what="mã chỉ số")
                else:
                    self.add("W_DOC_UNKNOWN_INDICATOR", sheet.name, ind_cell, raw_ind)
            doc.indicator = known[0] if known else None
            for key in ("number", "issuer", "summary", "filename"):
                if key in cols:
                    setattr(doc, key, self.text(sheet, r, cols[key]))
            raw_date = sheet.get(r, cols["date"])
            parsed = parse_date(raw_date, year or None, month_only=True)
            self.add_parsed(parsed, sheet.name, address(r, cols["date"]), raw_date)
            doc.date = parsed.value if parsed.ok else None
            if not doc.number:
                self.add("W_DOC_INCOMPLETE", sheet.name, address(r, cols["number"]), what="số văn bản")
            if is_blank(raw_date):
                self.add("W_DOC_INCOMPLETE", sheet.name, address(r, cols["date"]), what="ngày ban hành")
            docs.append(doc)
            docs += [doc.model_copy(update={"indicator": code}) for code in known[1:]]
        self.report.documents = docs


def _expected_column(key: str, cols: dict[str, int]) -> int:
    """Where a missing header should stand, by the template's column order from the nearest header
    that was found before it (an edited 'Năm 2024' is reported at its own cell, not at column A)."""
    order = list(L.DATA_HEADERS)
    at = order.index(key)
    for back in range(at - 1, -1, -1):
        if order[back] in cols:
            return cols[order[back]] + (at - back)
    return at


def read_report(
    book: Book, catalog: Catalog, label: str, expected_year: int | None
) -> tuple[AgencyReport, list[Issue]]:
    """Read one opened workbook; the issues found while reading come with it."""
    reader = Reader(book, catalog, label, expected_year)
    try:
        report = reader.read()
    except FileProblem as exc:
        reader.add(exc.code, **exc.params)
        report = reader.report
    for name in book.hidden:
        if norm(name) in (norm(L.SHEET_INFO), norm(L.SHEET_DATA), norm(L.SHEET_DOCS)):
            reader.add("W_HIDDEN_SHEET", name, None, detail=name)
    named = L.agency_in_file_name(label)
    agencies = catalog.agency_by_code
    if report.agency in agencies and named in agencies and named != report.agency:
        reader.add(
            "W_FILE_NAME_AGENCY",
            named=catalog.agency_name_for_year(named, report.year or 0),
            agency=catalog.agency_name_for_year(report.agency, report.year or 0),
        )
    return report, reader.issues
