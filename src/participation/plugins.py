"""The plugin manager: built-ins first, then installed plugins, then a check.

Nothing is registered at import time; plugins load when a manager is made.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

import pluggy

from participation import hookspecs
from participation.errors import PluginError

__all__ = ["DEFAULT_PLUGINS", "ENTRY_POINT_GROUP", "get_plugin_manager", "hookimpl"]

#: The entry-point group installed plugins declare themselves under.
ENTRY_POINT_GROUP = "participation"

#: Decorator marking a hook implementation.
hookimpl = pluggy.HookimplMarker("participation")

#: Built-in behaviour, registered through the same hooks as any plugin.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "participation.builtins.channels",
    "participation.builtins.rules",
    "participation.builtins.translations",
    "participation.builtins.evaluation",
    "participation.builtins.exporters",
    "participation.cli.core",
    "participation.cli.evaluation",
    "participation.cli.deadline",
    "participation.importers.builtin",
    "participation.cli.store",
    "participation.cli.exports",
    "participation.cli.desk",
    "participation.builtins.practices",
    "participation.cli.catalogue",
    "participation.surveys.builtin",
    "participation.cli.survey",
)


def get_plugin_manager(load_entrypoints: bool = True, blocked: Iterable[str] = (),
                       defaults: bool = True) -> pluggy.PluginManager:
    """A plugin manager with the hook specs, the built-ins and (by default) every
    installed plugin.

    :param load_entrypoints: load plugins installed under the ``participation``
        entry-point group.
    :param blocked: names of plugins (entry-point names or built-in module names) to skip.
    :param defaults: register the built-in plugins.
    :raises PluginError: a plugin failed to import, or implements a hook that does not
        exist (a misspelled name), naming the plugin and the hook.

    >>> pm = get_plugin_manager(load_entrypoints=False)
    >>> "participation.builtins.channels" in [name for name, _ in pm.list_name_plugin()]
    True
    """
    pm = pluggy.PluginManager("participation")
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    if defaults:
        for name in DEFAULT_PLUGINS:
            if pm.is_blocked(name):
                continue
            pm.register(importlib.import_module(name), name=name)
    if load_entrypoints:
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # an installed plugin failed to import
            raise PluginError(f"a plugin of the {ENTRY_POINT_GROUP!r} entry-point group "
                              f"failed to load: {type(exc).__name__}: {exc}") from exc
    check(pm)
    return pm


def check(pm: pluggy.PluginManager) -> None:
    """Raise :class:`PluginError` if a plugin implements a hook no spec declares."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        unknown = sorted(
            hook for hook, caller in vars(pm.hook).items()
            if isinstance(caller, pluggy.HookCaller) and not caller.has_spec()
            and any(impl.plugin is exc.plugin for impl in caller.get_hookimpls())
        )
        hooks = ", ".join(repr(h) for h in unknown) or "?"
        raise PluginError(f"plugin {name!r} implements unknown hook {hooks}: no such hook "
                          "in participation.hookspecs (is it misspelled?)") from exc
