"""Render the consolidated report (HTML that opens in Word, and Markdown) from editable Jinja files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from bgindex.core.summary import READING_MARK, file_name, report_facts
from bgindex.model.results import ConsolidationResult
from bgindex.model.status import ASSESSMENT_VI, FILE_STATUS_VI, INDICATOR_STATUS_VI
from bgindex.model.vn import (
    DASH,
    ROMAN,
    amount_text,
    change_text,
    indicator_change,
    indicator_number,
    long_date,
    relative_change,
    vn_date,
    vn_number,
    vn_percent,
)

if TYPE_CHECKING:
    from bgindex.outputs.charts import Chart

HTML_TEMPLATE = "bao-cao.html.j2"
MD_TEMPLATE = "bao-cao.md.j2"
# The shipped templates under this prefix too, so that an officer's bao-cao.html.j2 can be only
# `{% extends "goc/bao-cao.html.j2" %}` and the blocks it changes (tom_tat, danh_gia_chung, …).
SHIPPED_PREFIX = "goc"


def templates_dir(override: str | Path | None = None) -> Path:
    """Officer-edited templates first (--templates), then the shipped ones (in the wheel, or the
    checkout's templates/ folder when run from source)."""
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "templates"


# Markdown's own characters, shown as themselves: no link, image, emphasis or code span from a file's text.
_MD_PUNCTUATION = str.maketrans({c: "\\" + c for c in "\\`*_[]()!|"})


def md_cell(value: Any) -> str:
    """Text for Markdown, in a table cell or a line: no HTML, no links or images, no emphasis, no
    pipes, no line breaks ('[bấm](javascript:…)' stays those characters)."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").translate(_MD_PUNCTUATION)
    return " ".join(text.split())


def _precision(decimals: Any) -> int | None:
    """A template's precision argument: an indicator's `decimals`, or None where it passes none (an
    input amount) or, like templates of older versions, the unit."""
    return decimals if isinstance(decimals, int) and not isinstance(decimals, bool) else None


def template_number(value: float | None, decimals: Any = None) -> str:
    """`{{ i.value | num(i.decimals) }}`: an indicator's figure at its precision; `{{ f.value | num }}`:
    an input amount as typed."""
    d = _precision(decimals)
    return amount_text(value) if d is None else indicator_number(value, d)


def template_change(value: float | None, decimals: Any = None) -> str:
    """`{{ i.change | signed(i.decimals) }}`: a change with its sign at the indicator's precision."""
    d = _precision(decimals)
    if d is not None:
        return indicator_change(value, d)
    if value is None:
        return DASH
    text = amount_text(abs(value))
    return text if text == "0" else ("+" if value > 0 else "−") + text


def install_vocabulary(env: Any) -> Any:
    """The filters and names every report template (HTML, Markdown, Word) may use."""
    env.filters.update(
        num=template_number,
        signed=template_change,
        relative=relative_change,  # {{ i.change_pct | relative }}: +16,8 %
        change=change_text,  # {{ i.change | change(i.change_pct, i.unit, i.decimals) }}
        pct=vn_percent,
        date=vn_date,
        md=md_cell,
        filename=file_name,
        longdate=long_date,
        nd30date=long_date,  # the Word templates' older name for the same date
        vnnum=vn_number,
    )
    env.globals.update(
        STATUS_VI=INDICATOR_STATUS_VI,
        ASSESSMENT_VI=ASSESSMENT_VI,
        FILE_STATUS_VI=FILE_STATUS_VI,
        ROMAN=ROMAN,
        DASH=DASH,
        MARK=READING_MARK,
    )
    return env


def sandbox(**options: Any) -> Any:
    """A Jinja environment for templates officers edit and pass around: jinja2's immutable sandbox,
    so a template can read the report's data but reach no Python internals and change nothing."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return install_vocabulary(ImmutableSandboxedEnvironment(undefined=StrictUndefined, **options))


def environment(directory: Path, autoescape: bool) -> Any:
    """Templates from the officer's folder, each missing one taken from the shipped folder."""
    from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

    shipped = templates_dir(None)
    folders = dict.fromkeys([directory, shipped])
    loaders: list[Any] = [FileSystemLoader(str(f)) for f in folders]
    loaders.append(PrefixLoader({SHIPPED_PREFIX: FileSystemLoader(str(shipped))}))
    return sandbox(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def context(result: ConsolidationResult, charts: dict[str, Chart] | None = None) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {}
    for ind in result.indicators:
        groups.setdefault(ind.group, []).append(ind)  # "": no official group, no label
    unit_of = {f.variable: f.unit for i in result.indicators for f in i.figures}
    facts = report_facts(result)
    return {
        "r": result,
        "facts": facts,
        "names": facts.names,
        "groups": groups,
        "unit_of": unit_of,
        "c": result.counts,
        "charts": charts or {},
        "rejected": [f for f in result.files if f.fate == "rejected"],
        "superseded": [f for f in result.files if f.fate == "superseded"],
        "partly": [f for f in result.files if f.fate == "used" and f.errors],
    }


def render_template(template: str, autoescape: bool, directory: str | Path | None, **values: Any) -> str:
    """Render one of the editable templates; a broken template is a clear error, not a crash."""
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    env = environment(templates_dir(directory), autoescape)
    try:
        return env.get_template(template).render(**values)
    except SecurityError as exc:
        raise ReportTemplateError(refused_template(template, exc)) from None
    except TemplateError as exc:
        raise ReportTemplateError(template_error_vi(template, exc)) from None


def template_error_vi(name: str, exc: Exception) -> str:
    """A Jinja error in an officer's template, in Vietnamese with the line (Jinja's English stays out)."""
    import re

    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

    if isinstance(exc, TemplateNotFound):
        return f"mẫu báo cáo '{name}' gọi đến mẫu '{exc.name}' không có trong thư mục mẫu"
    if isinstance(exc, TemplateSyntaxError):
        return (
            f"mẫu báo cáo '{name}' sai cú pháp ở dòng {exc.lineno}: kiểm tra các cặp dấu {{{{ }}}} và "
            "{% %}, và mỗi lệnh if, for có end đi kèm"
        )
    if isinstance(exc, UndefinedError):
        names = [n for n in re.findall(r"'([^']+)'", str(exc)) if n.isidentifier()]
        what = f" ({', '.join(names)})" if names else ""
        return f"mẫu báo cáo '{name}' dùng tên không có trong số liệu báo cáo{what}"
    return f"mẫu báo cáo '{name}' không dựng được báo cáo; dùng lại mẫu gốc để so sánh"


def refused_template(name: str, exc: Exception) -> str:
    """What the officer reads when a template tries to go beyond the report's data."""
    return (
        f"mẫu báo cáo '{name}' bị từ chối: mẫu chỉ được dùng số liệu của báo cáo, không được gọi "
        f"vào bên trong chương trình ({exc}); dùng lại mẫu gốc hoặc bỏ đoạn đó"
    )


def render(
    result: ConsolidationResult,
    template: str,
    autoescape: bool,
    directory: str | Path | None = None,
    charts: dict[str, Chart] | None = None,
) -> str:
    return render_template(template, autoescape, directory, **context(result, charts))


class ReportTemplateError(Exception):
    """An officer-edited report template that does not render."""


def render_html(
    result: ConsolidationResult, directory: str | Path | None = None, charts: dict[str, Chart] | None = None
) -> str:
    return render(result, HTML_TEMPLATE, True, directory, charts)


def render_markdown(result: ConsolidationResult, directory: str | Path | None = None) -> str:
    return render(result, MD_TEMPLATE, False, directory)
