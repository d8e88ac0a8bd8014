"""`bgindex.diff`: year-over-year changes, who explained them, who still owes an explanation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog
from bgindex.catalog.validity import profile_notices, report_date_warnings, validity_warnings
from bgindex.core.baseline import Adjustment, baseline_doubts, previous_adjustments
from bgindex.core.change import assess, change, owes_explanation
from bgindex.core.proforma import NOT_COMPARABLE_VI, ProForma, ProFormaRow, pro_forma
from bgindex.core.rules import gives_no_cause
from bgindex.model.results import BaselineDoubt, YearData, threshold_note
from bgindex.model.status import (
    ASSESSMENT_VI,
    FLAG_VI,
    TREND_VI,
    Assessment,
    Flag,
    IndicatorStatus,
    Trend,
)


class DiffError(Exception):
    """An argument that cannot be compared (unreadable, wrong profile, same year twice)."""


class OwnFigure(BaseModel):
    """One of an agency's own figures in both years compared: its value of the indicator
    (`label` empty) or an input variable it reports."""

    label: str = ""
    unit: str
    decimals: int | None = None  # the indicator's precision; None: an input amount, quoted as typed
    old: float | None = None
    new: float | None = None
    change: float | None = None
    change_pct: float | None = None
    beyond_threshold: bool = False


class AgencyExplanation(BaseModel):
    agency: str
    name: str
    reported: bool
    cause: str = ""
    measures: str = ""
    own_previous: float | None = None  # the agency's own value of the indicator, older year
    own_value: float | None = None
    own_change_pct: float | None = None
    own: list[OwnFigure] = []  # the agency's own figures that can be compared between the years
    owes: bool = False
    # Across a reorganisation: what the unit's own comparison rests on, or why there is none.
    pro_forma: str = ""


class IndicatorDiff(BaseModel):
    code: str
    name: str
    unit: str
    decimals: int  # the catalogue's precision of old, new and change in documents
    better: Literal["higher", "lower"]
    old: float | None = None
    new: float | None = None
    old_status: IndicatorStatus | None = None
    new_status: IndicatorStatus | None = None
    change: float | None = None
    change_pct: float | None = None
    assessment: Assessment = "unknown"
    threshold: float
    beyond_threshold: bool = False
    flags: list[Flag] = []
    agencies: list[AgencyExplanation] = []
    adjustments: list[Adjustment] = []

    @property
    def assessment_vi(self) -> str:
        return ASSESSMENT_VI[self.assessment]

    @property
    def flags_vi(self) -> list[str]:
        return [FLAG_VI[f] for f in self.flags]


class SeriesPoint(BaseModel):
    year: int
    value: float | None
    status: IndicatorStatus | None


class IndicatorSeries(BaseModel):
    code: str
    name: str
    unit: str
    decimals: int
    better: Literal["higher", "lower"]
    points: list[SeriesPoint]
    changes: list[float | None]
    assessments: list[Assessment]
    trend: Trend

    @property
    def trend_vi(self) -> str:
        return TREND_VI[self.trend]


class Owed(BaseModel):
    agency: str
    name: str
    indicator: str
    indicator_name: str
    kind: Literal["cause", "adjustment"]
    text: str


class DiffResult(BaseModel):
    """What `bgindex.diff` returns; `--format json` prints exactly this."""

    catalog: str
    years: list[int]
    sources: list[str]
    old_year: int
    new_year: int
    agency: str | None = None
    report_date: dt.date  # the date the documents and letters carry
    comparison: list[IndicatorDiff] = []
    series: list[IndicatorSeries] = []
    owed: list[Owed] = []
    doubts: list[BaselineDoubt] = []  # about the result files compared (folders have none)
    # Across a reorganisation: the crosswalk, the baselines, and the pro-forma rows (provenance).
    pro_forma: ProForma | None = None
    notes: list[str] = []  # what the officer must know about the basis of the comparison
    catalog_warnings: list[str] = []  # catalog/validity.py, for every year compared
    catalog_notices: list[str] = []

    @property
    def threshold_note(self) -> str:
        return threshold_note([(d.code, d.threshold) for d in self.comparison])

    @property
    def doubtful(self) -> bool:
        return any(not d.is_note for d in self.doubts)


def load_year(arg: str | Path, catalog: Catalog, workers: int | None = None) -> YearData:
    """A consolidated result file, or a folder of agency workbooks consolidated on the fly."""
    path = Path(arg)
    if path.is_dir():
        from bgindex.core.consolidate import consolidate
        from bgindex.core.validate import collect_files, validate_files

        reports = validate_files(collect_files([path]), catalog, None, workers)
        years = [r.year for r in reports if r.year is not None and r.status != "unreadable"]
        if not years:
            raise DiffError(f"thư mục '{path}' không có báo cáo nào đọc được")
        year = max(set(years), key=years.count)
        return YearData.from_result(consolidate(path, year, catalog, workers=workers), str(path))
    from bgindex.reading.last_result import ResultReadError, read_any_result

    try:
        return read_any_result(path)
    except ResultReadError as exc:
        raise DiffError(str(exc)) from None


def newest_profile(paths: Sequence[str | Path]) -> str | None:
    """The id of the shipped profile that wrote the newest result file among `paths`, if any (a
    folder of agency workbooks names none): a comparison into the new Bắc Ninh needs no --profile."""
    from bgindex.catalog.registry import shipped_profiles
    from bgindex.reading.last_result import ResultReadError, read_any_result

    found: list[tuple[int, str]] = []
    for p in paths:
        if Path(p).is_file():
            try:
                year = read_any_result(p)
            except ResultReadError:
                continue  # diff itself says what is wrong with it
            found.append((year.year, year.profile))
    shipped = {s.info.id for s in shipped_profiles()}
    newest = max(found, default=None)
    return newest[1] if newest is not None and newest[1] in shipped else None


def _own_figures(
    ind_code: str, agency: str, catalog: Catalog, old: YearData, new: YearData
) -> list[OwnFigure]:
    """The agency's own figures of an indicator in the older and the newer year: its value of the
    indicator when it has one, else the inputs it reports. The older year's figure is the one the
    agency restated in its newer file when the years are consecutive, else the older result's."""
    ind = catalog.indicator_by_code[ind_code]
    threshold = catalog.threshold(ind)
    consecutive = new.year - old.year == 1
    pairs: list[tuple[str, str, int | None, float | None, float | None]] = []
    part = new.parts.get(ind_code, {}).get(agency)
    if part is not None and part.value is not None:
        before = old.parts.get(ind_code, {}).get(agency)
        previous = part.previous if consecutive else (before.value if before is not None else None)
        pairs.append(("", ind.unit, ind.decimals, previous, part.value))
    else:
        for code, iv in new.inputs.get(agency, {}).items():
            if code not in ind.variables or iv.value is None:
                continue
            before_iv = old.inputs.get(agency, {}).get(code)
            previous = iv.previous if consecutive else (before_iv.value if before_iv is not None else None)
            var = catalog.variable_by_code[code]
            pairs.append((var.label, var.unit, None, previous, iv.value))
    out: list[OwnFigure] = []
    for label, unit, decimals, previous, value in pairs:
        if previous is None:
            continue
        diff, pct = change(previous, value)
        beyond = owes_explanation(pct, diff, threshold)
        out.append(
            OwnFigure(
                label=label,
                unit=unit,
                decimals=decimals,
                old=previous,
                new=value,
                change=diff,
                change_pct=pct,
                beyond_threshold=beyond,
            )
        )
    return out


def _explanations(
    ind_code: str, catalog: Catalog, old: YearData, new: YearData, province_beyond: bool
) -> list[AgencyExplanation]:
    """Each agency of the indicator, and whether it owes a cause: it is asked only about changes
    in its own figures (a district whose own figure did not move owes nothing, whatever the
    province's did). An agency whose own figures cannot be compared answers for the province's
    change only when it is the indicator's sole agency."""
    ind = catalog.indicator_by_code[ind_code]
    agencies = catalog.indicator_agencies(ind, new.year)  # units that reported the year
    out: list[AgencyExplanation] = []
    for agency in agencies:
        name = catalog.agency_name_for_year(agency, new.year)
        reported = agency in new.used
        cause, measures = new.causes.get(ind_code, {}).get(agency, ("", ""))
        exp = AgencyExplanation(agency=agency, name=name, reported=reported, cause=cause, measures=measures)
        exp.own = _own_figures(ind_code, agency, catalog, old, new)
        value = next((f for f in exp.own if not f.label), None)
        if value is not None:
            exp.own_previous, exp.own_value, exp.own_change_pct = value.old, value.new, value.change_pct
        if exp.own:
            moved = any(f.beyond_threshold for f in exp.own)
        else:
            moved = province_beyond and len(agencies) == 1
        no_cause = gives_no_cause(cause, catalog.profile.non_answers)  # '.', 'x', 'như năm trước'…
        exp.owes = reported and no_cause and moved
        out.append(exp)
    return out


def compare_years(old: YearData, new: YearData, catalog: Catalog) -> list[IndicatorDiff]:
    codes = [
        i.code
        for i in catalog.indicators
        if i.code in old.indicators or i.code in new.indicators or i.active(old.year) or i.active(new.year)
    ]
    out: list[IndicatorDiff] = []
    for code in codes:
        ind = catalog.indicator_by_code[code]
        o, n = old.indicators.get(code), new.indicators.get(code)
        d = IndicatorDiff(
            code=code,
            name=ind.name,
            unit=ind.unit,
            decimals=ind.decimals,
            better=ind.better,
            threshold=catalog.threshold(ind),
        )
        if o:
            d.old, d.old_status = o.value, o.status
        if n:
            d.new, d.new_status = n.value, n.status
        d.change, d.change_pct = change(d.old, d.new)
        old_na, new_na = d.old_status == "not_applicable", d.new_status == "not_applicable"
        d.assessment = assess(ind.better, d.old, d.new, old_na, new_na)
        if ind.active(new.year) and not ind.active(old.year):
            d.flags.append("added")
        if ind.active(old.year) and not ind.active(new.year):
            d.flags.append("retired")
        if new_na and d.old_status not in (None, "not_applicable"):
            d.flags.append("to_not_applicable")
        if old_na and d.new_status not in (None, "not_applicable"):
            d.flags.append("from_not_applicable")
        d.beyond_threshold = owes_explanation(d.change_pct, d.change, d.threshold)
        if ind.active(new.year):
            d.agencies = _explanations(code, catalog, old, new, d.beyond_threshold)
            d.adjustments = previous_adjustments(code, catalog, old, new)
        if any(a.owes for a in d.agencies):
            d.flags.append("needs_explanation")
        if d.adjustments:
            d.flags.append("previous_adjusted")
        out.append(d)
    return out


def _trend(assessments: list[Assessment]) -> Trend:
    known = [a for a in assessments if a in ("improved", "worsened", "unchanged")]
    if not known or len(known) < len(assessments):
        return "unknown"
    if all(a == "unchanged" for a in known):
        return "stable"
    if all(a in ("improved", "unchanged") for a in known):
        return "improving"
    if all(a in ("worsened", "unchanged") for a in known):
        return "worsening"
    return "mixed"


def build_series(years: list[YearData], catalog: Catalog) -> list[IndicatorSeries]:
    out: list[IndicatorSeries] = []
    for ind in catalog.indicators:
        if not any(ind.code in y.indicators for y in years):
            continue
        points = [
            SeriesPoint(
                year=y.year,
                value=y.indicators[ind.code].value if ind.code in y.indicators else None,
                status=y.indicators[ind.code].status if ind.code in y.indicators else None,
            )
            for y in years
        ]
        changes: list[float | None] = []
        assessments: list[Assessment] = []
        for a, b in zip(points, points[1:], strict=False):
            changes.append(change(a.value, b.value)[0])
            assessments.append(
                assess(
                    ind.better, a.value, b.value, a.status == "not_applicable", b.status == "not_applicable"
                )
            )
        out.append(
            IndicatorSeries(
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                decimals=ind.decimals,
                better=ind.better,
                points=points,
                changes=changes,
                assessments=assessments,
                trend=_trend(assessments),
            )
        )
    return out


def _figure_text(value: float | None, unit: str, decimals: int | None) -> str:
    """An indicator's figure at its precision, an input amount (`decimals` None) as typed."""
    from bgindex.model.vn import amount_text, indicator_number

    if value is None:
        return "chưa tính được"
    text = amount_text(value) if decimals is None else indicator_number(value, decimals)
    return f"{text} {unit}".rstrip()


def _cause_text(d: IndicatorDiff, a: AgencyExplanation, old_year: int, new_year: int) -> str:
    """What an agency is asked: its own figures first (those that moved), the province's after."""
    from bgindex.model.vn import change_words

    def both(old: float | None, new: float | None, unit: str, decimals: int | None) -> str:
        return (
            f"năm {old_year} là {_figure_text(old, unit, decimals)}, "
            f"năm {new_year} là {_figure_text(new, unit, decimals)}"
        )

    moved = [f for f in a.own if f.beyond_threshold]
    parts: list[str] = []
    for f in moved:
        what = "số liệu của đơn vị" if not f.label else f"{f.label} do đơn vị báo cáo"
        if a.pro_forma:  # across a reorganisation: what the unit's figure is compared with
            what += f" ({a.pro_forma})"
        moved_by = change_words(f.change, f.change_pct, f.unit, f.decimals)
        parts.append(f"{what} {both(f.old, f.new, f.unit, f.decimals)} ({moved_by})")
    province = f"kết quả của toàn tỉnh {both(d.old, d.new, d.unit, d.decimals)}"
    if moved:
        if not any(not f.label and (f.old, f.new) == (d.old, d.new) for f in moved):  # not the same twice
            parts.append(province)
        ups = {(f.change or 0) > 0 for f in moved}
    else:  # the sole agency of an indicator whose own figures could not be compared
        parts.append(f"{province} ({change_words(d.change, d.change_pct, d.unit, d.decimals)})")
        ups = {(d.change or 0) > 0}
    direction = ("tăng" if ups == {True} else "giảm") if len(ups) == 1 else "thay đổi"
    return (
        f"Chỉ số {d.code} ({d.name}): {'; '.join(parts)}. Đề nghị giải trình nguyên nhân {direction} "
        "và biện pháp đã thực hiện."
    )


def owed_list(comparison: list[IndicatorDiff], old_year: int, new_year: int) -> list[Owed]:
    from bgindex.model.vn import amount_text

    out: list[Owed] = []
    for d in comparison:
        for a in d.agencies:
            if not a.owes:
                continue
            out.append(
                Owed(
                    agency=a.agency,
                    name=a.name,
                    indicator=d.code,
                    indicator_name=d.name,
                    kind="cause",
                    text=_cause_text(d, a, old_year, new_year),
                )
            )
        for adj in d.adjustments:  # only between consecutive years: old_year is new_year - 1
            text = (
                f"Chỉ số {d.code} ({d.name}): “{adj.label}” năm {old_year} đã được tổng hợp là "
                f"{amount_text(adj.consolidated)} {adj.unit}, nay "
                f"báo cáo {amount_text(adj.reported_now)} {adj.unit}. "
                "Đề nghị giải thích lý do điều chỉnh số liệu năm trước."
            )
            out.append(
                Owed(
                    agency=adj.agency,
                    name=adj.name,
                    indicator=d.code,
                    indicator_name=d.name,
                    kind="adjustment",
                    text=text,
                )
            )
    return out


def _unit_basis(row: ProFormaRow | None, old_year: int, names: dict[str, str]) -> str:
    if row is None:
        return ""
    if not row.comparable:
        return f"{NOT_COMPARABLE_VI}: {row.reason}"
    parts = [names.get(u, u) for u in row.old_units if u in row.old.units] + row.old.baselines
    together = f"tính chung {' + '.join(row.new_names)}, " if len(row.new_units) > 1 else ""
    return f"{together}so với năm {old_year} gộp: " + " + ".join(dict.fromkeys(parts))


def _apply_units(
    d: IndicatorDiff, pf: ProForma, catalog: Catalog, old_names: dict[str, str], old_year: int
) -> None:
    """Each agency's own comparison taken from its cluster: the pro-forma figures, and no explanation
    owed where the units do not correspond or the indicator is not comparable."""
    touched = False
    for a in d.agencies:
        row = pf.unit_row(d.code, a.agency)
        if row is None:
            continue
        touched = True
        a.pro_forma = _unit_basis(row, old_year, old_names)
        if not row.comparable or row.comparability != "same":
            a.owes = False
            a.own_previous = a.own_value = a.own_change_pct = None
            continue
        a.own_previous, a.own_value, a.own_change_pct = row.old.value, row.new.value, row.change_pct
        a.own = [
            OwnFigure(
                label="",
                unit=d.unit,
                decimals=d.decimals,
                old=row.old.value,
                new=row.new.value,
                change=row.change,
                change_pct=row.change_pct,
                beyond_threshold=row.beyond_threshold,
            )
        ]
        no_cause = gives_no_cause(a.cause, catalog.profile.non_answers)
        a.owes = a.reported and no_cause and row.beyond_threshold  # its own figures only
    if touched and "pro_forma" not in d.flags:
        d.flags.append("pro_forma")
    d.flags = [f for f in d.flags if f != "needs_explanation"]
    if any(a.owes for a in d.agencies):
        d.flags.append("needs_explanation")


def compare_across(old: YearData, new: YearData, catalog: Catalog, pf: ProForma) -> list[IndicatorDiff]:
    """Province-level comparisons across two catalogues, on the pro-forma basis of `pf`."""
    out: list[IndicatorDiff] = []
    for row in pf.province:
        ind = catalog.indicator_by_code[row.indicator]
        d = IndicatorDiff(
            code=ind.code,
            name=ind.name,
            unit=ind.unit,
            decimals=ind.decimals,
            better=ind.better,
            threshold=catalog.threshold(ind),
        )
        n = new.indicators.get(ind.code)
        if n:
            d.new, d.new_status = n.value, n.status
        if row.comparable:
            d.old = row.old.value
            d.old_status = "not_applicable" if row.old.not_applicable else "complete"
            d.change, d.change_pct, d.assessment = row.change, row.change_pct, row.assessment
            d.beyond_threshold = row.beyond_threshold and row.comparability == "same"
            d.flags.append("pro_forma")
            if row.comparability == "definition_changed":
                d.flags.append("definition_changed")
        else:
            d.flags.append("not_comparable")
        d.agencies = [
            AgencyExplanation(
                agency=a,
                name=catalog.agency_by_code[a].name,
                reported=a in new.used,
                cause=new.causes.get(ind.code, {}).get(a, ("", ""))[0],
                measures=new.causes.get(ind.code, {}).get(a, ("", ""))[1],
            )
            for a in catalog.indicator_agencies(ind, new.year)
        ]
        out.append(d)
    return out


def _crosswalk_for(
    given: str | Path | None,
    old_cat: Catalog,
    old_year: int,
    new_cat: Catalog,
    new_year: int,
    notes: list[str],
) -> tuple[str, Any] | None:
    """The crosswalk given, or the shipped one for the two profiles and years. A shipped one that
    does not fit the catalogues in use (a profile edited without it) is set aside with a note."""
    from bgindex.catalog.crosswalk import find_crosswalk, load_crosswalk
    from bgindex.catalog.loading import CatalogError

    try:
        if given is not None:
            return str(given), load_crosswalk(given, old_cat, new_cat)
        return find_crosswalk(old_cat, old_year, new_cat, new_year)
    except CatalogError as exc:
        text = f"bảng tương ứng '{exc.path}', khóa {exc.key}: {exc.message}"
        if given is not None or old_cat.profile.id != new_cat.profile.id:
            raise DiffError(text) from None
        notes.append(f"Không dùng {text}; các đơn vị được so sánh theo mã như thường lệ.")
        return None


def _old_catalog(profile: str, catalog: Catalog, given: Catalog | None) -> Catalog:
    if profile == catalog.profile.id:
        return catalog
    if given is not None and given.profile.id == profile:
        return given
    from bgindex.catalog.crosswalk import shipped_profile

    found = shipped_profile(profile)
    if found is None:
        raise DiffError(f"không có danh mục '{profile}' của năm cũ; chỉ định bằng --old-catalog TỆP")
    return found


def _baselines(paths: Sequence[str | Path], catalog: Catalog, year: int) -> list[Any]:
    from bgindex.reading.baseline_book import BaselineReadError, read_baseline

    out = []
    for p in paths:
        try:
            out.append(read_baseline(p, catalog, year))
        except BaselineReadError as exc:
            raise DiffError(str(exc)) from None
    return out


def diff(
    paths: Sequence[str | Path],
    catalog: Catalog | None = None,
    agency: str | None = None,
    workers: int | None = None,
    crosswalk: str | Path | None = None,
    baselines: Sequence[str | Path] = (),
    old_catalog: Catalog | None = None,
    report_date: dt.date | None = None,
) -> DiffResult:
    """Compare consolidated results (or folders) of two or more years; across a reorganisation
    (a crosswalk given, or shipped for the two results' profiles and years) on a pro-forma basis,
    with baseline workbooks standing for predecessors that never passed through bgindex. Documents
    are dated `report_date` (default today)."""
    catalog = catalog or load_catalog()
    if len(paths) < 2:
        raise DiffError("cần ít nhất hai năm để so sánh")
    if agency is not None and agency not in catalog.agency_by_code:
        raise DiffError(f"mã cơ quan '{agency}' không có trong danh mục")
    years = sorted((load_year(p, catalog, workers) for p in paths), key=lambda y: y.year)
    seen = [y.year for y in years]
    if len(set(seen)) != len(seen):
        raise DiffError(f"có hai nguồn cùng năm ({', '.join(map(str, seen))})")
    old, new = years[-2], years[-1]
    if new.profile != catalog.profile.id:
        raise DiffError(f"'{new.path}' thuộc danh mục '{new.profile}', không phải '{catalog.profile.id}'")
    old_cat = _old_catalog(old.profile, catalog, old_catalog)
    for y in years[:-2]:
        if y.profile != catalog.profile.id:
            raise DiffError(f"'{y.path}' thuộc danh mục '{y.profile}', không phải '{catalog.profile.id}'")
    across = old_cat is not catalog
    notes: list[str] = []
    found = _crosswalk_for(crosswalk, old_cat, old.year, catalog, new.year, notes)
    if across and found is None:
        raise DiffError(
            f"không có bảng tương ứng từ danh mục '{old_cat.profile.id}' năm {old.year} sang danh mục "
            f"'{catalog.profile.id}' năm {new.year}; chỉ định bằng --crosswalk TỆP"
        )
    if baselines and found is None:
        raise DiffError("số liệu nền (--baseline) chỉ dùng khi so sánh qua sắp xếp (cần bảng tương ứng)")
    pf: ProForma | None = None
    if found is not None:
        name, cw = found
        pf = pro_forma(cw, name, old_cat, old, catalog, new, _baselines(baselines, old_cat, old.year))
        unknown = [b.unit for b in pf.baselines if b.unit not in cw.outside_codes]
        if unknown:
            raise DiffError(
                f"số liệu nền của đơn vị '{unknown[0]}' không có trong bảng tương ứng (mục [[outside]])"
            )
    old_names = {a.code: a.name for a in old_cat.agencies}
    if across:
        assert pf is not None
        comparison = compare_across(old, new, catalog, pf)
    else:
        comparison = compare_years(old, new, catalog)
    if pf is not None:
        for d in comparison:
            _apply_units(d, pf, catalog, old_names, old.year)
    owed = owed_list(comparison, old.year, new.year)
    if agency is not None:
        for d in comparison:
            d.agencies = [a for a in d.agencies if a.agency == agency]
            d.adjustments = [a for a in d.adjustments if a.agency == agency]
        comparison = [d for d in comparison if d.agencies or d.adjustments]
        owed = [o for o in owed if o.agency == agency]
    result = DiffResult(
        catalog=catalog.profile.id,
        years=[y.year for y in years],
        sources=[y.path for y in years],
        old_year=old.year,
        new_year=new.year,
        agency=agency,
        report_date=report_date or dt.date.today(),
        comparison=comparison,
        series=build_series(years, catalog) if not across else [],
        owed=owed,
        doubts=[d for y in years for d in baseline_doubts(y, old_cat if y is old else catalog)],
        pro_forma=pf,
        notes=notes + ([pf.note] if pf is not None and pf.note else []),
        catalog_warnings=list(
            dict.fromkeys(
                [
                    *(w for y in years for w in validity_warnings(old_cat if y is old else catalog, y.year)),
                    *report_date_warnings(catalog, report_date or dt.date.today()),
                ]
            )
        ),
        catalog_notices=profile_notices(catalog),
    )
    return result
