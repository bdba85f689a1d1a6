from safety_walks.models.choices import (
    PARTNER_TRANSITIONS,
    TRANSITIONS,
    Category,
    CheckResult,
    Priority,
    Source,
    Status,
)
from safety_walks.models.deficiencies import Deficiency, DeficiencyPhoto, StatusChange
from safety_walks.models.reports import ResidentReport
from safety_walks.models.walks import HandOver, SafetyWalk

__all__ = [
    "PARTNER_TRANSITIONS",
    "TRANSITIONS",
    "Category",
    "CheckResult",
    "Deficiency",
    "DeficiencyPhoto",
    "HandOver",
    "Priority",
    "ResidentReport",
    "SafetyWalk",
    "Source",
    "Status",
    "StatusChange",
]
