"""The engine's fast path against a straightforward reference implementation.

The engine derives each submission's facts once for all periods, caches due dates
across submissions, cuts histories back without re-running the model's checks and
feeds an accumulator only the submissions it declares it needs. The reference below
does none of that: for every period it cuts every submission back with
``attrs.evolve``, computes its due date afresh and feeds every accumulator every
submission. Both must give the same measurements, to the last digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.demo import generate
from participation.evaluation import Evaluation, trend_periods
from participation.indicators import Measurement, SubmissionFacts
from participation.indicators.facts import EvaluationContext
from participation.model import Administration, Period, Status, Submission
from participation.registry import Registry
from participation.rules import lifecycle


def _seen(submission: Submission, cutoff: datetime) -> Submission:
    events = tuple(e for e in submission.events if e.at < cutoff)
    response = submission.response
    if response is not None and response.answered_at >= cutoff:
        response = None
    return attrs.evolve(submission, events=events, response=response)


def _facts(submission: Submission, ctx: EvaluationContext) -> SubmissionFacts:
    seen = _seen(submission, ctx.cutoff)
    channel = ctx.registry.channel_types.get(seen.channel)
    rule = ctx.registry.rule_for(seen) if channel is not None or seen.deadline_rule else None
    due = None if rule is None else lifecycle.deadline_for(seen, rule, ctx.calendar,
                                                           ctx.tz).due_at(ctx.tz)
    answered = seen.answered_at
    open_ = seen.status.is_open and answered is None
    return SubmissionFacts(
        submission=seen, channel=channel,
        received_in_period=ctx.start <= seen.received_at < ctx.end,
        answered_at=answered,
        answered_in_period=answered is not None and ctx.start <= answered < ctx.end,
        rule=rule, due_at=due, open_at_cutoff=open_,
        overdue_at_cutoff=open_ and due is not None and ctx.cutoff >= due,
        on_time=None if answered is None or due is None else answered < due,
        days_to_answer=None if answered is None else ctx.days_between(seen.received_at, answered),
        acknowledged_at=seen.entered(Status.ACKNOWLEDGED))


def reference(admin: Administration, periods: Sequence[Period], as_of: datetime,
              registry: Registry, data: object) -> dict[Period, dict[str, Measurement]]:
    """Every period on its own, every accumulator fed everything."""
    out = {}
    calendar = registry.calendar(admin.jurisdiction)
    for period in periods:
        ctx = EvaluationContext(admin, period, as_of, registry, calendar)
        specs = list(registry.indicators.values())
        accs = [spec.accumulator(spec, ctx) for spec in specs]
        for acc in accs:
            for policy in data.policies:  # type: ignore[attr-defined]
                acc.add_policy(policy)
            for activity in data.activities:  # type: ignore[attr-defined]
                acc.add_activity(activity)
            for response in data.survey_responses:  # type: ignore[attr-defined]
                acc.add_survey_response(response)
        for submission in data.submissions:  # type: ignore[attr-defined]
            if submission.received_at < ctx.cutoff:
                facts = _facts(submission, ctx)
                for acc in accs:
                    acc.add_submission(facts)
        out[period] = {spec.key: acc.finish() for spec, acc in zip(specs, accs, strict=True)}
    return out


def fast(admin: Administration, periods: Sequence[Period], as_of: datetime, registry: Registry,
         data: object) -> dict[Period, dict[str, Measurement]]:
    ev = Evaluation(admin, periods, as_of, registry)
    ev.add_policies(data.policies)  # type: ignore[attr-defined]
    ev.add_activities(data.activities)  # type: ignore[attr-defined]
    ev.add_submissions(data.submissions)  # type: ignore[attr-defined]
    ev.add_survey_responses(data.survey_responses)  # type: ignore[attr-defined]
    # the reference judges no targets: compare the measurements themselves
    return {p: {k: attrs.evolve(m, target=None, met=None) for k, m in ms.items()}
            for p, ms in ev.finish().items()}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def demo(registry: Registry) -> object:
    return generate(registry, seed=7, submissions=1200)


def _periods(period: Period) -> list[Period]:
    return list(dict.fromkeys([period, period.previous(), *trend_periods(period)]))


@pytest.mark.parametrize(("period", "as_of"), [
    ("2025", None),                      # the demo's report: year, previous year, quarters
    ("2025", "2025-08-14T16:30:00+03:00"),  # as of mid-year: open cases, cut-back histories
    ("2025-Q3", "2025-09-20T00:00:00+03:00"),
    ("2025-06", None),                   # a month: a series of six months
    ("2025-03-15..2025-07-02", None),    # a custom range with months
])
def test_fast_path_matches_reference_on_demo_data(registry: Registry, demo: object, period: str,
                                                  as_of: str | None) -> None:
    admin = demo.administration  # type: ignore[attr-defined]
    the_period = Period.parse(period)
    moment = datetime.fromisoformat(as_of) if as_of else the_period.end_at(admin.tzinfo)
    periods = _periods(the_period)
    expected = reference(admin, periods, moment, registry, demo)
    got = fast(admin, periods, moment, registry, demo)
    assert got == expected
    # and the figures are not all empty: the comparison has something to compare
    assert got[the_period]["answered_on_time"].n > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(hours=st.integers(0, 400 * 24), seed=st.integers(0, 10_000),
       kind=st.sampled_from(["year", "quarter", "month"]))
def test_fast_path_matches_reference_at_any_moment(registry: Registry, hours: int, seed: int,
                                                   kind: str) -> None:
    data = generate(registry, seed=seed, submissions=120)
    admin = data.administration
    as_of = datetime(2025, 1, 1, tzinfo=admin.tzinfo) + timedelta(hours=hours)
    day = min(as_of.date(), datetime(2025, 12, 31).date())
    period = {"year": Period.parse("2025"),
              "quarter": Period.parse(f"2025-Q{(day.month - 1) // 3 + 1}"),
              "month": Period.parse(f"2025-{day.month:02d}")}[kind]
    periods = _periods(period)
    assert fast(admin, periods, as_of, registry, data) == reference(admin, periods, as_of,
                                                                    registry, data)


def test_fast_path_matches_reference_when_submissions_share_moments_and_contacts(
        registry: Registry, demo: object) -> None:
    """The engine reuses what it worked out for one period in the next when it reads the
    very same objects (a contact's hash, the acknowledgement limit of a receipt moment):
    twins that share their contact and receipt moment but not their history must still
    be counted each on its own."""
    twins = []
    for s in demo.submissions[:400]:  # type: ignore[attr-defined]
        # the twin: same contact and receipt moment objects, no acknowledgement, no answer
        events = tuple(e for e in s.events if e.status not in (Status.ACKNOWLEDGED, Status.ANSWERED,
                                                              Status.CLOSED))
        twins += [s, attrs.evolve(s, id=f"{s.id}-twin", events=events, response=None)]
    data = attrs.evolve(demo, submissions=twins)  # type: ignore[misc]
    admin = demo.administration  # type: ignore[attr-defined]
    for period, as_of in (("2025", None), ("2025-Q2", "2025-06-20T12:00:00+03:00")):
        the_period = Period.parse(period)
        moment = datetime.fromisoformat(as_of) if as_of else the_period.end_at(admin.tzinfo)
        periods = _periods(the_period)
        got = fast(admin, periods, moment, registry, data)
        assert got == reference(admin, periods, moment, registry, data)
        assert got[the_period]["acknowledged_within_7_days"].n > 0
