"""Crosswalks across a reorganisation: old units and indicator codes to new ones, validated data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bgindex.catalog.loading import CatalogError, read_data_file, toml_data, validated
from bgindex.catalog.model import AGENCY_CODE, Catalog, LinkHow

Comparability = Literal["same", "definition_changed", "not_comparable"]
COMPARABILITY_VI = {
    "same": "so sánh được",
    "definition_changed": "định nghĩa đã thay đổi",
    "not_comparable": "không so sánh được",
}
CrosswalkStatus = Literal["official", "draft"]
STATUS_VI = {
    "official": "theo văn bản chính thức",
    "draft": "bản dự thảo, cần đối chiếu với văn bản chính thức",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CrosswalkInfo(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    name: str
    from_profile: str
    from_year: int = Field(ge=1990, le=2100)
    to_profile: str
    to_year: int = Field(ge=1990, le=2100)
    status: CrosswalkStatus
    source: str = Field(min_length=1)
    # Units (indicators) not named in any link and present under the same code on both sides
    # correspond one to one.
    same_code_units: bool = False
    same_code_indicators: bool = False

    @model_validator(mode="after")
    def _order(self) -> CrosswalkInfo:
        if self.from_year >= self.to_year:
            raise ValueError(f"from_year {self.from_year} phải trước to_year {self.to_year}")
        return self


class OutsideUnit(_Model):
    """A predecessor that never passed through bgindex (the former Bắc Ninh): its figures come from a
    baseline workbook."""

    code: str = Field(pattern=AGENCY_CODE)
    name: str


class UnitLink(_Model):
    """Old units (all of them, or the part of them `how` says) became the new units, together."""

    old: tuple[str, ...] = Field(min_length=1)
    new: tuple[str, ...] = Field(min_length=1)
    how: LinkHow
    status: CrosswalkStatus | None = None  # the file's status unless set
    note: str = ""


class IndicatorLink(_Model):
    old: str
    new: str
    comparability: Comparability
    note: str = ""


class Crosswalk(_Model):
    schema_version: Literal[1]
    crosswalk: CrosswalkInfo
    outside: tuple[OutsideUnit, ...] = ()
    units: tuple[UnitLink, ...] = ()
    indicators: tuple[IndicatorLink, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Crosswalk:
        outside = [o.code for o in self.outside]
        if len(set(outside)) != len(outside):
            raise ValueError("outside: có mã đơn vị lặp lại")
        news = [link.new for link in self.indicators]
        for i, link in enumerate(self.indicators):
            if news.count(link.new) > 1:
                raise ValueError(f"indicators[{i}]: chỉ số mới '{link.new}' có nhiều chỉ số cũ tương ứng")
        return self

    @property
    def outside_codes(self) -> set[str]:
        return {o.code for o in self.outside}

    def indicator_link(self, new_code: str, old: Catalog, new: Catalog) -> IndicatorLink | None:
        """The old indicator a new one is compared with, or None when there is none."""
        for link in self.indicators:
            if link.new == new_code:
                return link
        named = {link.old for link in self.indicators}
        if (
            self.crosswalk.same_code_indicators
            and new_code in old.indicator_by_code
            and new_code not in named
        ):
            return IndicatorLink(old=new_code, new=new_code, comparability="same")
        return None

    def edges(self, old: Catalog, new: Catalog) -> list[tuple[str, str, UnitLink | None]]:
        """Every (old unit, new unit) correspondence, with the link that states it (None: same code)."""
        out: list[tuple[str, str, UnitLink | None]] = []
        for link in self.units:
            out += [(a, b, link) for a in link.old for b in link.new]
        if self.crosswalk.same_code_units:
            # An old unit no link names kept its code (a new unit may also take in an outside one).
            named_old = {a for link in self.units for a in link.old}
            for agency in old.agencies:
                code = agency.code
                if code in new.agency_by_code and code not in named_old:
                    out.append((code, code, None))
        return out

    def check_against(self, old: Catalog, new: Catalog, path: str = "<crosswalk>") -> None:
        """Every code names a unit or indicator of the catalogue on its side; a unit code the old
        catalogue does not know passes only when declared under `outside`."""
        info = self.crosswalk
        for side, cat, want in (
            ("from_profile", old, info.from_profile),
            ("to_profile", new, info.to_profile),
        ):
            if cat.profile.id != want:
                raise CatalogError(
                    path, f"crosswalk.{side}", f"là '{want}', nhưng danh mục được dùng là '{cat.profile.id}'"
                )
        outside = self.outside_codes
        for code in outside:
            if code in old.agency_by_code:
                raise CatalogError(
                    path, "outside", f"'{code}' là đơn vị của danh mục cũ, không phải ngoài bgindex"
                )
        for i, link in enumerate(self.units):
            for j, code in enumerate(link.old):
                if code not in old.agency_by_code and code not in outside:
                    raise CatalogError(
                        path,
                        f"units[{i}].old[{j}]",
                        f"mã đơn vị '{code}' không có trong danh mục '{old.profile.id}' "
                        "(đơn vị ngoài bgindex phải khai báo trong [[outside]])",
                    )
            for j, code in enumerate(link.new):
                if code not in new.agency_by_code:
                    raise CatalogError(
                        path,
                        f"units[{i}].new[{j}]",
                        f"mã đơn vị '{code}' không có trong danh mục '{new.profile.id}'",
                    )
        for i, ind in enumerate(self.indicators):
            if ind.old not in old.indicator_by_code:
                raise CatalogError(
                    path,
                    f"indicators[{i}].old",
                    f"mã chỉ số '{ind.old}' không có trong danh mục '{old.profile.id}'",
                )
            if ind.new not in new.indicator_by_code:
                raise CatalogError(
                    path,
                    f"indicators[{i}].new",
                    f"mã chỉ số '{ind.new}' không có trong danh mục '{new.profile.id}'",
                )


def parse_crosswalk(raw: dict, path: str = "<dict>") -> Crosswalk:
    return validated(Crosswalk, raw, path)


def load_crosswalk(path: str | Path, old: Catalog | None = None, new: Catalog | None = None) -> Crosswalk:
    """Load and validate a crosswalk (TOML); checked against both catalogues when both are given."""
    name = str(path)
    crosswalk = parse_crosswalk(toml_data(read_data_file(Path(path), name), name), name)
    if old is not None and new is not None:
        crosswalk.check_against(old, new, name)
    return crosswalk


def shipped_crosswalks() -> list[tuple[str, Crosswalk]]:
    """The crosswalks shipped with bgindex, with their resource names."""
    out: list[tuple[str, Crosswalk]] = []
    folder = resources.files("bgindex.catalog.crosswalks")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            name = f"bgindex/catalog/crosswalks/{entry.name}"
            out.append((name, parse_crosswalk(toml_data(entry.read_text("utf-8"), name), name)))
    return out


def find_crosswalk(old: Catalog, old_year: int, new: Catalog, new_year: int) -> tuple[str, Crosswalk] | None:
    """The shipped crosswalk from (old profile, year) to (new profile, year), checked; None if none."""
    for name, crosswalk in shipped_crosswalks():
        info = crosswalk.crosswalk
        if (info.from_profile, info.from_year, info.to_profile, info.to_year) == (
            old.profile.id,
            old_year,
            new.profile.id,
            new_year,
        ):
            crosswalk.check_against(old, new, name)
            return name, crosswalk
    return None


def shipped_profile(profile_id: str) -> Catalog | None:
    """The shipped profile with this id, if any (for a result written under another catalogue)."""
    from bgindex.catalog.loading import load_shipped
    from bgindex.catalog.registry import shipped_by_name

    try:
        found = shipped_by_name(profile_id)
    except CatalogError:  # not a shipped profile: the caller says what it needs instead
        return None
    return load_shipped(found.file)
