"""Word reports (consolidation and comparison) filled from officer-editable .docx templates."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

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
BRIEF_DOCX_TEMPLATE = "tom-tat.docx"
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


def _described_image(tpl: Any, data: bytes, width: Any, descr: str) -> Any:
    """An InlineImage whose picture carries `descr` as its alt text (docxtpl leaves it empty)."""
    from docxtpl import InlineImage

    class DescribedImage(InlineImage):
        def _insert_image(self) -> str:
            inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, None)
            for el in (*inline.xpath(".//wp:docPr"), *inline.xpath(".//pic:cNvPr")):
                el.set("descr", descr)
                el.set("title", descr)
            drawing = f"<w:drawing>{inline.xml}</w:drawing>"
            return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    return DescribedImage(tpl, io.BytesIO(data), width=width)


def _images(tpl: Any, charts: dict[str, Chart]) -> dict[str, SimpleNamespace]:
    from docx.shared import Mm

    return {
        k: SimpleNamespace(
            key=k,
            caption=c.caption,
            title=c.title,
            columns=c.columns,
            rows=c.rows,
            image=_described_image(tpl, c.data, Mm(IMAGE_WIDTH_MM), c.title),
        )
        for k, c in charts.items()
        if isinstance(c.data, bytes)
    }


def render_docx_template(
    name: str,
    directory: str | Path | None,
    context: dict[str, Any],
    charts: dict[str, Chart] | None = None,
) -> bytes:
    """Fill one of the Word templates (the officer's when their folder has it) in the sandbox."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    path = template_path(name, directory)
    try:
        tpl = DocxTemplate(str(path))
        tpl.render_init()
    except Exception as exc:  # a damaged or non-Word file given as the template
        raise ReportTemplateError(f"mẫu báo cáo Word '{path}' không mở được: {exc}") from None
    images = _images(tpl, charts or {})
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


def _context(result: ConsolidationResult) -> dict[str, Any]:
    from bgindex.core.summary import report_facts

    facts = report_facts(result)
    return {
        "r": result,
        "c": result.counts,
        "m": result.meta,
        "facts": facts,
        "names": facts.names,
        "report_date": result.report_date,
        "rejected": [f for f in result.files if f.fate == "rejected"],
        "superseded": [f for f in result.files if f.fate == "superseded"],
    }


def render_docx(
    result: ConsolidationResult,
    templates_dir: str | Path | None = None,
    charts: dict[str, Chart] | None = None,
) -> bytes:
    """The consolidation report as a .docx (bytes), charts included as images."""
    if charts is None:
        from bgindex.outputs.charts import render_charts

        charts = render_charts(result, "png")
    return render_docx_template(DOCX_TEMPLATE, templates_dir, _context(result), charts)


def render_brief_docx(result: ConsolidationResult, templates_dir: str | Path | None = None) -> bytes:
    """The short version for the leader (tom-tat-NĂM.docx): summary, indicator table, proposals,
    signature; no charts."""
    return render_docx_template(BRIEF_DOCX_TEMPLATE, templates_dir, _context(result), {})


def render_diff_docx(result: DiffResult, catalog: Catalog, templates_dir: str | Path | None = None) -> bytes:
    """The year-over-year comparison as a .docx (bytes), one chart per indicator group."""
    from bgindex.outputs.charts import render_diff_charts
    from bgindex.outputs.diff_views import explained
    from bgindex.outputs.letters import document_meta

    numbers = iter(ROMAN)
    sec = {
        "compare": next(numbers),
        "causes": next(numbers),
        "series": next(numbers) if len(result.years) > 2 else "",
        "owed": next(numbers),
    }
    agency_name = catalog.agency_name_for_year(result.agency, result.new_year) if result.agency else ""
    context = {
        "d": result,
        "m": document_meta(catalog, result.report_date),
        "report_date": result.report_date,
        "sec": sec,
        "agency_name": agency_name,
        "explained": explained(result),
    }
    charts = render_diff_charts(result, catalog, "png")
    return render_docx_template(DIFF_DOCX_TEMPLATE, templates_dir, context, charts)


def write_diff_docx(
    result: DiffResult, catalog: Catalog, target: str | Path, templates_dir: str | Path | None = None
) -> Path:
    from bgindex.outputs.atomic import write_bytes

    return write_bytes(target, render_diff_docx(result, catalog, templates_dir))
