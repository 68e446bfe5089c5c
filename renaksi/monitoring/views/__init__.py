"""Pages of the monthly loop: the cell page and its actions, evidence downloads and library."""

from renaksi.monitoring.views.cell_page import cell_detail, cell_library_search
from renaksi.monitoring.views.evidence import (
    cell_evidence_attach,
    cell_evidence_detach,
    cell_evidence_upload,
    cell_link_add,
    evidence_download,
    evidence_library,
    evidence_preview,
)
from renaksi.monitoring.views.realisations import (
    cell_reopen,
    cell_return,
    cell_save,
    cell_submit,
    cell_verify,
)

__all__ = [
    "cell_detail",
    "cell_evidence_attach",
    "cell_evidence_detach",
    "cell_evidence_upload",
    "cell_library_search",
    "cell_link_add",
    "cell_reopen",
    "cell_return",
    "cell_save",
    "cell_submit",
    "cell_verify",
    "evidence_download",
    "evidence_library",
    "evidence_preview",
]
