"""Builders shared by the evaluation tests: submissions with a history, activities, and
one-period measurements through the real engine (:class:`Evaluation`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo

import pytest

from participation.evaluation import Evaluation
from participation.indicators import Measurement, Target
from participation.model import (
    Activity,
    ActivityKind,
    Administration,
    Contact,
    GovernmentLevel,
    Outcome,
    ParticipationLevel,
    Period,
    Policy,
    Response,
    Stage,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation.registry import Registry
from participation.rules import lifecycle

SOFIA = ZoneInfo("Europe/Sofia")


def at(y: int, m: int, d: int, h: int = 10, mi: int = 0, tz: tzinfo = UTC) -> datetime:
    """A moment (10:00 UTC unless told)."""
    return datetime(y, m, d, h, mi, tzinfo=tz)


class Kit:
    """Small builders over one registry. Population 2,000 so that per-1,000 figures are
    half the head count."""

    at = staticmethod(at)
    SOFIA = SOFIA

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.admin = Administration("Test Region", "BG", GovernmentLevel.REGIONAL, population=2_000)
        self.sofia = Administration("Test Region", "BG", GovernmentLevel.REGIONAL, population=2_000,
                                    timezone="Europe/Sofia")
        self._n = 0

    def submission(self, received: datetime, *, channel: str = "web_form",
                   kind: SubmissionKind = SubmissionKind.SIGNAL, answered: datetime | None = None,
                   outcome: Outcome = Outcome.ACCEPTED, reasoned: bool = True,
                   published: bool = False, ack: datetime | None = None,
                   extended: tuple[datetime, str] | None = None, contact: Contact | None = None,
                   anonymous: bool = False, deadline_rule: str | None = None,
                   registered: bool = True, withdrawn: datetime | None = None) -> Submission:
        """A submission received at ``received``, registered at once, then (in order)
        acknowledged, extended, answered or withdrawn as told."""
        self._n += 1
        sub = Submission(f"S-{self._n}", channel, kind, received, "Subject", contact=contact,
                         anonymous=anonymous, deadline_rule=deadline_rule)
        if registered:
            sub = lifecycle.transition(sub, Status.REGISTERED, received)
        if ack is not None:
            sub = lifecycle.transition(sub, Status.ACKNOWLEDGED, ack)
        if extended is not None:
            sub = lifecycle.transition(sub, Status.EXTENDED, extended[0], extension=extended[1])
        if answered is not None:
            sub = lifecycle.transition(sub, Status.ANSWERED, answered,
                                       response=Response(answered, outcome, reasoned=reasoned,
                                                         published=published))
        if withdrawn is not None:
            sub = lifecycle.transition(sub, Status.WITHDRAWN, withdrawn)
        return sub

    def activity(self, start: date, end: date | None, *,
                 kind: ActivityKind = ActivityKind.PUBLIC_CONSULTATION,
                 stage: Stage = Stage.DRAFTING, level: ParticipationLevel = ParticipationLevel.CONSULTATION,
                 policy_id: str | None = "P-1", **kw: object) -> Activity:
        """An activity over ``start..end``."""
        self._n += 1
        return Activity(f"A-{self._n}", policy_id, kind, stage, level, Window(start, end), **kw)  # type: ignore[arg-type]

    def evaluate(self, periods: Iterable[Period | str], *, submissions: Iterable[Submission] = (),
                 activities: Iterable[Activity] = (), policies: Iterable[Policy] = (),
                 as_of: datetime | None = None, admin: Administration | None = None,
                 registry: Registry | None = None, targets: Mapping[str, Target] | None = None,
                 ) -> dict[Period, dict[str, Measurement]]:
        """Measurements for several periods in one pass."""
        admin = admin or self.admin
        ps = [Period.parse(p) if isinstance(p, str) else p for p in periods]
        as_of = as_of or max(p.end_at(admin.tzinfo) for p in ps)
        ev = Evaluation(admin, ps, as_of, registry or self.registry, targets)
        ev.add_policies(policies)
        ev.add_activities(activities)
        ev.add_submissions(submissions)
        return ev.finish()

    def measure(self, period: Period | str, **kw: object) -> dict[str, Measurement]:
        """Measurements for one period."""
        p = Period.parse(period) if isinstance(period, str) else period
        return self.evaluate([p], **kw)[p]  # type: ignore[arg-type]


@pytest.fixture
def kit(registry: Registry) -> Kit:
    """Builders over the built-in registry."""
    return Kit(registry)
