"""The optional settings file `bgindex.toml`: the year, the folders, the catalogue and the signer, so the
daily commands need no options. Command-line options always win (it fills click's `default_map`)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SETTINGS_NAME = "bgindex.toml"


class SettingsError(Exception):
    """A settings file that cannot be used: the file, the key path and what is wrong, in Vietnamese."""

    def __init__(self, path: str, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")
        self.path, self.key, self.message = path, key, message


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Folders(_Model):
    """Folders and files, relative to the settings file; `{year}` and `{previous_year}` are replaced."""

    received: str | None = None  # nhan-ve/{year}: the attachments received from the agencies
    results: str | None = None  # ket-qua/{year}: what consolidate writes
    previous: str | None = None  # ket-qua/{previous_year}/ket-qua-{previous_year}.xlsx
    templates: str | None = None  # bieu-mau/{year}: where template writes the agencies' workbooks


class Signer(_Model):
    name: str = ""
    title: str = ""
    for_line: str = ""  # "KT. GIÁM ĐỐC" above a deputy's title, "TM. ỦY BAN NHÂN DÂN"…


class FileSettings(_Model):
    year: int | None = Field(default=None, ge=2000, le=2100)
    catalog: str | None = None
    profile: str | None = None  # a shipped profile by name (bgindex catalog --list)
    folders: Folders = Folders()
    signer: Signer | None = None

    @model_validator(mode="after")
    def _one_catalogue(self) -> FileSettings:
        if self.catalog is not None and self.profile is not None:
            raise ValueError("chỉ ghi một trong hai khóa catalog và profile")
        return self


def find_settings(explicit: Path | None) -> Path | None:
    """`--settings FILE`, else `bgindex.toml` in the working folder, else none."""
    if explicit is not None:
        return explicit
    here = Path(SETTINGS_NAME)
    return here if here.is_file() else None


def load_settings(path: Path) -> FileSettings:
    from bgindex.catalog.loading import validation_error_vi
    from bgindex.catalog.toml_vi import toml_error_vi

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SettingsError(name, "(tệp)", "không tìm thấy tệp thiết lập") from None
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "không phải văn bản UTF-8"
        raise SettingsError(name, "(tệp)", f"không đọc được tệp: {why}") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(name, "(cú pháp TOML)", toml_error_vi(str(exc))) from None
    try:
        return FileSettings.model_validate(raw)
    except ValidationError as exc:
        key, message = validation_error_vi(exc, raw)
        raise SettingsError(name, key, message) from None


def _place(template: str | None, base: Path, year: int | None, path: str, key: str) -> str | None:
    if template is None:
        return None
    if ("{year}" in template or "{previous_year}" in template) and year is None:
        raise SettingsError(path, key, "dùng {year} thì phải có khóa year (hoặc --year)")
    try:
        text = template.format(year=year, previous_year=(year or 0) - 1)
    except (KeyError, IndexError, ValueError):
        raise SettingsError(path, key, "chỉ dùng được {year} và {previous_year} trong đường dẫn") from None
    return str(base / text)


def default_map(settings: FileSettings, path: Path, year: int | None) -> dict[str, dict[str, Any]]:
    """Per command, the option defaults the file gives (click's `default_map`); `year` is the
    command line's --year when given, for the folders named after it."""
    year = year if year is not None else settings.year
    base = path.parent
    f = settings.folders
    name = str(path)
    received = _place(f.received, base, year, name, "folders.received")
    results = _place(f.results, base, year, name, "folders.results")
    previous = _place(f.previous, base, year, name, "folders.previous")
    if previous is not None and not Path(previous).is_file():
        previous = None  # the first year has no result of last year: the agencies' column is used
    templates = _place(f.templates, base, year, name, "folders.templates")
    common: dict[str, Any] = {
        "year": settings.year,
        "catalog": _place(settings.catalog, base, None, name, "catalog"),
        "profile": settings.profile,
    }
    per_command: dict[str, dict[str, Any]] = {
        "catalog": {},
        "template": {"out": templates, "previous": previous},
        "validate": {"paths": [received] if received else None},
        "status": {"folder": received},
        "consolidate": {"folder": received, "out": results, "previous": previous},
        "diff": {"sources": [previous, received] if previous and received else None},
    }
    return {
        command: {k: v for k, v in {**common, **extra}.items() if v is not None}
        for command, extra in per_command.items()
    }
