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


def print_tables(cat: Catalog, year: int | None, console: Any, quiet: bool = False) -> None:
    from bgindex.cli.tables import Col, print_table
    from bgindex.cli.terminal import say, shown

    p = cat.profile
    indicators = cat.active_indicators(year) if year else cat.indicators
    retired = sum(i.until_year is not None for i in indicators) if year is None else 0
    note = f" (có {retired} chỉ số không còn đánh giá)" if retired else ""
    final = f"{len(indicators)} chỉ số thành phần{note}, {len(cat.agencies)} cơ quan báo cáo."
    if quiet:
        say(console, final)
        return
    console.print(f"[bold]{shown(p.name)}[/bold]")
    say(console, shown(p.index_version))
    say(
        console,
        f"Danh mục: {shown(p.id)}; hạn báo cáo: ngày {p.deadline.day:02d}/{p.deadline.month:02d} năm sau "
        "năm báo cáo.",
    )
    rows = []
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
        named = [a for a in agencies if a not in districts]
        if districts:
            named.append(f"UBND cấp huyện ({len(districts)})")
        rows.append(
            [
                shown(ind.code),
                shown(ind.name),
                shown(ind.unit),
                BETTER_VI[ind.better],
                ", ".join(named),
                "; ".join(notes),
            ]
        )
    cols = [
        Col("Mã", "code", head=True),
        Col("Tên chỉ số", head=True, wide=True),
        Col("Đơn vị"),
        Col("Chiều tốt hơn"),
        Col("Cơ quan"),
        Col("Ghi chú"),
    ]
    print_table(console, "Chỉ số thành phần", cols, rows)
    print_table(
        console,
        "Cơ quan báo cáo",
        [Col("Mã", "code", head=True), Col("Tên", head=True, wide=True), Col("Loại", "label")],
        [[shown(a.code), shown(a.name), KIND_LABELS[a.kind]] for a in cat.agencies],
    )
    say(console, final)
