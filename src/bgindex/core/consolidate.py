"""`bgindex.consolidate`: agencies' workbooks -> the province's result, status and provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog
from bgindex.core.change import assess, change
from bgindex.core.indicators import Combiner, describe_formula, secondary_result
from bgindex.core.plausibility import against_last_year, carried_doubts
from bgindex.core.validate import collect_files, validate_files
from bgindex.model.exits import ExitCode
from bgindex.model.reports import AgencyReport, FileReport
from bgindex.model.results import (
    AgencyStatus,
    Cause,
    ConsolidationResult,
    Counts,
    Evidence,
    FileEntry,
    IndicatorResult,
    InputRow,
    ReportMeta,
)
from bgindex.model.status import COMBINE_VI


class ConsolidateError(Exception):
    """A request that cannot be run (e.g. an unreadable previous result)."""


def _agency_from_name(path: str, catalog: Catalog) -> str | None:
    """For unreadable files: the agency code in a name like 'bgindex-2024-SXD.xlsx', if any."""
    stem = Path(path).stem.upper()
    for agency in sorted(catalog.agency_by_code, key=len, reverse=True):
        if stem.endswith(agency) or f"-{agency}-" in stem or stem.startswith(f"{agency}-"):
            return agency
    return None


def _choose(reports: list[FileReport]) -> tuple[dict[str, FileReport], list[FileEntry]]:
    """Per agency, the valid file with the latest report date; every file listed with its fate."""
    used: dict[str, FileReport] = {}
    for f in reports:
        if f.status != "valid" or not f.agency:
            continue
        best = used.get(f.agency)
        key = (f.report_date or dt.date.min, f.file)
        if best is None or key > (best.report_date or dt.date.min, best.file):
            used[f.agency] = f
    entries: list[FileEntry] = []
    fate: Literal["used", "superseded", "rejected"]
    for f in reports:
        if f.status == "valid" and f.agency and used[f.agency] is f:
            fate, reason = "used", ""
        elif f.status == "valid":
            fate = "superseded"
            newer = used[f.agency] if f.agency else None
            reason = f"có tệp khác của cùng cơ quan với ngày báo cáo muộn hơn: {newer.file}" if newer else ""
        else:
            fate = "rejected"
            first = next((i for i in f.issues if i.severity == "error"), None)
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
                issues=[] if fate == "used" else f.issues,
            )
        )
    return used, entries


def agency_statuses(
    catalog: Catalog, year: int, reports: list[FileReport], used: dict[str, FileReport], deadline: dt.date
) -> list[AgencyStatus]:
    out: list[AgencyStatus] = []
    for agency in catalog.reporting_agencies(year):
        st = AgencyStatus(agency=agency.code, name=agency.name, kind=agency.kind)
        mine = [f for f in reports if (f.agency or _agency_from_name(f.file, catalog)) == agency.code]
        st.files = [f.file for f in mine]
        st.received = bool(mine)
        chosen = used.get(agency.code)
        if chosen is None and mine:
            worst = sorted(mine, key=lambda f: (f.status != "invalid", f.file))[0]
            chosen = worst
        if chosen is not None:
            st.status = chosen.status
            st.used_file = chosen.file if chosen.status == "valid" else None
            st.errors, st.warnings = chosen.errors, chosen.warnings
            st.report_date = chosen.report_date
            if chosen.report is not None:
                st.reporter = chosen.report.info.reporter
                st.letter_no = chosen.report.info.letter_no
            if st.report_date is None:
                st.timeliness = "no_date"
            else:
                late = (st.report_date - deadline).days
                st.timeliness = "late" if late > 0 else "on_time"
                st.days_late = max(late, 0)
        out.append(st)
    return out


def _absent_reasons(statuses: list[AgencyStatus]) -> dict[str, str]:
    why = {
        "missing": "chưa gửi báo cáo",
        "invalid": "tệp có lỗi, bị loại",
        "unreadable": "tệp không đọc được, bị loại",
    }
    return {s.agency: why[s.status] for s in statuses if s.status != "valid"}


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
) -> ConsolidationResult:
    """Validate every workbook under `folder`, compute every indicator, and say who reported."""
    catalog = catalog or load_catalog()
    deadline = deadline or catalog.deadline(year)
    prior = None
    if previous is not None:
        from bgindex.reading.last_result import ResultReadError, read_result

        try:
            prior = read_result(previous, catalog)
        except ResultReadError as exc:
            raise ConsolidateError(str(exc)) from None
        if prior.year != year - 1:
            raise ConsolidateError(f"'{previous}' là kết quả năm {prior.year}, cần kết quả năm {year - 1}")
    files = collect_files([folder])
    if on_start:
        on_start(len(files))
    reports = validate_files(files, catalog, year, workers, on_file)
    used, entries = _choose(reports)
    statuses = agency_statuses(catalog, year, reports, used, deadline)
    agency_reports: dict[str, AgencyReport] = {a: f.report for a, f in used.items() if f.report is not None}
    combiner = Combiner(catalog, year, agency_reports, _absent_reasons(statuses))
    result = ConsolidationResult(
        catalog=catalog.profile.id,
        profile_name=catalog.profile.name,
        index_version=catalog.profile.index_version,
        province=catalog.profile.province,
        year=year,
        deadline=deadline,
        report_date=report_date or dt.date.today(),
        folder=str(folder),
        previous_source=str(previous) if previous else f"cột năm {year - 1} trong báo cáo của các cơ quan",
        meta=ReportMeta.of(catalog),
        retired=[i.code for i in catalog.retired_indicators(year)],
        agencies=statuses,
        files=entries,
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
            combine=COMBINE_VI[ind.combine.rule] + (f" ({ind.combine.lead})" if ind.combine.lead else ""),
            note=ind.note,
            agencies=catalog.indicator_agencies(ind),
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
                        agency_name=catalog.agency_by_code[agency].name,
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
    result.plausibility = carried_doubts(used)
    if prior is not None:
        result.plausibility += against_last_year(agency_reports, prior, catalog, year)
    result.counts = _counts(result)
    result.exit_code = _exit_code(result, agency_reports)
    return result


def _counts(result: ConsolidationResult) -> Counts:
    c = Counts(
        indicators=len(result.indicators),
        agencies=len(result.agencies),
        discrepancies=len(result.discrepancies),
        files=len(result.files),
        rejected=sum(f.fate == "rejected" for f in result.files),
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
        elif st.status != "valid":
            c.invalid += 1
        else:
            setattr(c, st.timeliness, getattr(c, st.timeliness) + 1)
    return c


def _exit_code(result: ConsolidationResult, used: dict[str, AgencyReport]) -> ExitCode:
    if not used:
        return ExitCode.UNREADABLE
    c = result.counts
    if c.rejected or c.missing or c.invalid or c.incomplete or c.not_computable:
        return ExitCode.DATA
    return ExitCode.OK


def status(
    folder: str | Path,
    year: int,
    catalog: Catalog | None = None,
    deadline: dt.date | None = None,
    workers: int | None = None,
) -> tuple[list[AgencyStatus], list[FileEntry], dt.date]:
    """Who has reported so far: the reporting table alone, for the weeks files are arriving."""
    catalog = catalog or load_catalog()
    deadline = deadline or catalog.deadline(year)
    reports = validate_files(collect_files([folder]), catalog, year, workers)
    used, entries = _choose(reports)
    return agency_statuses(catalog, year, reports, used, deadline), entries, deadline
