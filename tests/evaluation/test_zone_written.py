"""The figures do not depend on the zone a moment is written in: the same instants written
in the administration's own zone (a ``ZoneInfo``, with its summer-time folds and gaps) or
in UTC give the same assessment, whatever the moment it is taken at."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest

from participation.errors import FieldError
from participation.evaluation import InMemorySource, assess
from participation.model import (
    Administration,
    Event,
    GovernmentLevel,
    Outcome,
    Period,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.registry import Registry

SOFIA = ZoneInfo("Europe/Sofia")
#: Summer time ends on 26 October 2025 (04:00 local back to 03:00) and starts on
#: 30 March 2025 (03:00 local straight to 04:00): the submissions crowd around both.
AROUND = (datetime(2025, 10, 26, 0, 0, tzinfo=UTC), datetime(2025, 3, 30, 0, 30, tzinfo=UTC))
PATHS = ((), (Status.REGISTERED,), (Status.REGISTERED, Status.ANSWERED),
         (Status.REGISTERED, Status.IN_REVIEW, Status.ANSWERED, Status.CLOSED))


def _submissions(seed: int) -> list[Submission]:
    rng = random.Random(seed)
    items = []
    for i in range(300):
        received = rng.choice(AROUND) + timedelta(minutes=rng.randint(-300, 300))
        at, events = received, []
        for status in rng.choice(PATHS):
            at += timedelta(minutes=rng.randint(1, 90))
            events.append(Event(at, status))
        response = (Response(at, rng.choice(list(Outcome)), reasoned=rng.random() < 0.7)
                    if events and events[-1].status in (Status.ANSWERED, Status.CLOSED)
                    and rng.random() < 0.8 else None)
        items.append(Submission(f"S-{i}", rng.choice(["email", "web_form", "phone"]),
                                rng.choice(list(SubmissionKind)), received, "s",
                                events=events, response=response))
    return items


def _written_in(items: list[Submission], zone: ZoneInfo | type[UTC]) -> list[Submission]:
    def moved(moment: datetime) -> datetime:
        return moment.astimezone(zone)  # type: ignore[arg-type]

    def written(s: Submission) -> Submission:
        try:
            return attrs.evolve(s, received_at=moved(s.received_at),
                                events=[attrs.evolve(e, at=moved(e.at)) for e in s.events],
                                response=None if s.response is None else attrs.evolve(
                                    s.response, answered_at=moved(s.response.answered_at)))
        except FieldError:
            # the model compares two moments that share a ZoneInfo by their wall clocks, so
            # it refuses a history that crosses the autumn fold written in that zone: such
            # a submission stays written in UTC (the same instants)
            return s

    return [written(s) for s in items]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("period", "as_of"), [
    ("2025-10", datetime(2025, 10, 26, 3, 30, fold=1, tzinfo=SOFIA)),  # the second 03:30
    ("2025-10", datetime(2025, 10, 26, 3, 30, fold=0, tzinfo=SOFIA)),  # the first
    ("2025-03", datetime(2025, 3, 30, 3, 30, tzinfo=SOFIA)),  # in the gap
    ("2025", None)])
def test_figures_do_not_depend_on_the_zone_moments_are_written_in(
        seed: int, period: str, as_of: datetime | None) -> None:
    registry = Registry.default(load_entrypoints=False)
    admin = Administration("X", "BG", GovernmentLevel.REGIONAL, 200_000, timezone="Europe/Sofia")
    items = _submissions(seed)
    results = [assess(admin, Period.parse(period), InMemorySource(submissions=_written_in(items, zone)),
                      registry, as_of=as_of)
               for zone in (SOFIA, UTC)]
    local, utc = ({key: (m.value, m.n) for key, m in r.measurements.items()} for r in results)
    assert local == utc
    assert results[0].counts == results[1].counts
    assert any(n for _value, n in local.values())
