"""Writes to the unit tree and its people, by role: ``units`` (load a whole tree), ``users``
(import people and roles from a CSV), ``memberships`` (the members page), over the CSV helpers
they share (``csv_files``)."""

from renaksi.organisations.services.csv_files import UnitsLoadError
from renaksi.organisations.services.memberships import (
    MembershipError,
    membership_add,
    membership_remove,
)
from renaksi.organisations.services.units import UnitsLoadReport, units_load, units_read_csv
from renaksi.organisations.services.users import (
    PersonRow,
    UsersImportReport,
    users_import,
    users_read_csv,
)

__all__ = [
    "MembershipError",
    "PersonRow",
    "UnitsLoadError",
    "UnitsLoadReport",
    "UsersImportReport",
    "membership_add",
    "membership_remove",
    "units_load",
    "units_read_csv",
    "users_import",
    "users_read_csv",
]
