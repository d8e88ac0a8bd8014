"""`bgindex.consolidate`: agencies' workbooks -> the province's result, status and provenance."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog
from bgindex.catalog.validity import profile_notices, validity_warnings
from bgindex.core.baseline import adjustment_doubts, baseline_doubts
from bgindex.core.change import assess, change
from bgindex.core.indicators import Combiner, Period, describe_formula, grouped_parts, secondary_result
from bgindex.core.plausibility import against_last_year, carried_doubts
from bgindex.core.validate import collect_files, validate_files
from bgindex.model.exits import ExitCode
from bgindex.model.issues import TYPES, Issue
from bgindex.model.reports import AgencyReport, FileReport, SkippedFile, VariableValue
from bgindex.model.results import (
    AgencyStatus,
    Cause,
    Conflict,
    ConsolidationResult,
    Counts,
    Evidence,
    Fault,
    FileEntry,
    IndicatorResult,
    InputRow,
    ReportMeta,
    YearData,
)
from bgindex.model.status import COMBINE_VI, FileFate
from bgindex.model.vn import vn_date
from bgindex.reading.layout import agency_in_file_name


class ConsolidateError(Exception):
    """A request that cannot be run (e.g. an unreadable previous result)."""


def _agency_from_name(path: str, catalog: Catalog) -> str | None:
    """For unreadable files: the agency code in a name like 'bgindex-2024-SXD.xlsx', if any."""
    stem = Path(path).stem.upper()
    for agency in sorted(catalog.agency_by_code, key=len, reverse=True):
        if stem.endswith(agency) or f"-{agency}-" in stem or stem.startswith(f"{agency}-"):
            return agency
    return None


# Why an agency with two different reports of the same date has no figures yet.
CONFLICT_REASON = "hai báo cáo cùng ngày, chưa rõ dùng báo cáo nào"


def _dated(f: FileReport) -> dt.date:
    return f.report_date or dt.date.min


def _same_date_vi(d: dt.date | None) -> str:
    return f"cùng ngày báo cáo {vn_date(d)}" if d else "đều không ghi ngày báo cáo"


def _superseded_vi(f: FileReport, latest: dt.date, newer: list[FileReport]) -> str:
    if f.report_date is None:
        return f"tệp không ghi ngày báo cáo; tệp {_names(newer)} có ngày báo cáo {vn_date(latest)}"
    return (
        f"ngày báo cáo {vn_date(f.report_date)} sớm hơn ngày báo cáo {vn_date(latest)} "
        f"của tệp {_names(newer)}"
    )


def _names(files: list[FileReport]) -> str:
    """The files' names without their folders: these words reach the report that leaves the office."""
    return ", ".join(Path(f.file).name for f in files)


def _periods(issue: Issue, values: dict[str, VariableValue]) -> tuple[Period, ...]:
    """Which year's figure an error touches: the year of its cell; both for a whole row (its code)."""
    own = values.get(issue.variable or "")
    if own is not None and issue.cell == own.cell:
        return ("current",)
    if own is not None and issue.cell == own.previous_cell:
        return ("previous",)
    return ("current", "previous")


def _leave_out(f: FileReport, catalog: Catalog) -> tuple[AgencyReport, list[Fault]]:
    """A usable file's figures without every one its errors touch, and a fault naming the cell of
    each figure left out (the code cell of a row left out whole). Cells that failed reading are
    already empty; a rule across cells (a part above its whole) empties both figures, since which
    one is wrong is not known."""
    assert f.report is not None and f.agency is not None
    report = f.report.model_copy(deep=True)
    name = catalog.agency_name_for_year(f.agency, f.report.year or 0)
    faults: dict[tuple[str, Period], Fault] = {}
    for issue in f.issues:
        for code in issue.touches:
            row = report.values.get(code)
            for period in _periods(issue, f.report.values):
                cell = issue.cell
                if row is not None:
                    setattr(row, "value" if period == "current" else "previous", None)
                    cell = row.cell if period == "current" else row.previous_cell
                faults.setdefault(
                    (code, period),
                    Fault(
                        agency=f.agency,
                        agency_name=name,
                        file=f.file,
                        sheet=issue.sheet,
                        cell=cell,
                        variable=code,
                        period=period,
                        code=issue.code,
                        message=issue.message,
                    ),
                )
    return report, list(faults.values())


def _used_vi(f: FileReport, faults: list[Fault]) -> str:
    """Why a used file with errors is used all the same, and which of its figures are not."""
    if not f.errors:
        return ""
    if not faults:
        return f"tệp có {f.errors} lỗi không ảnh hưởng số liệu; toàn bộ số liệu được sử dụng"
    places = dict.fromkeys(x.place for x in faults)
    return (
        f"tệp có {f.errors} lỗi; số liệu ở {', '.join(places)} không được sử dụng, "
        "các số liệu khác của tệp vẫn được sử dụng"
    )


@dataclass
class Choice:
    """Which file of each agency is used (with its figures less those its errors touch, and a fault
    for each one left out), what became of every file, and the unresolved conflicts."""

    used: dict[str, FileReport]
    entries: list[FileEntry]
    conflicts: list[Conflict]
    reports: dict[str, AgencyReport]
    faults: list[Fault]


def _choose(reports: list[FileReport], catalog: Catalog) -> Choice:
    """Per agency, the usable file (no error that costs the whole file) with the latest report
    date. Identical copies count once; two different reports with the same latest date are a
    conflict and neither is used: a file's name never decides. Every file is listed with its fate
    and the real reason for it."""
    by_agency: dict[str, list[FileReport]] = {}
    for f in reports:
        if f.usable and f.agency and f.report is not None:
            by_agency.setdefault(f.agency, []).append(f)
    used: dict[str, FileReport] = {}
    conflicts: list[Conflict] = []
    fates: dict[int, tuple[FileFate, str]] = {}
    for agency, files in by_agency.items():
        # Of identical copies the one named for the agency is kept (same content, same figures).
        files = sorted(files, key=lambda f: (agency_in_file_name(f.file) != agency, f.file))
        distinct: list[FileReport] = []
        for f in files:
            twin = next((d for d in distinct if f.sha256 is not None and d.sha256 == f.sha256), None)
            if twin is None:
                distinct.append(f)
            else:
                fates[id(f)] = ("duplicate", f"bản sao giống hệt tệp {twin.file}; chỉ tính một lần")
        latest = max(_dated(f) for f in distinct)
        top = [f for f in distinct if _dated(f) == latest]
        if len(top) == 1:
            used[agency] = top[0]
            fates[id(top[0])] = ("used", "")
        else:
            when = _same_date_vi(top[0].report_date)
            conflicts.append(
                Conflict(
                    agency=agency,
                    name=catalog.agency_name_for_year(agency, top[0].report.year or 0)
                    if top[0].report
                    else catalog.agency_by_code[agency].name,
                    report_date=top[0].report_date,
                    files=[f.file for f in top],
                    message=f"{len(top)} báo cáo khác nhau {when} ({_names(top)}); số liệu của cơ quan "
                    "chưa được tổng hợp, đề nghị cơ quan xác nhận và chỉ giữ lại một báo cáo",
                )
            )
            for f in top:
                others = _names([o for o in top if o is not f])
                fates[id(f)] = ("conflict", f"{CONFLICT_REASON} ({when} với tệp {others})")
        for f in distinct:
            if id(f) not in fates:
                fates[id(f)] = ("superseded", _superseded_vi(f, latest, top))
    figures: dict[str, AgencyReport] = {}
    faults: list[Fault] = []
    for agency, f in used.items():
        figures[agency], left_out = _leave_out(f, catalog)
        faults += left_out
        fates[id(f)] = ("used", _used_vi(f, left_out))
    entries: list[FileEntry] = []
    for f in reports:
        if id(f) in fates:
            fate, reason = fates[id(f)]
        else:
            fate = "rejected"
            errors = [i for i in f.issues if i.severity == "error"]
            first = next((i for i in errors if i.cost == "file"), errors[0] if errors else None)
            reason = f"{first.code}: {first.message}" if first else ""
        entries.append(
            FileEntry(
                file=f.file,
                agency=f.agency,
                status=f.status,
                fate=fate,
                report_date=f.report_date,
                errors=f.errors,
                warnings=f.warnings,
                reason=reason,
                issues=[] if fate == "used" and not f.errors else f.issues,
            )
        )
    return Choice(used, entries, conflicts, figures, faults)


def file_agency(f: FileReport, catalog: Catalog) -> str | None:
    """The agency a file counts for: the code its info sheet claims, else the one in its name."""
    return f.agency or _agency_from_name(f.file, catalog)


def agency_statuses(
    catalog: Catalog,
    year: int,
    reports: list[FileReport],
    choice: Choice,
    deadline: dt.date,
    arrived: Mapping[str, dt.date] | None = None,
) -> list[AgencyStatus]:
    """One status per reporting unit. Timeliness is judged on the report date typed in the chosen
    file, or, where `arrived` gives the day a file (by its name in the reports) was received, on
    that day: what "on time" means where arrivals are recorded (the workspace's register)."""
    out: list[AgencyStatus] = []
    conflicted = {c.agency: c for c in choice.conflicts}
    for agency in catalog.reporting_agencies(year):
        group = agency.groups.get(catalog.profile.group_by, "") if catalog.profile.group_by else ""
        st = AgencyStatus(
            agency=agency.code,
            name=catalog.agency_name_for_year(agency.code, year),
            kind=agency.kind,
            group=group,
        )
        mine = [f for f in reports if file_agency(f, catalog) == agency.code]
        st.files = [f.file for f in mine]
        st.received = bool(mine)
        chosen = choice.used.get(agency.code)
        conflict = conflicted.get(agency.code)
        if conflict is not None:
            tied = [f for f in mine if f.file in conflict.files]
            st.status = "conflict"
            st.warnings = max(f.warnings for f in tied)
            st.report_date = conflict.report_date
        else:
            if chosen is None and mine:
                chosen = sorted(mine, key=lambda f: (f.status != "invalid", f.file))[0]
            if chosen is None:
                out.append(st)
                continue
            st.status = chosen.status
            st.used_file = chosen.file if choice.used.get(agency.code) is chosen else None
            st.errors, st.warnings = chosen.errors, chosen.warnings
            st.report_date = chosen.report_date
            if chosen.report is not None:
                st.reporter = chosen.report.info.reporter
                st.letter_no = chosen.report.info.letter_no
        judged = st.report_date
        if arrived is not None and chosen is not None and chosen.file in arrived:
            judged = arrived[chosen.file]
        if judged is None:
            st.timeliness = "no_date"
        else:
            late = (judged - deadline).days
            st.timeliness = "late" if late > 0 else "on_time"
            st.days_late = max(late, 0)
        out.append(st)
    return out


def _absent_reasons(statuses: list[AgencyStatus]) -> dict[str, str]:
    why = {
        "missing": "chưa gửi báo cáo",
        "invalid": "tệp có lỗi, bị loại",
        "unreadable": "tệp không đọc được, bị loại",
        "conflict": CONFLICT_REASON,
    }
    return {s.agency: why[s.status] for s in statuses if s.used_file is None and s.status in why}


def consolidate(
    folder: str | Path,
    year: int,
    catalog: Catalog | None = None,
    previous: str | Path | None = None,
    deadline: dt.date | None = None,
    report_date: dt.date | None = None,
    workers: int | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    files: Sequence[Path] | None = None,
    labels: Mapping[str, str] | None = None,
) -> ConsolidationResult:
    """Validate every workbook under `folder` (or the `files` given, e.g. a workspace's current
    files, named in the result by `labels`), compute every indicator, and say who reported."""
    catalog = catalog or load_catalog()
    deadline = deadline or catalog.deadline(year)
    report_date = report_date or dt.date.today()
    prior = None
    if previous is not None:
        from bgindex.reading.last_result import ResultReadError, read_result

        try:
            prior = read_result(previous, catalog)
        except ResultReadError as exc:
            raise ConsolidateError(str(exc)) from None
        if prior.year != year - 1:
            raise ConsolidateError(f"'{previous}' là kết quả năm {prior.year}, cần kết quả năm {year - 1}")
    skipped: list[SkippedFile] = []
    files = collect_files([folder], skipped) if files is None else list(files)
    if on_start:
        on_start(len(files))
    reports = validate_files(files, catalog, year, workers, on_file, labels=labels)
    choice = _choose(reports, catalog)
    statuses = agency_statuses(catalog, year, reports, choice, deadline)
    agency_reports = choice.reports
    combiner = Combiner(catalog, year, agency_reports, _absent_reasons(statuses), choice.faults)
    result = ConsolidationResult(
        catalog=catalog.profile.id,
        profile_name=catalog.profile.name,
        index_version=catalog.profile.index_version,
        province=catalog.profile.province,
        year=year,
        deadline=deadline,
        report_date=report_date,
        folder=str(folder),
        previous_source=_baseline_source(prior, year)
        if prior
        else f"cột năm {year - 1} trong báo cáo của các cơ quan",
        meta=ReportMeta.of(catalog, report_date),
        retired=[i.code for i in catalog.retired_indicators(year)],
        agencies=statuses,
        files=choice.entries,
        skipped=skipped,
        conflicts=choice.conflicts,
        catalog_warnings=validity_warnings(catalog, year, report_date),
        catalog_notices=profile_notices(catalog),
        unit_group_label=catalog.profile.group_labels.get(catalog.profile.group_by, ""),
        unit_group_note=catalog.profile.group_note,
    )
    for ind in catalog.active_indicators(year):
        cur = combiner.compute(ind, "current")
        res = IndicatorResult(
            code=ind.code,
            name=ind.name,
            group=ind.group,
            unit=ind.unit,
            kind=ind.kind,
            better=ind.better,
            definition=ind.definition,
            formula=describe_formula(ind, catalog),
            combine=COMBINE_VI[ind.combine.rule]
            + (f" ({catalog.agency_by_code[ind.combine.lead].name})" if ind.combine.lead else ""),
            note=ind.note,
            agencies=catalog.indicator_agencies(ind, year),
            value=cur.value,
            numerator=cur.numerator,
            denominator=cur.denominator,
            numerator_unit=catalog.variable_by_code[ind.numerator[0]].unit,
            denominator_unit=catalog.variable_by_code[ind.denominator[0]].unit if ind.denominator else "",
            status=cur.status,
            reasons=cur.reasons,
            threshold=catalog.threshold(ind),
            figures=cur.figures,
            breakdown=combiner.breakdown(ind),
            groups=grouped_parts(catalog, year, ind, agency_reports),
            faults=cur.faults,
        )
        prev = None
        if prior is not None and ind.code in prior.indicators:
            p = prior.indicators[ind.code]
            res.previous, res.previous_status = p.value, p.status
            res.previous_source = f"kết quả tổng hợp năm {year - 1} ({Path(str(previous)).name})"
        else:
            prev = combiner.compute(ind, "previous")
            res.previous, res.previous_status = prev.value, prev.status
            res.previous_source = f"cột năm {year - 1} trong báo cáo của các cơ quan"
            if prior is not None:
                res.previous_source += f" (chỉ số không có trong {Path(str(previous)).name})"
            result.discrepancies += [d for d in prev.discrepancies if d.kind == "cross_check"]
            res.faults += prev.faults
        res.secondary = secondary_result(ind, cur, prev)
        res.change, res.change_pct = change(res.previous, res.value)
        res.assessment = assess(
            ind.better,
            res.previous,
            res.value,
            res.previous_status == "not_applicable",
            res.status == "not_applicable",
        )
        result.discrepancies += cur.discrepancies
        for agency in res.agencies:
            rep = agency_reports.get(agency)
            if rep is None:
                continue
            entry = rep.indicators.get(ind.code)
            if entry is not None and (entry.cause or entry.measures):
                res.causes.append(
                    Cause(
                        agency=agency,
                        agency_name=catalog.agency_name_for_year(agency, year),
                        cause=entry.cause,
                        measures=entry.measures,
                        file=rep.file,
                        sheet=entry.sheet,
                        cell=entry.cause_cell,
                    )
                )
            for doc in rep.documents:
                if doc.indicator == ind.code:
                    res.evidence.append(
                        Evidence(
                            agency=agency,
                            number=doc.number,
                            date=doc.date,
                            issuer=doc.issuer,
                            summary=doc.summary,
                            filename=doc.filename,
                            file=rep.file,
                            sheet=doc.sheet,
                            row=doc.row,
                        )
                    )
        result.indicators.append(res)
    for agency, rep in sorted(agency_reports.items()):
        for code, v in rep.values.items():
            result.inputs.append(
                InputRow(
                    agency=agency,
                    variable=code,
                    value=v.value,
                    previous=v.previous,
                    file=rep.file,
                    sheet=v.sheet,
                    cell=v.cell,
                    previous_cell=v.previous_cell,
                )
            )
    result.plausibility = carried_doubts(choice.used)
    if prior is not None:
        result.baseline_doubts = [
            *baseline_doubts(prior, catalog),
            *adjustment_doubts(prior, YearData.from_result(result), catalog),
        ]
        result.plausibility += against_last_year(agency_reports, prior, catalog, year)
    result.counts = _counts(result)
    result.exit_code = _exit_code(result, agency_reports)
    return result


def _baseline_source(prior: YearData, year: int) -> str:
    """Which file gave last year's figures, and whether its fingerprint checked out."""
    kinds = {d.kind for d in prior.doubts}
    if "fingerprint_mismatch" in kinds:
        check = "mã kiểm tra số liệu không khớp: tệp đã bị sửa sau khi tổng hợp"
    elif "no_fingerprint" in kinds:
        check = "tệp không có mã kiểm tra số liệu"
    elif kinds:
        check = "mã kiểm tra khớp với số liệu được sử dụng, nhưng tệp có nội dung được thêm sau khi tổng hợp"
    else:
        check = "mã kiểm tra số liệu khớp, tệp chưa bị sửa sau khi tổng hợp"
    return f"kết quả tổng hợp năm {year - 1}, tệp {prior.file_name} ({check})"


def _counts(result: ConsolidationResult) -> Counts:
    c = Counts(
        indicators=len(result.indicators),
        agencies=len(result.agencies),
        discrepancies=len(result.discrepancies),
        files=len(result.files),
        rejected=sum(f.fate == "rejected" for f in result.files),
        conflicts=len(result.conflicts),
    )
    for ind in result.indicators:
        if ind.status == "not_computable":
            c.not_computable += 1
        else:
            setattr(c, ind.assessment, getattr(c, ind.assessment) + 1)
        if ind.status == "incomplete":
            c.incomplete += 1
    for st in result.agencies:
        if st.status == "missing":
            c.missing += 1
        elif st.status == "conflict":
            continue  # counted in c.conflicts
        elif st.used_file is None:
            c.invalid += 1
        else:
            c.partly_used += st.status != "valid"
            setattr(c, st.timeliness, getattr(c, st.timeliness) + 1)
    return c


def nothing_usable(result: ConsolidationResult) -> str:
    """Why a consolidation found nothing to use, said so the officer can act on it."""
    from collections import Counter

    if not result.files:
        return f"không có tệp bảng tính nào trong thư mục '{Path(result.folder).name}'"
    years = Counter(
        m.group(1)
        for f in result.files
        for i in f.issues
        if i.code == "E_YEAR_MISMATCH" and (m := re.search(r"năm (\d{4})", i.message))
    )
    if years:
        found = ", ".join(sorted(years))
        return f"các tệp là báo cáo năm {found}, đang tổng hợp năm {result.year} (kiểm tra --year)"
    reasons = Counter(i.code for f in result.files for i in f.issues if i.severity == "error")
    common = ", ".join(TYPES[code].title.lower() for code, _ in reasons.most_common(2))
    return f"không tệp nào trong {len(result.files)} tệp dùng được" + (
        f" (chủ yếu: {common})" if common else ""
    )


def _exit_code(result: ConsolidationResult, used: dict[str, AgencyReport]) -> ExitCode:
    if not used:
        return ExitCode.UNREADABLE
    c = result.counts
    problems = (c.rejected, c.missing, c.invalid, c.partly_used, c.conflicts, c.incomplete, c.not_computable)
    if any(problems):
        return ExitCode.DATA
    if any(not d.is_note for d in result.baseline_doubts):
        return ExitCode.DATA
    return ExitCode.OK


def status(
    folder: str | Path,
    year: int,
    catalog: Catalog | None = None,
    deadline: dt.date | None = None,
    workers: int | None = None,
) -> tuple[list[AgencyStatus], list[FileEntry], list[Conflict], dt.date]:
    """Who has reported so far: the reporting table alone, for the weeks files are arriving."""
    catalog = catalog or load_catalog()
    deadline = deadline or catalog.deadline(year)
    reports = validate_files(collect_files([folder]), catalog, year, workers)
    choice = _choose(reports, catalog)
    statuses = agency_statuses(catalog, year, reports, choice, deadline)
    return statuses, choice.entries, choice.conflicts, deadline
