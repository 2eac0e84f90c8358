"""Decidim and CONSUL Democracy open-data exports, read into participation's model."""

from participation_import_decidim.importers import (
    ActionPlansImporter,
    ConsulImporter,
    MeetingsImporter,
    ProcessesImporter,
    ProposalsImporter,
    ResultsImporter,
)

__all__ = ["ActionPlansImporter", "ConsulImporter", "MeetingsImporter", "ProcessesImporter",
           "ProposalsImporter", "ResultsImporter"]
