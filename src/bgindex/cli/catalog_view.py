"""Terminal and JSON views of the catalogue."""

from __future__ import annotations

import json
from typing import Any

from bgindex.catalog.model import KIND_LABELS, Catalog
from bgindex.model.status import BETTER_VI


def catalog_data(cat: Catalog, year: int | None = None) -> dict[str, Any]:
    indicators = cat.active_indicators(year) if year else cat.indicators
    return {
        "profile": cat.profile.model_dump(mode="json"),
        "indicators": [
            {
                **ind.model_dump(mode="json", exclude={"agencies"}),
                "agencies": cat.indicator_agencies(ind),
                "retired": year is not None
                and not ind.active(year)
                or (year is None and ind.until_year is not None),
            }
            for ind in indicators
        ],
        "variables": [v.model_dump(mode="json") for v in cat.variables],
        "agencies": [a.model_dump(mode="json") for a in cat.agencies],
    }


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
        agencies = cat.indicator_agencies(ind)
        districts = [a for a in agencies if cat.agency_by_code[a].kind == "district"]
        shown = [a for a in agencies if a not in districts]
        if districts:
            shown.append(f"UBND cấp huyện ({len(districts)})")
        table.add_row(ind.code, ind.name, ind.unit, BETTER_VI[ind.better], ", ".join(shown), "; ".join(notes))
    console.print(table)
    agencies = Table(title="Cơ quan báo cáo")
    for col in ("Mã", "Tên", "Loại"):
        agencies.add_column(col)
    for a in cat.agencies:
        agencies.add_row(a.code, a.name, KIND_LABELS[a.kind])
    console.print(agencies)
