"""Loading a catalogue profile (TOML) into a validated Catalog, with errors naming the key path."""

from __future__ import annotations

import os
import stat
import tomllib
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bgindex.catalog.model import DEFAULT_PROFILE, Catalog
from bgindex.catalog.toml_vi import toml_error_vi
from bgindex.model.vn import vn_megabytes

MAX_PROFILE_BYTES = 1024 * 1024  # the shipped profile is ~30 KB
M = TypeVar("M", bound=BaseModel)


class CatalogError(Exception):
    """A catalogue file that cannot be used; carries the file and the key path."""

    def __init__(self, path: str, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")
        self.path = path
        self.key = key
        self.message = message


_PYDANTIC_VI = {
    "finite_number": "phải là số hữu hạn (không nhận nan, inf)",
    "greater_than": "giá trị quá nhỏ",
    "less_than": "giá trị quá lớn",
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép",
    "string_type": "phải là chuỗi ký tự",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "list_type": "phải là danh sách",
    "literal_error": "giá trị không hợp lệ",
    "string_pattern_mismatch": "sai định dạng mã",
    "greater_than_equal": "giá trị quá nhỏ",
    "less_than_equal": "giá trị quá lớn",
    "too_short": "danh sách không được rỗng",
    "value_error": "dữ liệu không nhất quán",
    "model_type": "phải là một bảng (table)",
    "dict_type": "phải là một bảng (table)",
    "date_type": "phải là ngày (YYYY-MM-DD)",
    "date_parsing": "phải là ngày (YYYY-MM-DD)",
    "date_from_datetime_parsing": "phải là ngày (YYYY-MM-DD)",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ",
    "too_long": "quá nhiều phần tử",
}


def _key_path(loc: tuple[int | str, ...], raw: dict) -> str:
    parts: list[str] = []
    node: object = raw
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and item < len(node):
                node = node[item]
                if isinstance(node, dict) and "code" in node:
                    label = f"[{item}] (code={node['code']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(item))
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(gốc)"


def validation_error_vi(exc: ValidationError, raw: dict) -> tuple[str, str]:
    """(key path, Vietnamese message) of pydantic's first error; pydantic's English never reaches the
    user, our validators' own (Vietnamese) explanations do."""
    err = exc.errors()[0]
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    vi = _PYDANTIC_VI.get(err["type"], "giá trị không hợp lệ")
    detail = err["msg"].removeprefix("Value error, ")
    if err["type"] == "value_error" or not detail.isascii():
        vi = f"{vi}: {detail}"
    elif err["type"] == "literal_error" and (expected := (err.get("ctx") or {}).get("expected")):
        vi = f"{vi} (chọn {expected.replace(' or ', ', ')})"
    more = f" (và {exc.error_count() - 1} lỗi khác)" if exc.error_count() > 1 else ""
    return _key_path(loc, raw), vi + more


def validated(model: type[M], raw: dict, path: str) -> M:
    """`raw` validated as `model`; the first error as a CatalogError naming the key path."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        key, message = validation_error_vi(exc, raw)
        raise CatalogError(path, key, message) from None
    except RecursionError:
        raise CatalogError(path, "(gốc)", "dữ liệu lồng nhau quá sâu") from None


def parse_catalog(raw: dict, path: str = "<dict>") -> Catalog:
    return validated(Catalog, raw, path)


def toml_data(text: str, name: str) -> dict:
    """A TOML text parsed, its syntax errors as CatalogError in Vietnamese (line and column)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(name, "(cú pháp TOML)", toml_error_vi(str(exc))) from None
    except RecursionError:
        raise CatalogError(name, "(cú pháp TOML)", "các bảng lồng nhau quá sâu") from None


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate a catalogue profile (TOML); the shipped Bắc Giang profile by default."""
    if path is None:
        return load_shipped(DEFAULT_PROFILE)
    name = str(path)
    return _parse_text(read_data_file(Path(path), name), name)


def load_shipped(file: str) -> Catalog:
    """One of the shipped profiles by its file name ('bac-ninh.toml'); see catalog/registry.py."""
    return _parse_text(shipped_raw_text(file), f"bgindex/catalog/profiles/{file}")


def shipped_raw_text(file: str) -> str:
    return resources.files("bgindex.catalog.profiles").joinpath(file).read_text("utf-8")


def _parse_text(text: str, name: str) -> Catalog:
    return parse_catalog(toml_data(text, name), name)


def read_data_file(path: Path, name: str) -> str:
    """A profile's (or crosswalk's) text: a regular file under MAX_PROFILE_BYTES (a device or a pipe
    is refused without being read, so it can neither hang nor fill the memory)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CatalogError(name, "(tệp)", "không tìm thấy tệp danh mục") from None
    except OSError as exc:
        raise CatalogError(name, "(tệp)", f"không đọc được tệp: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CatalogError(name, "(tệp)", "không phải tệp thông thường (thư mục, thiết bị hay ống dẫn)")
    if info.st_size > MAX_PROFILE_BYTES:
        raise CatalogError(name, "(tệp)", f"tệp lớn bất thường ({vn_megabytes(info.st_size)})")
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_PROFILE_BYTES + 1)
        if len(data) > MAX_PROFILE_BYTES:
            raise CatalogError(name, "(tệp)", "tệp lớn bất thường")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError(name, "(tệp)", "tệp không phải văn bản UTF-8") from None
    except OSError as exc:
        raise CatalogError(name, "(tệp)", f"không đọc được tệp: {exc.strerror or exc}") from None
