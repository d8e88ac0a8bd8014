"""Every status vocabulary bgindex uses, each with its Vietnamese labels, in one place."""

from __future__ import annotations

from typing import Literal

# A received file, as validation judged it ("missing": the agency sent none; "conflict": it sent
# different reports with the same report date, none used).
FileStatus = Literal["valid", "invalid", "unreadable"]
FILE_STATUS_VI = {
    "valid": "hợp lệ",
    "invalid": "có lỗi",
    "unreadable": "không đọc được",
    "missing": "chưa gửi",
    "conflict": "hai báo cáo cùng ngày",
}

# One agency's part of an indicator (the breakdown table).
PartStatus = Literal["ok", "not_applicable", "missing", "partial"]
PART_STATUS_VI = {
    "ok": "đủ số liệu",
    "not_applicable": "không phát sinh",
    "missing": "thiếu số liệu",
    "partial": "thiếu một phần số liệu",
}

# What consolidation did with a received file.
FileFate = Literal["used", "superseded", "rejected", "duplicate", "conflict"]
FILE_FATE_VI = {
    "used": "sử dụng",
    "superseded": "thay bằng tệp mới hơn",
    "rejected": "bị loại",
    "duplicate": "bản sao, tính một lần",
    "conflict": "chưa dùng, trùng ngày báo cáo",
}

# An indicator's consolidated value.
IndicatorStatus = Literal["complete", "incomplete", "not_computable", "not_applicable"]
INDICATOR_STATUS_VI = {
    "complete": "đầy đủ",
    "incomplete": "chưa đầy đủ",
    "not_computable": "chưa tính được",
    "not_applicable": "không phát sinh",
}

# A change from one year to the next, knowing which direction is better.
Assessment = Literal["improved", "worsened", "unchanged", "not_applicable", "unknown"]
ASSESSMENT_VI = {
    "improved": "cải thiện",
    "worsened": "giảm sút",
    "unchanged": "không đổi",
    "not_applicable": "không phát sinh",
    "unknown": "chưa đánh giá được",
}

# An agency's report against the deadline.
Timeliness = Literal["on_time", "late", "no_date", "missing"]
TIMELINESS_VI = {
    "on_time": "đúng hạn",
    "late": "muộn",
    "no_date": "không ghi ngày báo cáo",
    "missing": "chưa gửi",
}

# What a comparison flags on an indicator.
Flag = Literal[
    "needs_explanation",
    "previous_adjusted",
    "added",
    "retired",
    "to_not_applicable",
    "from_not_applicable",
    "pro_forma",
    "not_comparable",
    "definition_changed",
]
FLAG_VI = {
    "needs_explanation": "cần giải trình",
    "previous_adjusted": "số liệu năm trước bị điều chỉnh",
    "added": "chỉ số mới đánh giá",
    "retired": "chỉ số thôi đánh giá",
    "to_not_applicable": "chuyển sang không phát sinh",
    "from_not_applicable": "từ không phát sinh",
    "pro_forma": "năm trước tính gộp theo đơn vị tương ứng",
    "not_comparable": "không so sánh được",
    "definition_changed": "định nghĩa chỉ số đã thay đổi",
}

# An indicator over three or more years.
Trend = Literal["improving", "worsening", "stable", "mixed", "unknown"]
TREND_VI = {
    "improving": "cải thiện liên tục",
    "worsening": "giảm sút liên tục",
    "stable": "ổn định",
    "mixed": "biến động",
    "unknown": "chưa đủ số liệu",
}

# Catalogue vocabularies shown to people.
BETTER_VI = {"higher": "càng cao càng tốt", "lower": "càng thấp càng tốt"}
DEFINITION_VI = {"official": "chính thức", "our_reading": "cách hiểu của nhóm bgindex"}
COMBINE_VI = {
    "single": "một cơ quan",
    "sum": "cộng số liệu các cơ quan",
    "lead": "cơ quan chủ trì, các cơ quan khác đối chiếu",
}
