"""Terminal and JSON views of the catalogue."""

from __future__ import annotations

import json
from typing import Any

from bgindex.catalog.model import KIND_LABELS, Agency, Catalog
from bgindex.cli.terminal import shown
from bgindex.model.status import BETTER_VI


def catalog_data(cat: Catalog, year: int | None = None) -> dict[str, Any]:
    indicators = cat.active_indicators(year) if year else cat.indicators
    return {
        "profile": cat.profile.model_dump(mode="json"),
        "indicators": [
            {
                **ind.model_dump(mode="json", exclude={"agencies"}),
                "agencies": cat.indicator_agencies(ind, year),
                "retired": year is not None
                and not ind.active(year)
                or (year is None and ind.until_year is not None),
            }
            for ind in indicators
        ],
        "variables": [v.model_dump(mode="json") for v in cat.variables],
        "agencies": [_agency_data(cat, a, year) for a in _agencies(cat, year)],
        **(
            {"not_reporting": [{"code": c, "reason": r} for c, r in _not_reporting(cat, year)]}
            if year is not None
            else {}
        ),
    }


def _agencies(cat: Catalog, year: int | None) -> list[Agency]:
    """With a year, the units that report it (Catalog.reports); else every agency."""
    return cat.reporting_agencies(year) if year is not None else list(cat.agencies)


def _agency_data(cat: Catalog, a: Agency, year: int | None) -> dict[str, Any]:
    out = a.model_dump(mode="json")
    if year is not None:
        out.update(name=cat.agency_name_for_year(a.code, year), notes=cat.agency_notes(a.code, year))
    return out


def _not_reporting(cat: Catalog, year: int | None) -> list[tuple[str, str]]:
    """Agencies of the catalogue that do not report the year and why (dissolved, not yet formed)."""
    if year is None:
        return []
    out = []
    for a in cat.agencies:
        reason = cat.not_reporting_reason(a.code, year)
        if reason is not None and a.active(year):  # it existed during the year
            out.append((a.code, reason))
    return out


def as_json(cat: Catalog, year: int | None = None) -> str:
    return json.dumps(catalog_data(cat, year), ensure_ascii=False, indent=2)


def print_tables(cat: Catalog, year: int | None, console: Any) -> None:
    from rich.table import Table

    p = cat.profile
    console.print(
        f"[bold]{p.name}[/bold]\n{p.index_version}\nDanh mục: {p.id}; hạn báo cáo: "
        f"ngày {p.deadline.day:02d}/{p.deadline.month:02d} năm sau năm báo cáo."
    )
    table = Table(title="Chỉ số thành phần", show_lines=False)
    for col in ("Mã", "Tên chỉ số", "Đơn vị", "Chiều tốt hơn", "Cơ quan", "Ghi chú"):
        table.add_column(col, overflow="fold")
    indicators = cat.active_indicators(year) if year else cat.indicators
    for ind in indicators:
        notes = []
        if ind.until_year is not None:
            notes.append(f"không còn đánh giá sau {ind.until_year}")
        if ind.definition == "our_reading":
            notes.append("công thức: cách hiểu của nhóm")
        if ind.combine.rule == "lead":
            notes.append(f"chủ trì: {ind.combine.lead}")
        elif ind.combine.rule == "sum":
            notes.append("cộng số liệu các cơ quan")
        agencies = cat.indicator_agencies(ind, year)
        districts = [a for a in agencies if cat.agency_by_code[a].kind == "district"]
        listed = [a for a in agencies if a not in districts]
        if districts:
            listed.append(f"UBND cấp huyện ({len(districts)})")
        who = ", ".join(listed)
        table.add_row(ind.code, ind.name, ind.unit, BETTER_VI[ind.better], who, "; ".join(notes))
    console.print(table)
    title = f"Cơ quan báo cáo năm {year}" if year is not None else "Cơ quan báo cáo"
    agencies = Table(title=title)
    for col in ("Mã", "Tên", "Loại", "Ghi chú"):
        agencies.add_column(col, overflow="fold")
    for a in _agencies(cat, year):
        name = cat.agency_name_for_year(a.code, year) if year is not None else a.name
        notes = cat.agency_notes(a.code, year) if year is not None else [n.text for n in a.notes]
        agencies.add_row(a.code, name, KIND_LABELS[a.kind], "; ".join(notes))
    console.print(agencies)
    for code, reason in _not_reporting(cat, year):
        console.print(f"[yellow]Không báo cáo năm {year}:[/yellow] {code} — {shown(reason)}.")
