"""The European Commission's "Have your say" consultations (the CSV the
``EC_public_consultations_data_counter`` scraper writes, one row per consultation) as
participation activities.

Each consultation becomes a digital ``public_consultation`` activity at the drafting
stage and the consultation level, its window the consultation period, its inputs the
feedback received (``total_feedback``; an empty count is *unknown*, not 0, and so is how
many inputs were taken into account, which the Commission's data do not say). A row
without a name is kept, titled by its initiative number. See
``docs/import-eu-have-your-say.md`` for the table and what is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import IO

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.importers import ImportContext, Importer
from participation.importers.records import csv_line, csv_records, record_result
from participation.importers.text import unescaped
from participation.model import Activity, ActivityKind, Mode, ParticipationLevel, Stage, Window
from participation.serialization import LineResult, Serializer

__all__ = ["COLUMNS", "HaveYourSayImporter", "parse_english_day"]

#: The columns the importer needs (the scraper writes more; they are not lost data,
#: see the documentation).
COLUMNS = ("initiative_id", "initiative_name", "consultation_start_date",
           "consultation_end_date", "total_feedback")
_MONTHS = {name: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


def parse_english_day(text: str, field: str) -> date:
    """A date written ``24 July 2025`` (or ISO ``2025-07-24``).

    >>> parse_english_day("08 December 2023", "end")
    datetime.date(2023, 12, 8)
    """
    value = " ".join(text.split())
    match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", value)
    try:
        if match and match[2].lower() in _MONTHS:
            return date(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise FieldError(field, f"{text!r} is not a date such as '24 July 2025'")


def consultation(row: dict[str, str], context: ImportContext) -> Activity:
    """The activity of one consultation row."""
    ident = row["initiative_id"].strip()
    if not ident:
        raise FieldError("initiative_id", "missing")
    start_text, end_text = row["consultation_start_date"], row["consultation_end_date"]
    if not start_text.strip() and "–" in row.get("consultation_period", "") + "-":
        start_text, _, end_text = row.get("consultation_period", "").replace("–", "-").partition(" - ")
    if not start_text.strip():
        raise FieldError("consultation_start_date", "missing")
    start = parse_english_day(start_text, "consultation_start_date")
    end = parse_english_day(end_text, "consultation_end_date") if end_text.strip() else None
    feedback = row["total_feedback"].strip().replace(",", "")
    if feedback and not feedback.isdigit():
        raise FieldError("total_feedback", f"{row['total_feedback']!r} is not a count")
    title = unescaped(row["initiative_name"]) or f"Initiative {ident}"
    if not row["initiative_name"].strip():
        context.note("consultations without a name (titled by their initiative number)")
    if not feedback:
        context.note("consultations whose feedback count is unknown")
    return Activity(f"eu-have-your-say-{ident}", None, ActivityKind.PUBLIC_CONSULTATION,
                    Stage(context.options.get("stage", Stage.DRAFTING.value)),
                    ParticipationLevel.CONSULTATION, Window(start, end), title=title,
                    mode=Mode.DIGITAL, inputs_received=int(feedback) if feedback else None,
                    inputs_taken_into_account=None)


class HaveYourSayImporter(Importer):
    """European Commission "Have your say" consultations (CSV). Option ``stage=`` (the
    policy stage, default ``drafting``)."""

    key = "eu-have-your-say"
    label = "European Commission 'Have your say' consultations (CSV)"
    suffixes = ()
    raw_newlines = True

    def sniff(self, head: str) -> bool:
        """The scraper's header: ``initiative_id,initiative_name,…``."""
        first = head.lstrip("\ufeff").split("\n", 1)[0]
        return first.startswith("initiative_id,") and "total_feedback" in first

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per consultation row, with the line it starts on."""
        context = context or ImportContext()
        header: list[str] | None = None
        for line, cells, complaint in csv_records(stream):
            if cells is None:
                yield LineResult(line, problems=(Problem("$", complaint, line=line),))
                return
            if header is None:
                header = [c.strip() for c in cells]
                missing = [c for c in COLUMNS if c not in header]
                if missing:
                    raise InvalidDocumentError([Problem("$", "not a 'Have your say' consultations "
                                                        f"CSV: no column {', '.join(missing)}", line=line)])
                continue
            raw = csv_line(cells)
            if len(cells) != len(header):
                yield LineResult(line, problems=(Problem(
                    "$", f"{len(header)} columns expected, {len(cells)} found", line=line),), raw=raw)
                continue
            row = dict(zip(header, cells, strict=True))
            yield record_result(line, raw, partial(consultation, row, context))
