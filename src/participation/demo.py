"""A deterministic, realistic synthetic year for a regional administration.

:func:`generate` builds about 3,000 submissions over every registered channel type
(with seasonality, working hours, answer times that are mostly on time, some late
and some never answered, and synthetic contact details), about 12 policies moving
through the cycle with about 30 participation activities, and — when a
satisfaction survey is installed — a few hundred survey responses. The same seed
gives the same data, byte for byte.

:func:`write` streams: each submission's JSON line is made straight from the values
drawn for it (no model objects on the way), the line the serializer writes for the
:class:`~participation.model.Submission` those values make; a million take about 20 s
of CPU and constant memory.

Everything here is invented: names, streets and texts are synthetic.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from participation.model import (
    Activity,
    ActivityKind,
    Administration,
    ChannelType,
    GovernmentLevel,
    Medium,
    Mode,
    Outcome,
    ParticipationLevel,
    Policy,
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
    from participation.rules import DeadlineRule
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


#: The kinds a channel without a kind of its own takes, and how often.
_KINDS = [SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL, SubmissionKind.COMPLAINT,
          SubmissionKind.QUESTION, SubmissionKind.PRAISE]
_KIND_WEIGHTS = [22, 30, 20, 24, 4]
_ACTORS = ["regional development", "administrative services", "legal", "public relations"]
_WORK_FROM, _WORK_TO = 8 * 60, 17 * 60 + 30  # a working-hour moment: a minute between these
_DAY = 24 * 60


class _Pick:
    """One of ``items`` drawn from a :class:`random.Random` exactly as the standard
    methods draw it (the same numbers consumed, the same result): ``rnd.choices(items,
    weights)[0]`` with ``weights``, else ``rnd.choice(items)``, and nothing drawn when
    ``fixed`` (the only item)."""

    def __init__(self, items: list[Any], weights: list[int] | None = None, *,
                 fixed: bool = False) -> None:
        self.items = items
        self.fixed = fixed
        self.cumulative = None if weights is None else list(itertools.accumulate(weights))
        self.total = 0.0 if self.cumulative is None else self.cumulative[-1] + 0.0

    def replaced(self, items: list[Any]) -> _Pick:
        """The same draw over ``items`` (one for each of this one's)."""
        pick = _Pick(items, fixed=self.fixed)
        pick.cumulative, pick.total = self.cumulative, self.total
        return pick

    def draw(self, rnd: random.Random) -> Any:
        if self.fixed:
            return self.items[0]
        if self.cumulative is None:
            return self.items[rnd._randbelow(len(self.items))]  # type: ignore[attr-defined]  # choice()
        return self.items[bisect.bisect(self.cumulative, rnd.random() * self.total, 0,
                                        len(self.items) - 1)]


def _kinds_for(channel: ChannelType) -> _Pick:
    """The kind of a submission that comes through ``channel``."""
    key = channel.key
    for word, kind in (("whistleblower", SubmissionKind.WHISTLEBLOWER_REPORT),
                       ("information", SubmissionKind.INFORMATION_REQUEST),
                       ("apia", SubmissionKind.INFORMATION_REQUEST),
                       ("corruption", SubmissionKind.CORRUPTION_REPORT),
                       ("signal", SubmissionKind.SIGNAL), ("proposal", SubmissionKind.PROPOSAL)):
        if word in key:
            return _Pick([kind], fixed=True)
    if channel.medium is Medium.EVENT or "consultation" in key:
        return _Pick([SubmissionKind.PROPOSAL, SubmissionKind.COMMENT])
    return _Pick(_KINDS, _KIND_WEIGHTS)


def _outcomes_for(kind: SubmissionKind) -> _Pick:
    """The outcome of the answer to a submission of ``kind``."""
    if kind is SubmissionKind.INFORMATION_REQUEST:
        return _Pick([Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED], [70, 18, 12])
    if kind in (SubmissionKind.PROPOSAL, SubmissionKind.COMMENT):
        return _Pick([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED], [22, 18, 60])
    if kind in (SubmissionKind.QUESTION, SubmissionKind.PRAISE):
        return _Pick([Outcome.INFORMATIONAL], fixed=True)
    return _Pick([Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED, Outcome.FORWARDED],
                 [35, 25, 30, 10])


class _Moments:
    """The demo's moments as whole minutes of wall-clock time in the administration's
    zone, counted from 1 January of :data:`YEAR` (every moment the demo makes falls on a
    whole minute), and their ISO text as an aware :class:`datetime` in that zone prints it.

    Arithmetic on aware datetimes that share one zone is wall-clock arithmetic, so
    counting minutes gives the moments the model would; only the text needs the zone's
    offset, which is looked up once per day (per moment on a day the offset changes).
    """

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.first = date(YEAR, 1, 1).toordinal()
        self.first_weekday = date(YEAR, 1, 1).weekday()
        self._prefix: list[str] = []
        self._offset: list[str | None] = []
        self._clock = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(_DAY)]

    def date(self, day: int) -> date:
        return date.fromordinal(self.first + day)

    def datetime(self, minute: int) -> datetime:
        day, m = divmod(minute, _DAY)
        return datetime.combine(self.date(day), time(m // 60, m % 60), tzinfo=self.tz)

    def _add_days(self, last: int) -> None:
        while len(self._prefix) <= last:
            day = self.date(len(self._prefix))
            self._prefix.append(day.isoformat() + "T")
            offsets = {datetime.combine(day, time(h, m), tzinfo=self.tz).utcoffset()
                       for h in range(24) for m in (0, 59)}
            self._offset.append(datetime.combine(day, time(12), tzinfo=self.tz).isoformat()[19:]
                                if len(offsets) == 1 else None)

    def iso(self, minute: int) -> str:
        day, m = divmod(minute, _DAY)
        if day < 0:
            return self.datetime(minute).isoformat()
        if day >= len(self._prefix):
            self._add_days(day)
        offset = self._offset[day]
        if offset is None:
            return self.datetime(minute).isoformat()
        return self._prefix[day] + self._clock[m] + offset


@attrs.frozen
class _KindFacts:
    """What a submission of one kind through one channel is written with."""

    kind: SubmissionKind
    json: str
    rule: DeadlineRule | None
    outcomes: _Pick
    texts: list[str]  # the text for each topic


def _json(value: Any) -> str:
    """``value`` as the serializer writes it."""
    return json.dumps(value, ensure_ascii=False)


def _event_tail(status: Status, note: str = "", actor: str | None = None,
                extension: str | None = None) -> str:
    """What follows the moment in an event's JSON object."""
    return (f'", "status": {_json(status.value)}, "note": {_json(note)}, "actor": {_json(actor)}, '
            f'"extension": {_json(extension)}, "adjustment": false}}')


def _submission_lines(admin: Administration, registry: Registry, tag: str, rnd: random.Random,
                      count: int) -> Iterator[str]:
    """The demo's submissions, one JSON Lines line each (no newline), made from the drawn
    values directly: the lines the serializer writes for the :class:`Submission` objects
    these values make (each one's history built with
    :func:`participation.rules.lifecycle.transition` and its deadline by
    :func:`~participation.rules.lifecycle.deadline_for`), with the same random numbers
    drawn in the same order."""
    channels = sorted(registry.channel_types.values(), key=lambda c: c.key)
    pick_channel = _Pick(list(range(len(channels))), [_CORE_WEIGHTS.get(c.key, 3) for c in channels])
    calendar = registry.calendar(admin.jurisdiction)
    tz = admin.tzinfo
    moments = _Moments(tz)
    iso = moments.iso
    first_weekday = moments.first_weekday
    random_ = rnd.random
    # rnd.randint(a, b) is a + below(b - a + 1); rnd.choice(items) is items[below(len(items))]
    below: Callable[[int], int] = rnd._randbelow  # type: ignore[attr-defined]
    lognormvariate = rnd.lognormvariate

    # what depends on the channel, the kind, the topic, the name: worked out once
    tag_json = _json(tag)
    channel_json = [_json(c.key) for c in channels]
    digital = [c.medium is Medium.DIGITAL for c in channels]
    anonymous_ok = [c.anonymous for c in channels]
    outcome_json = {outcome: _json(outcome.value) for outcome in Outcome}
    probe = datetime(YEAR, 1, 1, tzinfo=tz)

    def facts(channel: ChannelType, kind: SubmissionKind) -> _KindFacts:
        rule = registry.rule_for(Submission("probe", channel.key, kind, probe))
        outcomes = _outcomes_for(kind)
        return _KindFacts(kind, _json(kind.value), rule,
                          outcomes.replaced([outcome_json[o] for o in outcomes.items]),
                          [_json(f"Citizen {kind.value} about {topic}.") for topic, _t in _TOPICS])

    kinds = [pick.replaced([facts(c, kind) for kind in pick.items])
             for c, pick in ((c, _kinds_for(c)) for c in channels)]
    topic_json = [_json(topic) for topic, _template in _TOPICS]
    subjects: dict[tuple[int, int, int, int], str] = {}
    names = {(f, la): _json(f"{first} {last}") for f, first in enumerate(_FIRST)
             for la, last in enumerate(_LAST)}
    emails = {(f, la): _json(f"{first}.{last}".lower())[:-1] for f, first in enumerate(_FIRST)
              for la, last in enumerate(_LAST)}
    month_first = [0] + [date(YEAR, m, 1).toordinal() - moments.first for m in range(1, 13)]
    month_days = [0] + [28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31 for m in range(1, 13)]
    registered = _event_tail(Status.REGISTERED, actor="registry office")
    acknowledged, answered_tail, closed = (_event_tail(s) for s in (
        Status.ACKNOWLEDGED, Status.ANSWERED, Status.CLOSED))
    noted = {False: _event_tail(Status.IN_REVIEW), True: _event_tail(Status.WITHDRAWN)}
    reviewed = [_event_tail(Status.IN_REVIEW, actor=actor) for actor in _ACTORS]
    dues: dict[tuple[int, int | None, int, tuple[str, ...]], int] = {}

    def at(day: int, weekday_only: bool = True) -> int:
        """A working-hour minute on ``day`` (on the Monday after it when it is a weekend
        and ``weekday_only``)."""
        weekday = (first_weekday + day) % 7
        if weekday_only and weekday >= 5:
            day += 7 - weekday
        return day * _DAY + _WORK_FROM + below(_WORK_TO - _WORK_FROM + 1)

    def later(moment: int, days: float) -> int:
        """A working-hour moment about ``days`` after ``moment``, at least five minutes on."""
        day, minute = divmod(moment, _DAY)
        step = timedelta(days=days)  # the float rounded to microseconds as datetime adds it
        target = at(day + step.days + (minute * 60 + step.seconds >= 24 * 3600))
        return max(moment + 5, target)

    def due_day(rule: DeadlineRule, received: int, steps: list[tuple[Status, int]],
                extensions: tuple[str, ...]) -> int:
        """The due day :func:`lifecycle.deadline_for` gives for the history ``steps``
        (worked out once for each anchor day, day of receipt and extensions)."""
        anchor = received if rule.anchor is Status.RECEIVED else next(
            (at for status, at in steps if status is rule.anchor), None)
        anchor_day = None if anchor is None else anchor // _DAY
        key = (id(rule), anchor_day, received // _DAY, extensions)
        due = dues.get(key)
        if due is None:
            computed = lifecycle.deadline_from_days(
                rule, None if anchor_day is None else moments.date(anchor_day),
                moments.date(received // _DAY), extensions, calendar)
            due = dues[key] = computed.due.toordinal() - moments.first
        return due

    for i, month in enumerate(_months(rnd, count), start=1):
        c = pick_channel.draw(rnd)
        day = month_first[month] + below(month_days[month])
        received = at(day, weekday_only=not digital[c] or random_() < 0.8)
        day = received // _DAY
        kind: _KindFacts = kinds[c].draw(rnd)
        rule = kind.rule
        t = below(len(_TOPICS))
        place_key = (t, below(len(_STREETS)), below(len(_PLACES)), below(len(_SERVICES)))
        subject = subjects.get(place_key)
        if subject is None:
            _t, s, p, v = place_key
            subject = subjects[place_key] = _json(_TOPICS[t][1].format(
                street=_STREETS[s], place=_PLACES[p], service=_SERVICES[v]))
        text = kind.texts[t]
        anonymous = anonymous_ok[c] and random_() < 0.6
        contact = "null"
        if not anonymous and random_() < 0.75:
            name = (below(len(_FIRST)), below(len(_LAST)))
            email = f'{emails[name]}{1 + below(400)}@example.org"'
            phone = f'"+3598{7 + below(3)}{1000000 + below(9000000)}"' if random_() < 0.4 else "null"
            consent = "true" if anonymous_ok[c] or random_() < 0.5 else "false"
            contact = (f'{{"name": {names[name]}, "email": {email}, "phone": {phone}, '
                       f'"address": null, "consent": {consent}}}')

        # the history (what _history did with lifecycle.transition)
        now = later(received, (0, 0, 0, 1)[below(4)])
        events = ['{"at": "' + iso(now) + registered]
        response = "null"
        if rule is None or rule.kind is RuleKind.MINIMUM:
            if random_() < 0.5:  # event and media input: noted and closed
                tail = noted[random_() < 0.02]
                now = later(now, 1 + 9 * random_())
                events.append('{"at": "' + iso(now) + tail)
        else:
            steps = [(Status.REGISTERED, now)]
            if random_() < 0.8:
                now = later(now, lognormvariate(1.0, 0.7))
                steps.append((Status.ACKNOWLEDGED, now))
                events.append('{"at": "' + iso(now) + acknowledged)
            now = later(now, 3 * random_())
            steps.append((Status.IN_REVIEW, now))
            events.append('{"at": "' + iso(now) + reviewed[below(len(_ACTORS))])
            extensions: tuple[str, ...] = ()
            term_days = max(3, due_day(rule, received, steps, extensions) - day)
            if rule.extensions and random_() < 0.05:
                now = later(now, 1 + (term_days / 2 - 1) * random_())
                extensions = (rule.extensions[0].key,)
                steps.append((Status.EXTENDED, now))
                events.append('{"at": "' + iso(now) + _event_tail(
                    Status.EXTENDED, "more time needed to collect information", extension=extensions[0]))
                term_days = max(3, due_day(rule, received, steps, extensions) - day)
            fate = random_()
            if fate >= 0.04:  # else never answered: open, and overdue once its term runs out
                if fate < 0.14:
                    days = term_days + (1 + 24 * random_())  # late
                else:
                    days = min(term_days - 0.5, lognormvariate(2.3, 0.55) * term_days / 30)
                answered = later(received, max(0.2, days))
                if answered <= now:
                    answered = now + 120
                outcome = kind.outcomes.draw(rnd)
                reasoned = "true" if random_() < 0.85 else "false"
                published = "true" if random_() < 0.4 else "false"
                answered_at = iso(answered)
                response = (f'{{"answered_at": "{answered_at}", "outcome": {outcome}, '
                            f'"reasoned": {reasoned}, "published": {published}, "legal_basis": null, '
                            f'"text": "Answer sent to the citizen."}}')
                events.append('{"at": "' + answered_at + answered_tail)
                if random_() < 0.9:
                    events.append('{"at": "' + iso(later(answered, 5 * random_()))
                                  + closed)
        yield (f'{{"schema": {tag_json}, "id": "S-{YEAR}-{i:05d}", "channel": {channel_json[c]}, '
               f'"kind": {kind.json}, "received_at": "{iso(received)}", "subject": {subject}, '
               f'"text": {text}, "policy_id": null, "topic": {topic_json[t]}, '
               f'"anonymous": {"true" if anonymous else "false"}, "contact": {contact}, '
               f'"events": [{", ".join(events)}], "response": {response}, "deadline_rule": null, '
               f'"occurred_on": null, "extra": {{}}}}')


def _as_the_model_writes(lines: Iterator[str], serializer: Serializer) -> Iterator[str]:
    """``lines``, checked on the first against what the serializer writes for the
    :class:`Submission` it reads as: when a plugin changed how submissions are written,
    every line is read into the model and written by the serializer instead."""
    def remade(line: str) -> str:
        out = io.StringIO()
        serializer.write_jsonl([serializer.loads(line, Submission)], out)
        return out.getvalue()[:-1]

    first = next(lines, None)
    if first is None:
        return
    if remade(first) == first:
        yield first
        yield from lines
    else:
        yield remade(first)
        yield from map(remade, lines)


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
    :func:`generate`'s data written with :meth:`Serializer.write_jsonl`; the submissions'
    lines are made from the drawn values directly rather than through model objects
    (about 20 s of CPU for a million), checked on the first line against what the
    serializer writes for it.

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
        lines = _submission_lines(admin, registry, serializer.tag(Submission), rnd, submissions)
        for line in shown(_as_the_model_writes(lines, serializer), submissions, "Writing submissions"):
            fh.write(line + "\n")
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
    from participation.serialization import Serializer

    rnd = random.Random(seed)  # noqa: S311 - synthetic data, not security
    admin = demo_administration(registry)
    ser = Serializer(registry.plugin_manager)
    subs = [ser.loads(line, Submission)
            for line in _submission_lines(admin, registry, ser.tag(Submission), rnd, submissions)]
    policies, activities = _policies_and_activities(registry, admin, rnd)
    return DemoData(admin, subs, policies, activities, _survey_responses(registry, admin, seed))
