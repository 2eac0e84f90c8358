"""The participation model: attrs classes and enums, no I/O.

Every class is frozen and validated: an invariant a user must never be able to
break (a naive datetime, an answer before its receipt, a window that ends before
it starts) raises :class:`~participation.errors.FieldError` naming the field.
"""

from participation.model.administration import Administration, GovernmentLevel
from participation.model.channels import ChannelType, Medium
from participation.model.periods import Period, PeriodKind
from participation.model.policies import Activity, ActivityKind, Mode, Policy, StageWindow, Window
from participation.model.scales import (
    COE_TO_IAP2,
    IAP2_TO_COE,
    Iap2Level,
    ParticipationLevel,
    Stage,
)
from participation.model.status import CLOSED_STATUSES, OPEN_STATUSES, TRANSITIONS, Status
from participation.model.submissions import (
    Contact,
    Event,
    Outcome,
    Response,
    Submission,
    SubmissionKind,
)

__all__ = [
    "CLOSED_STATUSES",
    "COE_TO_IAP2",
    "IAP2_TO_COE",
    "OPEN_STATUSES",
    "TRANSITIONS",
    "Activity",
    "ActivityKind",
    "Administration",
    "ChannelType",
    "Contact",
    "Event",
    "GovernmentLevel",
    "Iap2Level",
    "Medium",
    "Mode",
    "Outcome",
    "ParticipationLevel",
    "Period",
    "PeriodKind",
    "Policy",
    "Response",
    "Stage",
    "StageWindow",
    "Status",
    "Submission",
    "SubmissionKind",
    "Window",
]
