"""Warnings when a catalogue is used outside the time it describes: shown on every command and document."""

from __future__ import annotations

from datetime import date

from bgindex.catalog.model import Catalog


def validity_warnings(catalog: Catalog, year: int | None, report_date: date | None = None) -> list[str]:
    """Vietnamese warnings about using `catalog` for reporting year `year` (and a report dated
    `report_date`): empty when the catalogue is right for them. Never a silent fallback: every
    command prints these on standard error and in its JSON, every document on its first page."""
    out: list[str] = []
    if year is not None:
        out += year_warnings(catalog, year)
    if report_date is not None:
        out += report_date_warnings(catalog, report_date)
    return out


def year_warnings(catalog: Catalog, year: int) -> list[str]:
    """A reporting year outside the reporting years the profile covers; names the shipped profile that
    covers it, or says that none does."""
    from bgindex.catalog.registry import profiles_for_year

    years = catalog.profile.years
    if years.covers(year):
        return []
    covering = [p for p in profiles_for_year(year) if p.info.id != catalog.profile.id]
    if covering:
        other = "; ".join(f"«{p.info.name}»" for p in covering)
        advice = f"Danh mục áp dụng cho năm {year}: {other}."
    else:
        advice = (
            f"Chưa có danh mục nào áp dụng cho năm {year}: cần danh mục mới theo quy định và kế hoạch "
            "hiện hành trước khi dùng kết quả."
        )
    return [
        f"CẢNH BÁO: năm báo cáo {year} nằm ngoài thời gian áp dụng của danh mục «{catalog.profile.name}» "
        f"(năm báo cáo {years.label}). Cơ quan, phân công và chỉ số của danh mục này có thể không đúng "
        f"với năm {year}. {advice}"
    ]


def report_date_warnings(catalog: Catalog, report_date: date) -> list[str]:
    """A report dated after the province ceased, or on a day no version of the report's header
    covers (a body renamed or merged that the profile does not know yet)."""
    out: list[str] = []
    p = catalog.profile
    when = f"{report_date:%d/%m/%Y}"
    if p.valid_until is not None and report_date > p.valid_until:
        successor = f", địa bàn thuộc {p.province_successor}" if p.province_successor else ""
        out.append(
            f"CẢNH BÁO: báo cáo ngày {when} nhưng tỉnh {p.province} chỉ tồn tại đến hết ngày "
            f"{p.valid_until:%d/%m/%Y}{successor}. Cơ quan ban hành, nơi nhận và danh "
            "sách đơn vị trong danh mục này có thể không còn đúng; cần dùng danh mục của tỉnh mới."
        )
    elif catalog.report_for(report_date) is None:  # the province ceased: said above, not twice
        out.append(
            f"CẢNH BÁO: danh mục «{p.name}» không có thông tin cơ quan ban hành báo cáo cho ngày {when} "
            "(cơ quan có thể đã đổi tên hoặc hợp nhất); phần đầu, nơi nhận của báo cáo lấy theo "
            "phiên bản gần nhất và cần được kiểm tra lại."
        )
    return out


def profile_notices(catalog: Catalog) -> list[str]:
    """What a profile says of itself on every document: its notice, and that its assignments are the
    catalogue team's reading when the province has issued none."""
    out = [catalog.profile.notice] if catalog.profile.notice else []
    if catalog.profile.status == "our_reading":
        out.append(
            "Phân công cơ quan của danh mục này được chuyển từ kế hoạch trước sang các cơ quan kế thừa "
            "(cách hiểu của cơ quan tổng hợp), áp dụng cho đến khi tỉnh ban hành kế hoạch mới."
        )
    return out
