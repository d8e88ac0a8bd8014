"""The facts a consolidated report opens with, and the sentences seeded from them (plain data)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath

from bgindex.model.results import ConsolidationResult, IndicatorResult, Supplier
from bgindex.model.vn import amount_text, indicator_number, vn_date

PLACEHOLDER = "…"
# Marks a formula that is the consolidating office's provisional reading, not the ministry's text.
READING_MARK = "(*)"
TOP_IMPROVEMENTS = 3
# A whole tier of local units named together when every one of them is meant.
TIER_NAMES = {"district": "UBND các huyện, thị xã, thành phố", "commune": "UBND các xã, phường"}


def with_unit(text: str, unit: str) -> str:
    """'5,82 %', '21,54 ha'; a unit like 'phương tiện/10.000 dân đô thị' after a space too."""
    return f"{text} {unit}" if unit else text


def file_name(path: str) -> str:
    """A file's own name, without any folder (a Windows path too, on any machine)."""
    return PureWindowsPath(PurePath(path).name).name


@dataclass
class Movement:
    """One indicator that improved or worsened, with both values as a reader sees them."""

    code: str
    name: str
    unit: str
    previous: str
    value: str
    responsible: str  # the agencies the plan assigns the indicator to, by full name
    rose: bool

    @property
    def values(self) -> str:
        """'5,82 → 4,93 %'."""
        return with_unit(f"{self.previous} → {self.value}", self.unit)

    @property
    def phrase(self) -> str:
        """'chỉ số 19 (Tỷ lệ …) giảm từ 5,82 % xuống 4,93 %'."""
        verb = "tăng từ {a} lên {b}" if self.rose else "giảm từ {a} xuống {b}"
        moved = verb.format(a=with_unit(self.previous, self.unit), b=with_unit(self.value, self.unit))
        return f"chỉ số {self.code} ({self.name}) {moved}"


@dataclass
class LateAgency:
    name: str
    days: int | None  # None: the report carries no date

    @property
    def phrase(self) -> str:
        return f"{self.name} ({self.days} ngày)" if self.days is not None else f"{self.name} (không ghi ngày)"


@dataclass
class Gap:
    """An open discrepancy of one indicator, and who must reconcile it."""

    code: str
    name: str
    items: list[str]  # 'diện tích rừng tự nhiên bị cháy: 15,24 ha so với 13,61 ha'
    lead: str
    others: str

    @property
    def between(self) -> str:
        return f"giữa {self.lead} và {self.others}" if self.others else f"của {self.lead}"

    @property
    def phrase(self) -> str:
        """'chỉ số 20 (…) giữa A và B: x năm 2024: 15,24 ha so với 13,61 ha'."""
        return f"chỉ số {self.code} ({self.name}) {self.between}: {'; '.join(self.items)}"


@dataclass
class Rejected:
    agency: str  # full name, or "" when the file named none we know
    file: str  # the file's own name, no folder
    reason: str

    @property
    def phrase(self) -> str:
        return f"tệp {self.file} của {self.agency}" if self.agency else f"tệp {self.file}"

    @property
    def why(self) -> str:
        return f"{self.phrase} ({self.reason.rstrip('.')})" if self.reason else self.phrase


@dataclass
class Row:
    """One line of the summary table: what, how many, which."""

    label: str
    count: int
    detail: str = ""


@dataclass
class ReportFacts:
    """What page 1 says, in every format alike: counts without zeros, names, both values, days."""

    year: int
    opening: str
    rows: list[Row] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # 4–6 sentences
    assessment: list[str] = field(default_factory=list)  # "Đánh giá chung", seeded
    shortcomings: list[str] = field(default_factory=list)  # "Tồn tại, hạn chế", seeded
    proposals: list[str] = field(default_factory=list)  # "Đề xuất, kiến nghị", seeded
    method_note: str = ""
    worsened: list[Movement] = field(default_factory=list)
    improved: list[Movement] = field(default_factory=list)  # the largest improvements
    late: list[LateAgency] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # agency code -> full name, for templates

    def agencies(self, codes: Iterable[str]) -> str:
        """Full names joined for running text (a table's cell, a sentence)."""
        return ", ".join(self.names.get(c, c) for c in codes)

    def suppliers(self, suppliers: Iterable[Supplier]) -> str:
        """'Số liệu dân số khu vực đô thị do Cục Thống kê tỉnh Bắc Giang cung cấp.' for each agency
        that supplies figures of an indicator without answering for it; empty when none."""
        return " ".join(
            f"Số liệu {_join([_lower_first(f) for f in s.figures])} do {self.agencies([s.agency])} cung cấp."
            for s in suppliers
        )


def _lower_first(label: str) -> str:
    """A label inside a sentence: 'Dân số khu vực đô thị' → 'dân số khu vực đô thị'."""
    return label[:1].lower() + label[1:]


def _join(parts: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


class _Names:
    """Agency codes as full names, a whole tier of local units said once."""

    def __init__(self, result: ConsolidationResult) -> None:
        self.name = {a.agency: a.name for a in result.agencies}
        self.tiers = {kind: {a.agency for a in result.agencies if a.kind == kind} for kind in TIER_NAMES}

    def of(self, codes: Iterable[str]) -> str:
        codes = list(dict.fromkeys(codes))
        parts: list[str] = []
        for kind, label in TIER_NAMES.items():
            tier = self.tiers[kind]
            if len(tier) > 1 and tier <= set(codes):
                codes = [c for c in codes if c not in tier]
                parts.append(label)
        return _join([self.name.get(c, c) for c in codes] + parts)


def _movement(i: IndicatorResult, names: _Names) -> Movement:
    return Movement(
        code=i.code,
        name=i.name,
        unit=i.unit,
        previous=indicator_number(i.previous, i.decimals),
        value=indicator_number(i.value, i.decimals),
        responsible=names.of(i.agencies),
        rose=(i.change or 0) > 0,
    )


def _gaps(result: ConsolidationResult, names: _Names) -> list[Gap]:
    out: dict[str, Gap] = {}
    for d in result.discrepancies:
        ind = next((i for i in result.indicators if i.code == d.indicator), None)
        year = result.year if d.period == "current" else result.year - 1
        what = (d.label or (ind.name if ind else "")).lower() if d.label else (ind.name if ind else "")
        if d.kind == "cross_check" and d.lead_value is not None and d.others_value is not None:
            item = (
                f"{what} năm {year}: {with_unit(amount_text(d.lead_value), d.unit)} so với "
                f"{with_unit(amount_text(d.others_value), d.unit)}"
            )
        else:
            item = f"{what} năm {year}: {d.message.rstrip('.')}"
        lead_codes = [d.lead] if d.lead else (ind.agencies if ind else [])
        gap = out.setdefault(
            d.indicator,
            Gap(d.indicator, ind.name if ind else "", [], names.of(lead_codes), names.of(d.others)),
        )
        gap.items.append(item)
    return list(out.values())


def _opening(result: ConsolidationResult) -> str:
    m, c = result.meta, result.counts
    basis = m.legal_basis or PLACEHOLDER
    plan_no = m.plan_number or f"{PLACEHOLDER}/KH-UBND"
    plan_date = vn_date(m.plan_date) if m.plan_date else PLACEHOLDER
    plan = f"Kế hoạch số {plan_no} ngày {plan_date} của {m.plan_issuer or PLACEHOLDER}"
    if m.plan_subject:
        plan += f" {m.plan_subject}"
    sent = c.agencies - c.missing
    timing = [f"{c.on_time} đơn vị gửi đúng hạn, trước ngày {vn_date(result.deadline)}"] if c.on_time else []
    if c.late:
        timing.append(f"{c.late} đơn vị gửi muộn")
    if c.no_date:
        timing.append(f"{c.no_date} đơn vị không ghi ngày báo cáo")
    received = f"báo cáo của {sent}/{c.agencies} cơ quan, đơn vị" + (
        f" ({'; '.join(timing)})" if timing else ""
    )
    if c.missing:
        received += f"; {c.missing} đơn vị chưa gửi báo cáo"
    return (
        f"Thực hiện {basis}; {plan}; trên cơ sở {received}, {m.issuer_name} tổng hợp, báo cáo kết quả "
        f"thực hiện các chỉ số thành phần năm {result.year} của tỉnh {result.province} như sau:"
    )


def _count_rows(result: ConsolidationResult, f: ReportFacts) -> list[Row]:
    c = result.counts
    by = {
        a: [i.code for i in result.indicators if i.assessment == a] for a in ("unchanged", "not_applicable")
    }
    status = {
        s: [i.code for i in result.indicators if i.status == s] for s in ("not_computable", "incomplete")
    }
    late = [a for a in f.late if a.days is not None]
    undated = [a for a in f.late if a.days is None]
    rows = [
        Row("Chỉ số cải thiện", c.improved, "; ".join(f"{m.code}: {m.values}" for m in f.improved)),
        Row("Chỉ số giảm sút", c.worsened, "; ".join(f"{m.code} {m.name}: {m.values}" for m in f.worsened)),
        Row("Chỉ số không đổi", c.unchanged, ", ".join(by["unchanged"])),
        Row("Chỉ số không phát sinh", c.not_applicable, ", ".join(by["not_applicable"])),
        Row("Chỉ số chưa tính được", c.not_computable, ", ".join(status["not_computable"])),
        Row("Chỉ số có số liệu chưa đầy đủ", c.incomplete, ", ".join(status["incomplete"])),
        Row("Cơ quan, đơn vị báo cáo đúng hạn", c.on_time),
        Row("Cơ quan, đơn vị báo cáo muộn", len(late), "; ".join(a.phrase for a in late)),
        Row("Cơ quan, đơn vị không ghi ngày báo cáo", len(undated), "; ".join(a.name for a in undated)),
        Row("Cơ quan, đơn vị chưa gửi báo cáo", len(f.missing), "; ".join(f.missing)),
        Row("Chênh lệch số liệu cần đối chiếu", c.discrepancies, "; ".join(g.phrase for g in f.gaps)),
        Row("Tệp báo cáo bị loại", len(f.rejected), "; ".join(r.phrase for r in f.rejected)),
    ]
    return [r for r in rows if r.count]


def _summary(result: ConsolidationResult, f: ReportFacts) -> list[str]:
    c, year = result.counts, result.year
    labels = (
        (c.improved, "cải thiện"),
        (c.worsened, "giảm sút"),
        (c.unchanged, "không đổi"),
        (c.not_applicable, "không phát sinh"),
    )
    moved = [f"{n} chỉ số {label}" for n, label in labels if n]
    first = f"Năm {year}, tỉnh có {c.indicators} chỉ số thành phần được đánh giá"
    first += f"; so với năm {year - 1}, {_join(moved)}." if moved else "."
    out = [first]
    if f.worsened:
        out.append(f"Các chỉ số giảm sút: {'; '.join(m.phrase for m in f.worsened)}.")
    if f.improved:
        out.append(f"Cải thiện nhiều nhất: {'; '.join(m.phrase for m in f.improved)}.")
    lacking = [f"{c.not_computable} chỉ số chưa tính được"] if c.not_computable else []
    lacking += [f"{c.incomplete} chỉ số có số liệu chưa đầy đủ"] if c.incomplete else []
    if lacking:
        out.append(f"Có {_join(lacking)} do thiếu số liệu hoặc số liệu có lỗi.")
    sent = c.agencies - c.missing
    report = f"Có {sent}/{c.agencies} cơ quan, đơn vị đã gửi báo cáo"
    parts = [f"{c.on_time} đơn vị đúng hạn"] if c.on_time else []
    late = [a for a in f.late if a.days is not None]
    if late:
        parts.append(f"{len(late)} đơn vị gửi muộn: {', '.join(a.phrase for a in late)}")
    undated = [a for a in f.late if a.days is None]
    if undated:
        parts.append(f"{len(undated)} đơn vị không ghi ngày báo cáo: {', '.join(a.name for a in undated)}")
    report += f" ({'; '.join(parts)})" if parts else ""
    if f.missing:
        report += f"; chưa gửi báo cáo: {', '.join(f.missing)}"
    out.append(report + ".")
    if f.gaps:
        out.append(
            "Số liệu còn chênh lệch, cần đối chiếu, thống nhất: " + "; ".join(g.phrase for g in f.gaps) + "."
        )
    if f.rejected:
        out.append("Tệp báo cáo bị loại: " + "; ".join(r.why for r in f.rejected) + ".")
    return out


def _seeded(result: ConsolidationResult, f: ReportFacts, names: _Names) -> None:
    """The assessment, shortcomings and proposals an officer starts from, one paragraph each."""
    c, year, issuer = result.counts, result.year, result.meta.issuer_name
    better = c.improved + c.unchanged
    best = _join([f"chỉ số {m.code} ({m.values})" for m in f.improved])
    f.assessment.append(
        f"Năm {year}, {better}/{c.indicators} chỉ số thành phần có kết quả bằng hoặc tốt hơn năm {year - 1}"
        + (f", cải thiện rõ nhất ở {best}." if best else ".")
        + " Kết quả cho thấy các sở, ban, ngành và địa phương đã quan tâm triển khai các giải pháp cải thiện"
        " các chỉ số theo Kế hoạch của Ủy ban nhân dân tỉnh."
    )
    for m in f.worsened:
        f.assessment.append(
            f"Chỉ số {m.code} ({m.name}) giảm sút: {m.values}; cơ quan được giao: {m.responsible}."
        )
    sent = c.agencies - c.missing
    late = [a for a in f.late if a.days is not None]
    undated = len(f.late) - len(late)
    f.assessment.append(
        f"Công tác báo cáo: {sent}/{c.agencies} cơ quan, đơn vị đã gửi báo cáo, {c.on_time} đơn vị đúng hạn"
        + (f"; {len(late)} đơn vị gửi muộn" if late else "")
        + (f"; {undated} đơn vị không ghi ngày báo cáo" if undated else "")
        + "."
    )

    for m in f.worsened:
        f.shortcomings.append(f"Chỉ số {m.code} ({m.name}) giảm so với năm {year - 1}: {m.values}.")
    if f.late:
        f.shortcomings.append(
            "Một số cơ quan, đơn vị chưa chấp hành đúng thời hạn báo cáo: "
            + ", ".join(a.phrase for a in f.late)
            + "."
        )
    if f.missing:
        f.shortcomings.append(f"Chưa gửi báo cáo năm {year}: {', '.join(f.missing)}.")
    for g in f.gaps:
        f.shortcomings.append(
            f"Số liệu chỉ số {g.code} ({g.name}) chưa thống nhất {g.between}: {'; '.join(g.items)}."
        )
    if f.rejected:
        f.shortcomings.append(
            "Tệp báo cáo không sử dụng được: " + "; ".join(r.phrase for r in f.rejected) + "."
        )
    if c.not_computable or c.incomplete:
        f.shortcomings.append(
            f"{c.not_computable + c.incomplete} chỉ số chưa đủ số liệu để tính đầy đủ kết quả của tỉnh."
        )
    if not f.shortcomings:
        f.shortcomings.append("Không có tồn tại, hạn chế đáng kể trong việc thu thập và tổng hợp số liệu.")

    for m in f.worsened:
        f.proposals.append(
            f"Giao {m.responsible} rà soát nguyên nhân, triển khai giải pháp cải thiện chỉ số {m.code} "
            f"({m.name}) trong năm {year + 1}."
        )
    overdue = [a.name for a in f.late]
    if overdue:
        f.proposals.append(
            f"Yêu cầu {_join(overdue)} chấp hành đúng thời hạn báo cáo (trước ngày "
            f"{result.deadline:%d/%m} hằng năm)."
        )
    if f.missing:
        f.proposals.append(f"Yêu cầu {_join(f.missing)} gửi báo cáo năm {year} về {issuer} để tổng hợp.")
    for g in f.gaps:
        who = f"{g.lead} chủ trì, phối hợp với {g.others}" if g.others else g.lead
        f.proposals.append(
            f"Giao {who} rà soát, thống nhất số liệu chỉ số {g.code} ({g.name}) trước khi báo cáo Bộ."
        )
    resend = list(dict.fromkeys(r.agency for r in f.rejected if r.agency))
    if resend:
        f.proposals.append(f"Yêu cầu {_join(resend)} gửi lại báo cáo đúng biểu mẫu để tổng hợp bổ sung.")
    if not f.proposals:
        f.proposals.append(
            "Chỉ đạo các sở, ban, ngành và địa phương tiếp tục duy trì, nâng cao kết quả các chỉ số "
            "được giao."
        )


def _method_note(result: ConsolidationResult, annex: str) -> str:
    marked = [i.code for i in result.indicators if i.definition == "our_reading"]
    note = (
        f"Phương pháp tính: kết quả của tỉnh được tính từ tử số và mẫu số do các cơ quan, đơn vị báo cáo "
        f"(cộng số liệu của các đơn vị, không lấy trung bình các tỷ lệ); công thức tính từng chỉ số tại "
        f"{annex}. Số liệu năm {result.year - 1} lấy từ {result.previous_source}."
    )
    if marked:
        note += (
            f" Công thức đánh dấu {READING_MARK} là cách hiểu tạm thời của {result.meta.issuer_name} trong "
            "khi chờ hướng dẫn chính thức của Bộ."
        )
    return note + " Báo cáo không tính điểm số chính thức của Bộ chỉ số."


def report_facts(result: ConsolidationResult, annex: str = "Phụ lục") -> ReportFacts:
    """Everything page 1 and the seeded sections say, computed once for HTML, Markdown and Word."""
    names = _Names(result)
    changed = [i for i in result.indicators if i.previous is not None and i.value is not None]
    worsened = [_movement(i, names) for i in changed if i.assessment == "worsened"]
    improved = sorted(
        (i for i in changed if i.assessment == "improved"), key=lambda i: -abs(i.change_pct or 0)
    )[:TOP_IMPROVEMENTS]
    late = [
        LateAgency(a.name, a.days_late if a.timeliness == "late" else None)
        for a in result.agencies
        if a.timeliness in ("late", "no_date")
    ]
    facts = ReportFacts(
        year=result.year,
        opening=_opening(result),
        worsened=worsened,
        improved=[_movement(i, names) for i in improved],
        late=late,
        missing=[a.name for a in result.agencies if a.timeliness == "missing"],
        gaps=_gaps(result, names),
        rejected=[
            Rejected(names.name.get(f.agency, "") if f.agency else "", file_name(f.file), f.reason)
            for f in result.files
            if f.fate == "rejected"
        ],
        names=dict(names.name),
    )
    facts.rows = _count_rows(result, facts)
    facts.summary = _summary(result, facts)
    _seeded(result, facts, names)
    facts.method_note = _method_note(result, annex)
    return facts
