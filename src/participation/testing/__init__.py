"""Testing helpers for plugin authors, used by the core's own tests too.

The pytest plugin is opt-in (nothing is added to a pytest session just because
``participation`` is installed)::

    pytest -p participation.testing

or in the project's top-level ``conftest.py``: ``pytest_plugins = ["participation.testing"]``
(install the ``testing`` extra: ``pip install "participation[testing]"``).

- fixtures (:mod:`participation.testing.fixtures`): ``plugin_manager``, ``registry``,
  ``registry_factory``, ``register_plugin``, ``serializer``, ``converter``, and the
  ``participation_plugins`` marker that puts a test's own plugins in ``registry``;
- :mod:`participation.testing.strategies`: Hypothesis strategies for every model class.
"""

from __future__ import annotations

from participation.testing.fixtures import (
    converter,
    plugin_manager,
    pytest_configure,
    register_plugin,
    registry,
    registry_factory,
    serializer,
)

__all__ = ["converter", "plugin_manager", "pytest_configure", "register_plugin", "registry",
           "registry_factory", "serializer"]
