"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation.importers import Importer
from participation.model import ChannelType, Medium
from participation_import_decidim.importers import (
    ActionPlansImporter,
    ConsulImporter,
    MeetingsImporter,
    ProcessesImporter,
    ProposalsImporter,
    ResultsImporter,
)

CHANNELS = [
    ChannelType("decidim", {"en": "Decidim platform"}, Medium.DIGITAL,
                description="Proposals made on a Decidim participation platform; the "
                            "platform's own process says when they are answered."),
    ChannelType("consul", {"en": "CONSUL Democracy platform"}, Medium.DIGITAL,
                description="Proposals, debates and budget investments made on a CONSUL "
                            "Democracy platform."),
]


@hookimpl
def register_importers() -> list[Importer]:
    """Decidim and CONSUL exports."""
    return [ProposalsImporter(), MeetingsImporter(), ResultsImporter(), ProcessesImporter(),
            ActionPlansImporter(), ConsulImporter()]


@hookimpl
def register_channel_types() -> list[ChannelType]:
    """The platforms' channels."""
    return CHANNELS
