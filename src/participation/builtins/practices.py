"""The bundled good practices (``participation/catalogue/data/*.toml``)."""

from __future__ import annotations

from participation.catalogue.loading import bundled_practices
from participation.catalogue.model import Practice
from participation.plugins import hookimpl


@hookimpl
def register_practices() -> list[Practice]:
    """The practices shipped with the library."""
    return bundled_practices()
