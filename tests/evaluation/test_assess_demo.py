"""``assess()`` on the synthetic demo year: deterministic, complete, and counting right."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from participation import demo
from participation.evaluation import InMemorySource, assess
from participation.model import Period
from participation.registry import Registry
from participation.rules import RuleKind, lifecycle

YEAR = Period.parse("2025")


@pytest.fixture(scope="module")
def reg() -> Registry:
    return Registry.default(load_entrypoints=False)


@pytest.fixture(scope="module")
def data(reg):
    return demo.generate(reg, submissions=300)


def _source(d) -> InMemorySource:
    return InMemorySource(d.submissions, d.policies, d.activities, d.survey_responses)


@pytest.fixture(scope="module")
def year(reg, data):
    return assess(data.administration, YEAR, _source(data), reg)


def test_assess_is_deterministic(reg, data, year) -> None:
    again = assess(data.administration, YEAR, _source(demo.generate(reg, submissions=300)), reg)
    assert again == year


def test_counts(data, year) -> None:
    assert year.counts == {"policies": 12, "activities": len(data.activities), "submissions": 300,
                           "survey_responses": len(data.survey_responses)}
    assert year.as_of == YEAR.end_at(data.administration.tzinfo)


def test_figures_agree_with_a_direct_count(data, year) -> None:
    tz = data.administration.tzinfo
    end = YEAR.end_at(tz)
    answered = [s for s in data.submissions if s.answered_at is not None and s.answered_at < end]
    # every demo submission is received in 2025; answered ones are timed
    assert year.measurements["median_days_to_answer"].n == len(answered)
    days = sorted((s.answered_at.astimezone(tz).date() - s.received_at.astimezone(tz).date()).days
                  for s in answered)
    n = len(days)
    median = days[n // 2] if n % 2 else (days[n // 2 - 1] + days[n // 2]) / 2
    assert year.measurements["median_days_to_answer"].value == median
    assert year.measurements["p90_days_to_answer"].value == days[-(-9 * n // 10) - 1]
    with_response = [s for s in answered if s.response is not None]
    reasoned = year.measurements["reasoned_answers"]
    assert (reasoned.numerator, reasoned.denominator) == (
        sum(s.response.reasoned for s in with_response), len(with_response))
    assert year.measurements["channel_diversity"].n == 300


def test_deadline_figures_agree_with_the_lifecycle_rules(reg, data, year) -> None:
    admin = data.administration
    tz, end = admin.tzinfo, YEAR.end_at(admin.tzinfo)
    calendar = reg.calendar(admin.jurisdiction)
    on_time = due_or_answered = overdue = open_with_rule = 0
    for s in data.submissions:
        rule = reg.rule_for(s)
        if rule is None or rule.kind is RuleKind.MINIMUM:
            continue
        answered = s.answered_at is not None and s.answered_at < end  # December's may come in 2026
        status = lifecycle.status_at(s, end - timedelta(microseconds=1))
        if status.is_open and not answered:
            open_with_rule += 1
        if lifecycle.is_overdue(s, end, rule, calendar, tz) and not answered:
            overdue += 1
            due_or_answered += 1
        elif answered:
            due_or_answered += 1
            on_time += not lifecycle.is_late(s, rule, calendar, tz)
    m = year.measurements["answered_on_time"]
    assert (m.numerator, m.denominator) == (on_time, due_or_answered)
    o = year.measurements["overdue_open"]
    assert (o.value, o.denominator) == (overdue, open_with_rule)
    assert overdue > 0  # the demo has unanswered cases
    assert on_time < due_or_answered  # and late ones


def test_previous_period_and_trends(data, year) -> None:
    assert set(year.previous) == set(year.measurements)
    # no submission before 2025: the previous year's responsiveness is "no data", and so is the change
    assert year.previous["answered_on_time"].value is None
    assert year.change("answered_on_time") is None
    assert [str(p) for p in year.trends] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    for ms in year.trends.values():
        assert set(ms) == set(year.measurements)
    # answers given in the year re-aggregate from its quarters
    for key in ("reasoned_answers", "answers_published", "in_person_share"):
        assert sum(ms[key].denominator for ms in year.trends.values()) == year.measurements[key].denominator
    assert len(year.previous_scores) == len(year.scores) == 2


def test_a_quarter_has_a_previous_quarter_with_data(reg, data) -> None:
    q3 = assess(data.administration, Period.parse("2025-Q3"), _source(data), reg)
    assert str(next(iter(q3.trends))) == "2025-07"
    assert len(q3.trends) == 3
    now, before = q3.measurements["answered_on_time"], q3.previous["answered_on_time"]
    assert now.value is not None
    assert before.value is not None
    assert q3.change("answered_on_time") == pytest.approx(now.value - before.value)
    assert q3.score("composite").value is not None
    assert q3.previous_scores[0].value is not None


def test_weakest_areas_are_the_lowest_composite_areas(year) -> None:
    areas = sorted((a.value, a.area) for a in year.score("composite").areas)
    assert year.weakest_areas == tuple(a for _, a in areas[:3])
    assert len(year.weakest_areas) == 3


def test_scores_are_within_their_scales(year) -> None:
    composite, quintile = year.score("composite"), year.score("quintile")
    assert 0 <= composite.value <= 100
    assert 1 <= quintile.value <= 5
    assert sum(a.contribution for a in composite.areas) == pytest.approx(composite.value)


def test_as_of_earlier_than_the_end(reg, data, year) -> None:
    tz = data.administration.tzinfo
    mid = datetime(2025, 7, 1, tzinfo=tz)
    early = assess(data.administration, YEAR, _source(data), reg, as_of=mid)
    # only what was received by 1 July counts; Q3 and Q4 are empty as of that moment
    received = sum(s.received_at < mid for s in data.submissions)
    assert early.measurements["channel_diversity"].n == received < 300
    q4 = next(ms for p, ms in early.trends.items() if str(p) == "2025-Q4")
    assert q4["answered_on_time"].value is None
    assert early.measurements != year.measurements
    assert timedelta(0) < year.as_of - mid
