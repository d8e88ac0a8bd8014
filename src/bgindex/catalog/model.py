"""The indicator catalogue (profile): pydantic models, loading and the questions the rest asks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

DEFAULT_PROFILE = "bac-giang.toml"
GROUP_PREFIX = "@"

AgencyKind = Literal["department", "board", "statistics", "district", "commune"]
KIND_LABELS = {
    "department": "Sở",
    "board": "Ban",
    "statistics": "Thống kê",
    "district": "UBND cấp huyện",
    "commune": "UBND cấp xã",
}
AGENCY_CODE = r"^[A-Z0-9][A-Z0-9_-]*$"
# How one unit became another, the same word at both ends of the link: "merged" (several units, or
# one into another, became the successor), "split" (the predecessor was divided into several units),
# "renamed" (the same unit under a new name or kind), "part" (only part of the predecessor's area went
# to the successor, e.g. some communes of a district into a new town).
LinkHow = Literal["merged", "split", "renamed", "part"]
HOW_LABELS = {
    "merged": "hợp nhất, sáp nhập",
    "split": "chia tách",
    "renamed": "đổi tên",
    "part": "một phần địa bàn",
}


class _Model(BaseModel):
    # Frozen: lookups are memoised. No NaN or infinity anywhere: a catalogue number is a real one.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Deadline(_Model):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)

    @model_validator(mode="after")
    def _real_every_year(self) -> Deadline:
        for year in (2023, 2024):  # a common and a leap year: 29/02 is not a date every year
            try:
                date(year, self.month, self.day)
            except ValueError:
                raise ValueError(f"ngày {self.day:02d}/{self.month:02d} không có trong mọi năm") from None
        return self

    def for_year(self, year: int) -> date:
        """The deadline for reports on `year` (it falls in the following year)."""
        return date(year + 1, self.month, self.day)


NON_ANSWERS: tuple[str, ...] = (
    "x",
    "-",
    "không",
    "không có",
    "ko",
    "kps",
    "không phát sinh",
    "như năm trước",
    "như trên",
    "không thay đổi",
    "chưa có",
    "n/a",
)


def _check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ValueError(f"valid_from {start:%d/%m/%Y} sau valid_until {end:%d/%m/%Y}")


class YearRange(_Model):
    """Reporting years a profile covers, both ends included; an absent end is open."""

    from_year: int | None = Field(default=None, ge=1990, le=2100)
    until_year: int | None = Field(default=None, ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> YearRange:
        if self.from_year is not None and self.until_year is not None and self.from_year > self.until_year:
            raise ValueError(f"from_year {self.from_year} sau until_year {self.until_year}")
        return self

    def covers(self, year: int) -> bool:
        start, end = self.from_year, self.until_year
        return (start is None or year >= start) and (end is None or year <= end)

    @property
    def label(self) -> str:
        """'2020–2024', 'từ 2025', 'đến 2024' or 'mọi năm'."""
        start, end = self.from_year, self.until_year
        if start is not None and end is not None:
            return str(start) if start == end else f"{start}–{end}"
        if start is not None:
            return f"từ {start}"
        return f"đến {end}" if end is not None else "mọi năm"


class ProfileInfo(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    # The registry (catalog/registry.py) picks a shipped profile by reporting year: `years` are the
    # reporting years it covers, `valid_from`/`valid_until` the dates its bodies exist, and `status`
    # says whether its assignments are the province's own ("official") or carried over by the bgindex
    # team until the province issues a plan ("our_reading"). Absent years: every year.
    years: YearRange = YearRange()
    valid_from: date | None = None
    valid_until: date | None = None
    status: Literal["official", "our_reading"] = "official"
    # Said on every document of the profile (e.g. the 2019 indicators carried forward after 2025).
    notice: str = ""
    # The ministry's own deadline beside the province's internal one (`deadline`), when known.
    ministry_deadline: Deadline | None = None
    # Tables and charts of many reporting units group them by this attribute of `agencies.groups`;
    # group_labels names the attributes, group_note says where their values come from.
    group_by: str = ""
    group_labels: dict[str, str] = Field(default_factory=dict, max_length=16)
    group_note: str = ""
    index_version: str
    province: str
    plan: str = ""
    consolidator: str
    # The plan asks a cause for every increase or decrease: 0 (the default) means any change owes
    # one. A profile may waive smaller changes (relative, %); the documents then say so.
    change_threshold: float = Field(default=0.0, ge=0)
    # A figure that grew or shrank by this factor or more from the year before is worth a warning.
    magnitude_factor: float = Field(default=10.0, gt=1)
    deadline: Deadline
    # Texts that fill the cause column without giving a cause (compared case-folded, without
    # surrounding punctuation); a change explained only so is an unexplained change.
    non_answers: tuple[str, ...] = NON_ANSWERS
    # What the province became after valid_until (Bắc Giang: part of the new tỉnh Bắc Ninh); a
    # report dated after valid_until gets a loud warning naming it (catalog/validity.py).
    province_successor: str = ""

    def __hash__(self) -> int:  # group_labels is a dict; the id identifies a profile
        return hash((type(self), self.id))

    @model_validator(mode="after")
    def _dates_ordered(self) -> ProfileInfo:
        _check_period(self.valid_from, self.valid_until)
        return self

    # Letters to agencies ask for a reply this many working days after the letter's date; the days
    # in `holidays` (e.g. the lunar New Year) are skipped besides weekends and fixed public holidays.
    reply_working_days: int = Field(default=5, ge=1, le=60)
    holidays: tuple[date, ...] = ()


class ReportInfo(_Model):
    """One version of the consolidated report's header, addressees and deadlines, valid for the
    reports dated from valid_from to valid_until (both included; absent means open)."""

    valid_from: date | None = None
    valid_until: date | None = None
    parent_body: str
    issuing_body: str
    # The consolidating body in running text ("Sở Nông nghiệp và Môi trường"); empty: the
    # consolidator agency's name on the report date.
    issuer_name: str = ""
    ministry: str = ""
    place: str
    number_suffix: str = ""
    addressee: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    # The agencies' deadline for years whose deadline falls in this version (else the profile's),
    # and the province's deadline towards the ministry, both in the year after the reporting year.
    deadline: Deadline | None = None
    ministry_deadline: Deadline | None = None
    note: str = ""  # e.g. "ngày hiệu lực là cách hiểu của nhóm bgindex"

    @model_validator(mode="after")
    def _period(self) -> ReportInfo:
        _check_period(self.valid_from, self.valid_until)
        return self

    def covers(self, day: date) -> bool:
        return _within(day, self.valid_from, self.valid_until)

    letter_number_suffix: str = ""  # of the consolidator's letters (công văn), e.g. "/STNMT-MT"
    # The report's opening cites these; blank ones print as "…" for the officer to fill in.
    legal_basis: str = ""  # "Quyết định số 2782/QĐ-BTNMT ngày 31/10/2019 của Bộ trưởng …"
    plan_number: str = ""  # "123/KH-UBND"
    plan_date: date | None = None
    plan_issuer: str = ""  # "UBND tỉnh Bắc Giang"
    plan_subject: str = ""  # "về triển khai các giải pháp …"
    # The line above the signer's title when signing on another's behalf: "KT. GIÁM ĐỐC", "TM. …".
    signer_for: str = ""


class AgencyLink(_Model):
    """One end of a reorganisation: the other agency's code and how the change happened."""

    code: str = Field(pattern=AGENCY_CODE)
    how: LinkHow


class AgencyName(_Model):
    """A name (and kind) an agency bore for a period, e.g. UBND huyện Việt Yên until 31/01/2024."""

    name: str
    kind: AgencyKind | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    @model_validator(mode="after")
    def _period(self) -> AgencyName:
        _check_period(self.valid_from, self.valid_until)
        return self


class AgencyNote(_Model):
    """A remark on an agency for some reporting years, shown with the catalogue (e.g. which former
    territory a unit reports for a year of the reorganisation; marked our reading in its text)."""

    text: str = Field(min_length=1)
    from_year: int | None = Field(default=None, ge=1990, le=2100)
    until_year: int | None = Field(default=None, ge=1990, le=2100)

    def applies(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (
            self.until_year is None or year <= self.until_year
        )


class Agency(_Model):
    code: str = Field(pattern=AGENCY_CODE)
    # The name and kind where no dated entry of `names` covers a date (the current ones).
    name: str
    kind: AgencyKind
    names: tuple[AgencyName, ...] = ()
    notes: tuple[AgencyNote, ...] = ()
    # The state's own code of the unit (a commune's mã đơn vị hành chính), shown beside ours.
    official_code: str = ""
    note: str = ""
    # Validity, both ends included; absent means open (the shipped 2019 profile sets none).
    valid_from: date | None = None
    valid_until: date | None = None
    successors: tuple[AgencyLink, ...] = ()
    predecessors: tuple[AgencyLink, ...] = ()
    # Grouping attributes for tables and charts, e.g. former_district = "Yên Dũng".
    groups: dict[str, str] = Field(default_factory=dict, max_length=16)

    def __hash__(self) -> int:  # the groups dict is not hashable; the code identifies an agency
        return hash((type(self), self.code))

    @model_validator(mode="after")
    def _shape(self) -> Agency:
        _check_period(self.valid_from, self.valid_until)
        for k, a in enumerate(self.names):
            for b in self.names[k + 1 :]:
                if _periods_overlap(a.valid_from, a.valid_until, b.valid_from, b.valid_until):
                    raise ValueError(f"names: '{a.name}' và '{b.name}' có thời gian hiệu lực chồng nhau")
        for key, value in self.groups.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
                raise ValueError(f"groups: tên thuộc tính '{key}' sai định dạng (chữ thường, số, _)")
            if not value.strip():
                raise ValueError(f"groups.{key}: giá trị rỗng")
        return self

    def active(self, year: int) -> bool:
        """Whether the agency existed during any part of `year` (see agency_active)."""
        return agency_active(self, year)

    def valid_on(self, day: date) -> bool:
        return _within(day, self.valid_from, self.valid_until)

    def dated_name(self, day: date) -> AgencyName | None:
        """The entry of `names` valid on a day, if any."""
        return next((n for n in self.names if _within(day, n.valid_from, n.valid_until)), None)


def agency_active(agency: Agency, year: int) -> bool:
    """Whether an agency existed on at least one day of a year. This is not who reports the year:
    see Catalog.reports (the units that exist when the year's reports are due)."""
    return (agency.valid_from is None or agency.valid_from <= date(year, 12, 31)) and (
        agency.valid_until is None or agency.valid_until >= date(year, 1, 1)
    )


def _within(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= day) and (end is None or day <= end)


def _periods_overlap(a0: date | None, a1: date | None, b0: date | None, b1: date | None) -> bool:
    """Whether two periods (open ends allowed) share a day."""
    return (a1 is None or b0 is None or b0 <= a1) and (b1 is None or a0 is None or a0 <= b1)


def _overlap(a: Agency, b: Agency) -> bool:
    """Whether two agencies' validity periods share a day."""
    return _periods_overlap(a.valid_from, a.valid_until, b.valid_from, b.valid_until)


class Variable(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    unit: str
    # Other spellings of the same unit an agency may type in the unit cell (never another unit).
    unit_synonyms: tuple[str, ...] = ()
    type: Literal["integer", "decimal"]
    min: float | None = Field(default=0, ge=-1e15, le=1e15)
    max: float | None = Field(default=None, ge=-1e15, le=1e15)
    reported_by: tuple[str, ...] = ()
    # Computed from reported variables, never asked for in a template: "ds_toan_tinh - ds_do_thi".
    derived: str = ""

    @model_validator(mode="after")
    def _derivation(self) -> Variable:
        if self.derived:
            parse_derived(self.derived)
            if self.reported_by:
                raise ValueError("biến tính ra (derived) không có cơ quan báo cáo (reported_by)")
        return self

    @cached_property
    def terms(self) -> tuple[tuple[int, str], ...]:
        """(sign, variable) of a derived variable; empty for a reported one."""
        return parse_derived(self.derived) if self.derived else ()


_TERM = re.compile(r"\s*([+\-−])\s*([a-z][a-z0-9_]*)")


def parse_derived(text: str) -> tuple[tuple[int, str], ...]:
    """'a - b + c' -> ((1, 'a'), (-1, 'b'), (1, 'c')): variables joined by + and −, nothing else."""
    rest = text.strip()
    signed = rest.startswith(("+", "-", "−"))
    rest = rest if signed else "+" + rest
    terms: list[tuple[int, str]] = []
    while rest.strip():
        m = _TERM.match(rest)
        if m is None:
            where = rest.strip() if signed or terms else rest.strip()[1:]
            raise ValueError(
                f"derived '{text}': chỉ gồm mã biến nối với nhau bằng dấu + hoặc - (không hiểu từ '{where}')"
            )
        terms.append((1 if m.group(1) == "+" else -1, m.group(2)))
        rest = rest[m.end() :]
    return tuple(terms)


class Combine(_Model):
    rule: Literal["single", "sum", "lead"] = "single"
    lead: str | None = None
    tolerance: float = Field(default=0.0, ge=0)

    @model_validator(mode="after")
    def _lead_named(self) -> Combine:
        if self.rule == "lead" and not self.lead:
            raise ValueError("rule 'lead' needs 'lead' (the lead agency's code)")
        return self


# How many decimals a figure may declare (`decimals`): a reader needs no more than 4, and Excel,
# Word and the charts print every one of them.
MAX_DECIMALS = 4
# Units of whole things counted one by one: an amount in them is shown without decimals unless the
# catalogue says otherwise.
COUNT_UNITS = frozenset({"vụ", "cơ sở", "đơn vị", "trạm", "người", "hộ", "xã", "lần", "phương tiện"})


def default_decimals(kind: str, unit: str) -> int:
    """The precision of a figure whose catalogue declares none: 0 for a count, else 2."""
    return 0 if kind == "amount" and unit.strip() in COUNT_UNITS else 2


def _check_decimals(value: int) -> int:
    if not 0 <= value <= MAX_DECIMALS:
        raise ValueError(f"số chữ số thập phân phải từ 0 đến {MAX_DECIMALS}, không phải {value}")
    return value


def _with_default_decimals(data: Any, kind: str) -> Any:
    """A figure's mapping with `decimals` filled in when the catalogue left it out (older and
    officers' own catalogues still load, at the default precision)."""
    if isinstance(data, dict) and "decimals" not in data:
        return {**data, "decimals": default_decimals(kind, str(data.get("unit", "")))}
    return data


class Secondary(_Model):
    label: str
    unit: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    multiplier: float = Field(default=1, gt=0, le=1_000_000)  # %, ‰, per 10,000 people…
    # Decimals the figure is shown with in every document, table, chart and letter (0..4).
    decimals: int

    @model_validator(mode="before")
    @classmethod
    def _default_decimals(cls, data: Any) -> Any:
        return _with_default_decimals(data, "ratio")

    _decimals = field_validator("decimals")(_check_decimals)


class Assignment(_Model):
    """An agency (or '@kind') answering for an indicator only in some reporting years: "from year X
    indicator I is reported by A" (the agency's own validity still applies)."""

    agency: str
    from_year: int | None = Field(default=None, ge=1990, le=2100)
    until_year: int | None = Field(default=None, ge=1990, le=2100)

    def applies(self, year: int | None) -> bool:
        return year is None or (
            (self.from_year is None or year >= self.from_year)
            and (self.until_year is None or year <= self.until_year)
        )


class Indicator(_Model):
    # A short code within its index version: '01' (2019 index), '1.2', 'A3'…
    code: str = Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.]{0,7}$")
    name: str
    group: str = ""
    unit: str
    kind: Literal["ratio", "rate", "amount"]
    numerator: tuple[str, ...] = Field(min_length=1)
    denominator: tuple[str, ...] = ()
    multiplier: float = Field(default=1, gt=0, le=1_000_000)  # %, ‰, per 10,000 people…
    better: Literal["higher", "lower"]
    definition: Literal["official", "our_reading"]
    agencies: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()  # dated ones, beside the undated `agencies`
    combine: Combine = Combine()
    from_year: int | None = Field(default=None, ge=1990, le=2100)
    until_year: int | None = Field(default=None, ge=1990, le=2100)
    change_threshold: float | None = Field(default=None, ge=0)
    note: str = ""
    secondary: Secondary | None = None
    # Decimals the value and its change are shown with in every document, table, chart, letter and
    # message (0..4); the result's JSON keeps full precision and says this number beside it.
    decimals: int

    @model_validator(mode="before")
    @classmethod
    def _default_decimals(cls, data: Any) -> Any:
        return _with_default_decimals(data, str(data.get("kind", "")) if isinstance(data, dict) else "")

    _decimals = field_validator("decimals")(_check_decimals)

    @model_validator(mode="after")
    def _shape(self) -> Indicator:
        if self.from_year is not None and self.until_year is not None and self.from_year > self.until_year:
            raise ValueError(f"from_year {self.from_year} sau until_year {self.until_year}")
        if not self.agencies and not self.assignments:
            raise ValueError("agencies: danh sách không được rỗng (hoặc cần assignments)")
        for a in self.assignments:
            if a.from_year is not None and a.until_year is not None and a.from_year > a.until_year:
                raise ValueError(
                    f"assignments ({a.agency}): from_year {a.from_year} sau until_year {a.until_year}"
                )
        if self.kind in ("ratio", "rate") and not self.denominator:
            raise ValueError(f"kind '{self.kind}' needs a denominator")
        if self.kind == "amount" and self.denominator:
            raise ValueError("kind 'amount' takes no denominator")
        return self

    @property
    def key(self) -> str:
        """The code as written in workbooks: 'CS01', 'CS1.2' (never a bare number Excel would reformat)."""
        return f"CS{self.code}"

    def agency_refs(self, year: int | None = None) -> list[str]:
        """The undated agencies, then the dated assignments that apply in `year` (all when None)."""
        return [*self.agencies, *(a.agency for a in self.assignments if a.applies(year))]

    def active(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (
            self.until_year is None or year <= self.until_year
        )

    @cached_property
    def variables(self) -> list[str]:
        """Input variables in reading order: the whole before its part, then secondary inputs."""
        out: list[str] = []
        extra = [*self.secondary.denominator, *self.secondary.numerator] if self.secondary else []
        for code in [*self.denominator, *self.numerator, *extra]:
            if code not in out:
                out.append(code)
        return out

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"


class Rule(_Model):
    left: str
    op: Literal["<=", "<", ">=", ">", "=="]
    right: str
    message: str


@dataclass(frozen=True)
class PartWhole:
    """A rule inside one agency's file: left op right, with a Vietnamese description."""

    left: str
    op: str
    right: str
    message: str
    indicator: str | None = None


def _memoized(method: Callable[..., Any]) -> Callable[..., Any]:
    """Cache a Catalog lookup per arguments (indicators keyed by code); results are read-only."""

    @functools.wraps(method)
    def wrapper(self: Catalog, *args: Any) -> Any:
        key = (method.__name__, *(a.code if isinstance(a, Indicator) else a for a in args))
        if key not in self._memo:
            self._memo[key] = method(self, *args)
        return self._memo[key]

    return wrapper


class Catalog(_Model):
    schema_version: Literal[1]
    profile: ProfileInfo
    # Dated versions of the report's header (`[[report]]`); a single `[report]` table is one
    # version valid at every date.
    report: tuple[ReportInfo, ...] = Field(min_length=1)
    agencies: tuple[Agency, ...] = Field(min_length=1)
    variables: tuple[Variable, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = ()
    # Lookups per (agency, year) are asked for every row of every file: computed once each.
    _memo: dict[tuple[Any, ...], Any] = PrivateAttr(default_factory=dict)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Catalog:
        """A changed catalogue is a new, validated one with lookups of its own (a plain copy would
        carry the original's memoised answers and skip validation)."""
        return type(self).model_validate({**self.model_dump(), **(update or {})})

    @field_validator("report", mode="before")
    @classmethod
    def _one_report_table(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        for k, a in enumerate(self.report):
            for b in self.report[k + 1 :]:
                if _periods_overlap(a.valid_from, a.valid_until, b.valid_from, b.valid_until):
                    raise ValueError("report: hai phiên bản có thời gian hiệu lực chồng nhau")
        _unique("agencies", [a.code for a in self.agencies])
        _unique("variables", [v.code for v in self.variables])
        _unique("indicators", [i.code for i in self.indicators])
        agencies = {a.code for a in self.agencies}
        kinds = {a.kind for a in self.agencies}
        variables = {v.code for v in self.variables}
        if self.profile.consolidator not in agencies:
            raise ValueError(f"profile.consolidator '{self.profile.consolidator}' is not an agency")
        group_by = self.profile.group_by
        if group_by and not any(group_by in a.groups for a in self.agencies):
            raise ValueError(f"profile.group_by: không cơ quan nào có thuộc tính groups.{group_by}")
        for i, agency in enumerate(self.agencies):
            for field in ("successors", "predecessors"):
                for j, link in enumerate(getattr(agency, field)):
                    where = f"agencies[{i}] ({agency.code}).{field}[{j}]"
                    if link.code == agency.code:
                        raise ValueError(f"{where}: cơ quan không thể là {_LINK_VI[field]} của chính nó")
                    if link.code not in agencies:
                        raise ValueError(f"{where}: mã cơ quan '{link.code}' không có trong danh mục")
        for i, ind in enumerate(self.indicators):
            where = f"indicators[{i}] ({ind.code})"
            for ref in ind.agency_refs():
                if ref.startswith(GROUP_PREFIX):
                    if ref[1:] not in kinds:
                        raise ValueError(f"{where}.agencies: no agency of kind '{ref[1:]}'")
                elif ref not in agencies:
                    raise ValueError(f"{where}.agencies: unknown agency '{ref}'")
            parts = [*ind.numerator, *ind.denominator]
            if ind.secondary:
                parts += [*ind.secondary.numerator, *ind.secondary.denominator]
            for code in parts:
                if code not in variables:
                    raise ValueError(f"{where}: unknown variable '{code}'")
            expanded = self._expand(ind.agency_refs())
            if ind.combine.rule == "lead" and ind.combine.lead not in expanded:
                raise ValueError(f"{where}.combine.lead '{ind.combine.lead}' is not among its agencies")
            if ind.combine.rule == "single" and self._several_at_once(ind):
                # Successive agencies (one until 2024, its successor from 2025) may share one indicator.
                raise ValueError(f"{where}.combine: several agencies need rule 'sum' or 'lead'")
        for i, var in enumerate(self.variables):
            for ref in var.reported_by:
                if ref not in agencies:
                    raise ValueError(f"variables[{i}] ({var.code}).reported_by: unknown agency '{ref}'")
            if var.min is not None and var.max is not None and var.min > var.max:
                raise ValueError(f"variables[{i}] ({var.code}): min > max")
            for _, term in var.terms:
                where = f"variables[{i}] ({var.code}).derived"
                if term not in variables:
                    raise ValueError(f"{where}: mã biến '{term}' không có trong danh mục")
                if term == var.code or self.variable_by_code[term].derived:
                    raise ValueError(
                        f"{where}: '{term}' phải là biến do cơ quan báo cáo, không phải biến tính ra"
                    )
                if not self.variable_by_code[term].reported_by:
                    raise ValueError(f"{where}: biến '{term}' cần ghi rõ cơ quan báo cáo (reported_by)")
        for i, rule in enumerate(self.rules):
            for code in (rule.left, rule.right):
                if code not in variables:
                    raise ValueError(f"rules[{i}]: unknown variable '{code}'")
                if self.variable_by_code[code].derived:
                    raise ValueError(
                        f"rules[{i}]: '{code}' là biến tính ra, không có trong tệp của cơ quan nào"
                    )
        return self

    def _several_at_once(self, ind: Indicator) -> bool:
        """Whether two of an indicator's agencies may answer for it in the same year: their dated
        assignments share a year and the agencies themselves existed on a same day."""
        undated = Assignment(agency="")
        spans = [(code, undated) for code in self._expand(ind.agencies)]
        spans += [(code, a) for a in ind.assignments for code in self._expand([a.agency])]
        for k, (code_a, a) in enumerate(spans):
            for code_b, b in spans[k + 1 :]:
                years = (a.until_year is None or b.from_year is None or b.from_year <= a.until_year) and (
                    b.until_year is None or a.from_year is None or a.from_year <= b.until_year
                )
                first, second = self.agency_by_code[code_a], self.agency_by_code[code_b]
                apart = code_a == code_b or not _overlap(first, second)
                if years and not apart:
                    return True
        return False

    def _expand(self, refs: tuple[str, ...] | list[str], year: int | None = None) -> list[str]:
        """Agency codes for references ('STNMT', '@district', '@commune'), groups expanded; with a
        year, only the agencies that report it (Catalog.reports)."""
        out: list[str] = []
        for ref in refs:
            codes = (
                [a.code for a in self.agencies if a.kind == ref[1:]]
                if ref.startswith(GROUP_PREFIX)
                else [ref]
            )
            if year is not None:
                codes = [c for c in codes if c in self.agency_by_code and self.reports(c, year)]
            out += [c for c in codes if c not in out]
        return out

    # ---- time: who reports a year, under which name, to whom ----------------------------
    def reporting_day(self, year: int) -> date:
        """The day that decides who reports a year: the deadline, in the following year."""
        return self.deadline(year)

    def reports(self, agency: str, year: int) -> bool:
        """THE rule of who reports a year (every lookup by year goes through it): the units that
        exist on the year's deadline, since a year's reports are sent after it. Huyện Yên Dũng
        (until 31/12/2024) does not report 2024, its successor TP Bắc Giang reports the territory;
        thị xã Chũ (from 01/01/2025) does."""
        return self.agency_by_code[agency].valid_on(self.reporting_day(year))

    def not_reporting_reason(self, agency: str, year: int) -> str | None:
        """Why an agency of the catalogue does not report a year, in Vietnamese; None if it does."""
        a = self.agency_by_code[agency]
        day = self.reporting_day(year)
        if a.valid_on(day):
            return None
        name = self.agency_name_for_year(agency, year)
        if a.valid_until is not None and a.valid_until < day:
            heirs = [self.agency_name(s.code, day) for s in a.successors if s.code in self.agency_by_code]
            after = a.valid_until + timedelta(days=1)
            text = f"{name} không còn tồn tại từ ngày {after:%d/%m/%Y}"
            if heirs:
                text += f"; số liệu năm {year} trên địa bàn của đơn vị do {', '.join(heirs)} báo cáo"
            return text
        assert a.valid_from is not None
        return f"{name} được thành lập từ ngày {a.valid_from:%d/%m/%Y}, sau hạn báo cáo năm {year}"

    def name_day(self, year: int) -> date:
        """The day whose names everything about a reporting year uses (templates, messages, status,
        the report's tables): the last day of the year. Việt Yên is 'huyện' in 2022 and 2023 and
        'thị xã' in 2024; a unit formed after the year (thị xã Chũ) keeps its own name."""
        return date(year, 12, 31)

    def agency_name(self, code: str, on: date) -> str:
        """An agency's name on a day: the dated entry that covers it, else its `name`."""
        a = self.agency_by_code[code]
        dated = a.dated_name(on)
        return dated.name if dated is not None else a.name

    def agency_kind(self, code: str, on: date) -> AgencyKind:
        a = self.agency_by_code[code]
        dated = a.dated_name(on)
        return dated.kind if dated is not None and dated.kind is not None else a.kind

    def agency_name_for_year(self, code: str, year: int) -> str:
        return self.agency_name(code, self.name_day(year))

    def agency_notes(self, code: str, year: int) -> list[str]:
        return [n.text for n in self.agency_by_code[code].notes if n.applies(year)]

    def previous_units(self, code: str, year: int) -> list[str] | None:
        """The units whose figures of year - 1 cover the territory `code` reports for `year`: itself
        and the units merged into it since (TP Bắc Giang 2024: itself and Yên Dũng); None when
        a part of a territory moved between them (thị xã Chũ and Lục Ngạn in 2024), since the
        figures of the part are not known."""
        before = {a.code for a in self.reporting_agencies(year - 1)}
        now = {a.code for a in self.reporting_agencies(year)}
        agency = self.agency_by_code[code]
        moved = [*agency.successors, *agency.predecessors]
        if any(
            link.how in ("part", "split") and (link.code in now) != (link.code in before) for link in moved
        ):
            return None
        if code not in before and not any(p.how in ("merged", "renamed") for p in agency.predecessors):
            return None
        units = [code] if code in before else []
        for a in self.agencies:
            if a.code in before and a.code not in now:
                if any(s.code == code and s.how in ("merged", "renamed") for s in a.successors):
                    units.append(a.code)
        return units or None

    def report_for(self, day: date) -> ReportInfo | None:
        """The version of the report's header valid on a report date; None when no version is."""
        return next((r for r in self.report if r.covers(day)), None)

    def report_on(self, day: date) -> ReportInfo:
        """The version for a report date, never none: the one valid then, else the nearest one
        before it, else the first (validity_warnings says so loudly)."""
        before = [r for r in self.report if r.valid_from is None or r.valid_from <= day]
        return self.report_for(day) or (before[-1] if before else self.report[0])

    def consolidator_name(self, day: date) -> str:
        """The consolidating body in running text on a day ('Sở Tài nguyên và Môi trường')."""
        return self.report_on(day).issuer_name or self.agency_name(self.profile.consolidator, day)

    # ---- lookups -------------------------------------------------------------------
    @cached_property
    def agency_by_code(self) -> dict[str, Agency]:
        return {a.code: a for a in self.agencies}

    @cached_property
    def variable_by_code(self) -> dict[str, Variable]:
        return {v.code: v for v in self.variables}

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @_memoized
    def indicator_agencies(self, indicator: Indicator, year: int | None = None) -> list[str]:
        """Agency codes answering for an indicator, groups expanded, in catalogue order; with a year,
        only the dated assignments of that year and the agencies that report it (Catalog.reports)."""
        return self._expand(indicator.agency_refs(year), year)

    @_memoized
    def active_agencies(self, year: int) -> list[Agency]:
        """Agencies that report a year (Catalog.reports), in catalogue order."""
        return [a for a in self.agencies if self.reports(a.code, year)]

    @_memoized
    def active_indicators(self, year: int) -> list[Indicator]:
        return [i for i in self.indicators if i.active(year)]

    def retired_indicators(self, year: int) -> list[Indicator]:
        return [i for i in self.indicators if not i.active(year)]

    @_memoized
    def reporters(self, variable: str, year: int) -> list[str]:
        """Agencies that report a variable in a year: its own list, else its indicators' agencies."""
        var = self.variable_by_code[variable]
        if var.derived:  # computed from its terms, asked of no one
            return []
        if var.reported_by:
            return self._expand(var.reported_by, year)
        out: list[str] = []
        for ind in self.active_indicators(year):
            if variable in ind.variables:
                out += [a for a in self.indicator_agencies(ind, year) if a not in out]
        return out

    def indicator_suppliers(
        self, indicator: Indicator, year: int | None = None
    ) -> list[tuple[str, list[str]]]:
        """Agencies that supply figures of an indicator without answering for it (Cục Thống kê's
        population behind a per-capita rate), each with the labels of the figures it supplies, in
        catalogue order. A derived variable counts through its terms."""
        answering = set(self.indicator_agencies(indicator, year))
        codes: list[str] = []
        for code in indicator.variables:
            var = self.variable_by_code[code]
            for term in [t for _, t in var.terms] or [code]:
                if term not in codes:
                    codes.append(term)
        by_agency: dict[str, list[str]] = {}
        for code in codes:
            var = self.variable_by_code[code]
            if not var.reported_by:
                continue
            for agency in self._expand(var.reported_by, year):
                if agency not in answering and var.label not in by_agency.setdefault(agency, []):
                    by_agency[agency].append(var.label)
        order = [a.code for a in self.agencies]
        return sorted(
            by_agency.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
        )

    @_memoized
    def indicators_for(self, agency: str, year: int) -> list[Indicator]:
        """Indicators an agency answers for in a year: none when it does not report the year."""
        return [i for i in self.active_indicators(year) if agency in self.indicator_agencies(i, year)]

    @_memoized
    def variables_for(self, agency: str, year: int) -> list[str]:
        """Variable codes an agency fills in, in the order of its indicators."""
        out: list[str] = []
        for ind in self.indicators_for(agency, year):
            out += [v for v in ind.variables if v not in out and agency in self.reporters(v, year)]
        for var in self.variables:
            if var.code not in out and agency in self.reporters(var.code, year):
                out.append(var.code)
        return out

    @_memoized
    def reporting_agencies(self, year: int) -> list[Agency]:
        """Agencies expected to send a workbook for a year: those that report it (Catalog.reports:
        one dissolved on 31/12/2024 does not report 2024) with anything to report."""
        return [a for a in self.active_agencies(year) if self.variables_for(a.code, year)]

    @_memoized
    def checks_for(self, agency: str, year: int) -> list[PartWhole]:
        """Part-whole checks inside one agency's file: each ratio's numerator within its denominator,
        plus the catalogue's explicit rules, when the agency reports both sides."""
        mine = set(self.variables_for(agency, year))
        out: list[PartWhole] = []
        for ind in self.indicators_for(agency, year):
            if ind.kind != "ratio":
                continue
            if len(ind.numerator) == 1 and len(ind.denominator) == 1:
                left, right = ind.numerator[0], ind.denominator[0]
                if left in mine and right in mine:
                    lv, rv = self.variable_by_code[left], self.variable_by_code[right]
                    out.append(
                        PartWhole(
                            left, "<=", right, f"{lv.label} không thể lớn hơn {rv.label.lower()}", ind.code
                        )
                    )
        for rule in self.rules:
            if rule.left in mine and rule.right in mine:
                out.append(PartWhole(rule.left, rule.op, rule.right, rule.message))
        return out

    def threshold(self, indicator: Indicator) -> float:
        if indicator.change_threshold is not None:
            return indicator.change_threshold
        return self.profile.change_threshold

    def deadline(self, year: int) -> date:
        """The agencies' deadline for a year: the report version's in force on the profile's
        deadline, if it sets one, else the profile's."""
        day = self.profile.deadline.for_year(year)
        version = self.report_for(day)
        return version.deadline.for_year(year) if version and version.deadline else day


_LINK_VI = {"successors": "đơn vị kế thừa", "predecessors": "đơn vị tiền thân"}


def _unique(what: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{what}: code '{code}' appears twice")
        seen.add(code)
