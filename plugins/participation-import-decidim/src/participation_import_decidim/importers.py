"""The importers: one per kind of export, each a thin layer over :mod:`.mapping`."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import IO, Any

from participation.errors import Problem
from participation.importers import ImportContext, Importer
from participation.importers.records import record_result
from participation.serialization import LineResult, Serializer
from participation_import_decidim import mapping
from participation_import_decidim.flat import first_line, flat_records

__all__ = ["ActionPlansImporter", "ConsulImporter", "MeetingsImporter", "ProcessesImporter",
           "ProposalsImporter", "ResultsImporter"]


class _FlatImporter(Importer):
    """Reads flat records (CSV or JSON) and maps each with :meth:`build`."""

    suffixes = ()
    raw_newlines = True

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        raise NotImplementedError

    def prepare(self, context: ImportContext) -> None:
        """Read what the options name, before the records."""

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per record, with its line (JSON: its number)."""
        context = context or ImportContext()
        self.prepare(context)
        for line, record, raw in flat_records(stream):
            if record is None:
                yield LineResult(line, problems=(Problem("$", raw, line=line),), raw="")
                continue
            yield record_result(line, raw, partial(self.build, record, line, context))


class ProposalsImporter(_FlatImporter):
    """Decidim proposals (export CSV/JSON, or an import template). Options:
    ``answers=FILE`` (a proposal answers JSON/CSV merged by id), ``lang=XX``,
    ``published_at=DATE`` (for a template without dates), ``channel=KEY``."""

    key = "decidim-proposals"
    label = "Decidim proposals (CSV or JSON export)"

    def sniff(self, head: str) -> bool:
        """A header or first object with ``title/…`` and ``body/…`` keys, or an answers file."""
        text = head.lstrip("\ufeff \r\n\t")
        if text.startswith(("[", "{")):
            return (('"body"' in text or '"body/' in text or '"answer/' in text) and '"title' in text) \
                or ('"answer/' in text and '"state"' in text)
        header = first_line(head)
        return "title/" in header and "body/" in header

    def prepare(self, context: ImportContext) -> None:
        self.answers: dict[str, dict[str, str]] = {}
        path = context.options.get("answers")
        if path:
            with open(path, encoding="utf-8-sig", newline="") as stream:
                for _, record, _raw in flat_records(stream):
                    if record is not None and record.get("id", "").strip():
                        self.answers[record["id"].strip()] = record

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.proposal(record, line, context, self.answers)


class MeetingsImporter(_FlatImporter):
    """Decidim meetings (export, or decidim-barcelona's dataviz ``meetings.csv``).
    Options: ``kind=`` (activity kind, default ``workshop``), ``stage=`` (default
    ``drafting``), ``lang=XX``."""

    key = "decidim-meetings"
    label = "Decidim meetings (CSV or JSON export; Barcelona dataviz)"

    def sniff(self, head: str) -> bool:
        """The Barcelona header, or a Decidim meetings export (``start_time`` and ``attendees…``)."""
        header = first_line(head)
        return header.startswith("ID de cita,") or ("start_time" in header and "attendee" in header)

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.meeting(record, line, context)


class ResultsImporter(_FlatImporter):
    """Decidim accountability results, as policies in implementation. Option ``lang=XX``."""

    key = "decidim-results"
    label = "Decidim accountability results (CSV or JSON)"

    def sniff(self, head: str) -> bool:
        """A header with ``progress`` and ``status/…`` columns."""
        header = first_line(head)
        return "progress" in header and "status/" in header

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.result(record, line, context)


class ProcessesImporter(_FlatImporter):
    """Decidim participatory processes (the JSON export), as consultation activities."""

    key = "decidim-processes"
    label = "Decidim participatory processes (JSON export)"

    def sniff(self, head: str) -> bool:
        """A JSON export with ``participatory_process_steps`` or a process ``slug``."""
        text = head.lstrip("\ufeff \r\n\t")
        return text.startswith(("[", "{")) and ('"participatory_process_steps"' in text
                                                or '"participatory_scope"' in text)

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.process(record, line, context)


class ActionPlansImporter(_FlatImporter):
    """decidim-barcelona's PAM ``action_plans.csv``, as policies."""

    key = "decidim-barcelona-action-plans"
    label = "Barcelona PAM action plans (decidim-barcelona dataviz CSV)"

    def sniff(self, head: str) -> bool:
        """The Catalan header ``ID,Districte,Categoria,Subcategoria,Títol,Descripció,…``."""
        return first_line(head).startswith("ID,Districte,Categoria,Subcategoria,Títol,Descripció")

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.action_plan(record, line, context)


class ConsulImporter(_FlatImporter):
    """CONSUL Democracy proposals, debates and budget investments (CSV or JSON with
    CONSUL's column names). Option ``channel=KEY``."""

    key = "consul"
    label = "CONSUL Democracy proposals, debates, budget investments"

    def sniff(self, head: str) -> bool:
        """A header with CONSUL's ``cached_votes_up`` column."""
        return "cached_votes_up" in head[:4096]

    def build(self, record: dict[str, str], line: int, context: ImportContext) -> Any:
        return mapping.consul_record(record, line, context)
