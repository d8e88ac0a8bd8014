"""bgindex: the provincial environmental protection index, from agency workbooks to the report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public API is imported lazily so that `bgindex --help` starts without openpyxl or matplotlib.
_API = {
    "load_catalog": "bgindex.catalog",
    "Catalog": "bgindex.catalog",
    "CatalogError": "bgindex.catalog",
    "choose_catalog": "bgindex.catalog.registry",
    "validate": "bgindex.core.validate",
    "read_workbook": "bgindex.core.validate",
    "make_templates": "bgindex.outputs.agency_template",
    "consolidate": "bgindex.core.consolidate",
    "status": "bgindex.core.consolidate",
    "diff": "bgindex.core.diff",
}

if TYPE_CHECKING:  # pragma: no cover
    from bgindex.catalog import Catalog, CatalogError, load_catalog  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'bgindex' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = sorted(_API)
