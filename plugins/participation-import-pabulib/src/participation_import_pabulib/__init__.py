"""Pabulib ``.pb`` participatory-budgeting instances, read into participation's model."""

from participation_import_pabulib.reader import PabulibImporter

__all__ = ["PabulibImporter"]
