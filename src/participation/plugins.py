"""The plugin manager: built-ins first, then installed plugins one by one, then a check.

Nothing is registered at import time; plugins load when a manager is made. A plugin
that cannot be imported or registered is recorded as *broken* (its name and error)
instead of taking the command line down; a plugin can be switched off by name with
``PARTICIPATION_DISABLE_PLUGINS=name,other`` or ``blocked=``, like pytest's
``-p no:NAME``.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import pluggy

from participation import hookspecs
from participation.errors import PluginError

__all__ = [
    "DEFAULT_PLUGINS",
    "DISABLE_ENV_VAR",
    "ENTRY_POINT_GROUP",
    "BrokenPlugin",
    "ParticipationPluginManager",
    "check",
    "check_registered",
    "disabled_from_env",
    "get_plugin_manager",
    "hookimpl",
    "register",
]

#: The entry-point group installed plugins declare themselves under.
ENTRY_POINT_GROUP = "participation"

#: Names of plugins to switch off, comma-separated (entry-point or built-in module names).
DISABLE_ENV_VAR = "PARTICIPATION_DISABLE_PLUGINS"

#: Decorator marking a hook implementation.
hookimpl = pluggy.HookimplMarker("participation")

#: Built-in behaviour, registered through the same hooks as any plugin.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "participation.builtins.channels",
    "participation.builtins.rules",
    "participation.builtins.translations",
    "participation.builtins.evaluation",
    "participation.builtins.exporters",
    "participation.builtins.activities",
    "participation.cli.core",
    "participation.cli.evaluation",
    "participation.cli.deadline",
    "participation.importers.builtin",
    "participation.cli.store",
    "participation.cli.exports",
    "participation.cli.convert",
    "participation.cli.template",
    "participation.cli.desk",
    "participation.builtins.practices",
    "participation.cli.catalogue",
    "participation.surveys.builtin",
    "participation.cli.survey",
    "participation.cli.serve",
)


@attrs.frozen
class BrokenPlugin:
    """An installed plugin that could not be imported or registered.

    :param name: its entry-point name (what ``--disable-plugin`` takes).
    :param distribution: the distribution that declares it, with its version.
    :param error: what went wrong, in one line.
    """

    name: str
    distribution: str | None
    error: str

    def message(self) -> str:
        """The error with the way out."""
        where = f" (from {self.distribution})" if self.distribution else ""
        return (f"plugin {self.name!r}{where} is broken: {self.error}; fix or uninstall it, "
                f"or switch it off with --disable-plugin {self.name} or "
                f"{DISABLE_ENV_VAR}={self.name}")


class ParticipationPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` that also remembers the plugins that failed to
    load (:attr:`broken`), those switched off (:attr:`disabled`) and each plugin's
    distribution (:meth:`distribution_of`)."""

    def __init__(self) -> None:
        super().__init__("participation")
        self.add_hookspecs(hookspecs)
        self.broken: dict[str, BrokenPlugin] = {}
        self.disabled: set[str] = set()
        self._dists: dict[str, str] = {}

    def distribution_of(self, name: str) -> str | None:
        """``"participation-bg 0.1.0"`` for a plugin installed from a distribution, else ``None``."""
        return self._dists.get(name)

    def raise_if_broken(self) -> None:
        """Raise :class:`PluginError` naming every broken plugin and the way out."""
        if self.broken:
            raise PluginError("\n".join(b.message() for b in self.broken.values()))


def disabled_from_env(environ: Mapping[str, str] | None = None) -> list[str]:
    """The plugin names listed in ``PARTICIPATION_DISABLE_PLUGINS``.

    >>> disabled_from_env({"PARTICIPATION_DISABLE_PLUGINS": " bg, survey_civic ,"})
    ['bg', 'survey_civic']
    """
    value = (os.environ if environ is None else environ).get(DISABLE_ENV_VAR, "")
    return [name.strip() for name in value.split(",") if name.strip()]


def _plugin_name(pm: pluggy.PluginManager, plugin: object) -> str:
    return pm.get_name(plugin) or getattr(plugin, "__name__", None) or type(plugin).__name__


def _unmarked_hooks(pm: pluggy.PluginManager, plugin: object) -> list[str]:
    """Functions named like a hook but without ``@hookimpl`` (they would never be called)."""
    found = []
    for attr in dir(plugin):
        if not attr.startswith(("register_", "configure_", "submission_")):
            continue
        if not hasattr(pm.hook, attr) or not getattr(pm.hook, attr).has_spec():
            continue
        value = getattr(plugin, attr, None)
        if not callable(value) or pm.parse_hookimpl_opts(plugin, attr) is not None:
            continue
        # an imported spec or a helper imported from elsewhere is not the plugin's own
        if inspect.ismodule(plugin) and getattr(value, "__module__", None) != plugin.__name__:
            continue
        found.append(attr)
    return found


def register(pm: pluggy.PluginManager, plugin: object, name: str | None = None) -> str:
    """Register ``plugin`` (a module, class instance or namespace) with ``pm`` and check it.

    :raises PluginError: a hook function lacks ``@hookimpl``, a hook name is unknown
        (misspelled), or pluggy refuses the implementation (e.g. an argument the hook does
        not have), naming the plugin and the hook; the plugin is then not registered.

    >>> import types
    >>> pm = get_plugin_manager(load_entrypoints=False)
    >>> ns = types.SimpleNamespace(register_calendars=lambda: [])
    >>> register(pm, ns, name="mine")
    Traceback (most recent call last):
    ...
    participation.errors.PluginError: plugin 'mine': register_calendars is not marked ...
    """
    plugin_name = name or getattr(plugin, "__name__", None) or type(plugin).__name__
    if name is None:  # an in-process plugin: named after its module or class, made unique
        base, n = plugin_name, 1
        while pm.has_plugin(plugin_name):
            n += 1
            plugin_name = f"{base}-{n}"
        name = plugin_name
    unmarked = _unmarked_hooks(pm, plugin)
    if unmarked:
        hooks = ", ".join(unmarked)
        raise PluginError(f"plugin {plugin_name!r}: {hooks} is not marked as a hook implementation "
                          "and would never be called; decorate it with @participation.hookimpl")
    try:
        registered = pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"plugin {plugin_name!r}: {exc}") from exc
    except ValueError as exc:  # already registered, or blocked
        raise PluginError(f"plugin {plugin_name!r}: {exc}") from exc
    if registered is None:  # blocked
        return plugin_name
    try:
        check(pm)
    except PluginError:
        pm.unregister(plugin)
        raise
    return registered


def _load_entrypoints(pm: ParticipationPluginManager) -> None:
    """Load the ``participation`` entry points one by one; a failure marks that plugin broken."""
    seen: dict[str, str | None] = {}
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP:
                continue
            dist_name = f"{dist.metadata['Name']} {dist.version}" if dist.metadata else None
            if ep.name in seen:
                if seen[ep.name] != dist_name and ep.name not in pm.broken:  # not a path seen twice
                    pm.broken[ep.name] = BrokenPlugin(
                        ep.name, dist_name, f"the entry-point name {ep.name!r} is also declared by "
                        f"{seen[ep.name]}; only the first was loaded: uninstall one of them")
                continue
            seen[ep.name] = dist_name
            if pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # an installed plugin failed to import: name it
                pm.broken[ep.name] = BrokenPlugin(ep.name, dist_name,
                                                  f"cannot be imported: {type(exc).__name__}: {exc}")
                continue
            try:
                register(pm, plugin, name=ep.name)
            except PluginError as exc:
                message = str(exc).removeprefix(f"plugin {ep.name!r}: ")
                pm.broken[ep.name] = BrokenPlugin(ep.name, dist_name, message)
                continue
            if dist_name is not None:
                pm._dists[ep.name] = dist_name


def get_plugin_manager(load_entrypoints: bool = True, blocked: Iterable[str] = (),
                       defaults: bool = True, plugins: Sequence[object] = (),
                       environ: Mapping[str, str] | None = None) -> ParticipationPluginManager:
    """A plugin manager with the hook specs, the built-ins, (by default) every installed
    plugin and the ``plugins`` given in-process.

    :param load_entrypoints: load plugins installed under the ``participation``
        entry-point group, one by one: one that fails to import or register is recorded
        in :attr:`ParticipationPluginManager.broken` (call ``raise_if_broken()`` to stop).
    :param blocked: names of plugins (entry-point names or built-in module names) to
        switch off, besides those in ``PARTICIPATION_DISABLE_PLUGINS``.
    :param defaults: register the built-in plugins.
    :param plugins: plugin objects (modules, instances) to register in this process;
        each is checked like an installed one.
    :param environ: where to read ``PARTICIPATION_DISABLE_PLUGINS`` (default: the process).
    :raises PluginError: an in-process plugin is wrong (a hook without ``@hookimpl``,
        a misspelled hook), naming the plugin and the hook.

    >>> pm = get_plugin_manager(load_entrypoints=False)
    >>> "participation.builtins.channels" in [name for name, _ in pm.list_name_plugin()]
    True
    """
    pm = ParticipationPluginManager()
    for name in [*blocked, *disabled_from_env(environ)]:
        pm.set_blocked(name)
        pm.disabled.add(name)
    if defaults:
        for name in DEFAULT_PLUGINS:
            if not pm.is_blocked(name):
                pm.register(importlib.import_module(name), name=name)
    if load_entrypoints:
        _load_entrypoints(pm)
    for plugin in plugins:
        register(pm, plugin)
    check(pm)
    return pm


def check(pm: pluggy.PluginManager) -> None:
    """Raise :class:`PluginError` if a plugin implements a hook no spec declares."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = _plugin_name(pm, exc.plugin)
        unknown = sorted(
            hook for hook, caller in vars(pm.hook).items()
            if isinstance(caller, pluggy.HookCaller) and not caller.has_spec()
            and any(impl.plugin is exc.plugin for impl in caller.get_hookimpls())
        )
        hooks = ", ".join(repr(h) for h in unknown) or "?"
        raise PluginError(f"plugin {name!r} implements unknown hook {hooks}: no such hook "
                          "in participation.hookspecs (is it misspelled?)") from exc


def check_registered(pm: pluggy.PluginManager) -> None:
    """Check every plugin registered with ``pm``, however it was registered (also with
    ``pm.register`` directly), as :func:`register` checks one: a hook function without
    ``@hookimpl`` or an unknown hook is a :class:`PluginError` naming the plugin.

    >>> import types
    >>> pm = get_plugin_manager(load_entrypoints=False)
    >>> _ = pm.register(types.SimpleNamespace(submission_received=lambda **kw: None), "raw")
    >>> check_registered(pm)
    Traceback (most recent call last):
    ...
    participation.errors.PluginError: plugin 'raw': submission_received is not marked ...
    """
    for name, plugin in pm.list_name_plugin():
        if plugin is None:
            continue
        unmarked = _unmarked_hooks(pm, plugin)
        if unmarked:
            raise PluginError(f"plugin {name!r}: {', '.join(unmarked)} is not marked as a hook "
                              "implementation and would never be called; decorate it with "
                              "@participation.hookimpl")
    check(pm)


def plugin_objects(pm: pluggy.PluginManager) -> list[tuple[str, Any]]:
    """``(name, plugin)`` of every registered plugin, in registration order."""
    return [(name, plugin) for name, plugin in pm.list_name_plugin() if plugin is not None]
