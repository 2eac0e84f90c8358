"""The European Commission's "Have your say" consultations, read into participation's model."""

from participation_import_eu.haveyoursay import HaveYourSayImporter, parse_english_day

__all__ = ["HaveYourSayImporter", "parse_english_day"]
