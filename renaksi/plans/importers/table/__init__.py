"""Plans read from tables: XLSX, CSV and Word (DOCX), the official lampiran layout included."""

from renaksi.plans.importers.table.grid import (
    Grid,
    TableReadError,
    column_index,
    column_letter,
    read_table,
    zip_kind,
)
from renaksi.plans.importers.table.mapping import (
    ROLES,
    MappingError,
    TableMapping,
    header_texts,
    mapping_guess,
    mapping_is_usable,
)
from renaksi.plans.importers.table.parse import parse_table

__all__ = [
    "ROLES",
    "Grid",
    "MappingError",
    "TableMapping",
    "TableReadError",
    "column_index",
    "column_letter",
    "header_texts",
    "mapping_guess",
    "mapping_is_usable",
    "parse_table",
    "read_table",
    "zip_kind",
]
