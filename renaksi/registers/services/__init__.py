from renaksi.registers.services._common import RegisterError, tracking_code_normalise
from renaksi.registers.services.binding import binding_propose, binding_set
from renaksi.registers.services.complaints import (
    Upload,
    complaint_answer,
    complaint_assign,
    complaint_classify,
    complaint_close,
    complaint_rate,
    complaint_respond,
    complaint_submit,
    uploads_read,
)
from renaksi.registers.services.gratification import (
    gratification_decide,
    gratification_forward,
    gratification_not_required,
    gratification_report,
    gratification_review,
    threshold_check,
)
from renaksi.registers.services.integrity import campaign_open, declaration_handle, declaration_sign
from renaksi.registers.services.requests import (
    info_request_answer_objection,
    info_request_close,
    info_request_decide,
    info_request_dispute,
    info_request_extend,
    info_request_object,
    info_request_submit,
)

__all__ = [
    "RegisterError",
    "binding_propose",
    "binding_set",
    "Upload",
    "campaign_open",
    "complaint_answer",
    "complaint_assign",
    "complaint_classify",
    "complaint_close",
    "complaint_rate",
    "complaint_respond",
    "complaint_submit",
    "declaration_handle",
    "declaration_sign",
    "gratification_decide",
    "gratification_forward",
    "gratification_not_required",
    "gratification_report",
    "gratification_review",
    "info_request_answer_objection",
    "info_request_close",
    "info_request_decide",
    "info_request_dispute",
    "info_request_extend",
    "info_request_object",
    "info_request_submit",
    "threshold_check",
    "tracking_code_normalise",
    "uploads_read",
]
