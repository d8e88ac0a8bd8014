"""What the officer reads when the machine refuses a file operation, and what to do about it."""

from __future__ import annotations

import errno
from pathlib import Path

from bgindex.model.safe_text import printable
from bgindex.outputs.atomic import TargetHeld

# Windows reports a file held open by Excel or Word as a sharing or lock violation.
_WINDOWS_LOCKED = {32, 33}


def file_problem_text(exc: OSError) -> str:
    """One Vietnamese sentence naming the file or folder, what went wrong and what to do."""
    where = exc.filename or exc.filename2
    name = f"'{printable(Path(str(where)))}'" if where else "tệp"
    code = exc.errno
    if isinstance(exc, TargetHeld):  # refused again and again: on Windows, the file is open somewhere
        return (
            f"không thay được {name}: tệp đang được mở trong chương trình khác hoặc không cho ghi. "
            f"Đóng tệp '{printable(Path(str(where)).name)}' trong Excel (hoặc Word, LibreOffice) rồi chạy "
            "lại; nếu tệp không mở, "
            "hãy kiểm tra quyền ghi vào thư mục"
        )
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED or code in (errno.EBUSY, errno.ETXTBSY):
        return f"{name} đang được mở trong chương trình khác (Excel, Word…); hãy đóng tệp rồi chạy lại"
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return f"ổ đĩa chứa {name} đã đầy; hãy giải phóng dung lượng hoặc chọn thư mục khác rồi chạy lại"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"không có quyền ghi hoặc đọc {name}; hãy chọn thư mục khác hoặc kiểm tra quyền truy cập"
    if code in (errno.EISDIR, errno.ENOTDIR, errno.EEXIST):
        return f"{name} bị một thư mục hoặc tệp cùng tên cản đường; hãy đổi tên hoặc chọn nơi khác"
    if code == errno.ENOENT:
        return f"không tìm thấy {name}; hãy kiểm tra lại đường dẫn"
    if code == errno.ENAMETOOLONG:
        return f"đường dẫn {name} quá dài; hãy chọn thư mục ngắn hơn"
    return f"không thao tác được với {name}: {printable(exc.strerror or exc)}"
