"""pytest fixtures for testing plugins in isolation.

Loaded automatically through the ``pytest11`` entry point. Example::

    from participation import hookimpl, ChannelType, Medium

    class MyPlugin:
        @hookimpl
        def register_channel_types(self):
            return [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]

    def test_my_channel(register_plugin, registry_factory):
        register_plugin(MyPlugin())
        assert registry_factory().channel_type("town_hall").label() == "Town hall"
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import cattrs
import pluggy
import pytest

from participation.plugins import check, get_plugin_manager
from participation.registry import Registry
from participation.serialization import Serializer


@pytest.fixture
def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with the built-ins only: no installed entry points."""
    return get_plugin_manager(load_entrypoints=False)


@pytest.fixture
def register_plugin(plugin_manager: pluggy.PluginManager) -> Iterator[Callable[..., Any]]:
    """``register_plugin(obj, name=None)`` registers a plugin with ``plugin_manager``
    (checking its hook names, as loading does) and unregisters it after the test."""
    added: list[Any] = []

    def register(plugin: Any, name: str | None = None) -> Any:
        plugin_manager.register(plugin, name=name)
        added.append(plugin)
        try:
            check(plugin_manager)
        except Exception:
            plugin_manager.unregister(plugin)
            added.remove(plugin)
            raise
        return plugin

    yield register
    for plugin in added:
        if plugin_manager.is_registered(plugin):
            plugin_manager.unregister(plugin)


@pytest.fixture
def registry_factory(plugin_manager: pluggy.PluginManager) -> Callable[[], Registry]:
    """Build a :class:`Registry` from ``plugin_manager`` now (after registering plugins)."""
    return lambda: Registry.from_plugin_manager(plugin_manager)


@pytest.fixture
def registry(plugin_manager: pluggy.PluginManager) -> Registry:
    """The registry of the built-ins (register plugins first, or use ``registry_factory``)."""
    return Registry.from_plugin_manager(plugin_manager)


@pytest.fixture
def serializer(plugin_manager: pluggy.PluginManager) -> Serializer:
    """A :class:`Serializer` configured by the plugins in ``plugin_manager``."""
    return Serializer(plugin_manager)


@pytest.fixture
def converter(serializer: Serializer) -> cattrs.Converter:
    """The cattrs converter of ``serializer`` (never the global one)."""
    return serializer.converter
