"""Write a consolidation's outputs into a folder, each file atomically."""

from __future__ import annotations

from pathlib import Path

from bgindex.catalog.model import Catalog
from bgindex.model.results import ConsolidationResult
from bgindex.outputs.atomic import write_bytes, write_text

FORMATS = ("xlsx", "html", "md", "json", "docx")
DEFAULT_FORMATS = ("xlsx", "html", "md", "json")


def output_names(year: int) -> dict[str, str]:
    return {
        "xlsx": f"ket-qua-{year}.xlsx",
        "html": f"bao-cao-{year}.html",
        "md": f"bao-cao-{year}.md",
        "json": f"ket-qua-{year}.json",
        "docx": f"bao-cao-{year}.docx",
    }


def write_outputs(
    result: ConsolidationResult,
    catalog: Catalog,
    out_dir: str | Path,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    templates: str | Path | None = None,
) -> list[Path]:
    """Render everything first, then write each file in one rename: a failure (a broken report
    template, say) leaves every earlier output untouched. Charts are drawn here, only for the
    reports that show them (matplotlib is imported then, not before)."""
    names = output_names(result.year)
    rendered: dict[str, str | bytes] = {}
    if "xlsx" in formats:
        from bgindex.outputs.result_book import result_workbook

        rendered["xlsx"] = result_workbook(result, catalog)
    if "md" in formats:
        from bgindex.outputs.report_html import render_markdown

        rendered["md"] = render_markdown(result, templates)
    if "json" in formats:
        rendered["json"] = result.model_dump_json(indent=2)
    if "html" in formats:
        from bgindex.outputs.charts import render_charts
        from bgindex.outputs.report_html import render_html

        rendered["html"] = render_html(result, templates, charts=render_charts(result, "svg"))
    if "docx" in formats:
        from bgindex.outputs.report_docx import render_docx

        rendered["docx"] = render_docx(result, templates)
    out = Path(out_dir)
    written: list[Path] = []
    for fmt in FORMATS:
        if fmt in rendered:
            data = rendered[fmt]
            target = out / names[fmt]
            written.append(write_bytes(target, data) if isinstance(data, bytes) else write_text(target, data))
    return written
