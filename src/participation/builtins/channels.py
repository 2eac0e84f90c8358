"""Built-in channel types, jurisdiction-neutral."""

from __future__ import annotations

from participation.model import ChannelType, Medium, ParticipationLevel
from participation.plugins import hookimpl

_I, _C, _D = ParticipationLevel.INFORMATION, ParticipationLevel.CONSULTATION, ParticipationLevel.DIALOGUE

CHANNEL_TYPES = [
    ChannelType("web_form", {"en": "Web form"}, Medium.DIGITAL, deadline_rule="generic.answer",
                description="A form on the administration's website."),
    ChannelType("email", {"en": "E-mail"}, Medium.DIGITAL, deadline_rule="generic.answer"),
    ChannelType("phone", {"en": "Phone"}, Medium.PHONE, deadline_rule="generic.answer",
                description="A hotline or a call to the front office, recorded by staff."),
    ChannelType("in_person", {"en": "In person"}, Medium.IN_PERSON,
                deadline_rule="generic.answer",
                description="Given at the front office or reception desk."),
    ChannelType("post", {"en": "Post"}, Medium.POST, deadline_rule="generic.answer"),
    ChannelType("anticorruption_box", {"en": "Anti-corruption box"}, Medium.POST,
                anonymous=True, deadline_rule="generic.answer",
                description="A locked box or an online form for corruption reports; "
                            "anonymous reports are accepted."),
    ChannelType("information_request", {"en": "Access-to-information request"},
                Medium.DIGITAL, deadline_rule="generic.information_request", level=_I,
                description="A request for access to public information."),
    ChannelType("public_consultation", {"en": "Public consultation"}, Medium.DIGITAL,
                description="Comments on a draft published for consultation."),
    ChannelType("survey", {"en": "Survey"}, Medium.DIGITAL, anonymous=True,
                description="Answers to a survey (free-text remarks included)."),
    ChannelType("round_table", {"en": "Round table"}, Medium.EVENT, level=_D),
    ChannelType("open_doors_day", {"en": "Open-doors day"}, Medium.EVENT, level=_D),
    ChannelType("social_media", {"en": "Social media"}, Medium.DIGITAL, anonymous=True,
                description="Comments and messages on the administration's social media."),
    ChannelType("media_monitoring", {"en": "Media monitoring"}, Medium.MEDIA, anonymous=True,
                level=_I, description="Problems raised in the press, found by monitoring."),
]


@hookimpl
def register_channel_types() -> list[ChannelType]:
    """The built-in channel types."""
    return list(CHANNEL_TYPES)
