"""Terminal and JSON views of the catalogue."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bgindex.catalog.model import KIND_LABELS, Agency, Catalog
from bgindex.catalog.registry import shipped_profiles
from bgindex.catalog.validity import profile_notices, validity_warnings
from bgindex.cli.terminal import shown
from bgindex.model.status import BETTER_VI
from bgindex.model.vn import vn_date


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
    """The shipped profiles, laid out like every other table (cli/tables.py)."""
    from bgindex.cli.tables import Col, print_table

    cols = [Col("Tên", "code", head=True), Col("Mã danh mục", "code"), Col("Năm báo cáo", "label")]
    cols += [Col("Hiệu lực", "label"), Col("Tình trạng"), Col("Danh mục", head=True, wide=True)]
    rows = []
    for row in registry_data():
        start, end = row["valid_from"], row["valid_until"]
        dates = " – ".join(vn_date(date.fromisoformat(d)) if d else "…" for d in (start, end))
        cells = [row["name"], row["id"], row["years_label"], dates, row["status_label"], row["title"]]
        rows.append([shown(c) for c in cells])
    print_table(console, "Danh mục có sẵn (chọn theo năm báo cáo, hoặc --profile TÊN)", cols, rows)


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


def print_tables(cat: Catalog, year: int | None, console: Any, quiet: bool = False) -> None:
    from bgindex.cli.tables import Col, print_table
    from bgindex.cli.terminal import say, shown

    p = cat.profile
    indicators = cat.active_indicators(year) if year else cat.indicators
    retired = sum(i.until_year is not None for i in indicators) if year is None else 0
    note = f" (có {retired} chỉ số không còn đánh giá)" if retired else ""
    final = f"{len(indicators)} chỉ số thành phần{note}, {len(_agencies(cat, year))} cơ quan báo cáo."
    if quiet:
        say(console, final)
        return
    console.print(f"[bold]{shown(p.name)}[/bold]")
    say(console, shown(p.index_version))
    ministry = (
        f"; hạn gửi Bộ: trước ngày {p.ministry_deadline.day:02d}/{p.ministry_deadline.month:02d}"
        if p.ministry_deadline
        else ""
    )
    say(
        console,
        f"Danh mục: {shown(p.id)} (năm báo cáo {p.years.label}); hạn báo cáo: ngày "
        f"{p.deadline.day:02d}/{p.deadline.month:02d} năm sau năm báo cáo{ministry}.",
    )
    for notice in profile_notices(cat):
        say(console, f"[bold]Lưu ý:[/bold] {shown(notice)}")
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
        codes = cat.indicator_agencies(ind, year) if year else cat.indicator_agencies(ind)
        named = [cat.agency_by_code[a].code for a in codes if cat.agency_by_code[a].kind not in _LOCAL]
        for kind in _LOCAL:
            local = [a for a in codes if cat.agency_by_code[a].kind == kind]
            if local:
                named.append(f"{KIND_LABELS[kind]} ({len(local)})")
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
    print_agencies(cat, year, console)
    say(console, final)


_LOCAL = ("district", "commune")  # shown as a count in the indicator table, listed below it


def print_agencies(cat: Catalog, year: int | None, console: Any) -> None:
    """The reporting units with their official codes; many units in one table per value of the
    profile's group_by attribute (a former district), with the note that says where it comes from."""
    from bgindex.cli.tables import Col, print_table
    from bgindex.cli.terminal import say

    listed = _agencies(cat, year)
    group = cat.profile.group_by
    title = f"Cơ quan báo cáo năm {year}" if year is not None else "Cơ quan báo cáo"
    cols = [Col("Mã", "code", head=True), Col("Mã ĐVHC", "code"), Col("Tên", head=True, wide=True)]
    cols += [Col("Loại", "label"), Col("Ghi chú")]

    def row(a: Agency) -> list[str]:
        name = cat.agency_name_for_year(a.code, year) if year is not None else a.name
        notes = cat.agency_notes(a.code, year) if year is not None else [n.text for n in a.notes]
        notes = [*([a.note] if a.note else []), *notes]
        return [
            shown(a.code),
            shown(a.official_code),
            shown(name),
            KIND_LABELS[a.kind],
            shown("; ".join(notes)),
        ]

    groups = sorted(dict.fromkeys(a.groups[group] for a in listed if group and group in a.groups))
    rest = [a for a in listed if not (group and group in a.groups)]
    print_table(console, f"{title} ({len(listed)})", cols, [row(a) for a in rest])
    label = cat.profile.group_labels.get(group, group)
    for value in groups:
        units = [a for a in listed if a.groups.get(group) == value]
        print_table(console, f"{shown(label)}: {shown(value)} ({len(units)})", cols, [row(a) for a in units])
    for code, reason in _not_reporting(cat, year):
        say(console, f"[yellow]Không báo cáo năm {year}:[/yellow] {code} — {shown(reason)}.")
    communes = [a for a in listed if a.kind == "commune"]
    if communes:
        wards = sum(a.name.startswith("UBND phường") for a in communes)
        say(console, f"UBND cấp xã: {len(communes)} ({wards} phường, {len(communes) - wards} xã).")
    if cat.profile.group_note and groups:
        say(console, f"[bold]Lưu ý:[/bold] {shown(cat.profile.group_note)}")
