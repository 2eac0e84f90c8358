"""The registry: an immutable snapshot of everything the plugins contributed.

Code below the command line takes a :class:`Registry` argument; nothing reaches
for a global.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar, cast

import attrs
import pluggy

from participation.__about__ import __version__
from participation.errors import DuplicateKeyError, PluginError, UnknownKeyError
from participation.i18n import Translations
from participation.model.channels import ChannelType
from participation.model.submissions import Submission
from participation.rules.admissibility import AdmissibilityRule
from participation.rules.calendars import Calendar
from participation.rules.deadlines import DeadlineRule

__all__ = ["PluginInfo", "Registry"]

T = TypeVar("T")


@attrs.frozen
class PluginInfo:
    """A loaded plugin: its name, its distribution's version and the hooks it implements."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool


def _key(item: Any) -> str:
    return str(getattr(item, "key", None) or item.id)


def _collect(pm: pluggy.PluginManager, hook: str, kind: str,
             key: Callable[[Any], str] = _key) -> Mapping[str, Any]:
    """Call each implementation of ``hook`` and index the items by key, naming both
    plugins when a key comes twice."""
    items: dict[str, Any] = {}
    origin: dict[str, str] = {}
    caller = getattr(pm.hook, hook)
    # pluggy calls the last registered first; walk in registration order instead.
    for impl in caller.get_hookimpls():
        plugin_name = pm.get_name(impl.plugin) or repr(impl.plugin)
        result = cast("list[Any]", impl.function() or [])
        if isinstance(result, str | bytes) or not hasattr(result, "__iter__"):
            raise PluginError(f"plugin {plugin_name!r}: {hook} must return a list, "
                              f"got {type(result).__name__}")
        for item in result:
            try:
                k = key(item)
            except AttributeError:
                raise PluginError(f"plugin {plugin_name!r}: {hook} returned a "
                                  f"{type(item).__name__}, which has no key (expected a {kind} "
                                  "object)") from None
            if k in items:
                raise DuplicateKeyError(kind, k, origin[k], plugin_name)
            items[k] = item
            origin[k] = plugin_name
    return MappingProxyType(items)


def _translations(pm: pluggy.PluginManager) -> Mapping[str, Mapping[str, str]]:
    by_lang: dict[str, dict[str, str]] = {}
    origin: dict[tuple[str, str], str] = {}
    for impl in pm.hook.register_translations.get_hookimpls():
        plugin_name = pm.get_name(impl.plugin) or repr(impl.plugin)
        contributed = cast("list[Translations]", impl.function() or [])
        for tr in contributed:
            table = by_lang.setdefault(tr.language, {})
            for msgid, text in tr.messages.items():
                if msgid in table:
                    raise DuplicateKeyError(f"translation ({tr.language})", msgid,
                                            origin[(tr.language, msgid)], plugin_name)
                table[msgid] = text
                origin[(tr.language, msgid)] = plugin_name
    return MappingProxyType({k: MappingProxyType(v) for k, v in by_lang.items()})


def _plugin_infos(pm: pluggy.PluginManager) -> tuple[PluginInfo, ...]:
    from participation.plugins import DEFAULT_PLUGINS

    dists = {id(plugin): dist for plugin, dist in pm.list_plugin_distinfo()}
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or []))
        dist = dists.get(id(plugin))
        builtin = name in DEFAULT_PLUGINS
        version = __version__ if builtin else (dist.version if dist is not None else None)
        if dist is not None:
            name = f"{dist.metadata['Name']}:{name}" if dist.metadata else name
        infos.append(PluginInfo(name, version, hooks, builtin))
    return tuple(sorted(infos, key=lambda i: (not i.builtin, i.name)))


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class Registry:
    """Everything the loaded plugins contributed, keyed by name.

    Build one with :meth:`from_plugin_manager` (or :meth:`default`):

    >>> reg = Registry.default(load_entrypoints=False)
    >>> reg.channel_type("web_form").label()
    'Web form'
    >>> reg.channel_type("carrier_pigeon")
    Traceback (most recent call last):
    ...
    participation.errors.UnknownKeyError: unknown channel type 'carrier_pigeon'; known: ...
    """

    channel_types: Mapping[str, ChannelType] = attrs.field(factory=dict, converter=_frozen)
    deadline_rules: Mapping[str, DeadlineRule] = attrs.field(factory=dict, converter=_frozen)
    calendars: Mapping[str, Calendar] = attrs.field(factory=dict, converter=_frozen)
    admissibility_rules: Mapping[str, AdmissibilityRule] = attrs.field(factory=dict,
                                                                       converter=_frozen)
    indicators: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    scorers: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    question_types: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    surveys: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    practices: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    importers: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    exporters: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    translations: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_frozen)
    plugins: tuple[PluginInfo, ...] = ()
    plugin_manager: pluggy.PluginManager | None = attrs.field(default=None, repr=False)

    # construction --------------------------------------------------------------------
    @classmethod
    def from_plugin_manager(cls, pm: pluggy.PluginManager) -> Registry:
        """Snapshot what the plugins registered with ``pm`` contribute.

        :raises DuplicateKeyError: two plugins contribute the same key.
        """
        return cls(
            channel_types=_collect(pm, "register_channel_types", "channel type"),
            deadline_rules=_collect(pm, "register_deadline_rules", "deadline rule"),
            calendars=_collect(pm, "register_calendars", "calendar"),
            admissibility_rules=_collect(pm, "register_admissibility_rules",
                                         "admissibility rule"),
            indicators=_collect(pm, "register_indicators", "indicator"),
            scorers=_collect(pm, "register_scorers", "scorer"),
            question_types=_collect(pm, "register_question_types", "question type"),
            surveys=_collect(pm, "register_surveys", "survey"),
            practices=_collect(pm, "register_practices", "practice"),
            importers=_collect(pm, "register_importers", "importer"),
            exporters=_collect(pm, "register_exporters", "exporter"),
            translations=_translations(pm),
            plugins=_plugin_infos(pm),
            plugin_manager=pm,
        )

    def __attrs_post_init__(self) -> None:
        for key, channel in self.channel_types.items():
            if channel.deadline_rule is not None and channel.deadline_rule not in self.deadline_rules:
                raise UnknownKeyError(f"deadline rule (named by channel type {key!r})",
                                      channel.deadline_rule, list(self.deadline_rules))

    @classmethod
    def default(cls, load_entrypoints: bool = True) -> Registry:
        """The registry of the built-ins and (by default) every installed plugin."""
        from participation.plugins import get_plugin_manager

        return cls.from_plugin_manager(get_plugin_manager(load_entrypoints=load_entrypoints))

    # look-ups --------------------------------------------------------------------------
    @staticmethod
    def _get(table: Mapping[str, T], kind: str, key: str) -> T:
        try:
            return table[key]
        except KeyError:
            raise UnknownKeyError(kind, key, list(table)) from None

    def channel_type(self, key: str) -> ChannelType:
        """The channel type ``key``; :class:`UnknownKeyError` lists the known ones."""
        return self._get(self.channel_types, "channel type", key)

    def deadline_rule(self, key: str) -> DeadlineRule:
        """The deadline rule ``key``."""
        return self._get(self.deadline_rules, "deadline rule", key)

    def calendar(self, jurisdiction: str) -> Calendar:
        """The working-day calendar of ``jurisdiction`` (``"default"``: weekends only)."""
        return self._get(self.calendars, "calendar", jurisdiction)

    def rule_for(self, submission: Submission) -> DeadlineRule | None:
        """The deadline rule that applies to ``submission``: its own, else its channel's."""
        key = submission.deadline_rule
        if key is None and submission.channel in self.channel_types:
            key = self.channel_types[submission.channel].deadline_rule
        return None if key is None else self.deadline_rule(key)

    def translate(self, msgid: str, lang: str = "en", default: str | None = None) -> str:
        """The text of ``msgid`` in ``lang``, else in English, else ``default``, else the id.

        >>> Registry.default(load_entrypoints=False).translate("stage.drafting", "xx")
        'Drafting'
        """
        for code in (lang, "en"):
            text = self.translations.get(code, {}).get(msgid)
            if text:
                return text
        return default if default is not None else msgid

    def channel_label(self, key: str, lang: str = "en") -> str:
        """A channel type's label in ``lang``: a translation, else its own label."""
        return self.translate(f"channel.{key}", lang, default=self.channel_type(key).label(lang))

    def languages(self) -> list[str]:
        """Languages with at least one translation."""
        return sorted(self.translations)

    # events ----------------------------------------------------------------------------
    @property
    def hook(self) -> Any:
        """The plugin manager's hook relay (for the event hooks)."""
        if self.plugin_manager is None:
            raise RuntimeError("this registry was built without a plugin manager")
        return self.plugin_manager.hook

