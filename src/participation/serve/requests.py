"""Submissions as GeoReport service requests, and the filters of ``GET /requests``.

What a request shows comes from the desk's own records, never from the person:
``status`` from the lifecycle (:func:`participation.open311.open311_status`),
``expected_datetime`` from the statutory due day (its last second, in the
administration's time zone), ``status_notes`` from the lifecycle step and the
answer's outcome and legal basis (its text only when the answer was published),
``agency_responsible`` from the administration. A submission is read without its
contact details, so no personal data can reach an answer; its description and
location are shown only when the service publishes details
(:attr:`~participation.serve.config.ServeConfig.publish_details`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any

import attrs

from participation.errors import FieldError
from participation.model import Period, Status, Submission
from participation.open311 import location_fields, open311_status, parse_statuses
from participation.registry import Registry
from participation.rules.deadlines import DeadlineComputation
from participation.serve.formats import Open311Error

__all__ = ["RequestQuery", "due_moment", "request_view", "service_notice", "status_notes"]

_STEP = {
    Status.RECEIVED: "Received; not registered yet.",
    Status.REGISTERED: "Registered.",
    Status.ACKNOWLEDGED: "Registered; receipt acknowledged.",
    Status.IN_REVIEW: "In review.",
    Status.FORWARDED: "Forwarded to the body competent to answer.",
    Status.EXTENDED: "In review; the deadline was extended.",
    Status.ANSWERED: "Answered.",
    Status.CLOSED: "Closed.",
    Status.REJECTED: "Rejected.",
    Status.WITHDRAWN: "Withdrawn by the sender.",
}


def w3c(moment: datetime) -> str:
    """A moment as GeoReport writes it (W3C / ISO 8601 with its offset, whole seconds)."""
    return moment.replace(microsecond=0).isoformat()


def due_moment(computation: DeadlineComputation, tz: tzinfo) -> datetime:
    """The last second of the due day in ``tz``: the request is on time until then."""
    return datetime.combine(computation.due, time(23, 59, 59), tzinfo=tz)


def status_notes(submission: Submission) -> str:
    """What happened last, in words the public may read: the lifecycle step, and for an
    answer its outcome, date and legal basis (and its text when it was published)."""
    note = _STEP[submission.status]
    response = submission.response
    if response is not None:
        outcome = response.outcome.value.replace("_", " ")
        note += f" Outcome: {outcome} ({response.answered_at.date().isoformat()})"
        if response.legal_basis:
            note += f", under {response.legal_basis}"
        note += "."
        if response.published and response.text.strip():
            note += f" {response.text.strip()}"
    return note


def service_notice(submission: Submission, computation: DeadlineComputation | None,
                   registry: Registry, tz: tzinfo, lang: str = "en") -> str:
    """The statutory due day and its legal basis, in one sentence."""
    if computation is None:
        return "No answer is owed by a date on this channel."
    rule = registry.deadline_rule(computation.rule)
    label = rule.labels.get(lang) or rule.labels["en"]
    basis = f"; {rule.legal_basis}" if rule.legal_basis else ""
    verb = "Due" if submission.is_open else "Was due"
    extended = f", extended under {', '.join(computation.extensions)}" if computation.extensions else ""
    return f"{verb} by {due_moment(computation, tz).date().isoformat()} ({label}{basis}{extended})."


def request_view(submission: Submission, *, computation: DeadlineComputation | None,
                 registry: Registry, tz: tzinfo, agency: str | None, lang: str = "en",
                 details: bool = False) -> dict[str, Any]:
    """The GeoReport service request of ``submission`` (read without its contact)."""
    last = submission.events[-1].at if submission.events else submission.received_at
    view: dict[str, Any] = {
        "service_request_id": submission.id,
        "status": open311_status(submission.status),
        "status_notes": status_notes(submission),
        "service_name": (registry.channel_label(submission.channel, lang)
                         if submission.channel in registry.channel_types else None),
        "service_code": submission.channel,
        "description": None,
        "agency_responsible": agency,
        "service_notice": service_notice(submission, computation, registry, tz, lang),
        "requested_datetime": w3c(submission.received_at.astimezone(tz)),
        "updated_datetime": w3c(last.astimezone(tz)),
        "expected_datetime": w3c(due_moment(computation, tz)) if computation else None,
    }
    if details:
        text = submission.text or submission.subject
        view["description"] = text[:4000] if text else None
        view.update(location_fields(submission.extra))
    return view


def _moment(params: Mapping[str, str], name: str, tz: tzinfo) -> datetime | None:
    text = params.get(name)
    if text is None or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Open311Error(400, f"{name}: {text[:40]!r} is not a W3C date-time "
                           "(for example 2025-06-02T09:00:00Z)") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _list(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    items = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
    return items or None


def _window(start: datetime | None, end: datetime | None, span: timedelta,
            now: datetime) -> tuple[datetime, datetime]:
    if start is not None and end is not None:
        return start, end
    if start is not None:
        return start, start + span
    if end is not None:
        return end - span, end
    return now - span, now


@attrs.frozen
class RequestQuery:
    """The filters of ``GET /requests``: ids (which override the rest), service codes,
    a window of ``requested_datetime`` and statuses; at most ``limit`` results."""

    ids: tuple[str, ...] | None
    service_codes: tuple[str, ...]
    start: datetime
    end: datetime
    statuses: frozenset[Status] | None
    limit: int

    @classmethod
    def parse(cls, params: Mapping[str, str], *, served: tuple[str, ...], now: datetime,
              tz: tzinfo, max_days: int, limit: int) -> RequestQuery:
        """Read the query arguments. Without dates the window is the last ``max_days``
        days; with one date it is ``max_days`` from (or up to) it; two dates may not be
        further apart than ``max_days``.

        :raises Open311Error: 400 naming the argument at fault.
        """
        span = timedelta(days=max_days)
        start, end = _moment(params, "start_date", tz), _moment(params, "end_date", tz)
        try:
            start, end = _window(start, end, span, now)
        except OverflowError:
            raise Open311Error(400, "start_date/end_date: out of the range of dates") from None
        if end - start > span:
            raise Open311Error(400, f"start_date to end_date spans more than {max_days} days")
        if end < start:
            raise Open311Error(400, "end_date is before start_date")
        codes = _list(params.get("service_code"))

        if codes is not None:
            unknown = [c for c in codes if c not in served]
            if unknown:
                raise Open311Error(400, [f"service_code: {c[:60]!r} is not a service here "
                                         "(see GET /services)" for c in unknown])
        statuses = None
        if params.get("status") is not None and params["status"].strip():
            try:
                statuses = parse_statuses(params["status"])
            except FieldError as exc:
                raise Open311Error(400, str(exc)) from None
        ids = _list(params.get("service_request_id"))
        if ids is not None and len(ids) > limit:
            raise Open311Error(400, f"service_request_id: at most {limit} ids at once")
        return cls(ids, codes or served, start, end, statuses, limit)

    def period(self, tz: tzinfo) -> Period:
        """The days (in ``tz``) the window touches, for the store's query."""
        first, last = self.start.astimezone(tz).date(), self.end.astimezone(tz).date()
        return Period.custom(first, last)

    def select(self, submissions: Iterator[Submission]) -> Iterator[Submission]:
        """The submissions received within the window, at most ``limit`` of them."""
        count = 0
        for submission in submissions:
            if self.start <= submission.received_at <= self.end:
                yield submission
                count += 1
                if count >= self.limit:
                    return

    def run(self, store: Any, tz: tzinfo,
            fetch: Callable[[str], Submission | None]) -> list[Submission]:
        """The matching submissions, read without contact details, oldest first."""
        if self.ids is not None:
            found = (fetch(i) for i in self.ids)
            return [s for s in found if s is not None and s.channel in self.service_codes]
        try:
            period = self.period(tz)
        except (FieldError, OverflowError, ValueError) as exc:
            raise Open311Error(400, f"start_date/end_date: {exc}") from None
        stream = store.iter_submissions(period=period, status=self.statuses,
                                        channel=self.service_codes, tz=tz, with_contact=False)
        try:
            return list(self.select(stream))
        finally:
            stream.close()


def utc_now() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)
