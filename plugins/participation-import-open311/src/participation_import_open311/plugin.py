"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation.model import ChannelType, Medium
from participation_import_open311.requests import CHANNEL, Open311Importer

OPEN311_CHANNEL = ChannelType(
    CHANNEL, {"en": "Open311 service request"}, Medium.DIGITAL, deadline_rule="generic.answer",
    description="A request sent through a city's Open311 (GeoReport v2) service: an app, "
                "a website or a 311 call taken by staff.")


@hookimpl
def register_importers() -> list[Open311Importer]:
    """Open311 GeoReport v2 requests."""
    return [Open311Importer()]


@hookimpl
def register_channel_types() -> list[ChannelType]:
    """The channel Open311 requests come through."""
    return [OPEN311_CHANNEL]
