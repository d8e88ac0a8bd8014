"""Write a consolidation's outputs into a folder, each file atomically."""

from __future__ import annotations

from pathlib import Path

from bgindex.atomic import write_bytes, write_text
from bgindex.catalog import Catalog
from bgindex.result_model import ConsolidationResult

FORMATS = ("xlsx", "html", "md", "json", "docx")
DEFAULT_FORMATS = ("xlsx", "html", "md", "json")


def output_names(year: int) -> dict[str, str]:
    return {"xlsx": f"ket-qua-{year}.xlsx", "html": f"bao-cao-{year}.html",
            "md": f"bao-cao-{year}.md", "json": f"ket-qua-{year}.json",
            "docx": f"bao-cao-{year}.docx"}


def write_outputs(result: ConsolidationResult, catalog: Catalog, out_dir: str | Path,
                  formats: tuple[str, ...] = DEFAULT_FORMATS,
                  templates: str | Path | None = None) -> list[Path]:
    """Render everything first, then write; a failure leaves earlier outputs untouched."""
    out = Path(out_dir)
    names = output_names(result.year)
    written: list[Path] = []
    rendered: dict[str, str] = {}
    if "html" in formats:
        from bgindex.charts import render_charts
        from bgindex.report import render_html

        rendered["html"] = render_html(result, templates, charts=render_charts(result, "svg"))
    if "md" in formats:
        from bgindex.report import render_markdown

        rendered["md"] = render_markdown(result, templates)
    if "json" in formats:
        rendered["json"] = result.model_dump_json(indent=2)
    docx: bytes | None = None
    if "docx" in formats:
        from bgindex.docx_report import render_docx

        docx = render_docx(result, catalog, templates)
    if "xlsx" in formats:
        from bgindex.result_book import write_result

        written.append(write_result(result, catalog, out / names["xlsx"]))
    for fmt in ("html", "md", "json"):
        if fmt in rendered:
            written.append(write_text(out / names[fmt], rendered[fmt]))
    if docx is not None:
        written.append(write_bytes(out / names["docx"], docx))
    return written
