"""Vietnamese for the few English strings click and typer print in help and usage errors."""

from __future__ import annotations

import sys

_VI = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Arguments": "Tham số",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Missing command.": "Thiếu tên lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để được hướng dẫn.",
    "Error: {message}": "Lỗi: {message}",
    "Aborted!": "Đã dừng.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "integer": "số nguyên",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là tệp.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
}


def _vi(message: str) -> str:
    return _VI.get(message, message)


def install() -> None:
    """Translate help and usage texts of typer (and the click it vendors or imports).

    Guarded: if a future typer moves these hooks, help stays English but nothing breaks."""
    for name in (
        "click.core",
        "click.formatting",
        "click.decorators",
        "click.exceptions",
        "click.types",
        "typer.core",
        "typer.main",
    ):
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "_"):
            module._ = _vi  # type: ignore[attr-defined]
    for name in ("typer._click.formatting", "click.formatting"):
        formatter = getattr(sys.modules.get(name), "HelpFormatter", None)
        if formatter is not None and not getattr(formatter.write_usage, "_vi", False):
            formatter.write_usage = _usage_in_vi(formatter.write_usage)
    for name in ("typer._click.core", "click.core"):
        command = getattr(sys.modules.get(name), "Command", None)
        if command is not None and not getattr(command.get_help_option, "_vi", False):
            command.get_help_option = _help_in_vi(command.get_help_option)


def _usage_in_vi(original):
    def write_usage(self, prog, args="", prefix=None):
        return original(self, prog, args, "Cách dùng: " if prefix is None else prefix)

    write_usage._vi = True  # type: ignore[attr-defined]
    return write_usage


def _help_in_vi(original):
    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = _vi(option.help or "")
        return option

    get_help_option._vi = True  # type: ignore[attr-defined]
    return get_help_option


def translate(message: str) -> str:
    """A usage message: the known ones in Vietnamese, the rest as they are."""
    import re

    for pattern, vi in (
        (r"No such command '(.+)'\.?", "không có lệnh '{0}'"),
        (r"Missing command\.?", "thiếu tên lệnh"),
        (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số ({0})"),
        (r"Option '(.+)' requires an argument\.?", "tùy chọn '{0}' cần một giá trị"),
    ):
        m = re.fullmatch(pattern, message.strip())
        if m:
            return vi.format(*m.groups())
    return _vi(message)


def value_error(message: str) -> str:
    if "valid integer" in message:
        return "phải là số nguyên"
    if "does not exist" in message:
        return "không tồn tại"
    return message
