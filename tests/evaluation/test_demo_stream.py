"""The demo writes its data streaming, the same bytes as the data it generates in memory,
as the model-based generator it replaced wrote, and as the serializer writes for the
submissions each line reads as."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import cattrs
import pytest

from participation import hookimpl
from participation.demo import (
    _CORE_WEIGHTS,
    _FIRST,
    _LAST,
    _MONTH_WEIGHTS,
    _PLACES,
    _SERVICES,
    _STREETS,
    _TOPICS,
    YEAR,
    _Moments,
    _policies_and_activities,
    demo_administration,
    generate,
    write,
)
from participation.model import (
    Administration,
    ChannelType,
    Contact,
    Medium,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.registry import Registry
from participation.rules import RuleKind, lifecycle
from participation.serialization import Serializer


def test_streamed_files_equal_the_generated_data(tmp_path: Path) -> None:
    registry = Registry.default()
    ser = Serializer(registry.plugin_manager)
    admin = write(registry, tmp_path, ser, seed=11, submissions=400)
    data = generate(registry, seed=11, submissions=400)
    assert admin == data.administration
    for name, items in (("submissions", data.submissions), ("policies", data.policies),
                        ("activities", data.activities),
                        ("survey_responses", data.survey_responses)):
        expected = io.StringIO()
        ser.write_jsonl(items, expected)
        assert (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8") == expected.getvalue(), name
    assert len(data.submissions) == 400 and data.survey_responses


def test_every_line_reads_into_the_model_and_writes_back_the_same(tmp_path: Path) -> None:
    """The fast writer never writes what the model would not: each line is a valid
    submission that the serializer writes back byte for byte."""
    registry = Registry.default()
    ser = Serializer(registry.plugin_manager)
    write(registry, tmp_path, ser, seed=3, submissions=1500)
    lines = (tmp_path / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    statuses = set()
    for line in lines:
        submission = ser.loads(line, Submission)
        statuses.add(submission.status)
        out = io.StringIO()
        ser.write_jsonl([submission], out)
        assert out.getvalue() == line + "\n"
    assert len(lines) == 1500
    # the lines cover every step the generator takes
    assert {Status.REGISTERED, Status.IN_REVIEW, Status.EXTENDED, Status.ANSWERED,
            Status.CLOSED, Status.ACKNOWLEDGED} <= statuses | {
        e.status for line in lines for e in ser.loads(line, Submission).events}


# The generator the fast writer replaced, kept as the reference: model objects moved through
# their lifecycle with lifecycle.transition, deadlines from lifecycle.deadline_for, and the
# random draws made with the plain random.Random methods.

def _reference_kind(channel: ChannelType, rnd: random.Random) -> SubmissionKind:
    key = channel.key
    if "whistleblower" in key:
        return SubmissionKind.WHISTLEBLOWER_REPORT
    if "information" in key or "apia" in key:
        return SubmissionKind.INFORMATION_REQUEST
    if "corruption" in key:
        return SubmissionKind.CORRUPTION_REPORT
    if "signal" in key:
        return SubmissionKind.SIGNAL
    if "proposal" in key:
        return SubmissionKind.PROPOSAL
    if channel.medium is Medium.EVENT or "consultation" in key:
        return rnd.choice([SubmissionKind.PROPOSAL, SubmissionKind.COMMENT])
    return rnd.choices([SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL, SubmissionKind.COMPLAINT,
                        SubmissionKind.QUESTION, SubmissionKind.PRAISE],
                       weights=[22, 30, 20, 24, 4])[0]


def _reference_outcome(kind: SubmissionKind, rnd: random.Random) -> Outcome:
    if kind is SubmissionKind.INFORMATION_REQUEST:
        return rnd.choices([Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED], [70, 18, 12])[0]
    if kind in (SubmissionKind.PROPOSAL, SubmissionKind.COMMENT):
        return rnd.choices([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED], [22, 18, 60])[0]
    if kind in (SubmissionKind.QUESTION, SubmissionKind.PRAISE):
        return Outcome.INFORMATIONAL
    return rnd.choices([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED,
                        Outcome.FORWARDED], [35, 25, 30, 10])[0]


class _ReferenceClock:
    def __init__(self, admin: Administration, rnd: random.Random) -> None:
        self.tz = admin.tzinfo
        self.rnd = rnd

    def at(self, day: date, weekday_only: bool = True) -> datetime:
        while weekday_only and day.weekday() >= 5:
            day += timedelta(days=1)
        minutes = self.rnd.randint(8 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=self.tz)

    def later(self, moment: datetime, days: float) -> datetime:
        target = moment + timedelta(days=days)
        return max(moment + timedelta(minutes=5), self.at(target.astimezone(self.tz).date()))


def _reference_submissions(admin: Administration, registry: Registry, rnd: random.Random,
                           count: int) -> Iterator[Submission]:
    channels = sorted(registry.channel_types.values(), key=lambda c: c.key)
    weights = [_CORE_WEIGHTS.get(c.key, 3) for c in channels]
    calendar = registry.calendar(admin.jurisdiction)
    clock = _ReferenceClock(admin, rnd)
    months = sorted(rnd.choices(range(1, 13), weights=_MONTH_WEIGHTS, k=count))
    for i, month in enumerate(months, start=1):
        channel = rnd.choices(channels, weights=weights)[0]
        day = date(YEAR, month, rnd.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
        received = clock.at(day, weekday_only=channel.medium is not Medium.DIGITAL or rnd.random() < 0.8)
        kind = _reference_kind(channel, rnd)
        topic, template = rnd.choice(_TOPICS)
        subject = template.format(street=rnd.choice(_STREETS), place=rnd.choice(_PLACES),
                                  service=rnd.choice(_SERVICES))
        anonymous = channel.anonymous and rnd.random() < 0.6
        contact = None
        if not anonymous and rnd.random() < 0.75:
            first, last = rnd.choice(_FIRST), rnd.choice(_LAST)
            contact = Contact(name=f"{first} {last}",
                              email=f"{first}.{last}{rnd.randint(1, 400)}@example.org".lower(),
                              phone=f"+3598{rnd.randint(7, 9)}{rnd.randint(1000000, 9999999)}"
                              if rnd.random() < 0.4 else None,
                              consent=channel.anonymous or rnd.random() < 0.5)
        sub = Submission(f"S-{YEAR}-{i:05d}", channel.key, kind, received, subject,
                         text=f"Citizen {kind.value} about {topic}.", topic=topic,
                         anonymous=anonymous, contact=contact)
        yield _reference_history(sub, registry, calendar, clock, rnd)


def _reference_history(sub: Submission, registry: Registry, calendar: Any, clock: _ReferenceClock,
                       rnd: random.Random) -> Submission:
    now = clock.later(sub.received_at, rnd.choice([0, 0, 0, 1]))
    sub = lifecycle.transition(sub, Status.REGISTERED, now, actor="registry office")
    rule = registry.rule_for(sub)
    if rule is None or rule.kind is RuleKind.MINIMUM:
        if rnd.random() < 0.5:
            return lifecycle.transition(sub, Status.WITHDRAWN if rnd.random() < 0.02 else Status.IN_REVIEW,
                                        clock.later(now, rnd.uniform(1, 10)))
        return sub
    if rnd.random() < 0.8:
        now = clock.later(now, rnd.lognormvariate(1.0, 0.7))
        sub = lifecycle.transition(sub, Status.ACKNOWLEDGED, now)
    now = clock.later(now, rnd.uniform(0, 3))
    sub = lifecycle.transition(sub, Status.IN_REVIEW, now, actor=rnd.choice(
        ["regional development", "administrative services", "legal", "public relations"]))
    due = lifecycle.deadline_for(sub, rule, calendar, clock.tz).due
    term_days = max(3, (due - sub.received_at.astimezone(clock.tz).date()).days)
    if rule.extensions and rnd.random() < 0.05:
        now = clock.later(now, rnd.uniform(1, term_days / 2))
        sub = lifecycle.transition(sub, Status.EXTENDED, now, extension=rule.extensions[0].key,
                                   note="more time needed to collect information")
        due = lifecycle.deadline_for(sub, rule, calendar, clock.tz).due
        term_days = max(3, (due - sub.received_at.astimezone(clock.tz).date()).days)
    fate = rnd.random()
    if fate < 0.04:
        return sub
    if fate < 0.14:
        days = term_days + rnd.uniform(1, 25)
    else:
        days = min(term_days - 0.5, rnd.lognormvariate(2.3, 0.55) * term_days / 30)
    answered = clock.later(sub.received_at, max(0.2, days))
    if answered <= now:
        answered = now + timedelta(hours=2)
    response = Response(answered, _reference_outcome(sub.kind, rnd), reasoned=rnd.random() < 0.85,
                        published=rnd.random() < 0.4, text="Answer sent to the citizen.")
    sub = lifecycle.transition(sub, Status.ANSWERED, answered, response=response)
    if rnd.random() < 0.9:
        sub = lifecycle.transition(sub, Status.CLOSED, clock.later(answered, rnd.uniform(0, 5)))
    return sub


def _jsonl(ser: Serializer, items: Any) -> str:
    out = io.StringIO()
    ser.write_jsonl(items, out)
    return out.getvalue()


@pytest.mark.parametrize(("installed", "seed", "count"), [
    (True, 2025, 1200), (True, 7, 600), (True, 99, 600), (False, 2025, 600), (False, 5, 300)])
def test_same_bytes_as_the_model_based_generator(tmp_path: Path, installed: bool, seed: int,
                                                 count: int) -> None:
    """The same submissions, the same bytes, and the random numbers left in the same state
    for the policies and activities that follow (with and without the Bulgarian rules)."""
    registry = Registry.default(load_entrypoints=installed)
    ser = Serializer(registry.plugin_manager)
    write(registry, tmp_path, ser, seed=seed, submissions=count)
    rnd = random.Random(seed)
    admin = demo_administration(registry)
    submissions = list(_reference_submissions(admin, registry, rnd, count))
    policies, activities = _policies_and_activities(registry, admin, rnd)
    assert (tmp_path / "submissions.jsonl").read_text(encoding="utf-8") == _jsonl(ser, submissions)
    assert (tmp_path / "policies.jsonl").read_text(encoding="utf-8") == _jsonl(ser, policies)
    assert (tmp_path / "activities.jsonl").read_text(encoding="utf-8") == _jsonl(ser, activities)
    if installed:  # the Bulgarian rules: extensions, acknowledgement anchors, holidays
        assert any(s.extensions for s in submissions)


@pytest.mark.parametrize("zone", ["Europe/Sofia", "America/Santiago", "Australia/Lord_Howe", "UTC"])
def test_moment_text_is_the_aware_datetime_text(zone: str) -> None:
    """Minutes counted from 1 January print as the aware datetime of that wall-clock time,
    on ordinary days and every minute of the days the zone changes its offset (at 03:00,
    at midnight, by half an hour)."""
    tz = ZoneInfo(zone)
    moments = _Moments(tz)
    start = date(YEAR, 1, 1)
    for day in range(2 * 366):
        here = start + timedelta(days=day)
        noon, midnight = (datetime.combine(here, time(h), tzinfo=tz).utcoffset() for h in (12, 0))
        minutes = range(24 * 60) if noon != midnight or day % 97 == 0 else range(0, 24 * 60, 53)
        for minute in minutes:
            expected = datetime.combine(here, time(minute // 60, minute % 60), tzinfo=tz)
            assert moments.iso(day * 24 * 60 + minute) == expected.isoformat()


class _UtcMoments:
    """A plugin that writes every moment in UTC."""

    @hookimpl
    def configure_converter(self, converter: cattrs.Converter) -> None:
        converter.register_unstructure_hook(datetime, lambda d: d.astimezone(UTC).isoformat())


def test_a_plugin_that_writes_moments_differently_is_followed(tmp_path: Path) -> None:
    """When a plugin changes how the serializer writes submissions, the demo's lines are
    still what the serializer writes (here: moments in UTC)."""
    registry = Registry.default(load_entrypoints=False, plugins=[_UtcMoments()])
    ser = Serializer(registry.plugin_manager)
    write(registry, tmp_path, ser, seed=4, submissions=200)
    text = (tmp_path / "submissions.jsonl").read_text(encoding="utf-8")
    rnd = random.Random(4)
    expected = _jsonl(ser, _reference_submissions(demo_administration(registry), registry, rnd, 200))
    assert text == expected
    assert "+00:00" in text and "+02:00" not in text and "+03:00" not in text
