"""Channel types as Open311 services.

A service is a channel type: ``service_code`` is the channel's key, ``service_name``
its label, ``description`` its description. By default the channel types served are
the digital ones under which an answer is owed (they name a deadline rule that is a
deadline, not a minimum length): a request posted over the web arrives digitally, and
a citizen posting it is owed an answer by a date.

Every service has a definition (``metadata`` is true) with optional attributes:
``kind`` (what the request is; the default follows the channel, see
:func:`default_kind`), ``occurred_on`` (when the reported facts happened; signals about
old facts may open no proceeding) and, on channels that accept anonymous submissions,
``consent`` (the sender agrees to be contacted, without which contact details given
there are not kept).

>>> from participation.registry import Registry
>>> registry = Registry.default(load_entrypoints=False)
>>> [c.key for c in served_channels(registry, None)]
['web_form', 'email', 'information_request']
>>> service(registry.channel_type("web_form"), registry)["service_name"]
'Web form'
>>> default_kind(registry.channel_type("information_request")).value
'information_request'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from participation.errors import FieldError
from participation.model import ChannelType, Medium, ParticipationLevel, SubmissionKind
from participation.registry import Registry
from participation.rules.deadlines import RuleKind

__all__ = ["ATTRIBUTES", "default_kind", "definition", "served_channels", "service"]

#: The attribute codes a service definition may ask for.
ATTRIBUTES = ("kind", "occurred_on", "consent")

# The last part of a channel key that says what its submissions are.
_KIND_WORDS = {
    "proposal": SubmissionKind.PROPOSAL, "signal": SubmissionKind.SIGNAL,
    "complaint": SubmissionKind.COMPLAINT, "question": SubmissionKind.QUESTION,
    "whistleblower": SubmissionKind.WHISTLEBLOWER_REPORT,
    "anticorruption_box": SubmissionKind.CORRUPTION_REPORT,
}


def owes_answer(channel: ChannelType, registry: Registry) -> bool:
    """Whether a submission through ``channel`` is owed an answer by a due date."""
    if channel.deadline_rule is None:
        return False
    return registry.deadline_rule(channel.deadline_rule).kind is RuleKind.ANSWER


def served_channels(registry: Registry, keys: Sequence[str] | None) -> tuple[ChannelType, ...]:
    """The channel types offered as services: ``keys`` (each must be known), or by
    default every digital channel type under which an answer is owed.

    :raises UnknownKeyError: a key is not a channel type.
    :raises FieldError: no channel type is left to serve.
    """
    if keys is not None:
        chosen = tuple(registry.channel_type(k) for k in dict.fromkeys(keys))
    else:
        chosen = tuple(c for c in registry.channel_types.values()
                       if c.medium is Medium.DIGITAL and owes_answer(c, registry))
    if not chosen:
        raise FieldError("services", "no channel type to serve as an Open311 service")
    return chosen


def default_kind(channel: ChannelType) -> SubmissionKind:
    """What a request through ``channel`` is when the client does not say: an
    information request on a channel of the information level, else what the last part
    of the key names (``bg.apc.proposal``: a proposal; ``bg.whistleblower``: a
    whistleblower report), else a signal.

    >>> default_kind(ChannelType("bg.apc.proposal", {"en": "P"}, Medium.DIGITAL)).value
    'proposal'
    """
    if channel.level is ParticipationLevel.INFORMATION:
        return SubmissionKind.INFORMATION_REQUEST
    return _KIND_WORDS.get(channel.key.rsplit(".", 1)[-1], SubmissionKind.SIGNAL)


def _keywords(channel: ChannelType) -> str:
    words = [default_kind(channel).value.replace("_", " "), channel.medium.value]
    if channel.anonymous:
        words.append("anonymous")
    return ", ".join(words)


def service(channel: ChannelType, registry: Registry, lang: str = "en") -> dict[str, Any]:
    """The GeoReport service of ``channel`` (``group``: the deadline rule's label, so
    services answered under one law stand together)."""
    rule = registry.deadline_rule(channel.deadline_rule) if channel.deadline_rule else None
    return {
        "service_code": channel.key,
        "service_name": registry.channel_label(channel.key, lang),
        "description": channel.description or None,
        "metadata": True,
        "type": "realtime",
        "keywords": _keywords(channel),
        "group": rule.labels.get(lang) or rule.labels["en"] if rule is not None else None,
    }


def definition(channel: ChannelType, lang: str = "en") -> dict[str, Any]:
    """The GeoReport service definition of ``channel``: its optional attributes."""
    del lang  # attribute texts are English for now
    kind = default_kind(channel)
    attributes: list[dict[str, Any]] = [
        {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": False,
         "datatype_description": f"one of the keys; default {kind.value}",
         "order": 1, "description": "What the request is.",
         "values": [{"key": k.value, "name": k.value.replace("_", " ").capitalize()}
                    for k in SubmissionKind]},
        {"variable": True, "code": "occurred_on", "datatype": "datetime", "required": False,
         "datatype_description": "a date, YYYY-MM-DD (a date-time is read as its date)",
         "order": 2, "description": "When the reported facts happened, if that matters "
                                    "(a signal about old facts may open no proceeding)."},
    ]
    if channel.anonymous:
        attributes.append(
            {"variable": True, "code": "consent", "datatype": "singlevaluelist",
             "required": False, "datatype_description": "true or false; default false",
             "order": 3, "description": "You agree to be contacted about this request "
                                        "(without it, contact details are not kept here).",
             "values": [{"key": "true", "name": "Yes"}, {"key": "false", "name": "No"}]})
    return {"service_code": channel.key, "attributes": attributes}
