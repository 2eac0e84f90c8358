"""participation — civic participation in public administration.

Feedback channels with legal deadlines and a lifecycle, policy cycles with
participation activities, evaluation indicators, a catalogue of EU good practices
and surveys, all extensible through pluggy hooks.

>>> import participation
>>> participation.Registry.default(load_entrypoints=False).channel_type("email").label()
'E-mail'
"""

from participation.__about__ import __version__
from participation.errors import (
    DuplicateKeyError,
    FieldError,
    IllegalTransitionError,
    InvalidDocumentError,
    ParticipationError,
    PluginError,
    UnknownKeyError,
)
from participation.model import (
    Activity,
    ActivityKind,
    Administration,
    ChannelType,
    Contact,
    Event,
    GovernmentLevel,
    Iap2Level,
    Medium,
    Mode,
    Outcome,
    ParticipationLevel,
    Period,
    PeriodKind,
    Policy,
    Response,
    Stage,
    StageWindow,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation.plugins import get_plugin_manager, hookimpl
from participation.registry import Registry
from participation.rules import DeadlineRule, Term, TermUnit, WeekendCalendar
from participation.serialization import Serializer

__all__ = [
    "Activity",
    "ActivityKind",
    "Administration",
    "ChannelType",
    "Contact",
    "DeadlineRule",
    "DuplicateKeyError",
    "Event",
    "FieldError",
    "GovernmentLevel",
    "Iap2Level",
    "IllegalTransitionError",
    "InvalidDocumentError",
    "Medium",
    "Mode",
    "Outcome",
    "ParticipationError",
    "ParticipationLevel",
    "Period",
    "PeriodKind",
    "PluginError",
    "Policy",
    "Registry",
    "Response",
    "Serializer",
    "Stage",
    "StageWindow",
    "Status",
    "Submission",
    "SubmissionKind",
    "Term",
    "TermUnit",
    "UnknownKeyError",
    "WeekendCalendar",
    "Window",
    "__version__",
    "get_plugin_manager",
    "hookimpl",
]
