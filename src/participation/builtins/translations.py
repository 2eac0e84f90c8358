"""English labels for every vocabulary the core shows. Other languages come from plugins."""

from __future__ import annotations

from participation.i18n import Translations
from participation.plugins import hookimpl

ENGLISH: dict[str, str] = {
    # Council of Europe stages
    "stage.agenda_setting": "Agenda setting",
    "stage.drafting": "Drafting",
    "stage.decision": "Decision",
    "stage.implementation": "Implementation",
    "stage.monitoring": "Monitoring",
    "stage.reformulation": "Reformulation",
    # Council of Europe levels
    "level.information": "Information",
    "level.consultation": "Consultation",
    "level.dialogue": "Dialogue",
    "level.partnership": "Partnership",
    # IAP2 levels
    "iap2.inform": "Inform",
    "iap2.consult": "Consult",
    "iap2.involve": "Involve",
    "iap2.collaborate": "Collaborate",
    "iap2.empower": "Empower",
    # statuses
    "status.received": "Received",
    "status.registered": "Registered",
    "status.acknowledged": "Acknowledged",
    "status.in_review": "In review",
    "status.forwarded": "Forwarded",
    "status.extended": "Extended",
    "status.answered": "Answered",
    "status.closed": "Closed",
    "status.rejected": "Rejected",
    "status.withdrawn": "Withdrawn",
    # submission kinds
    "kind.proposal": "Proposal",
    "kind.signal": "Signal",
    "kind.complaint": "Complaint",
    "kind.question": "Question",
    "kind.information_request": "Access-to-information request",
    "kind.corruption_report": "Corruption report",
    "kind.whistleblower_report": "Whistleblower report",
    "kind.praise": "Praise",
    "kind.comment": "Comment",
    # outcomes
    "outcome.accepted": "Accepted",
    "outcome.partly_accepted": "Partly accepted",
    "outcome.rejected": "Rejected",
    "outcome.informational": "Informational answer",
    "outcome.forwarded": "Forwarded to the competent body",
    "outcome.granted": "Access granted",
    "outcome.partly_granted": "Access partly granted",
    "outcome.refused": "Access refused",
    "outcome.not_examined": "Not examined",
    # media
    "medium.digital": "Digital",
    "medium.in_person": "In person",
    "medium.phone": "Phone",
    "medium.post": "Post",
    "medium.event": "Event",
    "medium.media": "Media",
}


@hookimpl
def register_translations() -> list[Translations]:
    """The English labels (the fallback for every other language)."""
    return [Translations("en", ENGLISH)]
