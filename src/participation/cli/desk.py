"""``participation desk …``: the feedback desk on the command line.

Moments (``--at``, ``--received-at``) are ISO 8601; without an offset they are read in
the administration's time zone (the store's ``timezone`` setting, see ``participation
db configure``); a bare date means the start of that day. Without ``--at`` an
operation happens now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from participation.cli import AppContext, echo_json, parse_moment, safe_text
from participation.cli.store import db_option, open_db
from participation.errors import FieldError
from participation.plugins import hookimpl


def _desk(app: AppContext, db: str, *, create: bool = False) -> Any:
    from participation.desk import Desk

    return Desk(open_db(app, db, create=create), app.registry)


def _moment(desk: Any, text: str | None, field: str = "at") -> datetime | None:
    return None if text is None else parse_moment(text, desk.tz, field)


def _report(desk: Any, submission: Any, as_json: bool) -> None:
    if as_json:
        doc = desk.store.serializer.dump(submission.without_personal_data())
        computation = desk.deadline(submission)
        doc["due"] = computation.due.isoformat() if computation else None
        echo_json(doc)
        return
    last = submission.events[-1].at if submission.events else submission.received_at
    computation = desk.deadline(submission)
    due = f", due {computation.due.isoformat()}" if computation and submission.is_open else ""
    click.echo(f"{safe_text(submission.id)}: {submission.status.value} ({last.isoformat()}){due}")


@click.group("desk")
def desk_group() -> None:
    """Receive submissions and move them through their lifecycle."""


_AT = click.option("--at", "at", help="When it happened (ISO 8601; default: now).")
_NOTE = click.option("--note", default="", help="Free text kept in the history.")
_ACTOR = click.option("--actor", help="Who did it (staff member or unit).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print the submission as JSON "
                     "(without personal data).")


@desk_group.command("receive")
@db_option(create=True)
@click.option("--id", "sid", required=True, help="The submission's id (its register number).")
@click.option("--channel", required=True, help="Channel type key (see 'participation channels').")
@click.option("--kind", required=True, help="proposal, signal, complaint, question, …")
@click.option("--received-at", help="When it arrived (default: now).")
@click.option("--subject", default="")
@click.option("--text", default="")
@click.option("--policy", "policy_id", help="Id of the policy it concerns.")
@click.option("--topic")
@click.option("--anonymous", is_flag=True, help="The sender did not identify themselves.")
@click.option("--name", help="Contact: name (personal data).")
@click.option("--email", help="Contact: e-mail (personal data).")
@click.option("--phone", help="Contact: phone (personal data).")
@click.option("--address", help="Contact: postal address (personal data).")
@click.option("--consent", is_flag=True, help="The person opted in to be contacted (needed "
              "for contact details on a channel that accepts anonymous submissions).")
@_JSON
@click.pass_obj
def receive_command(app: AppContext, db: str, sid: str, channel: str, kind: str,
                    received_at: str | None, subject: str, text: str, policy_id: str | None,
                    topic: str | None, anonymous: bool, name: str | None, email: str | None,
                    phone: str | None, address: str | None, consent: bool, as_json: bool) -> None:
    """Receive a new submission."""
    from participation.model import Contact, Submission, SubmissionKind

    try:
        kind_ = SubmissionKind(kind)
    except ValueError:
        raise FieldError("kind", f"unknown kind {kind!r}; expected one of "
                         + ", ".join(k.value for k in SubmissionKind)) from None
    desk = _desk(app, db, create=True)
    with desk.store:
        contact = (Contact(name, email, phone, address, consent=consent)
                   if any((name, email, phone, address)) else None)
        submission = Submission(sid, channel, kind_,
                                _moment(desk, received_at, "received_at") or desk.clock(),
                                subject, text, policy_id=policy_id, topic=topic,
                                anonymous=anonymous, contact=contact)
        _report(desk, desk.receive(submission), as_json)


def _simple(name: str, method: str, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("submission_id")
    @db_option()
    @_AT
    @_NOTE
    @_ACTOR
    @_JSON
    @click.pass_obj
    def command(app: AppContext, submission_id: str, db: str, at: str | None, note: str,
                actor: str | None, as_json: bool) -> None:
        desk = _desk(app, db)
        with desk.store:
            moved = getattr(desk, method)(submission_id, _moment(desk, at), note=note, actor=actor)
            _report(desk, moved, as_json)
    return command


for _name, _doc in (("register", "Enter SUBMISSION_ID in the register."),
                    ("acknowledge", "Confirm receipt of SUBMISSION_ID to the sender."),
                    ("close", "Close SUBMISSION_ID (answered, rejected or withdrawn)."),
                    ("withdraw", "Record that the sender withdrew SUBMISSION_ID.")):
    desk_group.add_command(_simple(_name, _name, _doc))


@desk_group.command("assign")
@click.argument("submission_id")
@click.argument("assignee")
@db_option()
@_AT
@_NOTE
@_JSON
@click.pass_obj
def assign_command(app: AppContext, submission_id: str, assignee: str, db: str, at: str | None,
                   note: str, as_json: bool) -> None:
    """Put SUBMISSION_ID in review with ASSIGNEE."""
    desk = _desk(app, db)
    with desk.store:
        _report(desk, desk.assign(submission_id, assignee, _moment(desk, at), note=note), as_json)


@desk_group.command("extend")
@click.argument("submission_id")
@click.argument("extension")
@db_option()
@_AT
@_NOTE
@_ACTOR
@_JSON
@click.pass_obj
def extend_command(app: AppContext, submission_id: str, extension: str, db: str,
                   at: str | None, note: str, actor: str | None, as_json: bool) -> None:
    """Extend the deadline of SUBMISSION_ID by EXTENSION (a key of its rule's extensions)."""
    desk = _desk(app, db)
    with desk.store:
        _report(desk, desk.extend(submission_id, extension, _moment(desk, at), note=note,
                                  actor=actor), as_json)


@desk_group.command("forward")
@click.argument("submission_id")
@click.argument("to")
@db_option()
@_AT
@_NOTE
@_ACTOR
@_JSON
@click.pass_obj
def forward_command(app: AppContext, submission_id: str, to: str, db: str, at: str | None,
                    note: str, actor: str | None, as_json: bool) -> None:
    """Forward SUBMISSION_ID to another body or unit (TO)."""
    desk = _desk(app, db)
    with desk.store:
        _report(desk, desk.forward(submission_id, to, _moment(desk, at), note=note, actor=actor),
                as_json)


@desk_group.command("answer")
@click.argument("submission_id")
@db_option()
@click.option("--outcome", required=True, help="accepted, partly_accepted, rejected, "
              "informational, forwarded, granted, partly_granted, refused, not_examined")
@click.option("--text", "answer_text", default="", help="The answer's text.")
@click.option("--legal-basis", help="The provision the outcome rests on.")
@click.option("--not-reasoned", is_flag=True, help="A form letter without reasons.")
@click.option("--published", is_flag=True, help="The answer was made public.")
@_AT
@_NOTE
@_ACTOR
@_JSON
@click.pass_obj
def answer_command(app: AppContext, submission_id: str, db: str, outcome: str, answer_text: str,
                   legal_basis: str | None, not_reasoned: bool, published: bool, at: str | None,
                   note: str, actor: str | None, as_json: bool) -> None:
    """Record the answer to SUBMISSION_ID."""
    from participation.model import Outcome, Response

    try:
        outcome_ = Outcome(outcome)
    except ValueError:
        raise FieldError("outcome", f"unknown outcome {outcome!r}; expected one of "
                         + ", ".join(o.value for o in Outcome)) from None
    desk = _desk(app, db)
    with desk.store:
        moment = _moment(desk, at) or desk.clock()
        response = Response(moment, outcome_, reasoned=not not_reasoned, published=published,
                            legal_basis=legal_basis, text=answer_text)
        _report(desk, desk.answer(submission_id, response, moment, note=note, actor=actor),
                as_json)


@desk_group.command("reject")
@click.argument("submission_id")
@click.argument("reason")
@db_option()
@_AT
@_ACTOR
@_JSON
@click.pass_obj
def reject_command(app: AppContext, submission_id: str, reason: str, db: str, at: str | None,
                   actor: str | None, as_json: bool) -> None:
    """Reject SUBMISSION_ID for REASON (kept in its history)."""
    desk = _desk(app, db)
    with desk.store:
        _report(desk, desk.reject(submission_id, reason, _moment(desk, at), actor=actor), as_json)


@desk_group.command("show")
@click.argument("submission_id")
@db_option()
@click.pass_obj
def show_command(app: AppContext, submission_id: str, db: str) -> None:
    """Show SUBMISSION_ID with its history and due day, as JSON (no personal data)."""
    desk = _desk(app, db)
    with desk.store:
        _report(desk, desk.store.get_submission(submission_id), True)


@desk_group.command("overdue")
@db_option()
@click.option("--as-of", help="The moment to judge at (ISO date = its first moment, in the "
              "administration's time zone; default: now).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True,
              help="At most this many (one page).")
@click.option("--after", help="Start after this cursor (printed at the end of the previous "
              "page).")
@click.option("--all", "show_all", is_flag=True, help="Every overdue submission, no paging.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def overdue_command(app: AppContext, db: str, as_of: str | None, limit: int, after: str | None,
                    show_all: bool, as_json: bool) -> None:
    """List the open submissions past their due day, earliest due first, a page at a time."""
    desk = _desk(app, db)
    with desk.store:
        moment = _moment(desk, as_of, "as_of") or desk.clock()
        page = desk.overdue_page(moment, limit=None if show_all else limit, after=after)
    today = moment.astimezone(desk.tz).date()
    rows = [{"id": i.submission.id, "channel": i.submission.channel,
             "status": i.submission.status.value, "received_at": i.submission.received_at
             .isoformat(), "due": i.due, "rule": i.deadline.rule,
             "days_overdue": (today - i.deadline.due).days}
            for i in page.items]
    if as_json:
        echo_json({"as_of": moment.isoformat(), "total": page.total, "next": page.next,
                   "overdue": rows})
        return
    shown = f" (showing {len(rows)})" if len(rows) < page.total else ""
    click.echo(f"{page.total} overdue as of {moment.isoformat()}{shown}")
    for r in rows:
        click.echo(f"  {safe_text(r['id'])}  {r['status']:<12} due {r['due']} "
                   f"({r['days_overdue']} days ago)  {safe_text(r['channel'])}  "
                   f"{safe_text(r['rule'])}")
    if page.next is not None:
        click.echo(f"next page: --after {safe_text(page.next)}")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The desk commands."""
    cli.add_command(desk_group)
