"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation_import_eu.haveyoursay import HaveYourSayImporter


@hookimpl
def register_importers() -> list[HaveYourSayImporter]:
    """The "Have your say" consultations CSV."""
    return [HaveYourSayImporter()]
