"""iCalendar (RFC 5545) export of a store: the participation activities (open-doors
days, round tables, consultation windows …) and, for the desk, the statutory due days
of the open submissions. Written with the ``icalendar`` package (``pip install
"participation[ical]"``).

- Activities and due days are days, so they are all-day events (``VALUE=DATE``; the
  end is the day after the last, as RFC 5545 wants); a day means the same date in
  every time zone, and the calendar names the administration's zone
  (``X-WR-TIMEZONE``) for programs that show it.
- Every event has a stable ``UID`` (a UUID-5 of the administration's name, the kind of
  event and the record's id), so importing a newer export updates the events instead
  of adding copies; a due day moved by an extension carries a higher ``SEQUENCE``.
- No personal data: a due-day event names the submission's id, kind and channel,
  never its sender, subject or text (``include_personal_data`` adds the subject).
"""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from typing import IO, Any

from participation.errors import ParticipationError, UnknownKeyError
from participation.exporters.data import ExportData

__all__ = ["event_uid", "write_ical"]

_NAMESPACE = uuid.UUID("6f1c1a52-6a55-4d3c-9a43-2f1f4f0e9a1b")


def event_uid(administration: str, kind: str, record_id: str) -> str:
    """The stable UID of an event.

    >>> event_uid("Region", "activity", "A-1") == event_uid("Region", "activity", "A-1")
    True
    >>> event_uid("Region", "activity", "A-1").endswith("@participation")
    True
    """
    name = "\x1f".join((administration, kind, record_id))
    return f"{uuid.uuid5(_NAMESPACE, name)}@participation"


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError:
        raise ParticipationError('the iCalendar export needs the icalendar package: '
                                 'pip install "participation[ical]"') from None
    return icalendar


def _channel_label(registry: Any, key: str, lang: str) -> str:
    try:
        return str(registry.channel_label(key, lang))
    except UnknownKeyError:
        return key


def write_ical(data: ExportData, stream: IO[bytes]) -> None:
    """Write the activities and the open submissions' due days as one VCALENDAR."""
    ical = _icalendar()
    registry, lang, admin = data.registry, data.lang, data.administration
    cal = ical.Calendar()
    cal.add("prodid", "-//participation//participation export ical//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{admin.name} — {registry.translate('report.calendar', lang)}")
    cal.add("x-wr-timezone", admin.timezone)
    stamp = data.as_of.astimezone(UTC).replace(microsecond=0)

    for activity in data.activities():
        kind = registry.translate(f"activity.{activity.kind}", lang, activity.kind)
        event = ical.Event()
        event.add("uid", event_uid(admin.name, "activity", activity.id))
        event.add("dtstamp", stamp)
        event.add("summary", activity.title or kind)
        event.add("dtstart", activity.window.start)
        if activity.window.end is not None:
            event.add("dtend", activity.window.end + timedelta(days=1))
        stage = registry.translate(f"stage.{activity.stage.value}", lang, activity.stage.value)
        level = registry.translate(f"level.{activity.level.value}", lang, activity.level.value)
        event.add("description", f"{kind} · {stage} · {level}")
        event.add("categories", [kind])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    due_word = registry.translate("report.answer_due", lang, "Answer due")
    for submission, deadline in data.due_dates():
        kind = registry.translate(f"kind.{submission.kind.value}", lang, submission.kind.value)
        channel = _channel_label(registry, submission.channel, lang)
        event = ical.Event()
        event.add("uid", event_uid(admin.name, "due", submission.id))
        event.add("dtstamp", stamp)
        event.add("sequence", len(deadline.extensions))
        summary = f"{due_word}: {submission.id} ({kind}, {channel})"
        if data.include_personal_data and submission.subject:
            summary += f" — {submission.subject}"
        event.add("summary", summary)
        event.add("dtstart", deadline.due)
        event.add("dtend", deadline.due + timedelta(days=1))
        event.add("description", "\n".join(deadline.steps))
        event.add("categories", [due_word])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    stream.write(cal.to_ical())
