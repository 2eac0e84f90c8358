"""Reach and transparency indicators by hand (population 2,000; period June 2025, UTC)."""

from __future__ import annotations

import math
from datetime import date

import pytest

from participation.model import ActivityKind, Contact, Outcome, SubmissionKind


def test_participants_per_1000(kit) -> None:
    at = kit.at
    subs = [
        kit.submission(at(2025, 6, 2), contact=Contact(email="Ana@Example.org ")),
        kit.submission(at(2025, 6, 3), contact=Contact(email="ana@example.org")),   # same person
        kit.submission(at(2025, 6, 4), contact=Contact(phone="+35921234567")),
        kit.submission(at(2025, 6, 5), channel="anticorruption_box", anonymous=True),
        kit.submission(at(2025, 6, 6), channel="anticorruption_box", anonymous=True),
        kit.submission(at(2025, 5, 6), contact=Contact(email="old@example.org")),   # May: not counted
    ]
    acts = [
        kit.activity(date(2025, 6, 10), date(2025, 6, 10), kind=ActivityKind.ROUND_TABLE, participants=40),
        kit.activity(date(2025, 5, 20), date(2025, 6, 1), participants=10),   # ran on 1 June: counted
        kit.activity(date(2025, 7, 1), date(2025, 7, 2), participants=500),   # July: not counted
    ]
    m = kit.measure("2025-06", submissions=subs, activities=acts)["participants_per_1000"]
    # people: 2 identified (ana, the phone) + 2 anonymous + 40 + 10 = 54 → 1000 × 54 / 2000 = 27
    assert m.value == pytest.approx(27.0)
    assert (m.numerator, m.denominator, m.n) == (54, 2000, 7)  # n: 5 submissions + 2 activities
    assert m.detail == {"distinct_identified_submitters": 2, "anonymous_submissions": 2,
                        "activity_participants": 50}
    assert kit.measure("2025-08", submissions=subs, activities=acts)["participants_per_1000"].value is None


def test_channel_diversity(kit) -> None:
    at = kit.at

    def subs(*channels: str) -> list:
        return [kit.submission(at(2025, 6, 2), channel=c) for c in channels]

    def value(*channels: str) -> float | None:
        return kit.measure("2025-06", submissions=subs(*channels))["channel_diversity"].value

    assert value("web_form", "web_form", "web_form") == pytest.approx(1.0)   # one channel: exp(0) = 1
    assert value("web_form", "email", "phone", "post") == pytest.approx(4.0)  # four used equally
    # 2, 1, 1: H = −(½ ln ½ + 2 × ¼ ln ¼) = 1.5 ln 2 → exp(H) = 2^1.5 ≈ 2.828
    assert value("web_form", "web_form", "email", "phone") == pytest.approx(2 ** 1.5)
    assert value() is None
    assert math.isfinite(value("web_form") or 0)


def test_in_person_share(kit) -> None:
    at = kit.at
    channels = ["in_person", "phone", "post", "round_table",   # not digital: 4
                "web_form", "email", "social_media", "information_request",  # digital: 4
                "media_monitoring", "x_unknown"]              # left out
    subs = [kit.submission(at(2025, 6, 2), channel=c, deadline_rule="generic.answer" if c == "x_unknown"
                           else None) for c in channels]
    m = kit.measure("2025-06", submissions=subs)["in_person_share"]
    # 4 / 8
    assert (m.value, m.numerator, m.denominator) == (0.5, 4, 8)
    assert m.met is None  # neutral: described, not judged


def test_answers_published(kit) -> None:
    at = kit.at
    subs = [
        kit.submission(at(2025, 5, 20), answered=at(2025, 6, 3), published=True),  # received in May
        kit.submission(at(2025, 6, 2), answered=at(2025, 6, 4), published=False),
        kit.submission(at(2025, 6, 2), answered=at(2025, 6, 5), published=False),
        kit.submission(at(2025, 6, 2), answered=at(2025, 7, 5), published=True),  # July's answer
    ]
    m = kit.measure("2025-06", submissions=subs)["answers_published"]
    # 1 / 3
    assert (m.numerator, m.denominator) == (1, 3)
    assert m.value == pytest.approx(1 / 3)


def test_information_requests_granted(kit) -> None:
    at = kit.at
    IR = SubmissionKind.INFORMATION_REQUEST

    def req(outcome: Outcome):
        return kit.submission(at(2025, 6, 2), channel="information_request", kind=IR,
                              answered=at(2025, 6, 12), outcome=outcome)

    subs = [req(Outcome.GRANTED), req(Outcome.PARTLY_GRANTED), req(Outcome.REFUSED),
            req(Outcome.REFUSED), req(Outcome.FORWARDED),  # forwarded: not decided here
            kit.submission(at(2025, 6, 2), kind=SubmissionKind.QUESTION, answered=at(2025, 6, 3),
                           outcome=Outcome.GRANTED)]  # not an access request
    m = kit.measure("2025-06", submissions=subs)["information_requests_granted"]
    # (1 granted + 1 partly) / 4 decided = 0.5
    assert (m.value, m.numerator, m.denominator) == (0.5, 2, 4)


def test_information_request_term_counts_working_days(kit) -> None:
    at = kit.at
    IR = SubmissionKind.INFORMATION_REQUEST
    # generic.information_request: 15 working days from the day after receipt.
    # received Mon 2 June → 3..6 June (4), 9..13 (5), 16..20 (5), 23 June (1) → due Mon 23 June
    subs = [kit.submission(at(2025, 6, 2), channel="information_request", kind=IR,
                           answered=at(2025, 6, 23, 16), outcome=Outcome.GRANTED),
            kit.submission(at(2025, 6, 2), channel="information_request", kind=IR,
                           answered=at(2025, 6, 24, 9), outcome=Outcome.GRANTED)]
    m = kit.measure("2025-06", submissions=subs)["answered_on_time"]
    assert (m.value, m.numerator, m.denominator) == (0.5, 1, 2)
