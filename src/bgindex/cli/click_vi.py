"""Help screens and usage errors in Vietnamese, through typer's public hooks: command and group classes
(`cls=`) that lay out usage, sections, help records and examples, and one function that words every
usage error from the exception's data rather than from click's English message."""

from __future__ import annotations

import difflib
import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

from bgindex.cli.examples import EXAMPLES

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
GROUP_USAGE = "[TÙY_CHỌN] LỆNH [THAM_SỐ]…"
_TYPE = re.compile(r"\s+<[^<>]*>$")  # typer's `<int>`, `<list[Path]>` after a name
_EXTRA = re.compile(r"\s*\[([^\[\]]*)\]$")  # typer's trailing `[default: x; required]`


def _extra_vi(part: str) -> str | None:
    part = part.strip()
    if part == "required":
        return "bắt buộc"
    if part.startswith("default: "):
        return "mặc định: " + part.removeprefix("default: ")
    return None  # number ranges and anything else typer adds: the option's own help says it


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """A parameter's line on the help screen: no Python type names, extras in Vietnamese."""
    record = param.get_help_record(ctx)
    if record is None:
        return None
    name, text = record
    name = _TYPE.sub("", name)
    if param.param_type_name == "argument":
        name = param.metavar or name
    m = _EXTRA.search(text)
    if m:
        extras = [vi for vi in map(_extra_vi, m.group(1).split(";")) if vi]
        text = text[: m.start()] + (f"  [{'; '.join(extras)}]" if extras else "")
    return name, text


def _argument_usage(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("…") and not name.endswith("..."):
        name += "…"
    return name if param.required else f"[{name}]"


class _ViHelp:
    """What the group and every command share: usage line, sections, help option, examples."""

    name: str | None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        args = [_argument_usage(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]  # type: ignore[attr-defined]
        return ["[TÙY_CHỌN]", *args]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), "Cách dùng: ")

    def format_options(self, ctx: Any, formatter: Any) -> None:
        records: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = help_record(param, ctx)
            if record is not None and param.param_type_name in records:
                records[param.param_type_name].append(record)
        for kind, title in (("argument", "Tham số"), ("option", "Tùy chọn")):
            if records[kind]:
                with formatter.section(title):
                    formatter.write_dl(records[kind])

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        examples = EXAMPLES.get(self.name or "")
        if examples:
            with formatter.section("Ví dụ"):
                for line in examples:
                    formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class ViCommand(_ViHelp, TyperCommand):
    """A bgindex command."""


class ViGroup(_ViHelp, TyperGroup):
    """The `bgindex` group: commands listed under 'Lệnh', no English suggestion appended to errors."""

    def __init__(self, **attrs: Any) -> None:
        attrs["suggest_commands"] = False  # suggestions are worded by `usage_error_text`
        super().__init__(**attrs)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return GROUP_USAGE.split(" ", 1)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


def _closest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.5)
    return f"; có phải ý bạn là {' hoặc '.join(close)}?" if close else ""


def _hint(param: Any) -> str:
    if param is None:
        return "tham số"
    if param.param_type_name == "argument":
        return param.metavar or param.name.upper()
    return " / ".join(sorted(param.opts, key=len, reverse=True))


def usage_error_text(exc: Any, command_name: str | None = None) -> tuple[str, str]:
    """(the Vietnamese sentence, the help command to read) for a click usage error; `command_name`
    names the command when click's error carries no context."""
    ctx = getattr(exc, "ctx", None)
    kind = type(exc).__name__
    message = str(getattr(exc, "message", exc)).strip()
    param = getattr(exc, "param", None)
    command = ctx.command if ctx is not None else None
    if kind == "NoSuchOption":
        name = getattr(exc, "option_name", "")
        options = [o for p in (command.params if command else []) for o in p.opts if o.startswith("-")]
        text = f"không có tùy chọn {name}" + _closest(name, options)
    elif kind == "MissingParameter":
        what = "tham số" if param is not None and param.param_type_name == "argument" else "tùy chọn"
        text = f"thiếu {what} {_hint(param)}"
    elif kind == "BadParameter":
        text = f"giá trị không hợp lệ cho {_hint(param)}: {value_error(message)}"
    elif m := re.fullmatch(r"No such command '(.+)'\.?", message):
        commands = list(getattr(command, "commands", {}) or {})
        text = f"không có lệnh '{m.group(1)}'" + _closest(m.group(1), commands)
    else:
        text = translate(message)
    where = ctx.command_path if ctx is not None else " ".join(filter(None, ["bgindex", command_name]))
    return text.rstrip("."), f"{where} --help"


def translate(message: str) -> str:
    """The remaining click messages, in Vietnamese."""
    for pattern, vi in (
        (r"Missing command\.?", "thiếu tên lệnh"),
        (r"Got unexpected extra arguments? \((.+)\)", "thừa tham số ({0})"),
        (r"Option '(.+)' requires an argument\.?", "tùy chọn {0} cần một giá trị"),
        (r"Option '(.+)' does not take a value\.?", "tùy chọn {0} không nhận giá trị"),
        (r"Argument '(.+)' takes (\d+) values\.?", "tham số {0} cần {1} giá trị"),
        (r"Option '(.+)' requires (\d+) arguments\.?", "tùy chọn {0} cần {1} giá trị"),
    ):
        m = re.fullmatch(pattern, message.strip())
        if m:
            return vi.format(*m.groups())
    return "lệnh không đúng cách dùng"


def value_error(message: str) -> str:
    """A value conversion message: ours are Vietnamese already; click's and pydantic's are replaced."""
    if re.search(r"[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", message, re.I):
        return message
    if "integer" in message or "int" in message:
        return "phải là số nguyên"
    if m := re.search(r"greater than or equal to (\d+)", message):
        return f"phải từ {m.group(1)} trở lên"
    if "range" in message:
        return "nằm ngoài khoảng cho phép"
    if "does not exist" in message:
        return "không tồn tại"
    return "giá trị không đúng"
