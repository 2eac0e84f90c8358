"""What each ``register_*`` hook contributes, and the checks run on it when a registry is built.

A contribution that is not what its hook promises is a :class:`PluginError` naming the
plugin, the hook, the item and what to do instead, e.g.::

    plugin 'ro' (participation-ro 0.1.0): register_calendars: item 1: returned the class
    RoCalendar; return an instance: RoCalendar()

>>> CONTRIBUTIONS["register_calendars"].problem(object())
"an object has no attribute 'key'; a calendar needs key, non_working_reason(day)"
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from participation.model._checks import is_key

__all__ = ["CONTRIBUTIONS", "Contribution", "result_problem"]

if TYPE_CHECKING:  # mypy checks that the library's classes follow the protocols
    from participation.exporters import Exporter
    from participation.i18n import Translations
    from participation.indicators.base import IndicatorSpec
    from participation.model.protocols import (
        ExporterProtocol,
        IndicatorProtocol,
        QuestionTypeProtocol,
        ScorerProtocol,
        TranslationsProtocol,
    )
    from participation.scoring import CompositeScorer, QuintileScorer
    from participation.surveys.questiontype import QuestionType

    def _follow(indicator: IndicatorSpec, question_type: QuestionType, composite: CompositeScorer,
                quintile: QuintileScorer, exporter: Exporter, translations: Translations
                ) -> tuple[IndicatorProtocol, QuestionTypeProtocol, ScorerProtocol, ScorerProtocol,
                           ExporterProtocol, TranslationsProtocol]:
        return indicator, question_type, composite, quintile, exporter, translations


def _a(name: str) -> str:
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


@attrs.frozen
class Contribution:
    """One contribution hook: where its items go in the registry and what they must be.

    :param field: the :class:`~participation.registry.Registry` attribute the items fill.
    :param kind: what an item is called in messages (``"channel type"``).
    :param type_path: ``"module:Class"`` of the class (or protocol) the items are.
    :param structural: a protocol: check the members below instead of ``isinstance``.
    :param key_attr: the attribute holding the item's registry key.
    :param attributes: attributes an item must have.
    :param methods: methods an item must have, with the arguments they are called with.
    """

    hook: str
    field: str
    kind: str
    type_path: str
    structural: bool = False
    key_attr: str = "key"
    attributes: tuple[str, ...] = ()
    methods: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def type_name(self) -> str:
        """The class name items should be instances of."""
        return self.type_path.rpartition(":")[2]

    def expected_type(self) -> type[Any]:
        """The class (or protocol) items should be instances of."""
        module, _, name = self.type_path.partition(":")
        cls: type[Any] = getattr(importlib.import_module(module), name)
        return cls

    def needs(self) -> str:
        """The members an item needs, for messages: ``key, score(measurements, specs)``."""
        parts = [self.key_attr, *self.attributes]
        parts += [f"{name}({', '.join(params)})" for name, params in self.methods]
        return ", ".join(dict.fromkeys(parts))

    def problem(self, item: object) -> str | None:
        """What is wrong with one item, or ``None``."""
        if inspect.isclass(item):
            return f"returned the class {item.__name__}; return an instance: {item.__name__}()"
        if not self.structural and not isinstance(item, self.expected_type()):
            return (f"returned {_a(type(item).__name__)}; expected {_a(self.type_name)} "
                    f"({self.type_path.replace(':', '.')})")
        for attr in dict.fromkeys((self.key_attr, *self.attributes)):
            if not hasattr(item, attr):
                return (f"{_a(type(item).__name__)} has no attribute {attr!r}; "
                        f"{_a(self.kind)} needs {self.needs()}")
        for name, params in self.methods:
            method = getattr(item, name, None)
            if not callable(method):
                return (f"{_a(type(item).__name__)} has no method {name}({', '.join(params)}); "
                        f"{_a(self.kind)} needs {self.needs()}")
            try:
                signature = inspect.signature(method)
            except (TypeError, ValueError):  # a builtin without a signature: trust it
                continue
            try:
                signature.bind(*params)
            except TypeError:
                shown = signature.replace(return_annotation=inspect.Signature.empty)
                return (f"{type(item).__name__}.{name}{shown} cannot be called as "
                        f"{name}({', '.join(params)})")
        key = getattr(item, self.key_attr)
        if self.key_attr == "language":
            return _translations_problem(item)
        if not is_key(key):
            return (f"{self.key_attr} {key!r} is not a key (lower-case ASCII letters, digits, "
                    "'.', '_', '-')")
        return None


def _translations_problem(item: object) -> str | None:
    language = getattr(item, "language", None)
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        return f"language {language!r} is not a language code (\"bg\", \"pt-BR\")"
    messages = getattr(item, "messages", None)
    if not isinstance(messages, Mapping):
        return f"messages is {_a(type(messages).__name__)}; expected a dict of message id → text"
    for msgid, text in messages.items():
        if not isinstance(msgid, str) or not isinstance(text, str):
            return f"message {msgid!r}: {text!r} is not text (message ids and texts are str)"
    return None


def result_problem(contribution: Contribution, result: object) -> str | None:
    """What is wrong with what a hook implementation returned as a whole, or ``None``.

    >>> result_problem(CONTRIBUTIONS["register_translations"], {"stage.drafting": "x"})
    'returned a dict; return a list of Translations objects'
    """
    wanted = f"a list of {contribution.type_name} objects"
    if result is None:
        return f"returned nothing (None); a forgotten `return`? return {wanted}"
    if isinstance(result, list | tuple):
        return None
    if isinstance(result, Mapping):
        return f"returned a dict; return {wanted}"
    if inspect.isclass(result):
        return f"returned the class {result.__name__}; return a list of instances: [{result.__name__}()]"
    single = contribution.structural or isinstance(result, contribution.expected_type())
    if single and not isinstance(result, str | bytes) and hasattr(result, contribution.key_attr):
        return f"returned a single {type(result).__name__}; return a list: [{type(result).__name__}(...)]"
    return f"returned {_a(type(result).__name__)}; return {wanted}"


def _c(*args: Any, **kwargs: Any) -> tuple[str, Contribution]:
    c = Contribution(*args, **kwargs)
    return c.hook, c


#: Every contribution hook, in the order the registry is built.
CONTRIBUTIONS: Mapping[str, Contribution] = dict([
    _c("register_activity_kinds", "activity_kinds", "activity kind",
       "participation.model.policies:ActivityKindSpec"),
    _c("register_channel_types", "channel_types", "channel type",
       "participation.model.channels:ChannelType"),
    _c("register_deadline_rules", "deadline_rules", "deadline rule",
       "participation.rules.deadlines:DeadlineRule"),
    _c("register_calendars", "calendars", "calendar", "participation.rules.calendars:Calendar",
       structural=True, methods=(("non_working_reason", ("day",)),)),
    _c("register_admissibility_rules", "admissibility_rules", "admissibility rule",
       "participation.rules.admissibility:AdmissibilityRule",
       methods=(("applies", ("submission", "as_of")),)),
    _c("register_indicators", "indicators", "indicator", "participation.indicators.base:IndicatorSpec",
       methods=(("accumulator", ("spec", "ctx")),)),
    _c("register_scorers", "scorers", "scorer", "participation.model.protocols:ScorerProtocol",
       structural=True, attributes=("label", "method"),
       methods=(("score", ("measurements", "specs")),)),
    _c("register_question_types", "question_types", "question type",
       "participation.surveys.questiontype:QuestionType"),
    _c("register_surveys", "surveys", "survey", "participation.surveys.model:Survey"),
    _c("register_practices", "practices", "practice", "participation.catalogue.model:Practice",
       key_attr="id"),
    _c("register_importers", "importers", "importer", "participation.importers.base:Importer",
       methods=(("read", ("stream", "serializer")),)),
    _c("register_exporters", "exporters", "exporter", "participation.model.protocols:ExporterProtocol",
       structural=True, attributes=("filename", "media_type", "description"),
       methods=(("write", ("report", "stream")),)),
    _c("register_translations", "translations", "translations",
       "participation.i18n:Translations", key_attr="language"),
])
