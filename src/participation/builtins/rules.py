"""Built-in deadline rules and the weekends-only calendar.

The core stays jurisdiction-neutral: its rules are a generic service standard and
two rules of EU law that bind EU institutions and, through transposition, many
administrations. A country plugin supplies its statutes and its holidays.
"""

from __future__ import annotations

from participation.model import Status
from participation.plugins import hookimpl
from participation.rules import (
    Calendar,
    DeadlineRule,
    Extension,
    ExtensionMode,
    RuleKind,
    Term,
    TermUnit,
    WeekendCalendar,
)

DEADLINE_RULES = [
    DeadlineRule(
        "generic.answer", {"en": "Answer within 30 days"}, Term(30),
        legal_basis="service standard (no statute): 30 calendar days",
        extensions=[Extension("generic.extension", Term(30), ExtensionMode.BY,
                              label="a further 30 days, with notice")],
        description="A default answer term for administrations without a statutory one.",
    ),
    DeadlineRule(
        "generic.information_request", {"en": "Access to documents: 15 working days"},
        Term(15, TermUnit.WORKING_DAYS),
        legal_basis="Regulation (EC) No 1049/2001 art. 7(1)",
        extensions=[Extension("eu.access.extension", Term(15, TermUnit.WORKING_DAYS),
                              ExtensionMode.BY, legal_basis="Regulation (EC) No 1049/2001 art. 7(3)",
                              label="15 more working days for a very long or many documents")],
        description="The EU's access-to-documents term, a common model for national acts.",
    ),
    DeadlineRule(
        "eu.whistleblower.ack", {"en": "Whistleblower report: acknowledge within 7 days"},
        Term(7), legal_basis="Directive (EU) 2019/1937 art. 9(1)(b)", roll_forward=False,
    ),
    DeadlineRule(
        "eu.whistleblower.feedback", {"en": "Whistleblower report: feedback within 3 months"},
        Term(3, TermUnit.MONTHS), legal_basis="Directive (EU) 2019/1937 art. 9(1)(f)",
        anchor=Status.ACKNOWLEDGED, anchor_fallback=Term(7), roll_forward=False,
        description="Three months from the acknowledgement, or from the end of the 7 days "
                    "after receipt when none was sent.",
    ),
    DeadlineRule(
        "eu.consultation.minimum", {"en": "EU public consultation: at least 12 weeks"},
        Term(12, TermUnit.WEEKS), kind=RuleKind.MINIMUM, roll_forward=False,
        legal_basis="European Commission Better Regulation guidelines (12-week public consultations)",
        description="The minimum length of a Commission public consultation.",
    ),
]


@hookimpl
def register_deadline_rules() -> list[DeadlineRule]:
    """The built-in, jurisdiction-neutral deadline rules."""
    return list(DEADLINE_RULES)


@hookimpl
def register_calendars() -> list[Calendar]:
    """The ``default`` calendar: Saturdays and Sundays off, nothing else."""
    return [WeekendCalendar()]
