"""Terminal and JSON views of the catalogue."""

from __future__ import annotations

import json
from typing import Any

from bgindex.catalog.model import KIND_LABELS, Agency, Catalog
from bgindex.catalog.registry import shipped_profiles
from bgindex.catalog.validity import profile_notices, validity_warnings
from bgindex.cli.terminal import shown
from bgindex.model.status import BETTER_VI


def registry_data() -> list[dict[str, Any]]:
    """The shipped profiles: name for --profile, id, reporting years, dates, status."""
    return [
        {
            "name": p.name,
            "id": p.info.id,
            "title": p.info.name,
            "years": p.info.years.model_dump(mode="json"),
            "years_label": p.info.years.label,
            "valid_from": p.info.valid_from.isoformat() if p.info.valid_from else None,
            "valid_until": p.info.valid_until.isoformat() if p.info.valid_until else None,
            "status": p.info.status,
            "status_label": p.status_vi,
        }
        for p in shipped_profiles()
    ]


def registry_json() -> str:
    return json.dumps(registry_data(), ensure_ascii=False, indent=2)


def print_registry(console: Any) -> None:
    from rich.table import Table

    table = Table(title="Danh mục có sẵn (chọn theo năm báo cáo, hoặc --profile TÊN)")
    for col in ("Tên", "Mã danh mục", "Năm báo cáo", "Hiệu lực", "Tình trạng", "Danh mục"):
        table.add_column(col, overflow="fold")
    for row in registry_data():
        start, end = row["valid_from"], row["valid_until"]
        dates = " – ".join([_vn_date(start) if start else "…", _vn_date(end) if end else "…"])
        table.add_row(row["name"], row["id"], row["years_label"], dates, row["status_label"], row["title"])
    console.print(table)


def _vn_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def catalog_data(cat: Catalog, year: int | None = None) -> dict[str, Any]:
    indicators = cat.active_indicators(year) if year else cat.indicators
    return {
        "profile": cat.profile.model_dump(mode="json"),
        "catalog_warnings": validity_warnings(cat, year),
        "notices": [*profile_notices(cat), *([cat.profile.group_note] if cat.profile.group_note else [])],
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
    ministry = (
        f"; hạn gửi Bộ: trước ngày {p.ministry_deadline.day:02d}/{p.ministry_deadline.month:02d}"
        if p.ministry_deadline
        else ""
    )
    console.print(
        f"[bold]{shown(p.name)}[/bold]\n{shown(p.index_version)}\nDanh mục: {shown(p.id)} (năm báo cáo "
        f"{p.years.label}); hạn báo cáo: ngày {p.deadline.day:02d}/{p.deadline.month:02d} năm sau năm "
        f"báo cáo{ministry}."
    )
    for notice in profile_notices(cat):
        console.print(f"[bold]Lưu ý:[/bold] {shown(notice)}")
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
        codes = cat.indicator_agencies(ind, year) if year else cat.indicator_agencies(ind)
        named = [a for a in codes if cat.agency_by_code[a].kind not in _LOCAL]
        for kind in _LOCAL:
            local = [a for a in codes if cat.agency_by_code[a].kind == kind]
            if local:
                named.append(f"{KIND_LABELS[kind]} ({len(local)})")
        table.add_row(ind.code, ind.name, ind.unit, BETTER_VI[ind.better], ", ".join(named), "; ".join(notes))
    console.print(table)
    print_agencies(cat, year, console)


_LOCAL = ("district", "commune")  # shown as a count in the indicator table, listed below it


def print_agencies(cat: Catalog, year: int | None, console: Any) -> None:
    """The reporting units with their official codes; many units grouped by the profile's group_by
    attribute (a former district), with the note that says where that attribute comes from."""
    from rich.table import Table

    listed = _agencies(cat, year)
    group = cat.profile.group_by
    title = f"Cơ quan báo cáo năm {year}" if year is not None else "Cơ quan báo cáo"
    table = Table(title=f"{title} ({len(listed)})")
    columns = ["Mã", "Mã ĐVHC", "Tên", "Loại", "Ghi chú"]
    labels = cat.profile.group_labels
    extra = [k for k in labels if any(k in a.groups for a in listed)]
    columns += [labels[k] for k in extra]
    for col in columns:
        table.add_column(col, overflow="fold")
    order = sorted(listed, key=lambda a: (a.kind in _LOCAL, a.groups.get(group, "") if group else ""))
    previous = None
    for a in order:
        key = a.groups.get(group) if group else None
        if key is not None and previous is not None and key != previous:
            table.add_section()
        previous = key
        name = cat.agency_name_for_year(a.code, year) if year is not None else a.name
        notes = cat.agency_notes(a.code, year) if year is not None else [n.text for n in a.notes]
        notes = [*([a.note] if a.note else []), *notes]
        table.add_row(
            a.code,
            a.official_code,
            name,
            KIND_LABELS[a.kind],
            "; ".join(notes),
            *(a.groups.get(k, "") for k in extra),
        )
    console.print(table)
    for code, reason in _not_reporting(cat, year):
        console.print(f"[yellow]Không báo cáo năm {year}:[/yellow] {code} — {shown(reason)}.")
    counts = {kind: sum(a.kind == kind for a in listed) for kind in _LOCAL}
    communes = [a for a in listed if a.kind == "commune"]
    if communes:
        wards = sum(a.name.startswith("UBND phường") for a in communes)
        console.print(f"UBND cấp xã: {counts['commune']} ({wards} phường, {len(communes) - wards} xã).")
    if cat.profile.group_note and extra:
        console.print(f"[bold]Lưu ý:[/bold] {shown(cat.profile.group_note)}")
