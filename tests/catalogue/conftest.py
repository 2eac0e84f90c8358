"""Shared helpers for the catalogue tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from participation.catalogue import Catalogue

REALDATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "realdata"


@pytest.fixture
def catalogue(registry) -> Catalogue:  # type: ignore[no-untyped-def]
    """The bundled catalogue, from the built-ins only."""
    return Catalogue.load(registry)


MINIMAL = '''
[[practice]]
id = "{id}"
name = "Test practice"
country = "{country}"
level = "local"
start_year = 2020
type = "participatory_budget"
stages = ["agenda_setting"]
iap2 = "consult"
methods = ["participatory_budgeting"]
channels = ["digital"]
target_groups = ["residents"]
description = "A test."
sources = ["https://example.org/x"]

[practice.addresses]
reach = "Because."
'''


def write_practice(folder: Path, name: str = "mine.toml", *, id: str = "zz-test",
                   country: str = "BG", body: str | None = None) -> Path:
    path = folder / name
    path.write_text(body if body is not None else MINIMAL.format(id=id, country=country),
                    encoding="utf-8")
    return path
