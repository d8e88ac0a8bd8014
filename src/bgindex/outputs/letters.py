"""Letters (công văn) of the consolidating department to agencies: explanations owed, reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from bgindex.model.results import ReportMeta
from bgindex.model.vn import deadline_words, vn_date, working_days_after

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog
    from bgindex.core.diff import DiffResult
    from bgindex.model.results import AgencyStatus

LETTER_DOCX_TEMPLATE = "cong-van.docx"
INDEX_NAME = "Bộ chỉ số đánh giá kết quả bảo vệ môi trường"


@dataclass
class Letter:
    """One letter: the ND 30 frame comes from `meta`, the body from the paragraphs here."""

    kind: Literal["explanation", "reminder"]
    meta: ReportMeta
    date: dt.date
    reply_by: dt.date
    subject: str  # the 'V/v' line without 'V/v'
    addressees: list[str]
    opening: str
    items: list[str] = field(default_factory=list)
    closing: str = ""

    def text(self) -> str:
        """The body to paste into a letter: addressees, opening, numbered items, closing."""
        if len(self.addressees) == 1:
            lines = [f"Kính gửi: {self.addressees[0]}.", ""]
        else:
            last = len(self.addressees) - 1
            lines = [
                "Kính gửi:",
                *(f"- {a}{'.' if n == last else ';'}" for n, a in enumerate(self.addressees)),
            ]
            lines.append("")
        lines += [self.opening, ""]
        lines += [f"{n}. {item}" for n, item in enumerate(self.items, start=1)]
        lines += ["", self.closing]
        return "\n".join(lines) + "\n"


def document_meta(catalog: Catalog, on: dt.date) -> ReportMeta:
    """Header, signature and recipients of a comparison or a letter dated `on` (the version of the
    profile's report header valid on that date)."""
    return ReportMeta.of(catalog, on)


def letter_meta(catalog: Catalog, on: dt.date) -> ReportMeta:
    """The department's header and signature on the letter's date; its letters go to the
    addressees ('Như trên') and the archive line of the report's recipients."""
    meta = document_meta(catalog, on)
    archive = [r for r in meta.recipients if r.startswith("Lưu")] or ["Lưu: VT"]
    return meta.model_copy(update={"recipients": ["Như trên", *archive[-1:]]})


def reply_date(catalog: Catalog, on: dt.date) -> dt.date:
    """The profile's number of working days after the letter's date (weekends, fixed public
    holidays and the profile's own holidays skipped)."""
    return working_days_after(on, catalog.profile.reply_working_days, catalog.profile.holidays)


def _report_to(meta: ReportMeta) -> str:
    return f"để tổng hợp, báo cáo {meta.addressee}" if meta.addressee else "để tổng hợp"


def explanation_letter(result: DiffResult, catalog: Catalog) -> Letter | None:
    """The letter asking `result.agency` for what it owes; None when it owes nothing."""
    if result.agency is None or not result.owed:
        return None
    name = catalog.agency_name_for_year(result.agency, result.new_year)
    meta = letter_meta(catalog, result.report_date)
    by = reply_date(catalog, result.report_date)
    return Letter(
        kind="explanation",
        meta=meta,
        date=result.report_date,
        reply_by=by,
        subject=f"giải trình số liệu {INDEX_NAME} năm {result.new_year}",
        addressees=[name],
        opening=(
            f"Qua rà soát báo cáo kết quả thực hiện {INDEX_NAME} năm {result.new_year} của {name}, "
            f"so sánh với kết quả năm {result.old_year}, {meta.issuer_name} đề nghị {name} giải "
            "trình, bổ sung các nội dung sau:"
            + (f" ({result.threshold_note})" if result.threshold_note else "")
        ),
        items=[o.text for o in result.owed],
        closing=(
            f"Văn bản giải trình, bổ sung (kèm tài liệu kiểm chứng) đề nghị gửi về "
            f"{meta.issuer_name} trước ngày {vn_date(by)} {_report_to(meta)}./."
        ),
    )


def nothing_owed(result: DiffResult, catalog: Catalog) -> str:
    """What the officer reads instead of a letter when the agency owes nothing."""
    name = catalog.agency_by_code[result.agency].name if result.agency else "Các cơ quan, đơn vị"
    return (
        f"{name} không còn nội dung nào phải giải trình về kết quả năm {result.new_year} so với năm "
        f"{result.old_year}: không lập công văn."
    )


def _what_to_send(catalog: Catalog, agency: str, year: int) -> str:
    """What an agency owes, by indicator name (no file names: the form goes with the letter)."""
    indicators = catalog.indicators_for(agency, year)
    if indicators:
        asked = "các chỉ số: " + "; ".join(f"{i.code} – {i.name}" for i in indicators)
    else:  # a supplier of inputs only (the statistics office's population figures)
        labels = [catalog.variable_by_code[v].label for v in catalog.variables_for(agency, year)]
        asked = "các số liệu: " + "; ".join(labels)
    return asked


def reminder_letter(
    statuses: list[AgencyStatus],
    catalog: Catalog,
    year: int,
    deadline: dt.date,
    on: dt.date,
    agencies: list[str] | None = None,
) -> Letter | None:
    """One letter to every agency that has sent nothing (or to those of `agencies` that have not);
    None when all of them have sent something."""
    unsent = [s for s in statuses if not s.received and (not agencies or s.agency in agencies)]
    if not unsent:
        return None
    meta = letter_meta(catalog, on)
    by = reply_date(catalog, on)
    late = (on - deadline).days
    when = deadline_words(deadline, on)
    plan = catalog.profile.plan
    whom = unsent[0].name if len(unsent) == 1 else "các cơ quan, đơn vị sau"
    items = [
        f"{s.name}: {'quá hạn ' + str(late) + ' ngày' if late > 0 else 'chưa gửi'}; "
        f"{_what_to_send(catalog, s.agency, year)}."
        for s in unsent
    ]
    ask = unsent[0].name if len(unsent) == 1 else "các cơ quan, đơn vị trên"
    return Letter(
        kind="reminder",
        meta=meta,
        date=on,
        reply_by=by,
        subject=f"đôn đốc gửi báo cáo kết quả thực hiện {INDEX_NAME} năm {year}",
        addressees=[s.name for s in unsent],
        opening=(
            f"{'Thực hiện ' + plan + ', c' if plan else 'C'}ác cơ quan, đơn vị báo cáo kết quả "
            f"thực hiện các chỉ số được giao năm {year} gửi về {meta.issuer_name} trước ngày "
            f"{vn_date(deadline)}. Đến ngày {vn_date(on)} ({when}), {meta.issuer_name} chưa nhận "
            f"được báo cáo của {whom}:"
        ),
        items=items,
        closing=(
            f"Đề nghị {ask} điền số liệu vào biểu mẫu báo cáo (đính kèm công văn này), nêu nguyên "
            "nhân tăng, giảm của từng chỉ số, "
            f"kèm tài liệu kiểm chứng và gửi về {meta.issuer_name} trước ngày {vn_date(by)} "
            f"{_report_to(meta)}./."
        ),
    )


def nobody_unsent(year: int, agencies: list[str] | None, catalog: Catalog) -> str:
    if agencies:
        names = ", ".join(catalog.agency_by_code[a].name for a in agencies)
        return f"{names} đã gửi báo cáo năm {year}: không lập công văn đôn đốc."
    return f"Tất cả cơ quan, đơn vị đã gửi báo cáo năm {year}: không lập công văn đôn đốc."


def render_letter_docx(letter: Letter, templates_dir: str | Path | None = None) -> bytes:
    """The letter in Nghị định 30 form, from the officer-editable cong-van.docx."""
    from bgindex.outputs.report_docx import render_docx_template

    context = {"l": letter, "m": letter.meta, "report_date": letter.date}
    return render_docx_template(LETTER_DOCX_TEMPLATE, templates_dir, context)


def write_letter_docx(letter: Letter, target: str | Path, templates_dir: str | Path | None = None) -> Path:
    from bgindex.outputs.atomic import write_bytes

    return write_bytes(target, render_letter_docx(letter, templates_dir))
