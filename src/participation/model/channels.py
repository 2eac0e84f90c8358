"""Channel types: the ways feedback reaches an administration."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from participation.model._checks import english_labels, key_like, labels
from participation.model.scales import ParticipationLevel

__all__ = ["ChannelType", "Medium"]


class Medium(enum.Enum):
    """How a channel reaches people. Indicators split reach by medium."""

    __hash__ = object.__hash__  # members are singletons: hash by identity, in C

    DIGITAL = "digital"
    IN_PERSON = "in_person"
    PHONE = "phone"
    POST = "post"
    EVENT = "event"
    MEDIA = "media"


@attrs.frozen
class ChannelType:
    """A kind of channel (web form, anti-corruption box, round table …).

    :param key: registry key, e.g. ``"web_form"`` or ``"bg.apc.signal"``.
    :param labels: label per language code; ``"en"`` is required.
    :param medium: how it reaches people.
    :param anonymous: whether anonymous submissions are accepted. A channel that
        accepts them refuses contact details unless the citizen opts in.
    :param deadline_rule: key of the default :class:`~participation.rules.DeadlineRule`
        for submissions through this channel, or ``None`` when no answer is owed.
    :param level: the participation level the channel typically reaches.
    :param description: one sentence for people choosing a channel.

    >>> box = ChannelType("anticorruption_box", {"en": "Anti-corruption box"},
    ...                   Medium.POST, anonymous=True)
    >>> box.label("bg")
    'Anti-corruption box'
    """

    key: str = attrs.field(validator=key_like)
    labels: Mapping[str, str] = attrs.field(converter=labels, validator=english_labels)
    medium: Medium = attrs.field(validator=attrs.validators.instance_of(Medium))
    anonymous: bool = False
    deadline_rule: str | None = None
    level: ParticipationLevel = ParticipationLevel.CONSULTATION
    description: str = ""

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English."""
        return self.labels.get(lang) or self.labels["en"]


