"""Built-in kinds of participation activity.

Besides the classic forms (consultation, hearing, round table, working group …) they
cover what a regional administration's own plan lists as participation work: training
its staff to communicate with citizens, civic monitoring of its policies by civil
society, monitoring the media for what citizens raise, and brochures and other printed
information. A plugin adds its own kinds through the same hook.
"""

from __future__ import annotations

from participation.model.policies import ActivityKind, ActivityKindSpec
from participation.plugins import hookimpl

_K = ActivityKind

ACTIVITY_KINDS: tuple[ActivityKindSpec, ...] = (
    ActivityKindSpec(_K.PUBLIC_CONSULTATION, {"en": "Public consultation"},
                     "A draft published for written comments within a set term."),
    ActivityKindSpec(_K.PUBLIC_HEARING, {"en": "Public hearing"},
                     "A meeting where anyone may speak on a draft before it is decided."),
    ActivityKindSpec(_K.ROUND_TABLE, {"en": "Round table"},
                     "A discussion between the administration and invited stakeholders."),
    ActivityKindSpec(_K.OPEN_DOORS_DAY, {"en": "Open-doors day"},
                     "A day when citizens visit the administration and meet its staff."),
    ActivityKindSpec(_K.WORKING_GROUP, {"en": "Working group"},
                     "A group with civil-society members that drafts or reviews a policy."),
    ActivityKindSpec(_K.CITIZENS_PANEL, {"en": "Citizens' panel"},
                     "A panel of randomly selected residents that deliberates and recommends."),
    ActivityKindSpec(_K.SURVEY, {"en": "Survey"}, "A questionnaire open to residents or users."),
    ActivityKindSpec(_K.INFORMATION_CAMPAIGN, {"en": "Information campaign"},
                     "Informing the public about a policy through media and events."),
    ActivityKindSpec(_K.PARTICIPATORY_BUDGETING, {"en": "Participatory budgeting"},
                     "Residents propose and vote on how part of the budget is spent."),
    ActivityKindSpec(_K.ADVISORY_COUNCIL, {"en": "Advisory council"},
                     "A standing council of civil-society members that gives opinions."),
    ActivityKindSpec(_K.WORKSHOP, {"en": "Workshop"},
                     "A working session where participants develop proposals together."),
    ActivityKindSpec(_K.STAFF_TRAINING, {"en": "Staff training in communication"},
                     "Training the administration's staff to communicate with citizens and "
                     "involve them."),
    ActivityKindSpec(_K.CIVIC_MONITORING, {"en": "Civic monitoring"},
                     "Civil-society organisations or residents monitor how a policy is carried out."),
    ActivityKindSpec(_K.MEDIA_MONITORING, {"en": "Media monitoring"},
                     "Following the press and social media for problems and opinions citizens raise."),
    ActivityKindSpec(_K.PRINTED_INFORMATION, {"en": "Brochures and printed information"},
                     "Brochures, leaflets and posters that inform residents about a policy or service."),
)


@hookimpl
def register_activity_kinds() -> list[ActivityKindSpec]:
    """The built-in activity kinds (every :class:`~participation.model.ActivityKind`)."""
    return list(ACTIVITY_KINDS)
