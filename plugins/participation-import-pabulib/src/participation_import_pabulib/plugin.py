"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation.model import ChannelType, Medium, ParticipationLevel
from participation_import_pabulib.reader import CHANNEL, PabulibImporter

PB_CHANNEL = ChannelType(
    CHANNEL, {"en": "Participatory budgeting project"}, Medium.DIGITAL,
    level=ParticipationLevel.PARTNERSHIP,
    description="A project proposed for a participatory budget and put to the vote; "
                "the vote is its answer, so no deadline applies.")


@hookimpl
def register_importers() -> list[PabulibImporter]:
    """Pabulib ``.pb`` files."""
    return [PabulibImporter()]


@hookimpl
def register_channel_types() -> list[ChannelType]:
    """The channel participatory-budgeting projects come through."""
    return [PB_CHANNEL]
