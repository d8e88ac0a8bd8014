"""Result objects of consolidation: indicators with provenance, reporting status, discrepancies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from bgindex.model.exits import ExitCode
from bgindex.model.issues import Issue
from bgindex.model.status import (
    ASSESSMENT_VI,
    INDICATOR_STATUS_VI,
    TIMELINESS_VI,
    Assessment,
    IndicatorStatus,
    Timeliness,
)

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog


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


class Secondary(BaseModel):
    label: str
    unit: str
    value: float | None = None
    previous: float | None = None


class IndicatorResult(BaseModel):
    code: str
    name: str
    group: str
    unit: str
    kind: str
    better: Literal["higher", "lower"]
    definition: Literal["official", "our_reading"]
    formula: str
    combine: str
    note: str = ""
    agencies: list[str]
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
    causes: list[Cause] = []
    evidence: list[Evidence] = []
    secondary: Secondary | None = None

    @property
    def status_vi(self) -> str:
        return INDICATOR_STATUS_VI[self.status]

    @property
    def assessment_vi(self) -> str:
        return ASSESSMENT_VI[self.assessment]

    @property
    def has_districts(self) -> bool:
        return any(p.kind == "district" for p in self.breakdown)


class AgencyStatus(BaseModel):
    agency: str
    name: str
    kind: str
    received: bool = False
    status: Literal["valid", "invalid", "unreadable", "missing"] = "missing"
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
    """Every file read, with its fate: used, superseded by a later report, or rejected."""

    file: str
    agency: str | None = None
    status: Literal["valid", "invalid", "unreadable"]
    fate: Literal["used", "superseded", "rejected"]
    report_date: dt.date | None = None
    errors: int = 0
    warnings: int = 0
    reason: str = ""
    issues: list[Issue] = []


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


class ReportMeta(BaseModel):
    issuer_name: str  # the consolidating agency's name, e.g. "Sở Tài nguyên và Môi trường"
    parent_body: str
    issuing_body: str
    place: str
    number_suffix: str
    addressee: str
    signer_title: str
    signer_name: str
    recipients: list[str]

    @classmethod
    def of(cls, catalog: Catalog) -> ReportMeta:
        """The header, signature and recipients a report of this catalogue carries."""
        r = catalog.report
        return cls(
            issuer_name=catalog.agency_by_code[catalog.profile.consolidator].name,
            parent_body=r.parent_body,
            issuing_body=r.issuing_body,
            place=r.place,
            number_suffix=r.number_suffix,
            addressee=r.addressee,
            signer_title=r.signer_title,
            signer_name=r.signer_name,
            recipients=list(r.recipients),
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
    inputs: list[InputRow] = []
    discrepancies: list[Discrepancy] = []
    # Warnings that doubt a figure of the result: from the files used, and against last year's result.
    plausibility: list[Issue] = []
    counts: Counts = Field(default_factory=Counts)
    exit_code: ExitCode = ExitCode.OK

    def indicator(self, code: str) -> IndicatorResult:
        return next(i for i in self.indicators if i.code == code)


# ---- one year's consolidated result as next year needs it (read back from ket-qua-YYYY.xlsx)
@dataclass
class PriorIndicator:
    value: float | None
    status: IndicatorStatus


@dataclass
class InputValue:
    value: float | None
    previous: float | None
    file: str = ""
    cell: str = ""
    previous_cell: str = ""


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
        data.used = {s.agency for s in result.agencies if s.status == "valid"}
        return data
