"""Shared fixtures: the Bulgarian plugin registered on a manager without entry points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import participation_bg.plugin
import pytest
from participation_bg.calendar import ENV_VAR, BulgarianCalendar

from participation.registry import Registry


@pytest.fixture(autouse=True)
def _no_user_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's own decision files must not leak into the tests."""
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def bg_registry(register_plugin: Callable[..., Any],
                registry_factory: Callable[[], Registry]) -> Registry:
    """The built-ins plus this plugin, nothing else installed."""
    register_plugin(participation_bg.plugin, name="bg")
    return registry_factory()


@pytest.fixture(scope="session")
def calendar() -> BulgarianCalendar:
    """The shipped calendar, no user files (built once: it expands many years)."""
    return BulgarianCalendar(environ={})
