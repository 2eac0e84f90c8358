"""Policies moving through the cycle, and the participation activities run for them."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs

from participation.errors import FieldError
from participation.model._checks import (
    aware,
    english_labels,
    is_key,
    key_like,
    labels,
    non_empty,
    non_negative,
)
from participation.model.scales import Iap2Level, ParticipationLevel, Stage

__all__ = ["Activity", "ActivityKind", "ActivityKindSpec", "Mode", "Policy", "StageWindow", "Window",
           "activity_kind"]


@attrs.frozen
class Window:
    """A span of calendar days, both ends included; ``end=None`` means still open.

    >>> Window(date(2025, 3, 1), date(2025, 3, 31)).days
    31
    >>> Window(date(2025, 3, 31), date(2025, 3, 1))
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: end: 2025-03-01 is before start 2025-03-31
    """

    start: date
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.start, datetime) or (isinstance(self.end, datetime)):
            raise FieldError("start" if isinstance(self.start, datetime) else "end",
                             "expected a date, not a datetime")
        if self.end is not None and self.end < self.start:
            raise FieldError("end", f"{self.end.isoformat()} is before start {self.start.isoformat()}")

    @property
    def days(self) -> int | None:
        """Length in days, both ends counted; ``None`` while open."""
        return None if self.end is None else (self.end - self.start).days + 1

    def overlaps(self, start: date, end: date) -> bool:
        """Whether the window shares a day with ``start..end``."""
        return self.start <= end and (self.end is None or self.end >= start)


@attrs.frozen
class StageWindow:
    """When a policy was (or is) in one stage of the cycle."""

    stage: Stage
    window: Window


def _check_stages(_inst: object, _attr: object, value: tuple[StageWindow, ...]) -> None:
    seen: set[Stage] = set()
    for i, sw in enumerate(value):
        if sw.stage in seen:
            raise FieldError(f"stages[{i}].stage", f"{sw.stage.value!r} appears twice")
        seen.add(sw.stage)
        if i and sw.window.start < value[i - 1].window.start:
            raise FieldError(f"stages[{i}].window.start",
                             "stage windows must be in the order the stages happened")


def _stage_windows(value: Iterable[StageWindow]) -> tuple[StageWindow, ...]:
    return tuple(value)


@attrs.frozen
class Policy:
    """A policy, plan, strategy or normative act and the stages it has gone through.

    :param area: policy area, free text (``"transport"``, ``"environment"``).
    :param stages: the stage windows in the order they happened.
    """

    id: str = attrs.field(validator=non_empty)
    title: str = attrs.field(validator=non_empty)
    area: str = ""
    description: str = ""
    stages: tuple[StageWindow, ...] = attrs.field(default=(), converter=_stage_windows,
                                                  validator=_check_stages)

    def stage_on(self, day: date) -> Stage | None:
        """The stage the policy was in on ``day`` (the latest one started), or ``None``."""
        current = None
        for sw in self.stages:
            if sw.window.start <= day:
                current = sw.stage
        return current


class ActivityKind(enum.StrEnum):
    """The built-in kinds of participation activity (each is also its key).

    The vocabulary is open: a plugin adds kinds through ``register_activity_kinds``
    (:class:`ActivityKindSpec`), and :attr:`Activity.kind` holds any registered key;
    a built-in kind is an :class:`ActivityKind` member, which is a ``str`` too.

    >>> ActivityKind.STAFF_TRAINING == "staff_training"
    True
    """

    PUBLIC_CONSULTATION = "public_consultation"
    PUBLIC_HEARING = "public_hearing"
    ROUND_TABLE = "round_table"
    OPEN_DOORS_DAY = "open_doors_day"
    WORKING_GROUP = "working_group"
    CITIZENS_PANEL = "citizens_panel"
    SURVEY = "survey"
    INFORMATION_CAMPAIGN = "information_campaign"
    PARTICIPATORY_BUDGETING = "participatory_budgeting"
    ADVISORY_COUNCIL = "advisory_council"
    WORKSHOP = "workshop"
    STAFF_TRAINING = "staff_training"
    CIVIC_MONITORING = "civic_monitoring"
    MEDIA_MONITORING = "media_monitoring"
    PRINTED_INFORMATION = "printed_information"


@attrs.frozen
class ActivityKindSpec:
    """A kind of participation activity, as ``register_activity_kinds`` contributes it.

    :param key: the kind's key, what :attr:`Activity.kind` holds (``"staff_training"``;
        prefix a jurisdiction's or an administration's own: ``"bg.public_council"``).
    :param labels: label per language code; ``"en"`` is required (other languages may
        also come from translations under ``activity.<key>``).
    :param description: one sentence on what counts as this kind.

    >>> ActivityKindSpec("town_hall", {"en": "Town hall meeting"}).label("bg")
    'Town hall meeting'
    """

    key: str = attrs.field(validator=key_like)
    labels: Mapping[str, str] = attrs.field(converter=labels, validator=english_labels)
    description: str = ""

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English."""
        return self.labels.get(lang) or self.labels["en"]


def activity_kind(value: str) -> str:
    """Converter of :attr:`Activity.kind`: a built-in kind becomes its
    :class:`ActivityKind` member, any other well-formed key stays as it is.

    >>> activity_kind("round_table") is ActivityKind.ROUND_TABLE
    True
    >>> activity_kind("Town Hall")
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: kind: 'Town Hall' is not a key ...
    """
    if isinstance(value, ActivityKind):
        return value
    if isinstance(value, str):
        try:
            return ActivityKind(value)
        except ValueError:
            pass
    if not is_key(value):
        raise FieldError("kind", f"{value!r} is not a key (lower-case ASCII letters, digits, "
                         "'.', '_', '-')")
    return value


class Mode(enum.Enum):
    """Where an activity happens."""

    IN_PERSON = "in_person"
    DIGITAL = "digital"
    HYBRID = "hybrid"


def _optional_count(inst: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """A count, or ``None`` for unknown."""
    if value is not None:
        non_negative(inst, attribute, value)


@attrs.frozen
class Activity:
    """A participation activity run for a policy at one stage and level.

    :param kind: the activity kind's key: an :class:`ActivityKind` or a kind a plugin
        registered (whether it is registered is checked against the registry when the
        activity is validated or imported).
    :param participants: distinct people who took part; ``None`` when the source does
        not say (unknown, not 0).
    :param inputs_received: proposals, comments or opinions received; ``None`` when unknown.
    :param inputs_taken_into_account: how many of them changed the policy (fully or in
        part); ``None`` when unknown (an imported consultation whose source does not say).
    :param feedback_published_at: when the report "what we did with your input" was
        published, or ``None``.
    :param minimum_rule: for a consultation, the key of the rule that sets its legal
        minimum length (e.g. ``"bg.lna.consultation"``).
    :param exceptional: the shorter, reasoned exceptional minimum applies; ``justification``
        must then say why.
    """

    id: str = attrs.field(validator=non_empty)
    policy_id: str | None
    kind: str = attrs.field(converter=activity_kind)
    stage: Stage
    level: ParticipationLevel
    window: Window
    title: str = ""
    mode: Mode = Mode.IN_PERSON
    iap2: Iap2Level | None = None
    participants: int | None = attrs.field(default=0, validator=_optional_count)
    inputs_received: int | None = attrs.field(default=0, validator=_optional_count)
    inputs_taken_into_account: int | None = attrs.field(default=0, validator=_optional_count)
    feedback_published_at: datetime | None = attrs.field(default=None, validator=aware)
    minimum_rule: str | None = None
    exceptional: bool = False
    justification: str = ""

    def __attrs_post_init__(self) -> None:
        if (self.inputs_taken_into_account is not None and self.inputs_received is not None
                and self.inputs_taken_into_account > self.inputs_received):
            raise FieldError("inputs_taken_into_account",
                             f"{self.inputs_taken_into_account} is more than inputs_received "
                             f"({self.inputs_received})")
        if (self.feedback_published_at is not None
                and self.feedback_published_at.date() < self.window.start):
            raise FieldError("feedback_published_at", "is before the activity started")
        if self.exceptional and not self.justification.strip():
            raise FieldError("justification", "an exceptional (shorter) term needs its reasons")
        if self.iap2 is not None and self.iap2.to_coe() is not self.level:
            raise FieldError("iap2", f"{self.iap2.value!r} maps to "
                             f"{self.iap2.to_coe().value!r}, not {self.level.value!r}")
