"""Closing-the-loop indicators by hand (period 2025-Q2: 1 April – 30 June, UTC)."""

from __future__ import annotations

from datetime import date

import pytest

from participation.model import ActivityKind, Outcome, ParticipationLevel, SubmissionKind

INFO, C, D = ParticipationLevel.INFORMATION, ParticipationLevel.CONSULTATION, ParticipationLevel.DIALOGUE


def test_feedback_published(kit) -> None:
    at = kit.at
    acts = [
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), feedback_published_at=at(2025, 5, 20),
                     inputs_received=10, inputs_taken_into_account=3),   # ended in Q2, report in Q2: yes
        kit.activity(date(2025, 5, 1), date(2025, 5, 31), inputs_received=5),  # no report: no
        kit.activity(date(2025, 6, 10), date(2025, 6, 20), level=D,
                     feedback_published_at=at(2025, 7, 5)),               # report after the cut-off: no
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), level=INFO,
                     kind=ActivityKind.INFORMATION_CAMPAIGN),              # information only: left out
        kit.activity(date(2025, 6, 1), date(2025, 7, 15)),                # ends in Q3: left out
        kit.activity(date(2025, 1, 5), date(2025, 3, 31), feedback_published_at=at(2025, 4, 2)),  # Q1
    ]
    m = kit.measure("2025-Q2", activities=acts)["feedback_published"]
    # 1 / 3
    assert (m.numerator, m.denominator, m.n) == (1, 3, 3)
    assert m.value == pytest.approx(1 / 3)
    # as of the year's end the Q2 figure does not change: Q2 is judged as it stood on 30 June
    assert kit.measure("2025-Q2", activities=acts, as_of=at(2025, 12, 31))["feedback_published"].value \
        == pytest.approx(1 / 3)


def test_feedback_published_no_data_and_all_or_none(kit) -> None:
    at = kit.at
    info_only = [kit.activity(date(2025, 4, 1), date(2025, 4, 30), level=INFO)]
    m = kit.measure("2025-Q2", activities=info_only)["feedback_published"]
    assert m.value is None
    assert m.n == 0
    all_ = [kit.activity(date(2025, 4, 1), date(2025, 4, d), feedback_published_at=at(2025, 5, 1))
            for d in (10, 11)]
    assert kit.measure("2025-Q2", activities=all_)["feedback_published"].value == 1.0
    none = [kit.activity(date(2025, 4, 1), date(2025, 4, d)) for d in (10, 11)]
    assert kit.measure("2025-Q2", activities=none)["feedback_published"].value == 0.0


def test_inputs_taken_into_account_weighs_each_input(kit) -> None:
    acts = [
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), inputs_received=10, inputs_taken_into_account=3),
        kit.activity(date(2025, 5, 1), date(2025, 5, 31), inputs_received=30, inputs_taken_into_account=6),
        kit.activity(date(2025, 5, 1), date(2025, 5, 31)),  # no inputs: not counted
        kit.activity(date(2025, 6, 1), date(2025, 7, 31), inputs_received=50, inputs_taken_into_account=50),
    ]
    m = kit.measure("2025-Q2", activities=acts)["inputs_taken_into_account"]
    # (3 + 6) / (10 + 30) = 9 / 40 = 0.225 over 2 activities (not the mean of 0.3 and 0.2)
    assert (m.value, m.numerator, m.denominator, m.n) == (0.225, 9, 40, 2)
    assert kit.measure("2025-Q2", activities=acts[2:3])["inputs_taken_into_account"].value is None


def test_days_to_feedback_report(kit) -> None:
    at = kit.at
    acts = [
        kit.activity(date(2025, 4, 1), date(2025, 4, 10), feedback_published_at=at(2025, 4, 20)),  # 10
        kit.activity(date(2025, 4, 1), date(2025, 4, 10), feedback_published_at=at(2025, 5, 10)),  # 30
        kit.activity(date(2025, 4, 1), date(2025, 4, 10), feedback_published_at=at(2025, 4, 14)),  # 4
        kit.activity(date(2025, 4, 1), date(2025, 4, 10),
                     feedback_published_at=at(2025, 4, 15, 23, 30)),  # 5 in UTC, 6 in Sofia
        kit.activity(date(2025, 4, 1), date(2025, 4, 10)),  # no report: not timed
        kit.activity(date(2025, 6, 1), date(2025, 6, 10), feedback_published_at=at(2025, 7, 10)),  # late
    ]
    # UTC days [4, 5, 10, 30]: median of an even count = (5 + 10) / 2 = 7.5
    m = kit.measure("2025-Q2", activities=acts)["days_to_feedback_report"]
    assert (m.value, m.n) == (7.5, 4)
    # Sofia days [4, 6, 10, 30]: (6 + 10) / 2 = 8
    ms = kit.measure("2025-Q2", activities=acts, admin=kit.sofia)
    assert ms["days_to_feedback_report"].value == 8.0


def test_proposals_accepted(kit) -> None:
    at = kit.at
    P = SubmissionKind.PROPOSAL
    subs = [
        kit.submission(at(2025, 4, 2), kind=P, answered=at(2025, 4, 20), outcome=Outcome.ACCEPTED),
        kit.submission(at(2025, 4, 2), kind=P, answered=at(2025, 4, 20), outcome=Outcome.PARTLY_ACCEPTED),
        kit.submission(at(2025, 4, 2), kind=P, answered=at(2025, 4, 20), outcome=Outcome.REJECTED),
        kit.submission(at(2025, 4, 2), kind=P, answered=at(2025, 4, 20), outcome=Outcome.REJECTED),
        kit.submission(at(2025, 4, 2), kind=P, answered=at(2025, 4, 20), outcome=Outcome.FORWARDED),  # open
        kit.submission(at(2025, 4, 2), kind=SubmissionKind.COMPLAINT, answered=at(2025, 4, 20)),  # other
        kit.submission(at(2025, 4, 2), kind=P),  # not answered
    ]
    m = kit.measure("2025-Q2", submissions=subs)["proposals_accepted"]
    # (1 accepted + 1 partly) / 4 decided = 0.5
    assert (m.value, m.numerator, m.denominator) == (0.5, 2, 4)
    assert kit.measure("2025-Q3", submissions=subs)["proposals_accepted"].value is None


def test_an_activity_ending_on_the_as_of_day_has_not_ended_yet(kit) -> None:
    at = kit.at
    acts = [kit.activity(date(2025, 5, 1), date(2025, 5, 15), inputs_received=4),   # ends today: running
            kit.activity(date(2025, 5, 1), date(2025, 5, 14), inputs_received=4,
                         feedback_published_at=at(2025, 5, 15, 9))]                # ended yesterday
    ms = kit.measure("2025-05", activities=acts, as_of=at(2025, 5, 15, 10))
    # as of 10:00 on 15 May only the second has ended, and its report is out: 1 / 1
    assert (ms["feedback_published"].value, ms["feedback_published"].n) == (1.0, 1)
    assert ms["inputs_taken_into_account"].n == 1
    # as of the month's end both have ended: 1 / 2
    assert kit.measure("2025-05", activities=acts)["feedback_published"].value == 0.5
