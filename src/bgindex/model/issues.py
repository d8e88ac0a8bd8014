"""One model for everything that can be wrong with a file: stable code, severity, place, Vietnamese text."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple, get_args

from pydantic import BaseModel

from bgindex.model.vn import vn_plain

Severity = Literal["error", "warning"]
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}

# What an issue is about: the file as a whole (unreadable, unsafe, not a template), its structure
# (sheets, headers, rows, agency/year/profile identity, hidden or merged parts), one cell's value,
# the verification documents, or the explanation of a change.
Tag = Literal["#file", "#structure", "#cell", "#evidence", "#explanation"]
TAGS: tuple[Tag, ...] = get_args(Tag)

# What an error costs the consolidation: the whole file (it cannot be trusted at all), only the
# figures of the variable(s) it touches (none when it sits on an indicator's optional self-result
# row), or nothing of the figures (documents, report date, reporter). Warnings cost nothing.
Cost = Literal["file", "value", "none"]
COSTS: tuple[Cost, ...] = get_args(Cost)

# Every issue code; a misspelt code is a type error. tests/test_issue_codes.py checks it equals TYPES.
IssueCode = Literal[
    "E_FILE_NOT_FOUND",
    "E_FILE_NO_ACCESS",
    "E_FILE_EMPTY",
    "E_FILE_TOO_LARGE",
    "E_FILE_NOT_SPREADSHEET",
    "E_FILE_DISGUISED",
    "E_FILE_ENCRYPTED",
    "E_FILE_MACRO",
    "E_FILE_UNSAFE",
    "E_FILE_CORRUPT",
    "E_FILE_UNSUPPORTED",
    "E_READ_INTERNAL",
    "E_SHEET_TOO_LARGE",
    "E_NOT_TEMPLATE",
    "E_TEMPLATE_VERSION",
    "E_PROFILE_MISMATCH",
    "E_AGENCY_UNKNOWN",
    "E_AGENCY_MISMATCH",
    "E_AGENCY_NOT_REPORTING",
    "W_FILE_NAME_AGENCY",
    "E_YEAR_MISMATCH",
    "E_SHEET_MISSING",
    "E_SHEET_DUPLICATE",
    "E_HEADER_MISSING",
    "E_VARIABLE_MISSING",
    "W_VARIABLE_UNASSIGNED",
    "W_UNKNOWN_CODE",
    "E_DUPLICATE_CODE",
    "W_HIDDEN_SHEET",
    "W_HIDDEN_ROW",
    "E_MERGED_CELL",
    "W_MACRO_IGNORED",
    "W_EXTERNAL_LINK",
    "E_REQUIRED_MISSING",
    "E_NOT_NUMBER",
    "E_NIL_AS_TEXT",
    "E_AMBIGUOUS_NUMBER",
    "W_NUMBER_AS_TEXT",
    "E_NEGATIVE",
    "E_NOT_INTEGER",
    "E_OUT_OF_RANGE",
    "E_PERCENT_RANGE",
    "E_UNIT_MISMATCH",
    "W_CHANGE_FACTOR",
    "W_PERCENT_AS_FRACTION",
    "W_PRIOR_CHANGE_FACTOR",
    "W_COLUMNS_NOT_MOVED",
    "W_COLUMNS_SWAPPED",
    "E_PART_EXCEEDS_WHOLE",
    "E_FORMULA_NO_VALUE",
    "E_FORMULA_ERROR",
    "E_FORMULA_UNSAFE",
    "W_FORMULA_HYPERLINK",
    "W_FORMULA_UNSEEN",
    "W_SELF_RESULT_MISMATCH",
    "W_PREVIOUS_MISSING",
    "W_CAUSE_MISSING",
    "W_NO_EVIDENCE",
    "W_DOC_INCOMPLETE",
    "W_DOC_UNKNOWN_INDICATOR",
    "E_NOT_DATE",
    "W_DATE_AS_TEXT",
    "W_DATE_SERIAL",
    "E_DATE_SERIAL",
    "W_REPORT_DATE_MISSING",
    "W_LEGACY_ENCODING",
    "W_MOJIBAKE",
    "W_CONTROL_CHARS",
    "W_INVISIBLE_CHARS",
]


class IssueType(NamedTuple):
    severity: Severity
    title: str
    message: str
    hint: str
    tags: tuple[Tag, ...]
    # True when the file cannot be read at all (unreadable or unsafe): exit code 3.
    fatal: bool = False
    cost: Cost = "none"


def _e(tags: tuple[Tag, ...], title: str, message: str, hint: str, cost: Cost) -> IssueType:
    return IssueType("error", title, message, hint, tags, cost=cost)


def _w(tags: tuple[Tag, ...], title: str, message: str, hint: str) -> IssueType:
    return IssueType("warning", title, message, hint, tags)


def _f(tags: tuple[Tag, ...], title: str, message: str, hint: str) -> IssueType:
    return IssueType("error", title, message, hint, tags, fatal=True, cost="file")


# The registry. Codes are stable (tests and scripts depend on them); wording may change.
TYPES: dict[IssueCode, IssueType] = {
    # -- the file as a whole: unreadable or unsafe (exit 3) --------------------------------------
    "E_FILE_NOT_FOUND": _f(
        ("#file",),
        "Không tìm thấy tệp",
        "Không tìm thấy tệp hoặc không mở được để đọc.",
        "Kiểm tra lại đường dẫn tệp.",
    ),
    "E_FILE_NO_ACCESS": _f(
        ("#file",),
        "Không có quyền đọc tệp",
        "Không có quyền đọc tệp (tệp bị khóa quyền truy cập).",
        "Kiểm tra quyền của tệp (chuột phải › Properties › Security) hoặc chép tệp sang thư mục khác.",
    ),
    "E_FILE_EMPTY": _f(
        ("#file",),
        "Tệp rỗng",
        "Tệp không có nội dung (0 byte).",
        "Đề nghị cơ quan gửi lại tệp Excel đã điền.",
    ),
    "E_FILE_TOO_LARGE": _f(
        ("#file",),
        "Tệp quá lớn",
        "Tệp có dung lượng {size}, vượt giới hạn {limit}.",
        "Biểu mẫu báo cáo chỉ vài chục KB; đề nghị gửi lại đúng biểu mẫu.",
    ),
    "E_FILE_NOT_SPREADSHEET": _f(
        ("#file",),
        "Không phải bảng tính",
        "Tệp không phải bảng tính Excel hoặc LibreOffice ({detail}).",
        "Đề nghị gửi tệp Excel (.xlsx) điền trên biểu mẫu của cơ quan tổng hợp.",
    ),
    "E_FILE_DISGUISED": _f(
        ("#file",),
        "Tệp giả dạng bảng tính",
        "Tệp có đuôi {ext} nhưng thực chất là {detail}.",
        "Mở tệp bằng Excel rồi chọn Lưu thành (Save As) › Excel Workbook (.xlsx).",
    ),
    "E_FILE_ENCRYPTED": _f(
        ("#file",),
        "Tệp có mật khẩu",
        "Bảng tính được bảo vệ bằng mật khẩu nên không đọc được.",
        "Đề nghị cơ quan gỡ mật khẩu mở tệp (File › Info › Protect Workbook) rồi gửi lại.",
    ),
    "E_FILE_MACRO": _f(
        ("#file",),
        "Tệp có macro",
        "Tệp chứa macro (VBA) và có công thức trong vùng số liệu; "
        "giá trị do macro/công thức tạo ra không kiểm chứng được.",
        "Lưu lại dưới dạng Excel Workbook (.xlsx), nhập trực tiếp số liệu thay cho công thức.",
    ),
    "E_FILE_UNSAFE": _f(
        ("#file",),
        "Tệp không an toàn",
        "Tệp bị từ chối vì lý do an toàn: {detail}.",
        "Tệp không được mở. Đề nghị cơ quan điền lại số liệu vào biểu mẫu mới và gửi lại.",
    ),
    "E_FILE_CORRUPT": _f(
        ("#file",),
        "Tệp hỏng",
        "Không đọc được nội dung bảng tính: {detail}.",
        "Mở tệp bằng Excel hoặc LibreOffice; nếu mở được, lưu lại thành .xlsx rồi kiểm tra lại.",
    ),
    "E_FILE_UNSUPPORTED": _f(
        ("#file",),
        "Định dạng không hỗ trợ",
        "Tệp là {detail}; định dạng này không đọc được.",
        "Mở tệp bằng Excel, chọn Lưu thành (Save As) › Excel Workbook (.xlsx) rồi gửi lại.",
    ),
    "E_READ_INTERNAL": _f(
        ("#file",),
        "Lỗi khi kiểm tra tệp",
        "Chương trình kiểm tra gặp lỗi không lường trước với tệp này; tệp chưa được kiểm tra.",
        "Báo cho nhóm phát triển, gửi kèm tệp và kết quả chạy lại lệnh với --debug.",
    ),
    "E_SHEET_TOO_LARGE": _f(
        (
            "#file",
            "#structure",
        ),
        "Trang tính quá lớn",
        "Trang tính có ô ở vị trí {detail}, vượt giới hạn vùng dữ liệu được đọc.",
        "Xóa các ô thừa ở xa vùng số liệu (nhấn Ctrl+End để tìm), lưu lại rồi gửi lại.",
    ),
    # -- structure ---------------------------------------------------------------------------------
    "E_NOT_TEMPLATE": _e(
        ("#file",),
        "Không phải biểu mẫu báo cáo",
        "Không nhận ra biểu mẫu báo cáo: {detail}.",
        "Đề nghị dùng đúng biểu mẫu do cơ quan tổng hợp gửi, của đúng cơ quan và năm báo cáo.",
        cost="file",
    ),
    "E_TEMPLATE_VERSION": _e(
        ("#structure",),
        "Phiên bản biểu mẫu không hỗ trợ",
        "Biểu mẫu phiên bản {found}; đợt báo cáo này dùng biểu mẫu phiên bản {expected}.",
        "Đề nghị dùng đúng biểu mẫu do cơ quan tổng hợp gửi cho năm này và chép số liệu sang.",
        cost="file",
    ),
    "E_PROFILE_MISMATCH": _e(
        ("#structure",),
        "Biểu mẫu của danh mục khác",
        "Biểu mẫu thuộc danh mục '{found}', đang kiểm tra theo danh mục '{expected}'.",
        "Đề nghị dùng đúng biểu mẫu của đợt báo cáo này do cơ quan tổng hợp gửi.",
        cost="file",
    ),
    "E_AGENCY_UNKNOWN": _e(
        ("#structure",),
        "Cơ quan không có trong danh mục",
        "Mã cơ quan '{found}' không có trong danh mục.",
        "Kiểm tra mã cơ quan ở trang Thông tin hoặc tạo lại biểu mẫu.",
        cost="file",
    ),
    "E_AGENCY_MISMATCH": _e(
        ("#structure",),
        "Cơ quan không khớp",
        "Mã cơ quan ghi trên trang Thông tin là của {found}, nhưng biểu mẫu này được lập cho {expected}.",
        "Mỗi cơ quan dùng biểu mẫu của chính mình.",
        cost="file",
    ),
    "E_AGENCY_NOT_REPORTING": _e(
        ("#structure",),
        "Đơn vị không báo cáo năm này",
        "{detail}.",
        "Số liệu trên địa bàn này gửi theo biểu mẫu của đơn vị đang báo cáo cho năm này.",
        cost="file",
    ),
    "W_FILE_NAME_AGENCY": _w(
        ("#file",),
        "Tên tệp mang mã cơ quan khác",
        "Tên tệp là tên tệp của {named}, nhưng báo cáo trong tệp là của {agency}; "
        "số liệu được tính cho {agency}.",
        "Kiểm tra lại tệp nhận được là của cơ quan nào; đặt lại tên tệp theo tên biểu mẫu của {agency}.",
    ),
    "E_YEAR_MISMATCH": _e(
        ("#structure",),
        "Năm báo cáo không khớp",
        "Biểu mẫu báo cáo năm {found}, đang kiểm tra năm {expected}.",
        "Dùng biểu mẫu của đúng năm báo cáo.",
        cost="file",
    ),
    "E_SHEET_MISSING": _e(
        ("#structure",),
        "Thiếu trang tính",
        "Không tìm thấy trang tính '{detail}'.",
        "Không xóa hoặc đổi cấu trúc các trang của biểu mẫu; tạo lại biểu mẫu nếu cần.",
        cost="file",
    ),
    "E_SHEET_DUPLICATE": _e(
        ("#structure",),
        "Nhiều trang cùng nội dung",
        "Tệp có {count} trang giống trang '{detail}': {names}; chưa rõ trang nào là số liệu cần dùng.",
        "Giữ lại một trang '{detail}' với số liệu đúng, xóa các trang còn lại (kể cả trang ẩn) rồi gửi lại.",
        cost="file",
    ),
    "E_HEADER_MISSING": _e(
        ("#structure",),
        "Thiếu cột",
        "Không tìm thấy cột '{detail}' trong dòng tiêu đề.",
        "Giữ nguyên dòng tiêu đề của biểu mẫu (có thể thêm cột ghi chú).",
        cost="file",
    ),
    "E_VARIABLE_MISSING": _e(
        ("#structure",),
        "Thiếu dòng số liệu",
        "Không có dòng nào mang mã '{detail}' ({label}).",
        "Không xóa dòng số liệu của biểu mẫu; dùng lại biểu mẫu gốc và chép số liệu sang.",
        cost="value",
    ),
    "W_VARIABLE_UNASSIGNED": _w(
        ("#structure",),
        "Số liệu không thuộc cơ quan",
        "Mã '{detail}' không được giao cho cơ quan này; giá trị bị bỏ qua.",
        "Xóa dòng này hoặc chuyển số liệu cho cơ quan được giao.",
    ),
    "W_UNKNOWN_CODE": _w(
        ("#structure",),
        "Mã không có trong danh mục",
        "Mã '{detail}' không có trong danh mục; dòng này bị bỏ qua.",
        "Kiểm tra lại mã ở cột Mã (cột ẩn đầu trang; không sửa mã của biểu mẫu).",
    ),
    "E_DUPLICATE_CODE": _e(
        ("#structure",),
        "Mã bị lặp",
        "Mã '{detail}' xuất hiện nhiều lần (cả ở ô {other}).",
        "Mỗi mã chỉ được có một dòng; xóa dòng thừa.",
        cost="value",
    ),
    "W_HIDDEN_SHEET": _w(
        ("#structure",),
        "Trang bị ẩn",
        "Trang tính '{detail}' đang bị ẩn; số liệu vẫn được đọc.",
        "Bỏ ẩn trang để người kiểm tra nhìn thấy số liệu.",
    ),
    "W_HIDDEN_ROW": _w(
        ("#structure",),
        "Dòng bị ẩn",
        "Dòng {detail} chứa số liệu nhưng đang bị ẩn; số liệu vẫn được đọc.",
        "Bỏ ẩn dòng để người kiểm tra nhìn thấy số liệu.",
    ),
    "E_MERGED_CELL": _e(
        ("#structure",),
        "Ô bị gộp",
        "Vùng {detail} bị gộp ô trong vùng số liệu.",
        "Bỏ gộp ô (Unmerge) và nhập số liệu vào từng ô.",
        cost="file",
    ),
    "W_MACRO_IGNORED": _w(
        ("#file",),
        "Tệp có macro",
        "Tệp chứa macro (VBA); macro không được chạy, chỉ giá trị đã lưu được đọc.",
        "Nên lưu lại dưới dạng .xlsx.",
    ),
    "W_EXTERNAL_LINK": _w(
        ("#file",),
        "Liên kết ngoài",
        "Tệp có liên kết tới tệp khác; liên kết không được mở, chỉ giá trị đã lưu được đọc.",
        "Thay công thức liên kết bằng giá trị (Paste Special › Values).",
    ),
    # -- cells -------------------------------------------------------------------------------------
    "E_REQUIRED_MISSING": _e(
        ("#cell",),
        "Thiếu số liệu",
        "Chưa nhập {what}.",
        "Nhập số liệu; nếu không phát sinh, ghi 0.",
        cost="value",
    ),
    "E_NOT_NUMBER": _e(
        ("#cell",),
        "Không phải số",
        "Giá trị '{value}' không phải là số.",
        "Nhập số, không kèm chữ; dấu phẩy là dấu thập phân (ví dụ 1234,5).",
        cost="value",
    ),
    "E_NIL_AS_TEXT": _e(
        ("#cell",),
        "Ghi ký hiệu thay cho số",
        "Ô ghi '{value}' thay cho số liệu.",
        "Nếu không phát sinh, ghi 0; nếu chưa có số liệu, để trống và nêu lý do ở cột Ghi chú.",
        cost="value",
    ),
    "E_AMBIGUOUS_NUMBER": _e(
        ("#cell",),
        "Số không rõ nghĩa",
        "Giá trị '{value}' là {a_words} ({a}) hay {b_words} ({b})?",
        "Nhập số dưới dạng ô số (không phải chữ); nếu gõ chữ, không dùng dấu phân cách hàng nghìn.",
        cost="value",
    ),
    "W_NUMBER_AS_TEXT": _w(
        ("#cell",),
        "Số được nhập dạng chữ",
        "Giá trị '{value}' được nhập dạng chữ; đã đọc là số {taken} (dấu phẩy là dấu thập phân).",
        "Nên nhập dưới dạng ô số.",
    ),
    "E_NEGATIVE": _e(
        ("#cell",), "Số âm", "Giá trị {value} là số âm.", "Số liệu này không thể âm.", cost="value"
    ),
    "E_NOT_INTEGER": _e(
        ("#cell",),
        "Không phải số nguyên",
        "Giá trị {value} không phải số nguyên ({unit}).",
        "Số lượng phải là số nguyên.",
        cost="value",
    ),
    "E_OUT_OF_RANGE": _e(
        ("#cell",),
        "Ngoài khoảng cho phép",
        "Giá trị {value} ngoài khoảng {low}–{high}.",
        "Kiểm tra lại số liệu và đơn vị tính.",
        cost="value",
    ),
    "E_PERCENT_RANGE": _e(
        ("#cell",),
        "Tỷ lệ ngoài 0–100",
        "Tỷ lệ {value} % nằm ngoài khoảng 0–100 %.",
        "Tỷ lệ phần trăm phải từ 0 đến 100.",
        cost="none",
    ),
    "E_UNIT_MISMATCH": _e(
        ("#cell",),
        "Sai đơn vị tính",
        "Đơn vị tính ghi là '{found}', biểu mẫu quy định '{expected}'; số liệu không được quy đổi.",
        "Ghi lại đơn vị '{expected}' và nhập số liệu theo đúng đơn vị này.",
        cost="value",
    ),
    "W_CHANGE_FACTOR": _w(
        ("#cell",),
        "Số liệu thay đổi bất thường",
        "Giá trị năm {year} là {current}, năm {previous_year} là {previous} (chênh {factor} lần).",
        "Kiểm tra đơn vị tính, việc nhầm cột năm hoặc gõ thừa, thiếu chữ số.",
    ),
    "W_PERCENT_AS_FRACTION": _w(
        ("#cell",),
        "Tỷ lệ ghi dạng thập phân",
        "Tỷ lệ {written} % có vẻ ghi dạng thập phân ({written} thay vì {percent} %); {reference}.",
        "Ghi tỷ lệ theo phần trăm (ví dụ 93,88 chứ không ghi 0,9388).",
    ),
    "W_PRIOR_CHANGE_FACTOR": _w(
        ("#cell",),
        "Khác bất thường so với năm trước",
        "Giá trị năm {year} là {current}; kết quả tổng hợp năm {previous_year} ghi cơ quan này báo cáo "
        "{previous} (chênh {factor} lần).",
        "Kiểm tra đơn vị tính, việc nhầm cột năm hoặc gõ thừa, thiếu chữ số.",
    ),
    "W_COLUMNS_NOT_MOVED": _w(
        ("#structure",),
        "Số liệu chưa chuyển sang năm mới",
        "Cột năm {year} và cột năm {previous_year} trùng với số liệu năm {previous_year} và năm "
        "{older_year} trong kết quả tổng hợp năm trước ({count} chỉ tiêu).",
        "Đề nghị cơ quan nhập số liệu năm {year} vào cột năm {year}.",
    ),
    "W_COLUMNS_SWAPPED": _w(
        ("#structure",),
        "Có thể nhầm cột năm",
        "Hai cột năm có vẻ bị đổi chỗ: {detail} ({count} chỉ tiêu).",
        "Kiểm tra lại hai cột năm; số liệu năm {year} ghi ở cột năm {year}.",
    ),
    "E_PART_EXCEEDS_WHOLE": _e(
        ("#cell",),
        "Thành phần lớn hơn tổng",
        "{message}: {left} > {right} (ô {other}).",
        "Kiểm tra lại hai số liệu này.",
        cost="value",
    ),
    "E_FORMULA_NO_VALUE": _e(
        ("#cell",),
        "Công thức chưa có giá trị",
        "Ô có công thức nhưng chưa có giá trị tính sẵn.",
        "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại (hoặc nhập trực tiếp giá trị).",
        cost="value",
    ),
    "E_FORMULA_ERROR": _e(
        ("#cell",),
        "Công thức bị lỗi",
        "Ô có công thức cho kết quả lỗi {value}.",
        "Sửa công thức hoặc nhập trực tiếp giá trị.",
        cost="value",
    ),
    "E_FORMULA_UNSAFE": _e(
        ("#cell",),
        "Công thức lấy dữ liệu ngoài tệp",
        "Ô nội dung có công thức dùng {function} (lấy dữ liệu hoặc chạy lệnh bên ngoài tệp): {formula}. "
        "Công thức không được chạy; chỉ nội dung đã lưu trong ô được đọc.",
        "Đề nghị cơ quan xóa công thức, gõ trực tiếp nội dung vào ô rồi gửi lại.",
        cost="none",
    ),
    "W_FORMULA_HYPERLINK": _w(
        ("#cell",),
        "Ô có đường liên kết",
        "Ô nội dung có công thức HYPERLINK: {formula}. Chỉ nội dung hiển thị được đọc; bản chú thích "
        "gửi lại không giữ đường liên kết.",
        "Gõ trực tiếp nội dung vào ô, không dùng công thức HYPERLINK.",
    ),
    "W_FORMULA_UNSEEN": _w(
        ("#cell",),
        "Công thức không kiểm tra được",
        "Ô nội dung có công thức trong tệp Excel 97–2003; tệp dạng này không lưu chữ của công thức nên "
        "không xác định được công thức có lấy dữ liệu hoặc chạy lệnh bên ngoài tệp hay không. Công thức "
        "không được chạy; chỉ nội dung đã lưu trong ô được đọc.",
        "Đề nghị cơ quan gõ trực tiếp nội dung thay cho công thức, hoặc lưu tệp thành .xlsx rồi gửi lại.",
    ),
    "W_SELF_RESULT_MISMATCH": _w(
        ("#cell",),
        "Kết quả tự tính không khớp",
        "Kết quả cơ quan ghi là {value}, tính từ số liệu của chính cơ quan được {computed}.",
        "Kiểm tra lại kết quả tự đánh giá hoặc số liệu đầu vào.",
    ),
    "W_PREVIOUS_MISSING": _w(
        ("#cell",), "Thiếu số liệu năm trước", "Chưa nhập {what}.", "Nhập số liệu năm trước để so sánh."
    ),
    "W_CAUSE_MISSING": _w(
        ("#explanation",),
        "Thiếu giải trình",
        "Chỉ số {ind} thay đổi so với năm trước nhưng chưa nêu nguyên nhân tăng/giảm.",
        "Ghi nguyên nhân tăng hoặc giảm vào cột 'Nguyên nhân tăng/giảm'.",
    ),
    "W_NO_EVIDENCE": _w(
        ("#evidence",),
        "Thiếu tài liệu kiểm chứng",
        "Chỉ số {ind} có số liệu nhưng không "
        "có tài liệu kiểm chứng; theo Kế hoạch, kết quả không có tài liệu kiểm "
        "chứng chưa được chấp nhận.",
        "Liệt kê tài liệu kiểm chứng ở trang 'Tài liệu kiểm chứng'.",
    ),
    "W_DOC_INCOMPLETE": _w(
        (
            "#evidence",
            "#cell",
        ),
        "Tài liệu thiếu thông tin",
        "Tài liệu kiểm chứng thiếu {what}.",
        "Ghi đủ số văn bản và ngày ban hành.",
    ),
    "W_DOC_UNKNOWN_INDICATOR": _w(
        (
            "#evidence",
            "#cell",
        ),
        "Tài liệu ghi sai chỉ số",
        "Tài liệu ghi cho chỉ số '{value}', không phải chỉ số cơ quan báo cáo.",
        "Chọn mã chỉ số trong danh sách thả xuống.",
    ),
    "E_NOT_DATE": _e(
        ("#cell",),
        "Không phải ngày",
        "Giá trị '{value}' không phải ngày hợp lệ.",
        "Nhập ngày theo dạng dd/mm/yyyy.",
        cost="none",
    ),
    "W_DATE_AS_TEXT": _w(
        ("#cell",),
        "Ngày được nhập dạng chữ",
        "Ngày '{value}' được nhập dạng chữ; đã đọc là {taken}.",
        "Nên nhập dưới dạng ô ngày.",
    ),
    "W_DATE_SERIAL": _w(
        ("#cell",),
        "Ngày được ghi dạng số",
        "Ô ghi số {value}; đã đọc là ngày {taken} (số thứ tự ngày trong Excel).",
        "Định dạng ô là ngày (dd/mm/yyyy) để ngày hiện đúng.",
    ),
    "E_DATE_SERIAL": _e(
        ("#cell",),
        "Ngày được ghi dạng số",
        "Ô ghi số {value} thay cho ngày: {value} là ngày {taken}?",
        "Kiểm tra lại ngày và nhập theo dạng dd/mm/yyyy.",
        cost="none",
    ),
    "W_REPORT_DATE_MISSING": _w(
        ("#cell",),
        "Thiếu ngày báo cáo",
        "Chưa nhập ngày báo cáo.",
        "Nhập ngày báo cáo (dd/mm/yyyy) ở trang Thông tin để xác định báo cáo đúng hạn.",
    ),
    "W_LEGACY_ENCODING": _w(
        ("#cell",),
        "Chữ Việt mã cũ",
        "Văn bản có vẻ được gõ bằng phông {encoding}; nhiều khả năng là: '{taken}'.",
        "Gõ lại bằng Unicode (phông Times New Roman) hoặc chuyển mã bằng Unikey.",
    ),
    "W_MOJIBAKE": _w(
        ("#cell",),
        "Chữ Việt bị sai mã khi sao chép",
        "Văn bản có vẻ là chữ Việt bị sai mã khi sao chép ({encoding}); nhiều khả năng là: '{taken}'.",
        "Sao chép lại nội dung từ văn bản gốc rồi dán vào ô, kiểm tra chữ hiện đúng dấu.",
    ),
    "W_CONTROL_CHARS": _w(
        ("#cell",),
        "Ký tự điều khiển",
        "Văn bản chứa ký tự điều khiển không in được; đã được bỏ đi.",
        "Gõ lại nội dung ô.",
    ),
    "W_INVISIBLE_CHARS": _w(
        ("#cell",),
        "Ký tự không nhìn thấy",
        "Ô chứa {chars}, không nhìn thấy được; đã bỏ đi và đọc giá trị là '{taken}'.",
        "Kiểm tra giá trị đã đọc; khi dán từ trang web hoặc tệp khác, nên gõ lại nội dung ô.",
    ),
}


class Issue(BaseModel):
    """A problem found in a file, at a place, with Vietnamese text."""

    code: IssueCode
    severity: Severity
    file: str
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    message: str
    hint: str
    variable: str | None = None
    indicator: str | None = None
    related: str | None = None  # the other variable a cross-cell rule compared `variable` with

    @property
    def fatal(self) -> bool:
        return TYPES[self.code].fatal

    @property
    def cost(self) -> Cost:
        return TYPES[self.code].cost

    @property
    def touches(self) -> list[str]:
        """The variables whose figures a value-cost error leaves out (none for other issues)."""
        if self.cost != "value":
            return []
        return [v for v in (self.variable, self.related) if v]

    @property
    def tags(self) -> tuple[Tag, ...]:
        return TYPES[self.code].tags

    @property
    def severity_vi(self) -> str:
        return SEVERITY_VI[self.severity]

    @property
    def place(self) -> str:
        parts = [p for p in (self.sheet and f"trang '{self.sheet}'", self.cell and f"ô {self.cell}") if p]
        return ", ".join(parts)


def show_value(value: Any) -> str | None:
    """How a found value is shown in an issue (short, single line)."""
    if value is None or value == "":
        return None
    text = str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


def make_issue(
    code: IssueCode,
    file: str,
    sheet: str | None = None,
    cell: str | None = None,
    value: Any = None,
    variable: str | None = None,
    indicator: str | None = None,
    related: str | None = None,
    **params: Any,
) -> Issue:
    kind = TYPES[code]
    shown = show_value(value)
    # Numbers in messages read as Vietnamese write them (5,5; 0,9388), never 5.5.
    spoken = vn_plain(value) if isinstance(value, float) and not value.is_integer() else shown
    params.setdefault("value", spoken if spoken is not None else "")
    params = {
        k: vn_plain(v) if isinstance(v, float) and not isinstance(v, bool) else v for k, v in params.items()
    }
    return Issue(
        code=code,
        severity=kind.severity,
        file=file,
        sheet=sheet,
        cell=cell,
        value=shown,
        message=kind.message.format(**params),
        hint=kind.hint.format(**params),
        variable=variable,
        indicator=indicator,
        related=related,
    )
