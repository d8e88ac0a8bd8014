"""The indicator catalogue (profile): pydantic models, loading and the questions the rest asks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

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


class ProfileInfo(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    index_version: str
    province: str
    plan: str = ""
    consolidator: str
    change_threshold: float = Field(default=5.0, ge=0)
    # A figure that grew or shrank by this factor or more from the year before is worth a warning.
    magnitude_factor: float = Field(default=10.0, gt=1)
    deadline: Deadline
    # Texts that fill the cause column without giving a cause (compared case-folded, without
    # surrounding punctuation); a change explained only so is an unexplained change.
    non_answers: tuple[str, ...] = NON_ANSWERS


class ReportInfo(_Model):
    parent_body: str
    issuing_body: str
    place: str
    number_suffix: str = ""
    addressee: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
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


class Agency(_Model):
    code: str = Field(pattern=AGENCY_CODE)
    name: str
    kind: AgencyKind
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
        start, end = self.valid_from, self.valid_until
        if start is not None and end is not None and start > end:
            raise ValueError(f"valid_from {start:%d/%m/%Y} sau valid_until {end:%d/%m/%Y}")
        for key, value in self.groups.items():
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
                raise ValueError(f"groups: tên thuộc tính '{key}' sai định dạng (chữ thường, số, _)")
            if not value.strip():
                raise ValueError(f"groups.{key}: giá trị rỗng")
        return self

    def active(self, year: int) -> bool:
        """Whether the agency existed during any part of `year` (see agency_active)."""
        return agency_active(self, year)


def agency_active(agency: Agency, year: int) -> bool:
    """Whether an agency is valid for any part of a reporting year: one that existed on at least one
    day of the year reports it (Yên Dũng, valid until 31/12/2024, reports 2024 and not 2025).
    Our reading: a unit dissolved mid-year still owes the figures of the part of the year it existed."""
    return (agency.valid_from is None or agency.valid_from <= date(year, 12, 31)) and (
        agency.valid_until is None or agency.valid_until >= date(year, 1, 1)
    )


def _overlap(a: Agency, b: Agency) -> bool:
    """Whether two agencies' validity periods share a day."""
    return (a.valid_until is None or b.valid_from is None or b.valid_from <= a.valid_until) and (
        b.valid_until is None or a.valid_from is None or a.valid_from <= b.valid_until
    )


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


class Combine(_Model):
    rule: Literal["single", "sum", "lead"] = "single"
    lead: str | None = None
    tolerance: float = Field(default=0.0, ge=0)

    @model_validator(mode="after")
    def _lead_named(self) -> Combine:
        if self.rule == "lead" and not self.lead:
            raise ValueError("rule 'lead' needs 'lead' (the lead agency's code)")
        return self


class Secondary(_Model):
    label: str
    unit: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    multiplier: float = Field(default=1, gt=0, le=1_000_000)  # %, ‰, per 10,000 people…


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
    agencies: tuple[str, ...] = Field(min_length=1)
    combine: Combine = Combine()
    from_year: int | None = Field(default=None, ge=1990, le=2100)
    until_year: int | None = Field(default=None, ge=1990, le=2100)
    change_threshold: float | None = Field(default=None, ge=0)
    note: str = ""
    secondary: Secondary | None = None

    @model_validator(mode="after")
    def _shape(self) -> Indicator:
        if self.from_year is not None and self.until_year is not None and self.from_year > self.until_year:
            raise ValueError(f"from_year {self.from_year} sau until_year {self.until_year}")
        if self.kind in ("ratio", "rate") and not self.denominator:
            raise ValueError(f"kind '{self.kind}' needs a denominator")
        if self.kind == "amount" and self.denominator:
            raise ValueError("kind 'amount' takes no denominator")
        return self

    @property
    def key(self) -> str:
        """The code as written in workbooks: 'CS01', 'CS1.2' (never a bare number Excel would reformat)."""
        return f"CS{self.code}"

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
    report: ReportInfo
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

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        _unique("agencies", [a.code for a in self.agencies])
        _unique("variables", [v.code for v in self.variables])
        _unique("indicators", [i.code for i in self.indicators])
        agencies = {a.code for a in self.agencies}
        kinds = {a.kind for a in self.agencies}
        variables = {v.code for v in self.variables}
        if self.profile.consolidator not in agencies:
            raise ValueError(f"profile.consolidator '{self.profile.consolidator}' is not an agency")
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
            for ref in ind.agencies:
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
            expanded = self._expand(ind.agencies)
            if ind.combine.rule == "lead" and ind.combine.lead not in expanded:
                raise ValueError(f"{where}.combine.lead '{ind.combine.lead}' is not among its agencies")
            if ind.combine.rule == "single" and _any_overlap([self.agency_by_code[c] for c in expanded]):
                # Successive agencies (one until 2024, its successor from 2025) may share one indicator.
                raise ValueError(f"{where}.combine: several agencies need rule 'sum' or 'lead'")
        for i, var in enumerate(self.variables):
            for ref in var.reported_by:
                if ref not in agencies:
                    raise ValueError(f"variables[{i}] ({var.code}).reported_by: unknown agency '{ref}'")
            if var.min is not None and var.max is not None and var.min > var.max:
                raise ValueError(f"variables[{i}] ({var.code}): min > max")
        for i, rule in enumerate(self.rules):
            for code in (rule.left, rule.right):
                if code not in variables:
                    raise ValueError(f"rules[{i}]: unknown variable '{code}'")
        return self

    def _expand(self, refs: tuple[str, ...] | list[str], year: int | None = None) -> list[str]:
        """Agency codes for references ('STNMT', '@district', '@commune'), groups expanded; with a
        year, only the agencies valid during it."""
        out: list[str] = []
        for ref in refs:
            codes = (
                [a.code for a in self.agencies if a.kind == ref[1:]]
                if ref.startswith(GROUP_PREFIX)
                else [ref]
            )
            if year is not None:
                codes = [c for c in codes if c in self.agency_by_code and self.agency_by_code[c].active(year)]
            out += [c for c in codes if c not in out]
        return out

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
        only those valid during it (agency_active)."""
        return self._expand(indicator.agencies, year)

    @_memoized
    def active_agencies(self, year: int) -> list[Agency]:
        """Agencies valid during any part of a year (agency_active), in catalogue order."""
        return [a for a in self.agencies if a.active(year)]

    @_memoized
    def active_indicators(self, year: int) -> list[Indicator]:
        return [i for i in self.indicators if i.active(year)]

    def retired_indicators(self, year: int) -> list[Indicator]:
        return [i for i in self.indicators if not i.active(year)]

    @_memoized
    def reporters(self, variable: str, year: int) -> list[str]:
        """Agencies that report a variable in a year: its own list, else its indicators' agencies."""
        var = self.variable_by_code[variable]
        if var.reported_by:
            return self._expand(var.reported_by, year)
        out: list[str] = []
        for ind in self.active_indicators(year):
            if variable in ind.variables:
                out += [a for a in self.indicator_agencies(ind, year) if a not in out]
        return out

    @_memoized
    def indicators_for(self, agency: str, year: int) -> list[Indicator]:
        """Indicators an agency answers for in a year: none when the agency did not exist then."""
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
        """Agencies expected to send a workbook for a year: those valid during any part of the year
        (agency_active: one dissolved on 31/12/2024 reports 2024, not 2025) with anything to report."""
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
        return self.profile.deadline.for_year(year)


_LINK_VI = {"successors": "đơn vị kế thừa", "predecessors": "đơn vị tiền thân"}


def _any_overlap(agencies: list[Agency]) -> bool:
    """Whether two of the agencies existed on the same day."""
    return any(_overlap(a, b) for k, a in enumerate(agencies) for b in agencies[k + 1 :])


def _unique(what: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise ValueError(f"{what}: code '{code}' appears twice")
        seen.add(code)
