"""A deterministic, realistic synthetic year for a regional administration.

:func:`generate` builds about 3,000 submissions over every registered channel type
(with seasonality, working hours, answer times that are mostly on time, some late
and some never answered, and synthetic contact details), about 12 policies moving
through the cycle with about 30 participation activities, and — when a
satisfaction survey is installed — a few hundred survey responses. The same seed
gives the same data, byte for byte.

Everything here is invented: names, streets and texts are synthetic.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from participation.model import (
    Activity,
    ActivityKind,
    Administration,
    ChannelType,
    Contact,
    GovernmentLevel,
    Medium,
    Mode,
    Outcome,
    ParticipationLevel,
    Policy,
    Response,
    Stage,
    StageWindow,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation.registry import Registry
from participation.rules import RuleKind, lifecycle

if TYPE_CHECKING:
    from participation.serialization import Serializer

__all__ = ["DemoData", "demo_administration", "generate", "write"]

YEAR = 2025
_MONTH_WEIGHTS = [8, 8, 9, 9, 9, 9, 8, 5, 9, 10, 9, 7]
_CORE_WEIGHTS = {"web_form": 24, "email": 18, "in_person": 12, "phone": 10, "post": 5,
                 "anticorruption_box": 2, "information_request": 6, "social_media": 8,
                 "media_monitoring": 3, "public_consultation": 4, "round_table": 2,
                 "open_doors_day": 2, "survey": 1}
_TOPICS = [
    ("roads", "Pothole on {street}"), ("roads", "Road repair needed near {place}"),
    ("transport", "Bus line to {place} runs too rarely"), ("transport", "Timetable for {place}"),
    ("waste", "Illegal dumping near {place}"), ("water", "Water supply interruptions in {place}"),
    ("lighting", "Street lighting out on {street}"), ("education", "School bus for {place}"),
    ("health", "Opening hours of the clinic in {place}"), ("environment", "Air quality in {place}"),
    ("services", "Waiting time at the front office"), ("services", "Online forms for {service}"),
    ("property", "Use of state property in {place}"), ("tourism", "Signposting to {place}"),
]
_PLACES = ["Zlatograd", "Dolno Selo", "Gorna Reka", "Novo Pole", "Staro Hanche", "Krivina",
           "Belitsa", "Ravnishte", "the regional hospital", "the railway station"]
_STREETS = ["Vasil Levski Blvd", "Hristo Botev St", "Rakovski St", "Tsar Osvoboditel Blvd",
            "Slivnitsa St", "Shipka St", "Bulgaria Blvd", "Pirin St"]
_SERVICES = ["property certificates", "permits for events", "appeals", "public information"]
_FIRST = ["Ivan", "Maria", "Georgi", "Elena", "Dimitar", "Nadezhda", "Petar", "Yordanka",
          "Nikolay", "Tsvetelina", "Stoyan", "Desislava", "Hristo", "Radostina"]
_LAST = ["Petrov", "Ivanova", "Georgiev", "Dimitrova", "Stoyanov", "Nikolova", "Kolev",
         "Todorova", "Angelov", "Marinova", "Hristov", "Pavlova"]
_POLICIES = [
    ("Regional Development Strategy 2026–2030", "regional development", Stage.DRAFTING),
    ("Regional Transport Scheme", "transport", Stage.AGENDA_SETTING),
    ("Air Quality Programme", "environment", Stage.IMPLEMENTATION),
    ("Regional Healthcare Map", "health", Stage.DRAFTING),
    ("Disaster Protection Plan", "civil protection", Stage.MONITORING),
    ("Regional Tourism Programme", "tourism", Stage.DECISION),
    ("Youth Strategy", "youth", Stage.AGENDA_SETTING),
    ("Social Services Plan", "social services", Stage.DRAFTING),
    ("Digital Administration Roadmap", "administration", Stage.IMPLEMENTATION),
    ("Water Supply Investment Plan", "water", Stage.DECISION),
    ("Anti-Corruption Plan 2025", "integrity", Stage.MONITORING),
    ("Roma Integration Strategy", "inclusion", Stage.REFORMULATION),
]


def demo_administration(registry: Registry) -> Administration:
    """The demo's administration: Bulgarian rules when the Bulgarian plugin is installed."""
    jurisdiction = "bg" if "bg" in registry.calendars else "default"
    return Administration("Regional Administration of Example", "BG", GovernmentLevel.REGIONAL,
                          population=200_000, jurisdiction=jurisdiction, timezone="Europe/Sofia")


@attrs.frozen
class DemoData:
    """What :func:`generate` made."""

    administration: Administration
    submissions: list[Submission]
    policies: list[Policy]
    activities: list[Activity]
    survey_responses: list[Any]


def _kind_for(channel: ChannelType, rnd: random.Random) -> SubmissionKind:
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


def _outcome(kind: SubmissionKind, rnd: random.Random) -> Outcome:
    if kind is SubmissionKind.INFORMATION_REQUEST:
        return rnd.choices([Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED], [70, 18, 12])[0]
    if kind in (SubmissionKind.PROPOSAL, SubmissionKind.COMMENT):
        return rnd.choices([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED], [22, 18, 60])[0]
    if kind in (SubmissionKind.QUESTION, SubmissionKind.PRAISE):
        return Outcome.INFORMATIONAL
    return rnd.choices([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED,
                        Outcome.FORWARDED], [35, 25, 30, 10])[0]


class _Clock:
    """Working-hour moments in the administration's zone."""

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


def _months(rnd: random.Random, count: int) -> Iterator[int]:
    """``count`` months drawn with the seasonal weights, in calendar order: the draws of
    ``sorted(rnd.choices(..., k=count))``, counted per month rather than kept (each
    draw takes one random number, so drawing in chunks draws the same)."""
    tally = [0] * 12
    left = count
    while left:
        chunk = min(left, 1 << 16)
        for month in rnd.choices(range(1, 13), weights=_MONTH_WEIGHTS, k=chunk):
            tally[month - 1] += 1
        left -= chunk
    for month, n in enumerate(tally, start=1):
        yield from itertools.repeat(month, n)


def _submissions(admin: Administration, registry: Registry, rnd: random.Random, count: int
                 ) -> Iterator[Submission]:
    channels = sorted(registry.channel_types.values(), key=lambda c: c.key)
    weights = [_CORE_WEIGHTS.get(c.key, 3) for c in channels]
    calendar = registry.calendar(admin.jurisdiction)
    clock = _Clock(admin, rnd)
    for i, month in enumerate(_months(rnd, count), start=1):
        channel = rnd.choices(channels, weights=weights)[0]
        day = date(YEAR, month, rnd.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
        received = clock.at(day, weekday_only=channel.medium is not Medium.DIGITAL or rnd.random() < 0.8)
        kind = _kind_for(channel, rnd)
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
        yield _history(sub, channel, registry, calendar, clock, rnd)


def _history(sub: Submission, channel: ChannelType, registry: Registry, calendar: Any, clock: _Clock,
             rnd: random.Random) -> Submission:
    now = clock.later(sub.received_at, rnd.choice([0, 0, 0, 1]))
    sub = lifecycle.transition(sub, Status.REGISTERED, now, actor="registry office")
    rule = registry.rule_for(sub)
    if rule is None or rule.kind is RuleKind.MINIMUM:
        if rnd.random() < 0.5:  # event and media input: noted and closed
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
        return sub  # never answered: open, and overdue once its term runs out
    if fate < 0.14:
        days = term_days + rnd.uniform(1, 25)  # late
    else:
        days = min(term_days - 0.5, rnd.lognormvariate(2.3, 0.55) * term_days / 30)
    answered = clock.later(sub.received_at, max(0.2, days))
    if answered <= now:
        answered = now + timedelta(hours=2)
    response = Response(answered, _outcome(sub.kind, rnd), reasoned=rnd.random() < 0.85,
                        published=rnd.random() < 0.4, text="Answer sent to the citizen.")
    sub = lifecycle.transition(sub, Status.ANSWERED, answered, response=response)
    if rnd.random() < 0.9:
        sub = lifecycle.transition(sub, Status.CLOSED, clock.later(answered, rnd.uniform(0, 5)))
    return sub


def _policies_and_activities(registry: Registry, admin: Administration, rnd: random.Random
                             ) -> tuple[list[Policy], list[Activity]]:
    min_rule = next((k for k in ("bg.lna.consultation", "eu.consultation.minimum")
                     if k in registry.deadline_rules), None)
    calendar = registry.calendar(admin.jurisdiction)
    tz = admin.tzinfo
    policies: list[Policy] = []
    activities: list[Activity] = []
    stages = list(Stage)
    for n, (title, area, first) in enumerate(_POLICIES, start=1):
        start = date(YEAR, 1, 6) + timedelta(days=rnd.randint(0, 120))
        windows = []
        for stage in stages[stages.index(first):]:
            length = rnd.randint(45, 120)
            end = start + timedelta(days=length)
            windows.append(StageWindow(stage, Window(start, end if end < date(YEAR, 12, 31) else None)))
            if end >= date(YEAR, 12, 31):
                break
            start = end + timedelta(days=1)
        policy = Policy(f"P-{n:02d}", title, area=area, stages=windows)
        policies.append(policy)
        for sw in windows[:3]:
            kind, level, mode = _activity_for(sw.stage, rnd)
            a_start = max(sw.window.start, date(YEAR, 1, 8))
            if a_start > date(YEAR, 12, 10):
                continue
            length = 1 if kind in (ActivityKind.ROUND_TABLE, ActivityKind.OPEN_DOORS_DAY,
                                   ActivityKind.WORKSHOP) else rnd.randint(20, 45)
            rule_key = min_rule if kind is ActivityKind.PUBLIC_CONSULTATION else None
            exceptional = False
            if rule_key is not None:
                rule = registry.deadline_rules[rule_key]
                minimum = rule.compute(a_start, calendar).due
                length = (minimum - a_start).days + rnd.choice([0, 0, 2, 5, -4])
                exceptional = length < (minimum - a_start).days and rnd.random() < 0.5 \
                    and rule.exceptional_term is not None
            a_end = a_start + timedelta(days=max(0, length))
            received = 0 if level is ParticipationLevel.INFORMATION else rnd.randint(5, 160)
            feedback = None
            if received and rnd.random() < 0.7:
                feedback = datetime.combine(a_end + timedelta(days=rnd.randint(5, 60)), time(12), tzinfo=tz)
            activities.append(Activity(
                f"A-{len(activities) + 1:02d}", policy.id, kind, sw.stage, level, Window(a_start, a_end),
                title=f"{kind.value.replace('_', ' ').capitalize()}: {title}", mode=mode,
                participants=rnd.randint(15, 60) if length <= 1 else received + rnd.randint(0, 200),
                inputs_received=received, inputs_taken_into_account=int(received * rnd.uniform(0.1, 0.5)),
                feedback_published_at=feedback, minimum_rule=rule_key, exceptional=exceptional,
                justification="urgent transposition deadline" if exceptional else ""))
    for day, title in ((date(YEAR, 5, 22), "Open-doors day: meet the regional administration"),
                       (date(YEAR, 10, 16), "Open-doors day: the regional budget explained")):
        activities.append(Activity(f"A-{len(activities) + 1:02d}", None, ActivityKind.OPEN_DOORS_DAY,
                                   Stage.IMPLEMENTATION, ParticipationLevel.DIALOGUE, Window(day, day),
                                   title=title, participants=rnd.randint(120, 260),
                                   inputs_received=rnd.randint(20, 50)))
    activities.append(Activity(f"A-{len(activities) + 1:02d}", None, ActivityKind.INFORMATION_CAMPAIGN,
                               Stage.IMPLEMENTATION, ParticipationLevel.INFORMATION,
                               Window(date(YEAR, 3, 1), date(YEAR, 4, 30)), mode=Mode.HYBRID,
                               title="Information campaign: how to file a signal or proposal",
                               participants=4_000))
    # the participation work a regional plan lists besides consultations
    for kind, stage, level, start, end, title, people in (
            (ActivityKind.STAFF_TRAINING, Stage.IMPLEMENTATION, ParticipationLevel.INFORMATION,
             date(YEAR, 2, 11), date(YEAR, 2, 12), "Answering citizens in plain language", 28),
            (ActivityKind.STAFF_TRAINING, Stage.IMPLEMENTATION, ParticipationLevel.INFORMATION,
             date(YEAR, 9, 23), date(YEAR, 9, 24), "Running a public consultation", 24),
            (ActivityKind.PRINTED_INFORMATION, Stage.IMPLEMENTATION, ParticipationLevel.INFORMATION,
             date(YEAR, 3, 1), date(YEAR, 3, 31), "Brochure: your rights to information and to be heard", 0),
            (ActivityKind.MEDIA_MONITORING, Stage.MONITORING, ParticipationLevel.INFORMATION,
             date(YEAR, 1, 1), date(YEAR, 12, 31), "What the regional media report citizens raise", 0),
            (ActivityKind.CIVIC_MONITORING, Stage.MONITORING, ParticipationLevel.PARTNERSHIP,
             date(YEAR, 6, 1), date(YEAR, 11, 30), "NGO monitoring of the regional development plan", 14)):
        activities.append(Activity(f"A-{len(activities) + 1:02d}", None, kind, stage, level,
                                   Window(start, end), title=title, participants=people))
    return policies, activities


def _activity_for(stage: Stage, rnd: random.Random) -> tuple[ActivityKind, ParticipationLevel, Mode]:
    options = {
        Stage.AGENDA_SETTING: [(ActivityKind.SURVEY, ParticipationLevel.CONSULTATION, Mode.DIGITAL),
                               (ActivityKind.ROUND_TABLE, ParticipationLevel.DIALOGUE, Mode.IN_PERSON)],
        Stage.DRAFTING: [(ActivityKind.PUBLIC_CONSULTATION, ParticipationLevel.CONSULTATION, Mode.DIGITAL),
                         (ActivityKind.PUBLIC_CONSULTATION, ParticipationLevel.CONSULTATION, Mode.DIGITAL),
                         (ActivityKind.WORKING_GROUP, ParticipationLevel.PARTNERSHIP, Mode.IN_PERSON)],
        Stage.DECISION: [(ActivityKind.PUBLIC_HEARING, ParticipationLevel.DIALOGUE, Mode.HYBRID)],
        Stage.IMPLEMENTATION: [(ActivityKind.INFORMATION_CAMPAIGN, ParticipationLevel.INFORMATION,
                                Mode.HYBRID),
                               (ActivityKind.ADVISORY_COUNCIL, ParticipationLevel.PARTNERSHIP,
                                Mode.IN_PERSON)],
        Stage.MONITORING: [(ActivityKind.ROUND_TABLE, ParticipationLevel.DIALOGUE, Mode.IN_PERSON),
                           (ActivityKind.SURVEY, ParticipationLevel.CONSULTATION, Mode.DIGITAL)],
        Stage.REFORMULATION: [(ActivityKind.WORKSHOP, ParticipationLevel.DIALOGUE, Mode.IN_PERSON)],
    }[stage]
    return rnd.choice(options)


def _survey_responses(registry: Registry, admin: Administration, seed: int) -> list[Any]:
    """A few hundred responses to each installed survey instrument whose questions feed
    the satisfaction indicators (none when no such survey is installed)."""
    from participation.surveys.synthetic import generate as generate_responses

    tz = admin.tzinfo
    responses: list[Any] = []
    for n, (_key, survey) in enumerate(sorted(registry.surveys.items())):
        if not any(q.indicator for q in survey.questions):
            continue
        responses.extend(generate_responses(survey, 300 if n % 2 else 240, seed + n,
                                            datetime(YEAR, 1, 1, tzinfo=tz),
                                            datetime(YEAR, 12, 31, 23, 59, tzinfo=tz),
                                            registry.question_types))
    return sorted(responses, key=lambda r: (r.submitted_at, r.id))


def write(registry: Registry, folder: Path, serializer: Serializer, *, seed: int = YEAR,
          submissions: int = 3000,
          progress: Callable[[Iterator[Any], int, str], Iterator[Any]] | None = None
          ) -> Administration:
    """Write the synthetic year into the data folder ``folder`` (``administration.json``
    and the JSON Lines files), streaming: each submission is written as it is made, so
    memory does not grow with their number. The files hold the same bytes as
    :func:`generate`'s data written with :meth:`Serializer.write_jsonl`.

    :param progress: ``progress(items, length, label)`` wraps each stream written.
    """
    from participation.files import atomic_writer
    from participation.sources import DATA_FILES

    def shown(items: Iterator[Any], length: int, label: str) -> Iterator[Any]:
        return items if progress is None else progress(items, length, label)

    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    admin = demo_administration(registry)
    with atomic_writer(folder / DATA_FILES["administration"]) as fh:
        fh.write(serializer.dumps(admin) + "\n")
    with atomic_writer(folder / DATA_FILES["submissions"]) as fh:
        serializer.write_jsonl(shown(_submissions(admin, registry, rnd, submissions), submissions,
                                     "Writing submissions"), fh)
    policies, activities = _policies_and_activities(registry, admin, rnd)
    responses = _survey_responses(registry, admin, seed)
    streams: dict[str, list[Any]] = {"policies": policies, "activities": activities,
                                     "survey_responses": responses}
    for name, items in streams.items():
        if name == "survey_responses" and not items:
            (folder / DATA_FILES[name]).unlink(missing_ok=True)  # none left from an earlier run
            continue
        with atomic_writer(folder / DATA_FILES[name]) as fh:
            serializer.write_jsonl(shown(iter(items), len(items), f"Writing {name}"), fh)
    return admin


def generate(registry: Registry, *, seed: int = YEAR, submissions: int = 3000) -> DemoData:
    """The synthetic year, deterministic for a given registry and seed.

    >>> reg = Registry.default(load_entrypoints=False)
    >>> data = generate(reg, submissions=50)
    >>> len(data.submissions), len(data.policies) == 12, generate(reg, submissions=50) == data
    (50, True, True)
    """
    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    admin = demo_administration(registry)
    subs = list(_submissions(admin, registry, rnd, submissions))
    policies, activities = _policies_and_activities(registry, admin, rnd)
    return DemoData(admin, subs, policies, activities, _survey_responses(registry, admin, seed))
