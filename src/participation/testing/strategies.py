"""Hypothesis strategies for every model class.

>>> from hypothesis import given
>>> @given(submissions())
... def test_status_is_known(s):
...     assert s.status in Status
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from participation.catalogue import (
    EvaluationArea,
    Figure,
    OecdMethod,
    Practice,
    PracticeType,
    TargetGroup,
)
from participation.catalogue.countries import ISO_3166_1
from participation.model import (
    TRANSITIONS,
    Activity,
    ActivityKind,
    Administration,
    ChannelType,
    Contact,
    Event,
    GovernmentLevel,
    Iap2Level,
    Medium,
    Mode,
    Outcome,
    ParticipationLevel,
    Period,
    Policy,
    Response,
    Stage,
    StageWindow,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation.surveys import DisplayCondition, Option, Question, Survey
from participation.surveys.builtin import BUILTIN_TYPES

__all__ = [
    "activities",
    "administrations",
    "aware_datetimes",
    "channel_types",
    "contacts",
    "dates",
    "keys",
    "periods",
    "policies",
    "practices",
    "submissions",
    "survey_options",
    "survey_questions",
    "surveys",
    "windows",
]

_zones = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=3)),
                          timezone(timedelta(hours=-5))])


def dates(min_year: int = 2000, max_year: int = 2040) -> st.SearchStrategy[date]:
    """Calendar dates in a plausible range."""
    return st.dates(date(min_year, 1, 1), date(max_year, 12, 31))


def aware_datetimes(min_year: int = 2000, max_year: int = 2040) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes (whole seconds)."""
    # hypothesis takes naive bounds and adds the zone itself
    return st.datetimes(datetime(min_year, 1, 1), datetime(max_year, 12, 31),  # noqa: DTZ001
                        timezones=_zones).map(lambda d: d.replace(microsecond=0))


def keys() -> st.SearchStrategy[str]:
    """Registry keys."""
    return st.from_regex(r"[a-z][a-z0-9_]{0,12}(\.[a-z0-9_]{1,8})?", fullmatch=True)


_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_nonblank = _text.filter(lambda s: s.strip() != "")


def contacts() -> st.SearchStrategy[Contact]:
    """Contacts with at least one detail."""
    return st.builds(Contact, name=_nonblank, email=st.none() | st.emails(),
                     phone=st.none() | st.from_regex(r"\+3592[0-9]{7}", fullmatch=True),
                     address=st.none() | _nonblank, consent=st.booleans())


def channel_types() -> st.SearchStrategy[ChannelType]:
    """Channel types."""
    return st.builds(ChannelType, key=keys(), labels=st.fixed_dictionaries({"en": _nonblank}),
                     medium=st.sampled_from(Medium), anonymous=st.booleans(),
                     deadline_rule=st.none() | keys(), level=st.sampled_from(ParticipationLevel),
                     description=_text)


@st.composite
def submissions(draw: st.DrawFn, channels: st.SearchStrategy[str] | None = None,
                max_events: int = 6) -> Submission:
    """Submissions with a legal status history (and sometimes a response)."""
    received = draw(aware_datetimes())
    status, at, events = Status.RECEIVED, received, []
    for _ in range(draw(st.integers(0, max_events))):
        allowed = sorted(TRANSITIONS[status], key=lambda s: s.value)
        if not allowed:
            break
        status = draw(st.sampled_from(allowed))
        at = at + timedelta(seconds=draw(st.integers(0, 40 * 86400)))
        events.append(Event(at, status, note=draw(_text)))
    response = None
    if status in (Status.ANSWERED, Status.CLOSED) and draw(st.booleans()):
        response = Response(at, draw(st.sampled_from(Outcome)), reasoned=draw(st.booleans()),
                            published=draw(st.booleans()))
    anonymous = draw(st.booleans())
    contact = draw(st.none() | contacts())
    if anonymous and contact is not None and not contact.consent:
        contact = None
    return Submission(
        id=draw(st.from_regex(r"[A-Z]{1,3}-[0-9]{1,6}", fullmatch=True)),
        channel=draw(channels if channels is not None else keys()),
        kind=draw(st.sampled_from(SubmissionKind)),
        received_at=received, subject=draw(_text), text=draw(_text),
        anonymous=anonymous, contact=contact, events=events, response=response,
        occurred_on=draw(st.none() | st.dates(date(1990, 1, 1), received.date())),
    )


@st.composite
def windows(draw: st.DrawFn, open_ended: bool = True) -> Window:
    """Windows whose end is on or after their start (or open)."""
    start = draw(dates())
    if open_ended and draw(st.booleans()):
        return Window(start)
    return Window(start, start + timedelta(days=draw(st.integers(0, 400))))


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with stage windows in order."""
    stages = draw(st.lists(st.sampled_from(Stage), unique=True, max_size=6))
    stages.sort()
    start = draw(dates(2000, 2030))
    windows_ = []
    for stage in stages:
        length = draw(st.integers(0, 200))
        windows_.append(StageWindow(stage, Window(start, start + timedelta(days=length))))
        start = start + timedelta(days=length + 1)
    return Policy(draw(st.from_regex(r"P-[0-9]{1,4}", fullmatch=True)), draw(_nonblank),
                  area=draw(_text), stages=windows_)


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    """Activities with consistent counts, levels and dates."""
    window = draw(windows(open_ended=False))
    received = draw(st.integers(0, 500))
    level = draw(st.sampled_from(ParticipationLevel))
    iap2 = draw(st.none() | st.sampled_from([i for i in Iap2Level if i.to_coe() is level]))
    published = None
    if draw(st.booleans()):
        published = datetime.combine(window.start + timedelta(days=draw(st.integers(0, 120))),
                                     datetime.min.time(), tzinfo=UTC)
    exceptional = draw(st.booleans())
    return Activity(
        id=draw(st.from_regex(r"A-[0-9]{1,4}", fullmatch=True)),
        policy_id=draw(st.none() | st.just("P-1")),
        kind=draw(st.sampled_from(ActivityKind)), stage=draw(st.sampled_from(Stage)),
        level=level, window=window, title=draw(_text), mode=draw(st.sampled_from(Mode)),
        iap2=iap2, participants=draw(st.integers(0, 5000)), inputs_received=received,
        inputs_taken_into_account=draw(st.integers(0, received)),
        feedback_published_at=published, exceptional=exceptional,
        justification=draw(_nonblank) if exceptional else "",
    )


def administrations() -> st.SearchStrategy[Administration]:
    """Administrations."""
    return st.builds(Administration, name=_nonblank,
                     country=st.from_regex(r"[A-Z]{2}", fullmatch=True),
                     level=st.sampled_from(GovernmentLevel), population=st.integers(1, 10**8),
                     jurisdiction=keys(),
                     timezone=st.sampled_from(["UTC", "Europe/Sofia", "Europe/Berlin"]))


def periods() -> st.SearchStrategy[Period]:
    """Months, quarters, years and custom ranges."""
    years = st.integers(2000, 2040)
    return st.one_of(
        st.builds(Period.month, years, st.integers(1, 12)),
        st.builds(Period.quarter, years, st.integers(1, 4)),
        st.builds(Period.year, years),
        st.builds(lambda d, n: Period.custom(d, d + timedelta(days=n)), dates(), st.integers(0, 800)),
    )


# catalogue ---------------------------------------------------------------------------

_short = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=15).filter(
    lambda s: s.strip() != "")
_url = st.from_regex(r"\Ahttps?://[a-z]{1,8}\.(org|eu|bg)/[a-z0-9]{0,6}\Z")
_year = st.integers(1950, 2025)


def _subset(enum_cls: Any) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(list(enum_cls)), unique=True, max_size=4).map(tuple)


def _figures() -> st.SearchStrategy[Figure]:
    """Figures with a value, a unit, an optional year and a source URL."""
    return st.builds(lambda what, value, unit, year, source, note: Figure(
        what=what, value=value, unit=unit, year=year, source=source, note=note),
        _short, st.integers(-10**6, 10**9) | st.floats(0, 1e6), _short, st.none() | _year, _url,
        st.text(max_size=10))


@st.composite
def practices(draw: st.DrawFn, pid: str | None = None) -> Practice:
    """Catalogue practices that pass validation (ids, countries, years, URLs)."""
    start = draw(st.none() | _year)
    end = draw(st.none() | st.integers(start or 1950, 2025))
    return Practice(
        id=pid or draw(st.from_regex(r"\A[a-z]{2}-[a-z0-9-]{1,10}\Z")),
        name=draw(_short), country=draw(st.sampled_from(sorted(ISO_3166_1))),
        name_original=draw(st.just("") | _short),
        level=draw(st.none() | st.sampled_from(list(GovernmentLevel))),
        start_year=start, end_year=end,
        type=draw(st.none() | st.sampled_from(list(PracticeType))),
        stages=draw(_subset(Stage)), iap2=draw(st.none() | st.sampled_from(list(Iap2Level))),
        methods=draw(_subset(OecdMethod)), channels=draw(_subset(Medium)),
        target_groups=draw(_subset(TargetGroup)), description=draw(st.text(max_size=30)),
        figures=tuple(draw(st.lists(_figures(), max_size=3))),  # type: ignore[arg-type]
        outcomes=tuple(draw(st.lists(_short, max_size=2))),  # type: ignore[arg-type]
        sources=tuple(draw(st.lists(_url, min_size=1, max_size=2))),  # type: ignore[arg-type]
        addresses=draw(st.dictionaries(st.sampled_from(list(EvaluationArea)), _short,
                                       max_size=3)),
        extra=draw(st.dictionaries(_short, st.text(max_size=10), max_size=2)),
    )


# surveys -----------------------------------------------------------------------------

def survey_options(n: int, prefix: str = "o", other: bool = False) -> list[Option]:
    """``n`` options keyed ``o0``, ``o1`` … (and an "other" option)."""
    out = [Option(f"{prefix}{i}", {"en": f"{prefix} {i}", "bg": f"{prefix} {i}"}) for i in range(n)]
    if other:
        out.append(Option("other", {"en": "Other"}, other=True))
    return out


@st.composite
def survey_questions(draw: st.DrawFn, key: str) -> Question:
    """A question of any built-in type, with valid options, rows and limits."""
    kind = draw(st.sampled_from(sorted(BUILTIN_TYPES)))
    kw: dict[str, Any] = {"mandatory": draw(st.booleans()), "confidential": draw(st.booleans())}
    n = draw(st.integers(2, 5))
    if kind in ("single_choice", "multiple_choice"):
        kw["options"] = survey_options(n, other=draw(st.booleans()))
        if kind == "multiple_choice" and draw(st.booleans()):
            kw["max_choices"] = draw(st.integers(1, len(kw["options"])))
    elif kind == "likert":
        kw["options"] = survey_options(draw(st.sampled_from([5, 7])))
    elif kind == "ranking":
        kw["options"] = survey_options(n)
        if draw(st.booleans()):
            kw["max_choices"] = draw(st.integers(1, n))
    elif kind.startswith("matrix"):
        kw["options"] = survey_options(n)
        kw["rows"] = survey_options(draw(st.integers(1, 3)), prefix="r")
        if kind == "matrix_multiple" and draw(st.booleans()):
            kw["max_choices"] = draw(st.integers(1, n))
    elif kind in ("short_text", "long_text") and draw(st.booleans()):
        kw["max_characters"] = draw(st.integers(10, 300))
    return Question(key, kind, {"en": key.upper()}, **kw)


def _condition_on(draw: st.DrawFn, target: Question) -> DisplayCondition:
    kind = draw(st.sampled_from(["answered", "not_answered", "equal", "not_equal", "matches"]))
    if kind in ("answered", "not_answered"):
        return DisplayCondition(target.key, kind, mandatory=draw(st.booleans()))
    if kind == "matches":
        return DisplayCondition(target.key, kind, draw(st.sampled_from(["queue", "thank", "а"])))
    if target.rows:
        value = f"{target.rows[0].key}={target.options[0].key}"
    elif target.options:
        value = draw(st.sampled_from([o.key for o in target.options]))
    else:
        value = str(draw(st.integers(0, 10)))
    return DisplayCondition(target.key, kind, value, mandatory=draw(st.booleans()))


@st.composite
def surveys(draw: st.DrawFn) -> Survey:
    """Surveys of up to six questions of the built-in types, some with display
    conditions on earlier questions."""
    qs: list[Question] = []
    for i in range(draw(st.integers(1, 6))):
        q = draw(survey_questions(f"q{i}"))
        conditional: bool = draw(st.booleans())
        if qs and conditional:
            target = draw(st.sampled_from(qs))
            q = Question(q.key, q.type, q.text, options=q.options, rows=q.rows,
                         mandatory=q.mandatory, max_choices=q.max_choices,
                         max_characters=q.max_characters, confidential=q.confidential,
                         conditions=[_condition_on(draw, target)])
        qs.append(q)
    return Survey("gen", {"en": "Generated", "bg": "Генерирана"}, anonymous=draw(st.booleans()),
                  questions=qs)
