"""Word reports (consolidation and comparison) filled from officer-editable .docx templates."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from bgindex.model.results import ReportMeta
from bgindex.model.safe_text import xml_text
from bgindex.model.vn import ROMAN
from bgindex.outputs.report_html import ReportTemplateError, refused_template, sandbox, template_error_vi
from bgindex.outputs.report_html import templates_dir as templates_folder

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog
    from bgindex.core.diff import DiffResult
    from bgindex.model.results import ConsolidationResult
    from bgindex.outputs.charts import Chart

DOCX_TEMPLATE = "bao-cao.docx"
DIFF_DOCX_TEMPLATE = "so-sanh.docx"
IMAGE_WIDTH_MM = 160


def _clean(value: Any) -> Any:
    """Every printed value: no XML-illegal characters, line breaks as spaces."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return xml_text(value, visible=False).replace("\r\n", " ").replace("\n", " ")
    return value


def template_path(name: str, directory: str | Path | None = None) -> Path:
    """The officer's template when their folder has one, else the shipped one."""
    for folder in (templates_folder(directory), templates_folder(None)):
        if (folder / name).is_file():
            return folder / name
    raise ReportTemplateError(f"không tìm thấy mẫu báo cáo Word '{name}'")


def _images(tpl: Any, charts: dict[str, Chart]) -> dict[str, SimpleNamespace]:
    from docx.shared import Mm
    from docxtpl import InlineImage

    return {
        k: SimpleNamespace(
            key=k,
            caption=c.caption,
            title=c.title,
            columns=c.columns,
            rows=c.rows,
            image=InlineImage(tpl, io.BytesIO(c.data), width=Mm(IMAGE_WIDTH_MM)),
        )
        for k, c in charts.items()
        if isinstance(c.data, bytes)
    }


def _render(
    name: str, directory: str | Path | None, context: dict[str, Any], charts: dict[str, Chart]
) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    path = template_path(name, directory)
    try:
        tpl = DocxTemplate(str(path))
        tpl.render_init()
    except Exception as exc:  # a damaged or non-Word file given as the template
        raise ReportTemplateError(f"mẫu báo cáo Word '{path}' không mở được: {exc}") from None
    images = _images(tpl, charts)
    context = {
        **context,
        "charts": images,
        "group_charts": [v for k, v in images.items() if k.startswith("overview")],
        "status_chart": images.get("status"),
    }
    try:
        tpl.render(context, jinja_env=sandbox(autoescape=True, finalize=_clean), autoescape=True)
    except SecurityError as exc:
        raise ReportTemplateError(refused_template(path.name, exc)) from None
    except TemplateError as exc:
        raise ReportTemplateError(template_error_vi(path.name, exc)) from None
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def _sources(result: ConsolidationResult) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            indicator=i.code,
            variable=s.variable,
            role=s.role,
            agency=s.agency,
            file=Path(s.file).name,
            sheet=s.sheet,
            cell=s.cell,
            value=s.value,
            unit=f.unit,
        )
        for i in result.indicators
        for f in i.figures
        for s in f.sources
    ]


def render_docx(
    result: ConsolidationResult,
    templates_dir: str | Path | None = None,
    charts: dict[str, Chart] | None = None,
) -> bytes:
    """The consolidation report as a .docx (bytes), charts included as images."""
    if charts is None:
        from bgindex.outputs.charts import render_charts

        charts = render_charts(result, "png")
    context = {
        "r": result,
        "c": result.counts,
        "m": result.meta,
        "report_date": result.report_date,
        "rejected": [f for f in result.files if f.fate == "rejected"],
        "superseded": [f for f in result.files if f.fate == "superseded"],
        "sources": _sources(result),
    }
    return _render(DOCX_TEMPLATE, templates_dir, context, charts)


def render_diff_docx(
    result: DiffResult,
    catalog: Catalog,
    templates_dir: str | Path | None = None,
    report_date: dt.date | None = None,
) -> bytes:
    """The year-over-year comparison as a .docx (bytes), one chart per indicator group."""
    from bgindex.outputs.charts import render_diff_charts

    numbers = iter(ROMAN)
    sec = {
        "compare": next(numbers),
        "causes": next(numbers),
        "series": next(numbers) if len(result.years) > 2 else "",
        "owed": next(numbers),
    }
    agency_name = catalog.agency_by_code[result.agency].name if result.agency else ""
    context = {
        "d": result,
        "m": ReportMeta.of(catalog),
        "report_date": report_date or dt.date.today(),
        "sec": sec,
        "agency_name": agency_name,
        "explained": [i for i in result.comparison if i.agencies or i.adjustments],
    }
    return _render(DIFF_DOCX_TEMPLATE, templates_dir, context, render_diff_charts(result, catalog, "png"))


def write_diff_docx(
    result: DiffResult,
    catalog: Catalog,
    target: str | Path,
    templates_dir: str | Path | None = None,
    report_date: dt.date | None = None,
) -> Path:
    from bgindex.outputs.atomic import write_bytes

    return write_bytes(target, render_diff_docx(result, catalog, templates_dir, report_date))
