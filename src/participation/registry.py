"""The registry: an immutable snapshot of everything the plugins contributed.

Code below the command line takes a :class:`Registry` argument; nothing reaches
for a global.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from participation.__about__ import __version__
from participation.contributions import CONTRIBUTIONS, Contribution, result_problem
from participation.errors import DuplicateKeyError, PluginError, UnknownKeyError
from participation.model.channels import ChannelType
from participation.model.policies import ActivityKindSpec
from participation.model.protocols import ExporterProtocol as Exporter
from participation.model.protocols import ScorerProtocol as Scorer
from participation.model.submissions import Submission
from participation.plugins import ParticipationPluginManager
from participation.rules.admissibility import AdmissibilityRule
from participation.rules.calendars import Calendar
from participation.rules.deadlines import DeadlineRule

if TYPE_CHECKING:
    from participation.catalogue.model import Practice
    from participation.importers.base import Importer
    from participation.indicators.base import IndicatorSpec
    from participation.surveys.model import Survey
    from participation.surveys.questiontype import QuestionType

__all__ = ["Origin", "PluginInfo", "Registry", "call_each", "describe_plugins"]

T = TypeVar("T")


@attrs.frozen
class Origin:
    """Where a contribution came from: the plugin's name and, for an installed plugin,
    its distribution and version.

    >>> str(Origin("bg", "participation-bg 0.1.0"))
    "plugin 'bg' (participation-bg 0.1.0)"
    """

    plugin: str
    distribution: str | None = None

    def __str__(self) -> str:
        return f"plugin {self.plugin!r}" + (f" ({self.distribution})" if self.distribution else "")

    @property
    def label(self) -> str:
        """The plugin's name, with its distribution when it has one (for duplicate-key messages)."""
        return self.plugin + (f" ({self.distribution})" if self.distribution else "")


@attrs.frozen
class PluginInfo:
    """A plugin the manager knows: loaded, broken or disabled.

    :param name: the name it is registered (and disabled) under: the entry-point name
        of an installed plugin, the module name of a built-in.
    :param distribution: the distribution that installed it, with its version.
    :param hooks: the hooks it implements.
    :param status: ``"loaded"``, ``"broken"`` (it failed to import or register, or a
        contribution failed its check: see ``error``) or ``"disabled"``.
    :param contributions: registry field → the keys it contributed.
    """

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool
    distribution: str | None = None
    status: str = "loaded"
    error: str | None = None
    contributions: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (``participation plugins --json``)."""
        return {"name": self.name, "distribution": self.distribution, "version": self.version,
                "builtin": self.builtin, "status": self.status, "error": self.error,
                "hooks": list(self.hooks),
                "contributions": {k: list(v) for k, v in self.contributions.items()}}


def _origin(pm: pluggy.PluginManager, plugin: object) -> Origin:
    name = pm.get_name(plugin) or repr(plugin)
    dist = pm.distribution_of(name) if isinstance(pm, ParticipationPluginManager) else None
    return Origin(name, dist)


def call_each(pm: pluggy.PluginManager, hook: str, **kwargs: Any) -> Iterator[tuple[Origin, Any]]:
    """Call ``hook`` through pluggy once per implementing plugin, in registration order,
    and yield ``(origin, what it returned)`` (``None`` when it returned nothing).

    Each call goes through :meth:`pluggy.PluginManager.subset_hook_caller` with the other
    plugins' implementations left out, so wrappers (``wrapper=True``) run around every
    plugin's contribution and arguments a hook gains later are passed on.

    :raises PluginError: an implementation raised, naming the plugin and the hook.
    """
    caller = getattr(pm.hook, hook)
    own = [impl for impl in caller.get_hookimpls() if not (impl.wrapper or impl.hookwrapper)]
    for impl in own:
        origin = _origin(pm, impl.plugin)
        subset = pm.subset_hook_caller(hook, [i.plugin for i in own if i is not impl])
        try:
            results = subset(**kwargs)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(f"{origin}: {hook} raised {type(exc).__name__}: {exc}") from exc
        if not results:
            yield origin, None
        elif len(results) == 1:
            yield origin, results[0]
        else:  # a wrapper added lists of its own
            yield origin, [item for result in results for item in (result or [])]


class _Builder:
    """Collects every hook's contributions, checking each, and remembers their origins.

    Problems are gathered (one per plugin and hook) so that ``participation plugins``
    can name every broken plugin; :meth:`Registry.from_plugin_manager` raises them.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self.problems: dict[str, list[str]] = {}
        self.origins: dict[str, dict[str, Origin]] = {}
        self.tables: dict[str, Mapping[str, Any]] = {}
        self.languages: dict[str, list[str]] = {}
        self.duplicates: list[DuplicateKeyError] = []

    def _problem(self, origin: Origin, message: str) -> None:
        self.problems.setdefault(origin.plugin, []).append(f"{origin}: {message}")

    def _items(self, contribution: Contribution) -> Iterator[tuple[Origin, Any]]:
        for origin, result in call_each(self.pm, contribution.hook):
            wrong = result_problem(contribution, result)
            if wrong is not None:
                self._problem(origin, f"{contribution.hook} {wrong}")
                continue
            for index, item in enumerate(result):
                bad = contribution.problem(item)
                if bad is not None:
                    name = getattr(item, "__name__", None) or type(item).__name__
                    self._problem(origin, f"{contribution.hook}: item {index + 1} ({name}): {bad}")
                    continue
                yield origin, item

    def collect(self, contribution: Contribution) -> None:
        """Fill the table of one contribution hook."""
        items: dict[str, Any] = {}
        origins = self.origins.setdefault(contribution.field, {})
        for origin, item in self._items(contribution):
            key = getattr(item, contribution.key_attr)
            if key in items:
                error = DuplicateKeyError(contribution.kind, key, origins[key].label, origin.label)
                self.duplicates.append(error)
                self._problem(origin, f"{contribution.hook}: {error}")
                continue
            items[key] = item
            origins[key] = origin
        self.tables[contribution.field] = MappingProxyType(items)

    def collect_translations(self, contribution: Contribution) -> None:
        """Merge the translations, one table per language; a message translated twice
        into one language is a problem naming both plugins."""
        by_lang: dict[str, dict[str, str]] = {}
        origin_of: dict[tuple[str, str], Origin] = {}
        for origin, tr in self._items(contribution):
            self.languages.setdefault(origin.plugin, []).append(tr.language)
            table = by_lang.setdefault(tr.language, {})
            for msgid, text in tr.messages.items():
                if msgid in table:
                    error = DuplicateKeyError(f"translation ({tr.language})", msgid,
                                              origin_of[(tr.language, msgid)].label, origin.label)
                    self.duplicates.append(error)
                    self._problem(origin, f"{contribution.hook}: {error}")
                    continue
                table[msgid] = text
                origin_of[(tr.language, msgid)] = origin
        self.tables["translations"] = MappingProxyType(
            {k: MappingProxyType(v) for k, v in by_lang.items()})

    def build(self) -> None:
        """Collect every contribution hook."""
        for contribution in CONTRIBUTIONS.values():
            if contribution.field == "translations":
                self.collect_translations(contribution)
            else:
                self.collect(contribution)

    def error(self) -> PluginError | DuplicateKeyError | None:
        """One error listing every problem, or ``None``; a lone duplicate key is a
        :class:`DuplicateKeyError` naming both plugins."""
        lines = [line for plugin_lines in self.problems.values() for line in plugin_lines]
        if not lines:
            return None
        if len(lines) == 1 and len(self.duplicates) == 1:
            return self.duplicates[0]
        first = next(iter(self.problems))
        if len(lines) == 1:
            return PluginError(lines[0] + _way_out(first))
        return PluginError(f"{len(lines)} problems with plugins:\n" + "\n".join(f"  {line}" for line in lines)
                           + _way_out(first))


def _way_out(plugin: str) -> str:
    from participation.plugins import DISABLE_ENV_VAR

    return (f"\n(to run without plugin {plugin!r}: --disable-plugin {plugin} or "
            f"{DISABLE_ENV_VAR}={plugin})")


def _plugin_infos(pm: pluggy.PluginManager, builder: _Builder | None = None) -> tuple[PluginInfo, ...]:
    from participation.plugins import DEFAULT_PLUGINS

    contributed: dict[str, dict[str, list[str]]] = {}
    if builder is not None:
        for field, origins in builder.origins.items():
            for key, origin in origins.items():
                contributed.setdefault(origin.plugin, {}).setdefault(field, []).append(key)
        for plugin_name, languages in builder.languages.items():
            contributed.setdefault(plugin_name, {})["translations"] = languages
    infos = []
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        hooks = tuple(sorted(caller.name for caller in pm.get_hookcallers(plugin) or []))
        builtin = name in DEFAULT_PLUGINS
        dist = pm.distribution_of(name) if isinstance(pm, ParticipationPluginManager) else None
        version = __version__ if builtin else (dist.rpartition(" ")[2] if dist else None)
        problems = builder.problems.get(name) if builder is not None else None
        infos.append(PluginInfo(name, version, hooks, builtin, dist,
                                "broken" if problems else "loaded",
                                "\n".join(problems) if problems else None,
                                {k: tuple(v) for k, v in contributed.get(name, {}).items()}))
    if isinstance(pm, ParticipationPluginManager):
        for broken in pm.broken.values():
            version = broken.distribution.rpartition(" ")[2] if broken.distribution else None
            infos.append(PluginInfo(broken.name, version, (), False, broken.distribution, "broken",
                                    broken.error))
        for name in sorted(pm.disabled):
            infos.append(PluginInfo(name, None, (), name in DEFAULT_PLUGINS, None, "disabled"))
    return tuple(sorted(infos, key=lambda i: (not i.builtin, i.name)))


def describe_plugins(pm: pluggy.PluginManager) -> tuple[PluginInfo, ...]:
    """Every plugin ``pm`` knows, with its status and contributions; never raises for a
    broken plugin (it is listed with its error), so ``participation plugins`` always works."""
    builder = _Builder(pm)
    try:
        builder.build()
    except PluginError as exc:  # a hook raised: the message names the plugin
        return tuple(attrs.evolve(i, status="broken", error=str(exc))
                     if str(exc).startswith(f"plugin {i.name!r}") else i
                     for i in _plugin_infos(pm))
    return _plugin_infos(pm, builder)


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

    activity_kinds: Mapping[str, ActivityKindSpec] = attrs.field(factory=dict, converter=_frozen)
    channel_types: Mapping[str, ChannelType] = attrs.field(factory=dict, converter=_frozen)
    deadline_rules: Mapping[str, DeadlineRule] = attrs.field(factory=dict, converter=_frozen)
    calendars: Mapping[str, Calendar] = attrs.field(factory=dict, converter=_frozen)
    admissibility_rules: Mapping[str, AdmissibilityRule] = attrs.field(factory=dict,
                                                                       converter=_frozen)
    indicators: Mapping[str, IndicatorSpec] = attrs.field(factory=dict, converter=_frozen)
    scorers: Mapping[str, Scorer] = attrs.field(factory=dict, converter=_frozen)
    question_types: Mapping[str, QuestionType] = attrs.field(factory=dict, converter=_frozen)
    surveys: Mapping[str, Survey] = attrs.field(factory=dict, converter=_frozen)
    practices: Mapping[str, Practice] = attrs.field(factory=dict, converter=_frozen)
    importers: Mapping[str, Importer] = attrs.field(factory=dict, converter=_frozen)
    exporters: Mapping[str, Exporter] = attrs.field(factory=dict, converter=_frozen)
    translations: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, converter=_frozen)
    plugins: tuple[PluginInfo, ...] = ()
    #: registry field (``"calendars"``) → key → the plugin that contributed it.
    origins: Mapping[str, Mapping[str, Origin]] = attrs.field(factory=dict, converter=_frozen,
                                                             repr=False)
    plugin_manager: pluggy.PluginManager | None = attrs.field(default=None, repr=False)

    # construction --------------------------------------------------------------------
    @classmethod
    def from_plugin_manager(cls, pm: pluggy.PluginManager) -> Registry:
        """Snapshot what the plugins registered with ``pm`` contribute, calling each
        ``register_*`` hook through pluggy and checking every item.

        :raises PluginError: a plugin failed to load, a hook implementation raised or
            returned something else than a list of the hook's type (a class instead of
            an instance, a dict, nothing); the message names the plugin, the hook, the
            item and what was expected, and lists every such problem.
        :raises DuplicateKeyError: two plugins contribute the same key (and nothing else
            is wrong), naming both.
        """
        if isinstance(pm, ParticipationPluginManager):
            pm.raise_if_broken()
        builder = _Builder(pm)
        builder.build()
        error = builder.error()
        if error is not None:
            raise error
        t = builder.tables
        return cls(
            activity_kinds=t["activity_kinds"], channel_types=t["channel_types"],
            deadline_rules=t["deadline_rules"], calendars=t["calendars"],
            admissibility_rules=t["admissibility_rules"], indicators=t["indicators"],
            scorers=t["scorers"], question_types=t["question_types"], surveys=t["surveys"],
            practices=t["practices"], importers=t["importers"], exporters=t["exporters"],
            translations=t["translations"], plugins=_plugin_infos(pm, builder),
            origins=MappingProxyType({k: MappingProxyType(v) for k, v in builder.origins.items()}),
            plugin_manager=pm,
        )

    def __attrs_post_init__(self) -> None:
        for key, channel in self.channel_types.items():
            if channel.deadline_rule is not None and channel.deadline_rule not in self.deadline_rules:
                origin = self.origins.get("channel_types", {}).get(key)
                by = f"named by channel type {key!r}" + (f" of {origin}" if origin else "")
                raise UnknownKeyError(f"deadline rule ({by})", channel.deadline_rule,
                                      list(self.deadline_rules))

    @classmethod
    def default(cls, load_entrypoints: bool = True, plugins: Sequence[object] = (),
                blocked: Iterable[str] = ()) -> Registry:
        """The registry of the built-ins, (by default) every installed plugin, and the
        ``plugins`` given in this process (modules or instances with ``@hookimpl``
        functions), each checked as an installed one is.

        :param blocked: plugin names to leave out (as ``PARTICIPATION_DISABLE_PLUGINS``).
        :raises PluginError: a plugin is broken or contributes something wrong.

        >>> from participation import hookimpl
        >>> from participation.model.policies import ActivityKindSpec
        >>> class TownHall:
        ...     @hookimpl
        ...     def register_activity_kinds(self):
        ...         return [ActivityKindSpec("town_hall", {"en": "Town hall meeting"})]
        >>> reg = Registry.default(load_entrypoints=False, plugins=[TownHall()])
        >>> reg.activity_kind("town_hall").label(), str(reg.origin("activity_kinds", "town_hall"))
        ('Town hall meeting', "plugin 'TownHall'")
        """
        from participation.plugins import get_plugin_manager

        return cls.from_plugin_manager(get_plugin_manager(load_entrypoints=load_entrypoints,
                                                          plugins=plugins, blocked=blocked))

    # look-ups --------------------------------------------------------------------------
    @staticmethod
    def _get(table: Mapping[str, T], kind: str, key: str) -> T:
        try:
            return table[key]
        except KeyError:
            raise UnknownKeyError(kind, key, list(table)) from None

    def origin(self, field: str, key: str) -> Origin:
        """The plugin that contributed ``key`` to the table ``field`` (``"calendars"``)."""
        return self._get(self.origins.get(field, {}), field.replace("_", " ").rstrip("s"), key)

    def activity_kind(self, key: str) -> ActivityKindSpec:
        """The activity kind ``key``; :class:`UnknownKeyError` lists the known ones."""
        return self._get(self.activity_kinds, "activity kind", key)

    def activity_kind_label(self, key: str, lang: str = "en") -> str:
        """An activity kind's label in ``lang``: a translation (``activity.<key>``), else
        its own label, else the key (for a kind no plugin registers any more)."""
        spec = self.activity_kinds.get(key)
        return self.translate(f"activity.{key}", lang,
                              default=spec.label(lang) if spec is not None else key)

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

