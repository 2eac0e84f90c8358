"""Translations of labels. English is built in; other languages come from plugins
through ``register_translations``. Anything untranslated falls back to English."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from participation.model._checks import labels

__all__ = ["Translations"]


@attrs.frozen
class Translations:
    """Messages for one language: message id → text.

    Message ids are dotted: ``channel.web_form``, ``stage.drafting``,
    ``level.partnership``, ``indicator.answered_on_time``, ``report.title``.

    >>> Translations("bg", {"stage.drafting": "Изготвяне"}).messages["stage.drafting"]
    'Изготвяне'
    """

    language: str
    messages: Mapping[str, str] = attrs.field(converter=labels)
