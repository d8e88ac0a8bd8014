"""Warnings when a profile is used outside the time it describes: Vietnamese strings, one list."""

from __future__ import annotations

from datetime import date

from bgindex.catalog.model import Catalog


def validity_warnings(catalog: Catalog, year: int, report_date: date | None = None) -> list[str]:
    """Every warning about the time a catalogue is used for: the reporting year and, when known,
    the date of the document (checked by report_date_warnings)."""
    out: list[str] = []
    if report_date is not None:
        out += report_date_warnings(catalog, report_date)
    return out


def report_date_warnings(catalog: Catalog, report_date: date) -> list[str]:
    """A report dated after the province ceased, or on a day no version of the report's header
    covers (a body renamed or merged that the profile does not know yet)."""
    out: list[str] = []
    p = catalog.profile
    when = f"{report_date:%d/%m/%Y}"
    if p.province_until is not None and report_date > p.province_until:
        successor = f", địa bàn thuộc {p.province_successor}" if p.province_successor else ""
        out.append(
            f"CẢNH BÁO: báo cáo ngày {when} nhưng tỉnh {p.province} chỉ tồn tại đến hết ngày "
            f"{p.province_until:%d/%m/%Y}{successor}. Cơ quan ban hành, nơi nhận và danh "
            "sách đơn vị trong danh mục này có thể không còn đúng; cần dùng danh mục của tỉnh mới."
        )
    if catalog.report_for(report_date) is None:
        out.append(
            f"CẢNH BÁO: danh mục '{p.id}' không có thông tin cơ quan ban hành báo cáo cho ngày {when} "
            "(cơ quan có thể đã đổi tên hoặc hợp nhất); phần đầu, nơi nhận của báo cáo lấy theo "
            "phiên bản gần nhất và cần được kiểm tra lại."
        )
    return out
