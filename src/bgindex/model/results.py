"""Result objects of consolidation: indicators with provenance, reporting status, discrepancies."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from bgindex.model.exits import ExitCode
from bgindex.model.issues import Issue
from bgindex.model.reports import SkippedFile
from bgindex.model.status import (
    ASSESSMENT_VI,
    INDICATOR_STATUS_VI,
    TIMELINESS_VI,
    Assessment,
    FileFate,
    IndicatorStatus,
    Timeliness,
)
from bgindex.model.vn import vn_number

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog


LOCAL_KINDS = ("district", "commune")
MANY_UNITS = 30  # more local units than this: tables and charts by group, or top and bottom units


class Source(BaseModel):
    """Where a figure came from: a cell of an agency's file."""

    agency: str
    file: str
    sheet: str
    cell: str
    variable: str
    value: float | None
    role: Literal["value", "cross_check"] = "value"


class Figure(BaseModel):
    """One input variable of an indicator, as combined for the province."""

    variable: str
    label: str
    unit: str
    value: float | None = None
    cross_check: float | None = None
    sources: list[Source] = []
    missing: list[str] = []
    # For a figure computed from others (never reported): how, in words; its sources are theirs.
    derived: str = ""


class Fault(BaseModel):
    """A figure left out of the consolidation because its cell has an error (the rest of the file is used)."""

    agency: str
    agency_name: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    variable: str
    period: Literal["current", "previous"]
    code: str  # the issue code
    message: str

    @property
    def place(self) -> str:
        """'ô E12 trang 'Số liệu'' (the row's code when the error has no cell)."""
        parts = [p for p in (self.cell and f"ô {self.cell}", self.sheet and f"trang '{self.sheet}'") if p]
        if not self.cell:
            parts.insert(0, f"dòng mã {self.variable}")
        return " ".join(parts)

    @property
    def reason(self) -> str:
        """'ô E12 trang 'Số liệu' của Sở Y tế có lỗi: …' — what kept the figure out, and where."""
        return f"{self.place} của {self.agency_name} có lỗi: {self.message}"


class AgencyPart(BaseModel):
    """One agency's own figures and value for an indicator (per-district tables)."""

    agency: str
    name: str
    kind: str
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    previous: float | None = None
    status: Literal["ok", "not_applicable", "missing", "partial"] = "ok"
    group: str = ""  # the profile's group_by attribute of the unit (e.g. its former district)


class GroupPart(BaseModel):
    """The local units of one group (a former district) added up: numerators and denominators summed,
    the ratio computed from the sums (never an average of the units' ratios)."""

    group: str
    units: int = 0  # units of the group expected to report the indicator
    reported: int = 0  # those whose figures are all present
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    previous: float | None = None  # from the same units' previous-year columns, when all present
    status: Literal["ok", "not_applicable", "missing", "partial"] = "ok"


class Cause(BaseModel):
    agency: str
    agency_name: str
    cause: str
    measures: str
    file: str
    sheet: str
    cell: str


class Evidence(BaseModel):
    agency: str
    number: str
    date: dt.date | None = None
    issuer: str = ""
    summary: str = ""
    filename: str = ""
    file: str
    sheet: str
    row: int


class Discrepancy(BaseModel):
    """Something the officer must look at; never resolved by bgindex."""

    indicator: str
    kind: Literal["cross_check", "over_100"]
    period: Literal["current", "previous"] = "current"
    variable: str | None = None
    label: str = ""
    unit: str = ""
    lead: str | None = None
    lead_value: float | None = None
    others: list[str] = []
    others_value: float | None = None
    difference: float | None = None
    relative: float | None = None
    tolerance: float | None = None
    message: str = ""


DoubtKind = Literal[
    "no_fingerprint",
    "fingerprint_mismatch",
    "duplicate_row",
    "text_value",
    "unknown_status",
    "value_vs_inputs",
    "previous_adjusted",
]

DOUBT_KIND_VI: dict[DoubtKind, str] = {
    "no_fingerprint": "tệp không có mã kiểm tra số liệu",
    "fingerprint_mismatch": "tệp đã bị sửa sau khi tổng hợp",
    "duplicate_row": "dòng lặp lại",
    "text_value": "số liệu ghi dạng chữ",
    "unknown_status": "trạng thái không hợp lệ",
    "value_vs_inputs": "kết quả không khớp số liệu đầu vào",
    "previous_adjusted": "số liệu năm trước đã thay đổi",
}


class BaselineDoubt(BaseModel):
    """Something in last year's result file that may not be what was consolidated; the officer decides.

    `kind` is the stable code; only "no_fingerprint" (a file from an older version) is a note."""

    kind: DoubtKind
    file: str  # the result file's name, without its folder
    sheet: str = ""
    cell: str = ""
    indicator: str | None = None
    agency: str | None = None
    variable: str | None = None
    message: str

    @property
    def is_note(self) -> bool:
        return self.kind == "no_fingerprint"

    @property
    def kind_vi(self) -> str:
        return DOUBT_KIND_VI[self.kind]

    @property
    def place(self) -> str:
        """'trang 'Chỉ số', ô E4' — where to look in the file."""
        where = f"trang '{self.sheet}'" if self.sheet else ""
        if self.cell:
            where += f", ô {self.cell}" if where else f"ô {self.cell}"
        return where


class Supplier(BaseModel):
    """An agency that supplies figures of an indicator it does not answer for (Cục Thống kê's
    population behind a per-capita rate), named in the report beside the agencies that answer."""

    agency: str
    figures: list[str]  # the labels of the variables it supplies


class Secondary(BaseModel):
    label: str
    unit: str
    decimals: int  # the catalogue's precision of the figure in documents; values keep full precision
    value: float | None = None
    previous: float | None = None


class IndicatorResult(BaseModel):
    code: str
    name: str
    group: str
    unit: str
    # Decimals every document shows of value, previous and change (the catalogue's `decimals`);
    # the numbers here keep full precision.
    decimals: int
    kind: str
    better: Literal["higher", "lower"]
    definition: Literal["official", "our_reading"]
    formula: str
    combine: str
    note: str = ""
    agencies: list[str]
    suppliers: list[Supplier] = []
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    numerator_unit: str = ""
    denominator_unit: str = ""
    status: IndicatorStatus
    reasons: list[str] = []
    previous: float | None = None
    previous_status: IndicatorStatus | None = None
    previous_source: str = ""
    change: float | None = None
    change_pct: float | None = None
    assessment: Assessment = "unknown"
    threshold: float
    figures: list[Figure] = []
    breakdown: list[AgencyPart] = []
    groups: list[GroupPart] = []  # the local units by the profile's group_by attribute
    causes: list[Cause] = []
    evidence: list[Evidence] = []
    secondary: Secondary | None = None
    faults: list[Fault] = []  # cells whose errors kept this indicator's figures out (both years)

    @property
    def status_vi(self) -> str:
        return INDICATOR_STATUS_VI[self.status]

    @property
    def assessment_vi(self) -> str:
        return ASSESSMENT_VI[self.assessment]

    @property
    def has_districts(self) -> bool:
        """Whether local units (districts or communes) answer for the indicator."""
        return any(p.kind in LOCAL_KINDS for p in self.breakdown)

    @property
    def many_units(self) -> bool:
        """Too many local units for one table row or one bar each: documents show the groups."""
        return bool(self.groups) and sum(p.kind in LOCAL_KINDS for p in self.breakdown) > MANY_UNITS

    @property
    def cause_rows(self) -> list[Cause]:
        """The causes as the documents list them: one per agency, or with many local units one per
        distinct text, naming every unit that gave it (a hundred identical lines say nothing more)."""
        if not self.many_units:
            return self.causes
        merged: dict[tuple[str, str], list[Cause]] = {}
        for c in self.causes:
            merged.setdefault((c.cause.strip(), c.measures.strip()), []).append(c)
        out: list[Cause] = []
        for same in merged.values():
            names = ", ".join(c.agency_name for c in same)
            first = same[0]
            name = f"{names} ({len(same)} đơn vị)" if len(same) > 1 else names
            out.append(first.model_copy(update={"agency_name": name}))
        return out

    @property
    def unit_rows(self) -> list[AgencyPart]:
        """The rows of the documents' table by agency: every agency, or with many local units the
        departments followed by one row per group of local units."""
        if not self.many_units:
            return self.breakdown
        own = [p for p in self.breakdown if p.kind not in LOCAL_KINDS]
        return own + [
            AgencyPart(
                agency="",
                name=f"{g.group} ({g.reported}/{g.units} đơn vị có số liệu)",
                kind="group",
                numerator=g.numerator,
                denominator=g.denominator,
                value=g.value,
                previous=g.previous,
                status=g.status,
                group=g.group,
            )
            for g in self.groups
        ]


class AgencyStatus(BaseModel):
    agency: str
    name: str
    kind: str
    group: str = ""  # the profile's group_by attribute (e.g. former district); tables group by it
    received: bool = False
    status: Literal["valid", "invalid", "unreadable", "missing", "conflict"] = "missing"
    files: list[str] = []
    used_file: str | None = None
    errors: int = 0
    warnings: int = 0
    report_date: dt.date | None = None
    timeliness: Timeliness = "missing"
    days_late: int | None = None
    reporter: str = ""
    letter_no: str = ""

    @property
    def timeliness_vi(self) -> str:
        if self.timeliness == "late":
            return f"muộn {self.days_late} ngày"
        return TIMELINESS_VI[self.timeliness]


class FileEntry(BaseModel):
    """Every file read, with its fate: used, superseded by a later report, rejected, a copy of
    another file counted once, or in conflict with another report of the same date (not used)."""

    file: str
    agency: str | None = None
    status: Literal["valid", "invalid", "unreadable"]
    fate: FileFate
    report_date: dt.date | None = None
    errors: int = 0
    warnings: int = 0
    reason: str = ""
    issues: list[Issue] = []


class Conflict(BaseModel):
    """Different reports of one agency with the same report date: none is used until one is removed."""

    agency: str
    name: str
    report_date: dt.date | None = None
    files: list[str]
    message: str = ""


class InputRow(BaseModel):
    """One agency's value of one variable (the 'inputs by agency' table)."""

    agency: str
    variable: str
    value: float | None = None
    previous: float | None = None
    file: str
    sheet: str
    cell: str
    previous_cell: str


class Counts(BaseModel):
    indicators: int = 0
    improved: int = 0
    worsened: int = 0
    unchanged: int = 0
    not_applicable: int = 0
    not_computable: int = 0
    unknown: int = 0
    incomplete: int = 0
    agencies: int = 0
    on_time: int = 0
    late: int = 0
    no_date: int = 0
    missing: int = 0
    invalid: int = 0
    discrepancies: int = 0
    files: int = 0
    rejected: int = 0
    conflicts: int = 0
    partly_used: int = 0  # agencies whose file has errors but is used, without the figures they touch


class ReportMeta(BaseModel):
    issuer_name: str  # the consolidating body in running text, e.g. "Sở Tài nguyên và Môi trường"
    parent_body: str
    issuing_body: str
    ministry: str = ""
    place: str
    number_suffix: str
    addressee: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    # Loud Vietnamese warnings about the report date (catalog/validity.py): on the terminal; the
    # documents show them among the result's catalog_warnings.
    warnings: list[str] = []
    letter_number_suffix: str = ""
    legal_basis: str = ""
    plan_number: str = ""
    plan_date: dt.date | None = None
    plan_issuer: str = ""
    plan_subject: str = ""
    signer_for: str = ""  # "KT. GIÁM ĐỐC" above "PHÓ GIÁM ĐỐC"; "TM. ỦY BAN NHÂN DÂN" above "CHỦ TỊCH"

    @classmethod
    def of(cls, catalog: Catalog, report_date: dt.date | None = None) -> ReportMeta:
        """The header, signature and recipients of a report of this catalogue dated `report_date`
        (today when not given): the version of `[[report]]` valid on that date."""
        from bgindex.catalog.validity import report_date_warnings

        day = report_date or dt.date.today()
        r = catalog.report_on(day)
        return cls(
            issuer_name=catalog.consolidator_name(day),
            parent_body=r.parent_body,
            issuing_body=r.issuing_body,
            ministry=r.ministry,
            place=r.place,
            number_suffix=r.number_suffix,
            addressee=r.addressee,
            signer_title=r.signer_title,
            signer_name=r.signer_name,
            recipients=list(r.recipients),
            warnings=report_date_warnings(catalog, day),
            letter_number_suffix=r.letter_number_suffix,
            legal_basis=r.legal_basis,
            plan_number=r.plan_number,
            plan_date=r.plan_date,
            plan_issuer=r.plan_issuer,
            plan_subject=r.plan_subject,
            signer_for=r.signer_for,
        )


class ConsolidationResult(BaseModel):
    """What `bgindex.consolidate` returns; `--format json` prints exactly this."""

    catalog: str
    profile_name: str
    index_version: str
    province: str
    year: int
    deadline: dt.date
    report_date: dt.date
    folder: str
    previous_source: str
    meta: ReportMeta
    indicators: list[IndicatorResult] = []
    retired: list[str] = []
    agencies: list[AgencyStatus] = []
    files: list[FileEntry] = []
    skipped: list[SkippedFile] = []  # names in the folder that were not read (lock files, pipes)
    conflicts: list[Conflict] = []
    inputs: list[InputRow] = []
    discrepancies: list[Discrepancy] = []
    baseline_doubts: list[BaselineDoubt] = []  # about the file given as --previous
    # Warnings that doubt a figure of the result: from the files used, and against last year's result.
    plausibility: list[Issue] = []
    # The catalogue used outside its validity (catalog/validity.py), and what the profile says of
    # itself: both on the first page of every document.
    catalog_warnings: list[str] = []
    catalog_notices: list[str] = []
    # How tables and charts group many local units (profile.group_by), its label and its source.
    unit_group_label: str = ""
    unit_group_note: str = ""
    counts: Counts = Field(default_factory=Counts)
    exit_code: ExitCode = ExitCode.OK

    def indicator(self, code: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.code == code)

    @property
    def threshold_note(self) -> str:
        """The sentence every document carries when the profile waives small changes, else ''."""
        return threshold_note([(i.code, i.threshold) for i in self.indicators])


def threshold_note(thresholds: Sequence[tuple[str, float]]) -> str:
    """One sentence saying that explanations were asked only above a threshold and that this is the
    profile's choice, not the plan's rule (which asks a cause for every change); '' when none is set.

    thresholds: (indicator code, threshold in %) of the indicators a document shows."""
    if not any(t > 0 for _, t in thresholds):
        return ""
    codes: dict[float, list[str]] = {}
    for code, t in thresholds:
        codes.setdefault(t, []).append(code)
    general = max(codes, key=lambda t: len(codes[t]))  # the most common threshold, first on a tie

    def scope(t: float) -> str:
        return "mọi thay đổi" if t == 0 else f"trên {vn_number(t)} %"

    others = "; ".join(f"chỉ số {', '.join(c)}: {scope(t)}" for t, c in codes.items() if t != general)
    if general > 0:
        asked = (
            f"chỉ được đề nghị giải trình khi kết quả thay đổi trên {vn_number(general)} % so với năm trước"
        )
        asked += f" ({others})" if others else ""
    else:
        asked = (
            f"được đề nghị giải trình mọi thay đổi, trừ các chỉ số chỉ giải trình khi vượt ngưỡng ({others})"
        )
    return (
        "Kế hoạch yêu cầu nêu nguyên nhân của mọi thay đổi tăng, giảm so với năm trước; các cơ quan "
        f"{asked}, đây là lựa chọn của danh mục chỉ số đang áp dụng, không phải quy định của Kế hoạch."
    )


# ---- one year's consolidated result as next year needs it (read back from ket-qua-YYYY.xlsx)
@dataclass
class PriorIndicator:
    value: float | None
    status: IndicatorStatus
    at: str = ""  # the cell of the value in the result workbook, when read back


@dataclass
class InputValue:
    value: float | None
    previous: float | None
    file: str = ""
    cell: str = ""
    previous_cell: str = ""
    at: str = ""  # the cell of the value in the result workbook, when read back


@dataclass
class PartValue:
    value: float | None
    previous: float | None
    status: str


@dataclass
class YearData:
    """One year's consolidated result, as next year's templates and `diff` need it."""

    path: str
    year: int
    profile: str
    indicators: dict[str, PriorIndicator] = field(default_factory=dict)
    inputs: dict[str, dict[str, InputValue]] = field(default_factory=dict)
    parts: dict[str, dict[str, PartValue]] = field(default_factory=dict)
    causes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # agencies whose file was used
    fingerprint: str | None = None  # as stored in the file; None when computed or absent
    doubts: list[BaselineDoubt] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return PurePath(self.path).name

    def inputs_by_agency(self) -> dict[str, dict[str, float]]:
        """agency -> variable -> reported value of this year (next year's previous column)."""
        return {
            a: {v: iv.value for v, iv in vs.items() if iv.value is not None} for a, vs in self.inputs.items()
        }

    @classmethod
    def from_result(cls, result: ConsolidationResult, path: str = "") -> YearData:
        data = cls(path=path or result.folder, year=result.year, profile=result.catalog)
        for i in result.indicators:
            data.indicators[i.code] = PriorIndicator(i.value, i.status)
            data.parts[i.code] = {p.agency: PartValue(p.value, p.previous, p.status) for p in i.breakdown}
            data.causes[i.code] = {c.agency: (c.cause, c.measures) for c in i.causes}
        for row in result.inputs:
            data.inputs.setdefault(row.agency, {})[row.variable] = InputValue(
                row.value, row.previous, row.file, row.cell, row.previous_cell
            )
        data.used = {s.agency for s in result.agencies if s.used_file}  # used, with errors or not
        return data


def _canon(x: float | None) -> str | None:
    """A float as text that survives a write/read round trip through a workbook."""
    return None if x is None else repr(round(x, 10) + 0.0)


def figures_fingerprint(data: YearData) -> str:
    """SHA-256 over the figures next year reads back: indicators, inputs, breakdown, causes, status.

    The writer stores it in the result workbook and the reader recomputes it from what it read;
    both build the same `YearData`, so an unedited file always matches."""
    canonical = {
        "year": data.year,
        "profile": data.profile,
        "indicators": sorted([c, _canon(p.value), p.status] for c, p in data.indicators.items()),
        "inputs": sorted(
            [a, v, _canon(iv.value), _canon(iv.previous)]
            for a, vs in data.inputs.items()
            for v, iv in vs.items()
        ),
        "parts": sorted(
            [c, a, _canon(p.value), _canon(p.previous), p.status.strip()]
            for c, ps in data.parts.items()
            for a, p in ps.items()
        ),
        "causes": sorted(
            [c, a, cause.strip(), measures.strip()]
            for c, cs in data.causes.items()
            for a, (cause, measures) in cs.items()
        ),
        "used": sorted(data.used),
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
