"""Writes of the monitoring app; every use case is importable from here."""

from renaksi.monitoring.services._common import (
    EvidenceError,
    MonitoringWriteError,
    RealisationConflictError,
)
from renaksi.monitoring.services.evidence import (
    evidence_attach,
    evidence_detach,
    evidence_link_add,
    evidence_max_bytes,
    evidence_upload,
)
from renaksi.monitoring.services.holidays import holiday_library_entries, holiday_seed
from renaksi.monitoring.services.realisations import (
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)

__all__ = [
    "EvidenceError",
    "MonitoringWriteError",
    "RealisationConflictError",
    "evidence_attach",
    "evidence_detach",
    "evidence_link_add",
    "evidence_max_bytes",
    "evidence_upload",
    "holiday_library_entries",
    "holiday_seed",
    "realisation_reopen",
    "realisation_return",
    "realisation_save",
    "realisation_submit",
    "realisation_verify",
]
