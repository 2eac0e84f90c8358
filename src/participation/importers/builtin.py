"""The built-in importers, registered through ``register_importers`` like any plugin's."""

from __future__ import annotations

from participation.importers.base import Importer
from participation.importers.csvfile import CsvImporter
from participation.importers.jsonl import JsonlImporter
from participation.plugins import hookimpl


@hookimpl
def register_importers() -> list[Importer]:
    """``jsonl`` and ``csv``."""
    return [JsonlImporter(), CsvImporter()]
