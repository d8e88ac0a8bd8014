"""Write a consolidation's outputs into a folder as one set: all of them replaced, or none."""

from __future__ import annotations

from pathlib import Path

from bgindex.catalog.model import Catalog
from bgindex.model.results import ConsolidationResult
from bgindex.outputs.swap import replace_set

FORMATS = ("xlsx", "html", "md", "json", "docx")
DEFAULT_FORMATS = ("xlsx", "html", "md", "json")
BRIEF = "brief"  # the short version for the leader (--brief), written beside the others in the set


def output_names(year: int) -> dict[str, str]:
    return {
        "xlsx": f"ket-qua-{year}.xlsx",
        "html": f"bao-cao-{year}.html",
        "md": f"bao-cao-{year}.md",
        "json": f"ket-qua-{year}.json",
        "docx": f"bao-cao-{year}.docx",
        BRIEF: f"tom-tat-{year}.docx",
    }


def write_outputs(
    result: ConsolidationResult,
    catalog: Catalog,
    out_dir: str | Path,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    templates: str | Path | None = None,
    force: bool = False,
    brief: bool = False,
) -> list[Path]:
    """Render everything first, then replace the outputs as one set (outputs/swap.py): a failure (a
    broken report template, a full disk, a file held open) leaves the old set whole. Charts are
    drawn here, only for the reports that show them (matplotlib is imported then, not before)."""
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

        rendered["html"] = render_html(result, templates, charts=render_charts(result, "png"))
    if "docx" in formats:
        from bgindex.outputs.report_docx import render_docx

        rendered["docx"] = render_docx(result, templates)
    if brief:
        from bgindex.outputs.report_docx import render_brief_docx

        rendered[BRIEF] = render_brief_docx(result, templates)
    files = {
        names[fmt]: data if isinstance(data, bytes) else data.encode("utf-8")
        for fmt in (*FORMATS, BRIEF)
        if (data := rendered.get(fmt)) is not None
    }
    return replace_set(Path(out_dir), files, force)


def check_out_folder(
    out_dir: str | Path, year: int, formats: tuple[str, ...], force: bool = False, brief: bool = False
) -> None:
    """Before the long work: finish what an interrupted run left in the folder, and refuse at once
    (ResultSetError) if an output is held open or read-only, or another run writes there."""
    from bgindex.outputs.swap import check_targets, folder_lock, recover

    out = Path(out_dir)
    if not out.is_dir():
        return  # nothing there yet to protect
    names = output_names(year)
    with folder_lock(out):
        recover(out)
        chosen = [*formats, BRIEF] if brief else formats
        check_targets(out, [names[f] for f in (*FORMATS, BRIEF) if f in chosen], force)
