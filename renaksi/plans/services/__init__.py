"""Writes to plans: each use case validates, writes and records an audit event atomically.

``imports`` writes a parsed plan, ``files`` reads uploaded files into one, ``corrections`` holds
the edits and additions made on screen. Every public name stays importable from here.
"""

from renaksi.core.actors import require_perm
from renaksi.plans.services.common import PlanWriteError, _check_len
from renaksi.plans.services.corrections import (
    activity_create,
    activity_update,
    area_update,
    decree_update,
    indicator_create,
    indicator_update,
    sub_activity_update,
)
from renaksi.plans.services.files import (
    plan_import_file,
    plan_parse_file,
    plan_parse_pdf,
    plan_parse_table,
    plan_read_table,
)
from renaksi.plans.services.imports import (
    _validate_parsed,
    plan_import,
    plan_import_step,
)

__all__ = [
    "PlanWriteError",
    "_check_len",
    "require_perm",
    "_validate_parsed",
    "activity_create",
    "activity_update",
    "area_update",
    "decree_update",
    "indicator_create",
    "indicator_update",
    "plan_import",
    "plan_import_file",
    "plan_import_step",
    "plan_parse_file",
    "plan_parse_pdf",
    "plan_parse_table",
    "plan_read_table",
    "sub_activity_update",
]
