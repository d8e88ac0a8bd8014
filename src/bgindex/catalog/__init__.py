"""The indicator catalogue as validated data: pydantic models, the shipped profiles, loading."""

from bgindex.catalog.loading import CatalogError, load_catalog, parse_catalog
from bgindex.catalog.model import Agency, Catalog, Indicator, Variable

__all__ = ["Agency", "Catalog", "CatalogError", "Indicator", "Variable", "load_catalog", "parse_catalog"]
