"""Rewrite README.md's generated blocks (command options, issue codes) from the code; --check for CI."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
sys.path.insert(0, str(ROOT / "src"))  # document this checkout, not whichever bgindex is installed

FIX_COMMAND = "python3 scripts/gen_docs.py"
BLOCK = re.compile(
    r"(?P<begin><!-- BEGIN generated: (?P<name>[a-z-]+) -->\n).*?(?P<end><!-- END generated: (?P=name) -->)",
    re.S,
)
# click/typer show a type when an option has no metavar; say it in Vietnamese.
TYPE_VI = {
    "int": "SỐ",
    "int range": "SỐ",
    "float": "SỐ",
    "float range": "SỐ",
    "str": "CHỮ",
    "path": "ĐƯỜNG_DẪN",
}


TAG_VI = {
    "#file": "cả tệp",
    "#structure": "cấu trúc (trang, cột, dòng, cơ quan, năm)",
    "#cell": "giá trị một ô",
    "#evidence": "tài liệu kiểm chứng",
    "#explanation": "giải trình nguyên nhân",
}


# What an error costs the consolidation (src/bgindex/model/issues.py, `Cost`).
COST_VI = {
    "file": "loại cả tệp",
    "value": "bỏ số liệu ô đó chạm tới",
    "none": "không mất số liệu",
}


def _cell(text: str) -> str:
    """One Markdown table cell: a single line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _flags(param: Any) -> str:
    return ", ".join(f"`{o}`" for o in sorted([*param.opts, *param.secondary_opts], key=len))


def _value(param: Any, record_head: str) -> str:
    """The metavar an option takes ('' for a flag), as the help screen shows it."""
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    if param.metavar:
        return param.metavar
    shown = record_head
    for opt in sorted([*param.opts, *param.secondary_opts], key=len, reverse=True):
        shown = shown.replace(opt, "")
    shown = shown.strip(" ,").strip("<>")
    return TYPE_VI.get(shown, shown)


def _argument_name(param: Any) -> str:
    name = param.metavar or param.name.upper()
    if param.nargs == -1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


def _params_table(params: list[Any], ctx: Any) -> list[str]:
    from bgindex.cli.click_vi import help_record

    rows = ["| Tham số / tùy chọn | Giá trị | Ý nghĩa |", "|---|---|---|"]
    for param in params:
        if getattr(param, "hidden", False):
            continue
        record = help_record(param, ctx)
        head, help_text = record if record else ("", param.help or "")
        if param.param_type_name == "argument":
            rows.append(f"| `{_argument_name(param)}` (tham số) |  | {_cell(help_text)} |")
        else:
            value = _value(param, head)
            rows.append(f"| {_flags(param)} | {f'`{value}`' if value else ''} | {_cell(help_text)} |")
    return rows


def options_block() -> str:
    """Every command of the CLI with its one-line help and its options, from click's own model."""
    from typer.main import get_command

    from bgindex.cli.app import app

    group = get_command(app)
    ctx = group.make_context("bgindex", [], resilient_parsing=True)
    lines = [
        f"Sinh từ mã nguồn (`bgindex --help`, `bgindex LỆNH --help`); đừng sửa tay, chạy `{FIX_COMMAND}`.",
        "",
        "#### `bgindex [TÙY_CHỌN_CHUNG] LỆNH`",
        "",
        _cell((group.help or "").split("\n\n")[0]),
        "",
        *_params_table(group.get_params(ctx), ctx),
    ]
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        if cmd is None or cmd.hidden:
            continue
        sub = cmd.make_context(name, [], parent=ctx, resilient_parsing=True)
        params = cmd.get_params(sub)
        args = " ".join(_argument_name(p) for p in params if p.param_type_name == "argument")
        usage = " ".join(part for part in (f"bgindex {name}", args, "[TÙY_CHỌN]") if part)
        lines += ["", f"#### `{usage}`", "", _cell(cmd.get_short_help_str(limit=1000)), ""]
        lines += _params_table(params, sub)
    return "\n".join(lines) + "\n"


def _readable(template: str) -> str:
    """A message template for people: {placeholders} become '…'."""
    return re.sub(r"\{[a-z_]+\}", "…", template)


def issue_codes_block() -> str:
    """Every issue code of the registry: severity, tags, meaning, what to do."""
    from bgindex.model.issues import COSTS, SEVERITY_VI, TAGS, TYPES

    if set(TAG_VI) != set(TAGS):
        raise SystemExit(f"scripts/gen_docs.py: TAG_VI must explain exactly the tags {TAGS}")
    if set(COST_VI) != set(COSTS):
        raise SystemExit(f"scripts/gen_docs.py: COST_VI must explain exactly the costs {COSTS}")
    legend = ", ".join(f"`{tag}` {TAG_VI[tag]}" for tag in TAGS)
    lines = [
        f"Sinh từ `src/bgindex/model/issues.py`; đừng sửa tay, chạy `{FIX_COMMAND}`. Nhãn: {legend}.",
        "",
        "| Mã | Mức | Khi tổng hợp | Nhãn | Ý nghĩa | Việc cần làm |",
        "|---|---|---|---|---|---|",
    ]
    for code, kind in TYPES.items():
        severity = SEVERITY_VI[kind.severity] + (" (tệp không đọc được, mã thoát 3)" if kind.fatal else "")
        tags = " ".join(f"`{t}`" for t in kind.tags)
        lines.append(
            f"| `{code}` | {severity} | {COST_VI[kind.cost]} | {tags} | {_cell(kind.title)} "
            f"| {_cell(_readable(kind.hint))} |"
        )
    return "\n".join(lines) + "\n"


GENERATORS = {"options": options_block, "issue-codes": issue_codes_block}


def render(text: str) -> str:
    """README text with every generated block replaced; each generator must have its markers."""
    found = {m.group("name") for m in BLOCK.finditer(text)}
    missing = set(GENERATORS) - found
    if missing:
        raise SystemExit(f"README.md has no markers for: {', '.join(sorted(missing))}")
    unknown = found - set(GENERATORS)
    if unknown:
        raise SystemExit(f"README.md has markers no generator knows: {', '.join(sorted(unknown))}")
    blocks = {name: make() for name, make in GENERATORS.items()}
    return BLOCK.sub(lambda m: m.group("begin") + blocks[m.group("name")] + m.group("end"), text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md is stale, write nothing")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new = render(text)
    if args.check:
        if new != text:
            print(f"{args.readme} is stale: run `{FIX_COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"{args.readme} updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
