"""Load and validate catalogs: YAML files in, a frozen, typed `Catalog` out."""

from .load import load_catalog
from .model import Catalog, Control, ControlGroup, ControlType, Impact, Meta, Reference, Section, Threat

__all__ = [
    "Catalog",
    "Control",
    "ControlGroup",
    "ControlType",
    "Impact",
    "Meta",
    "Reference",
    "Section",
    "Threat",
    "load_catalog",
]
