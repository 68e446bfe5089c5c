from renaksi.registers.models.binding import IndicatorBinding
from renaksi.registers.models.common import RegisterEvent, RegisterKind, RegisterOfficer, StepRule
from renaksi.registers.models.complaints import Complaint, ComplaintAttachment
from renaksi.registers.models.gratification import Gratification, GratificationThreshold, Occasion
from renaksi.registers.models.integrity import Declaration, IntegrityCampaign
from renaksi.registers.models.requests import InfoRequest

__all__ = [
    "Complaint",
    "ComplaintAttachment",
    "Declaration",
    "Gratification",
    "GratificationThreshold",
    "IndicatorBinding",
    "InfoRequest",
    "IntegrityCampaign",
    "Occasion",
    "RegisterEvent",
    "RegisterKind",
    "RegisterOfficer",
    "StepRule",
]
