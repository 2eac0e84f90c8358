"""From flat export records to the library's documents: Decidim proposals (with
answers), meetings, accountability results, participatory processes and the Barcelona
action plans; CONSUL Democracy proposals, debates and budget investments. The tables
are in ``docs/import-decidim.md``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from participation.errors import FieldError
from participation.importers import ImportContext
from participation.importers.records import moment
from participation.model import (
    Activity,
    ActivityKind,
    Contact,
    Event,
    Mode,
    ParticipationLevel,
    Policy,
    Stage,
    StageWindow,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation_import_decidim.flat import i18n, number, plain

__all__ = ["action_plan", "consul_record", "meeting", "process", "proposal", "result", "when"]

Record = Mapping[str, str]

#: Decidim proposal states → the status they end in (an answer without a date is an
#: adjustment that says so).
DECIDIM_STATES = {"": None, "not_answered": None, "published": None,
                  "evaluating": Status.IN_REVIEW, "accepted": Status.ANSWERED,
                  "rejected": Status.REJECTED, "withdrawn": Status.WITHDRAWN}


def when(text: str, field: str, context: ImportContext, importer: str) -> datetime:
    """A moment as exports write it: ISO 8601, ``2020-11-24 07:17:40 UTC``, or a date
    (midnight); without a zone, in ``--timezone``."""
    value = text.strip()
    if value.endswith(" UTC"):
        value = value[:-4] + "+00:00"
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
        value = day(value, field).isoformat()
    return moment(value.replace(" ", "T", 1), field, context, importer)


def day(text: str, field: str) -> date:
    """A date: ``YYYY-MM-DD`` (a time after it ignored) or ``DD/MM/YYYY``."""
    value = text.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(value[:10])
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)") from None


def _rest(record: Record, used: set[str]) -> dict[str, str]:
    """Every other non-empty value, verbatim (personal columns never: see PERSONAL)."""
    return {k: v for k, v in record.items()
            if k not in used and v.strip() and not k.startswith(PERSONAL)}


#: Columns holding people's data: they go to the contact, never to ``extra``.
PERSONAL = ("author/", "author_", "responsible_name", "user/", "email", "phone")


def _undated(status: Status, at: datetime, why: str) -> Event:
    return Event(at, status, note=f"{why}; the export gives no date for it", adjustment=True)


def proposal(record: Record, line: int, context: ImportContext,
             answers: Mapping[str, Record] | None = None) -> Submission:
    """A Decidim proposal (an export row, or an import template row with
    ``--option published_at=DATE``)."""
    ident = record.get("id", "").strip()
    if "title" not in record and not any(k.startswith("title/") for k in record):
        if ident and ("state" in record or any(k.startswith("answer/") for k in record)):
            raise FieldError("id", "this is a proposal answers file: give it with the "
                             "proposals, --option answers=FILE")
        raise FieldError("title", "missing: not a Decidim proposals export")
    default = context.options.get("published_at", "")
    if not ident:
        if not default:
            raise FieldError("id", "missing: this looks like a Decidim import template (title "
                             "and body only); date them with --option published_at=YYYY-MM-DD")
        ident = f"{Path(context.source).stem}-{line}"
    answer = dict((answers or {}).get(ident, {}))
    merged = {**record, **{k: v for k, v in answer.items() if k != "id"}}
    published = merged.get("published_at", "").strip() or merged.get("created_at", "").strip() or default
    if not published:
        raise FieldError("published_at", "missing")
    received = when(published, "published_at", context, "decidim-proposals")
    title = plain(i18n(merged, "title", context))
    if not title:
        raise FieldError("title", "empty (Decidim requires one)")
    state = merged.get("state", "").strip().lower()
    if state not in DECIDIM_STATES:
        raise FieldError("state", f"{state!r} is not a Decidim proposal state "
                         f"({', '.join(s for s in DECIDIM_STATES if s)})")
    events = [Event(received, Status.REGISTERED)]
    target = DECIDIM_STATES[state]
    answered = merged.get("answered_at", "").strip()
    answer_text = plain(i18n(merged, "answer", context))
    if target is not None:
        at = when(answered, "answered_at", context, "decidim-proposals") if answered else received
        if answered:
            events.append(Event(at, target, note=answer_text))
        else:
            events.append(_undated(target, at, f"{state} in Decidim"))
    used = {"id", "published_at", "state", "answered_at"}
    used |= {k for k in merged if k.startswith(("title/", "body/")) or k in ("title", "body")}
    author = plain(merged.get("author/name", ""))
    return Submission(f"decidim-proposal-{ident}", context.options.get("channel", "decidim"),
                      SubmissionKind.PROPOSAL, received, subject=title,
                      text=plain(i18n(merged, "body", context)),
                      topic=plain(i18n(merged, "category/name", context)) or None,
                      anonymous=not author, contact=Contact(name=author) if author else None,
                      events=events, extra=_rest(merged, used))


def meeting(record: Record, line: int, context: ImportContext) -> Activity:
    """A Decidim meeting (its open-data export, or the Barcelona PAM dataviz file with
    Catalan headers) as a participation activity, attendees as participants and the
    proposals it made as inputs."""
    get = {**record}
    aliases = {"ID de cita": "id", "Títol": "title", "Data": "start_time", "Assistents": "attendees",
               "Propostes": "contributions"}
    for catalan, name in aliases.items():
        if catalan in record:
            get[name] = record[catalan]
    ident = get.get("id", "").strip()
    if not ident:
        raise FieldError("id", "missing")
    start_text = get.get("start_time", "").strip()
    if not start_text:
        raise FieldError("start_time", "missing")
    start = day(start_text, "start_time")
    end_text = get.get("end_time", "").strip()
    end = day(end_text, "end_time") if end_text else start
    kind = context.options.get("kind", ActivityKind.WORKSHOP.value)
    meeting_type = get.get("type_of_meeting", "").strip().lower()
    mode = {"online": Mode.DIGITAL, "hybrid": Mode.HYBRID}.get(meeting_type, Mode.IN_PERSON)
    attendees = number(get, "attendees_count") or number(get, "attendees")
    title = plain(i18n(get, "title", context)) or f"Meeting {ident}"
    return Activity(f"decidim-meeting-{ident}", None, ActivityKind(kind),
                    Stage(context.options.get("stage", Stage.DRAFTING.value)),
                    ParticipationLevel.DIALOGUE, Window(start, end), title=title, mode=mode,
                    participants=attendees,
                    inputs_received=number(get, "contributions_count") or number(get, "contributions"),
                    inputs_taken_into_account=None)  # the export does not say


def _summary(parts: list[tuple[str, str]]) -> str:
    return "; ".join(f"{k}: {v.strip()}" for k, v in parts if v and v.strip())


def result(record: Record, line: int, context: ImportContext) -> Policy:
    """A Decidim accountability result as a policy in implementation: its window the
    result's start and end dates (still open until its progress is 100 %), its progress,
    status and parent said in the description (a policy has no fields for them)."""
    ident = record.get("id", "").strip()
    if not ident:
        raise FieldError("id", "missing")
    title = plain(i18n(record, "title", context))
    if not title:
        raise FieldError("title", "empty (Decidim requires one)")
    progress = record.get("progress", "").strip()
    try:
        done = bool(progress) and float(progress) >= 100
    except ValueError:
        raise FieldError("progress", f"{progress!r} is not a number") from None
    stages = []
    if record.get("start_date", "").strip():
        start = day(record["start_date"], "start_date")
        end = day(record["end_date"], "end_date") if record.get("end_date", "").strip() else None
        stages.append(StageWindow(Stage.IMPLEMENTATION, Window(start, end if done else None)))
    about = _summary([("Decidim result", ident), ("part of result", record.get("parent/id", "")),
                      ("progress %", progress), ("status", i18n(record, "status/name", context)),
                      ("status key", record.get("status/key", "")),
                      ("planned end", record.get("end_date", "")),
                      ("scope", i18n(record, "scope/name", context)),
                      ("proposals", record.get("proposal_urls", "")), ("url", record.get("url", ""))])
    description = "\n\n".join(p for p in (plain(i18n(record, "description", context)), about) if p)
    return Policy(f"decidim-result-{ident}", title,
                  area=plain(i18n(record, "category/name", context)), description=description,
                  stages=stages)


def action_plan(record: Record, line: int, context: ImportContext) -> Policy:
    """A Barcelona PAM action plan (decidim-barcelona dataviz) as a policy; its counts,
    district, subcategory and address said in the description."""
    ident = record.get("ID", "").strip()
    if not ident:
        raise FieldError("ID", "missing")
    title = plain(record.get("Títol", ""))
    if not title:
        raise FieldError("Títol", "empty")
    about = _summary([("Barcelona action plan", ident), ("district", record.get("Districte", "")),
                      ("subcategory", record.get("Subcategoria", "")),
                      ("proposals", record.get("Propostes", "")), ("supports", record.get("Suports", "")),
                      ("comments", record.get("Comentaris", "")),
                      ("participants", record.get("Participants", "")),
                      ("interventions", record.get("Intervencions", "")), ("url", record.get("URL", ""))])
    description = "\n\n".join(p for p in (plain(record.get("Descripció", "")), about) if p)
    return Policy(f"barcelona-action-plan-{ident}", title, area=plain(record.get("Categoria", "")),
                  description=description)


def process(record: Record, line: int, context: ImportContext) -> Activity:
    """A Decidim participatory process as a digital consultation activity over its dates."""
    ident = record.get("id", "").strip() or record.get("slug", "").strip()
    if not ident:
        raise FieldError("id", "missing")
    if not record.get("start_date", "").strip():
        raise FieldError("start_date", "missing")
    start = day(record["start_date"], "start_date")
    end = day(record["end_date"], "end_date") if record.get("end_date", "").strip() else None
    title = plain(i18n(record, "title", context)) or record.get("slug", "") or ident
    return Activity(f"decidim-process-{ident}", None, ActivityKind.PUBLIC_CONSULTATION,
                    Stage(context.options.get("stage", Stage.DRAFTING.value)),
                    ParticipationLevel.CONSULTATION, Window(start, end), title=title,
                    mode=Mode.DIGITAL, participants=None, inputs_received=None,
                    inputs_taken_into_account=None)  # the export does not count them


def consul_table(record: Record) -> str:
    """Which CONSUL table a record is from: ``budget_investment``, ``debate`` or ``proposal``."""
    if "price" in record or "feasibility" in record:
        return "budget_investment"
    if "cached_votes_down" in record and "summary" not in record:
        return "debate"
    return "proposal"


def consul_record(record: Record, line: int, context: ImportContext) -> Submission:
    """A CONSUL Democracy proposal, debate or budget investment (columns as CONSUL names
    them): a submission of kind proposal (a debate: comment), its supports kept."""
    table = consul_table(record)
    ident = record.get("id", "").strip()
    if not ident:
        raise FieldError("id", "missing")
    created = record.get("published_at", "").strip() or record.get("created_at", "").strip()
    if not created:
        raise FieldError("created_at", "missing")
    received = when(created, "created_at", context, "consul")
    title = plain(record.get("title", ""))
    if not title:
        raise FieldError("title", "empty")
    events = [Event(received, Status.REGISTERED)]
    retired = record.get("retired_at", "").strip()
    if retired:
        events.append(Event(when(retired, "retired_at", context, "consul"), Status.WITHDRAWN,
                            note=plain(record.get("retired_reason", ""))))
    elif record.get("feasibility", "").strip().lower() == "unfeasible":
        events.append(_undated(Status.REJECTED, received, "unfeasible in CONSUL"))
    elif record.get("winner", "").strip().lower() in ("true", "t", "1"):
        events.append(_undated(Status.ANSWERED, received, "a winner of the vote in CONSUL"))
    parts = (plain(record.get("summary", "")), plain(record.get("description", "")))
    text = "\n\n".join(p for p in parts if p)
    responsible = plain(record.get("responsible_name", ""))
    extra = _rest(record, {"id", "title", "summary", "description", "created_at", "published_at",
                           "retired_at"})
    if record.get("cached_votes_up", "").strip():
        extra["supports"] = record["cached_votes_up"].strip()
    extra["consul.table"] = table
    kind = SubmissionKind.COMMENT if table == "debate" else SubmissionKind.PROPOSAL
    return Submission(f"consul-{table.replace('_', '-')}-{ident}", context.options.get("channel", "consul"),
                      kind, received, subject=title, text=text,
                      topic=plain(record.get("tag_list", "")) or None,
                      anonymous=not responsible,
                      contact=Contact(name=responsible) if responsible else None,
                      events=events, extra=extra)
