"""pytest fixtures for testing plugins in isolation (opt-in: ``pytest -p participation.testing``).

A test's own plugin is in ``registry`` when it is named by the ``participation_plugins``
marker; ``register_plugin`` then ``registry_factory()`` does the same in the test body::

    import pytest
    from participation import hookimpl, ChannelType, Medium

    class MyPlugin:
        @hookimpl
        def register_channel_types(self):
            return [ChannelType("town_hall", {"en": "Town hall"}, Medium.EVENT)]

    @pytest.mark.participation_plugins(MyPlugin())
    def test_my_channel(registry):
        assert registry.channel_type("town_hall").label() == "Town hall"

    def test_my_channel_again(register_plugin, registry_factory):
        register_plugin(MyPlugin())
        assert registry_factory().channel_type("town_hall").label() == "Town hall"

Plugins are checked as when they are installed: a hook function without ``@hookimpl``,
a misspelled hook, or a wrong contribution is a :class:`~participation.errors.PluginError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import cattrs
import pluggy
import pytest

from participation.plugins import ParticipationPluginManager, get_plugin_manager, register
from participation.registry import Registry
from participation.serialization import Serializer

__all__ = ["converter", "plugin_manager", "pytest_configure", "register_plugin", "registry",
           "registry_factory", "serializer"]


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``participation_plugins`` marker."""
    config.addinivalue_line(
        "markers", "participation_plugins(*plugins): register these plugin objects (modules or "
                   "instances) with the test's plugin_manager before registry is built")


@pytest.fixture
def plugin_manager(request: pytest.FixtureRequest) -> ParticipationPluginManager:
    """A plugin manager with the built-ins (no installed entry points) and the plugins
    named by the test's ``participation_plugins`` marker."""
    pm = get_plugin_manager(load_entrypoints=False, environ={})
    for marker in request.node.iter_markers("participation_plugins"):
        for plugin in marker.args:
            register(pm, plugin)
    return pm


@pytest.fixture
def register_plugin(plugin_manager: pluggy.PluginManager) -> Iterator[Callable[..., Any]]:
    """``register_plugin(obj, name=None)`` registers a plugin with ``plugin_manager``
    (checked as loading checks it) and unregisters it after the test. The ``registry``
    fixture does not see it: build one with ``registry_factory()`` afterwards, or name
    the plugin in ``@pytest.mark.participation_plugins(...)``."""
    added: list[Any] = []

    def register_one(plugin: Any, name: str | None = None) -> Any:
        register(plugin_manager, plugin, name=name)
        added.append(plugin)
        return plugin

    yield register_one
    for plugin in added:
        if plugin_manager.is_registered(plugin):
            plugin_manager.unregister(plugin)


@pytest.fixture
def registry_factory(plugin_manager: pluggy.PluginManager) -> Callable[[], Registry]:
    """Build a :class:`Registry` from ``plugin_manager`` now (after registering plugins)."""
    return lambda: Registry.from_plugin_manager(plugin_manager)


@pytest.fixture
def registry(plugin_manager: pluggy.PluginManager) -> Registry:
    """The registry of the built-ins and the ``participation_plugins`` of the test."""
    return Registry.from_plugin_manager(plugin_manager)


@pytest.fixture
def serializer(plugin_manager: pluggy.PluginManager) -> Serializer:
    """A :class:`Serializer` configured by the plugins in ``plugin_manager``."""
    return Serializer(plugin_manager)


@pytest.fixture
def converter(serializer: Serializer) -> cattrs.Converter:
    """The cattrs converter of ``serializer`` (never the global one)."""
    return serializer.converter
