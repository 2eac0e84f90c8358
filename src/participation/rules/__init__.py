"""Rules: deadlines, working-day calendars and the submission lifecycle."""

from participation.rules.calendars import Calendar, WeekendCalendar, next_working_day
from participation.rules.deadlines import (
    DeadlineComputation,
    DeadlineRule,
    Extension,
    ExtensionMode,
    RuleKind,
    Term,
    TermUnit,
)
from participation.rules.lifecycle import (
    adjust,
    allowed_targets,
    deadline_for,
    is_late,
    is_overdue,
    status_at,
    transition,
)

__all__ = [
    "Calendar",
    "DeadlineComputation",
    "DeadlineRule",
    "Extension",
    "ExtensionMode",
    "RuleKind",
    "Term",
    "TermUnit",
    "WeekendCalendar",
    "adjust",
    "allowed_targets",
    "deadline_for",
    "is_late",
    "is_overdue",
    "next_working_day",
    "status_at",
    "transition",
]
