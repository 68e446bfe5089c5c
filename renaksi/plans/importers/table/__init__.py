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
    guess_at,
    header_texts,
    mapping_guess,
    mapping_is_usable,
    mappings_from_json,
    sections_guess,
)
from renaksi.plans.importers.table.parse import parse_sections, parse_table

__all__ = [
    "ROLES",
    "Grid",
    "MappingError",
    "TableMapping",
    "TableReadError",
    "column_index",
    "column_letter",
    "guess_at",
    "mappings_from_json",
    "parse_sections",
    "sections_guess",
    "header_texts",
    "mapping_guess",
    "mapping_is_usable",
    "parse_table",
    "read_table",
    "zip_kind",
]
