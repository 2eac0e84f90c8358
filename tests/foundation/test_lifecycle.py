"""The submission lifecycle as a Hypothesis state machine, and derived overdue/late."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from participation import (
    FieldError,
    IllegalTransitionError,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.model import TRANSITIONS
from participation.rules import DeadlineRule, Term, WeekendCalendar, lifecycle

UTC = UTC
T0 = datetime(2025, 6, 2, 9, tzinfo=UTC)


class Lifecycle(RuleBasedStateMachine):
    """Drive a submission with random moves; the model must agree with the table."""

    def __init__(self) -> None:
        super().__init__()
        self.sub = Submission("S-1", "web_form", SubmissionKind.SIGNAL, T0, "Pothole")
        self.expected = Status.RECEIVED
        self.now = T0
        self.history: list[Status] = []

    @rule(status=st.sampled_from(Status), hours=st.integers(0, 200))
    def move(self, status: Status, hours: int) -> None:
        target = status
        self.now += timedelta(hours=hours)
        if target in TRANSITIONS[self.expected]:
            self.sub = lifecycle.transition(self.sub, target, self.now)
            self.expected = target
            self.history.append(target)
        else:
            with pytest.raises(IllegalTransitionError) as err:
                lifecycle.transition(self.sub, target, self.now)
            assert err.value.submission_id == "S-1"
            assert err.value.current == self.expected.value
            assert err.value.target == target.value

    @rule(status=st.sampled_from(Status))
    def adjust(self, status: Status) -> None:
        target = status
        self.sub = lifecycle.adjust(self.sub, target, self.now, "correction by the registry")
        self.expected = target
        self.history.append(target)

    @rule()
    def going_back_in_time_is_refused(self) -> None:
        allowed = sorted(TRANSITIONS[self.expected], key=lambda s: s.value)
        if allowed and self.sub.events:
            with pytest.raises(FieldError, match="at"):
                lifecycle.transition(self.sub, allowed[0], self.sub.received_at - timedelta(1))

    @invariant()
    def status_matches(self) -> None:
        assert self.sub.status is self.expected
        assert [e.status for e in self.sub.events] == self.history
        assert lifecycle.status_at(self.sub, self.now) is self.expected
        assert lifecycle.status_at(self.sub, T0 - timedelta(seconds=1)) is None


TestLifecycle = Lifecycle.TestCase


def test_overdue_is_derived_as_of_a_moment() -> None:
    rule_ = DeadlineRule("t.14d", {"en": "14 days"}, Term(14))
    cal = WeekendCalendar()
    s = Submission("S-2", "web_form", SubmissionKind.QUESTION, T0, "?")
    due_end = datetime(2025, 6, 17, tzinfo=UTC)
    assert not lifecycle.is_overdue(s, due_end - timedelta(seconds=1), rule_, cal, UTC)
    assert lifecycle.is_overdue(s, due_end, rule_, cal, UTC)
    s = lifecycle.transition(s, Status.REGISTERED, T0)
    answered = lifecycle.transition(s, Status.ANSWERED, due_end + timedelta(days=2),
                                    response=Response(due_end + timedelta(days=2), Outcome.INFORMATIONAL))
    # as of before the answer it was overdue; after, it is not, but it was late
    assert lifecycle.is_overdue(answered, due_end + timedelta(days=1), rule_, cal, UTC)
    assert not lifecycle.is_overdue(answered, due_end + timedelta(days=3), rule_, cal, UTC)
    assert lifecycle.is_late(answered, rule_, cal, UTC) is True
    assert lifecycle.is_late(s, rule_, cal, UTC) is None


def test_extension_recorded_in_history_moves_the_due_date() -> None:
    from participation.rules import Extension

    rule_ = DeadlineRule("t.14d", {"en": "14 days"}, Term(14), extensions=[Extension("more", Term(10))])
    s = Submission("S-3", "web_form", SubmissionKind.QUESTION, T0, "?")
    s = lifecycle.transition(s, Status.REGISTERED, T0)
    s = lifecycle.transition(s, Status.EXTENDED, T0 + timedelta(days=3), extension="more",
                             note="large volume")
    c = lifecycle.deadline_for(s, rule_, WeekendCalendar(), UTC)
    assert c.extensions == ("more",)
    assert c.raw_end == datetime(2025, 6, 26).date()


def test_anchor_fallback_for_feedback_terms() -> None:
    from participation.rules import TermUnit

    rule_ = DeadlineRule("t.fb", {"en": "3 months"}, Term(3, TermUnit.MONTHS),
                         anchor=Status.ACKNOWLEDGED, anchor_fallback=Term(7), roll_forward=False)
    s = Submission("S-4", "web_form", SubmissionKind.WHISTLEBLOWER_REPORT, T0, "x")
    # never acknowledged: 3 months from 2 June + 7 days = 9 June → 9 September
    assert lifecycle.deadline_for(s, rule_, WeekendCalendar(), UTC).due == datetime(2025, 9, 9).date()
    s = lifecycle.transition(s, Status.REGISTERED, T0)
    s = lifecycle.transition(s, Status.ACKNOWLEDGED, T0 + timedelta(days=2))
    assert lifecycle.deadline_for(s, rule_, WeekendCalendar(), UTC).due == datetime(2025, 9, 4).date()
