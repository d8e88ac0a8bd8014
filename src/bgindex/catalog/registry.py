"""The shipped profiles as a registry by reporting year, and the one choice of a run's catalogue."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from bgindex.catalog.loading import (
    CatalogError,
    load_catalog,
    load_shipped,
    parse_catalog,
    shipped_raw_text,
    toml_data,
)
from bgindex.catalog.model import DEFAULT_PROFILE, Catalog, ProfileInfo

STATUS_VI = {"official": "chính thức", "our_reading": "cách hiểu của nhóm bgindex"}


@dataclass(frozen=True)
class ShippedProfile:
    """One shipped profile: the name `--profile` takes (its file name without .toml) and its header."""

    name: str
    file: str
    info: ProfileInfo

    @property
    def status_vi(self) -> str:
        return STATUS_VI[self.info.status]


@functools.cache
def shipped_profiles() -> tuple[ShippedProfile, ...]:
    """Every profile shipped in bgindex/catalog/profiles, ordered by the first year it covers."""
    out: list[ShippedProfile] = []
    for entry in resources.files("bgindex.catalog.profiles").iterdir():
        if not entry.name.endswith(".toml"):
            continue
        where = f"bgindex/catalog/profiles/{entry.name}"
        raw = toml_data(shipped_raw_text(entry.name), where)
        try:
            info = ProfileInfo.model_validate(raw.get("profile"))
        except ValidationError:
            parse_catalog(raw, where)  # raises the CatalogError naming the key path
            raise
        out.append(ShippedProfile(entry.name.removesuffix(".toml"), entry.name, info))
    return tuple(sorted(out, key=lambda p: (p.info.years.from_year or 0, p.name)))


def profiles_for_year(year: int) -> list[ShippedProfile]:
    """Shipped profiles whose reporting years include `year`."""
    return [p for p in shipped_profiles() if p.info.years.covers(year)]


def _nearest(year: int) -> ShippedProfile:
    """For a year no shipped profile covers: the latest profile that starts before it, else the
    earliest. Used with a loud warning (validity.py), never silently."""
    profiles = shipped_profiles()
    before = [p for p in profiles if (p.info.years.from_year or 0) <= year]
    return before[-1] if before else profiles[0]


def shipped_by_name(name: str) -> ShippedProfile:
    """A shipped profile by its name ('bac-ninh') or its id ('bac-ninh-2025-pepi-2019')."""
    for p in shipped_profiles():
        if name in (p.name, p.info.id, p.file):
            return p
    known = ", ".join(p.name for p in shipped_profiles())
    raise CatalogError(name, "(tên danh mục)", f"không có danh mục có sẵn tên này (có: {known})")


def choose_catalog(
    year: int | None = None, catalog: str | Path | None = None, profile: str | None = None
) -> Catalog:
    """The catalogue of a run: the file given, else the shipped profile named, else the shipped
    profile covering the reporting year (the Bắc Giang profile when no year is given). A year that the
    chosen catalogue does not cover is not refused: validity_warnings says so on every output."""
    if catalog is not None and profile is not None:
        raise CatalogError(str(catalog), "(tùy chọn)", "chỉ chọn một trong --catalog và --profile")
    if catalog is not None:
        return load_catalog(catalog)
    if profile is not None:
        return load_shipped(shipped_by_name(profile).file)
    if year is None:
        return load_shipped(DEFAULT_PROFILE)
    covering = profiles_for_year(year)
    return load_shipped((covering[0] if covering else _nearest(year)).file)
