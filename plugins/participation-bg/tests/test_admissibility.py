"""Administrative Procedure Code art. 111(4) as admissibility outcomes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.registry import Registry
from participation.rules.admissibility import Inadmissible, check_admissibility

SOFIA = timezone(timedelta(hours=3))
RECEIVED = datetime(2025, 6, 2, 10, tzinfo=SOFIA)


def submission(kind: SubmissionKind = SubmissionKind.SIGNAL, *, anonymous: bool = False,
               occurred_on: str | None = None, channel: str = "bg.apc.signal") -> Submission:
    path = (Status.REGISTERED, Status.IN_REVIEW, Status.EXTENDED)  # an allowed path
    events = [Event(RECEIVED + timedelta(hours=i + 1), status) for i, status in enumerate(path)]
    contact = None if anonymous else Contact(name="Мария Петрова")
    return Submission("S-1", channel, kind, RECEIVED, "Незаконно сметище", anonymous=anonymous,
                      contact=contact, events=events,
                      occurred_on=None if occurred_on is None else date.fromisoformat(occurred_on))


def test_hook_register_admissibility_rules(bg_registry: Registry) -> None:
    rules = bg_registry.admissibility_rules
    assert {"bg.apc.anonymous", "bg.apc.older_than_two_years"} <= set(rules)
    outcome = check_admissibility(rules.values(), submission(anonymous=True), RECEIVED)
    assert outcome == Inadmissible("bg.apc.anonymous",
                                   "anonymous signal: no proceeding is opened",
                                   "Administrative Procedure Code art. 111(4)")


@pytest.mark.parametrize("kind", [SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL])
def test_anonymous_proposals_and_signals_open_no_proceeding(bg_registry, kind) -> None:
    rules = bg_registry.admissibility_rules.values()
    assert check_admissibility(rules, submission(kind, anonymous=True), RECEIVED) is not None
    assert check_admissibility(rules, submission(kind), RECEIVED) is None


@pytest.mark.parametrize("kind", [SubmissionKind.CORRUPTION_REPORT, SubmissionKind.QUESTION,
                                  SubmissionKind.WHISTLEBLOWER_REPORT])
def test_other_anonymous_kinds_are_not_refused_under_the_apc(bg_registry, kind) -> None:
    s = submission(kind, anonymous=True, channel="bg.anticorruption_box")
    assert check_admissibility(bg_registry.admissibility_rules.values(), s, RECEIVED) is None


def test_signal_about_a_violation_older_than_two_years(bg_registry) -> None:
    rules = bg_registry.admissibility_rules.values()
    old = submission(occurred_on="2023-06-01")  # 2 years and a day before receipt
    outcome = check_admissibility(rules, old, RECEIVED)
    assert outcome is not None
    assert outcome.rule == "bg.apc.older_than_two_years"
    assert outcome.legal_basis == "Administrative Procedure Code art. 111(4)"
    assert "2023-06-01" in outcome.reason
    just_in_time = submission(occurred_on="2023-06-02")  # exactly two years
    assert check_admissibility(rules, just_in_time, RECEIVED) is None
    unknown = submission()
    assert check_admissibility(rules, unknown, RECEIVED) is None


def test_proposals_have_no_two_year_limit(bg_registry) -> None:
    old = submission(SubmissionKind.PROPOSAL, occurred_on="2001-01-01")
    assert check_admissibility(bg_registry.admissibility_rules.values(), old, RECEIVED) is None
