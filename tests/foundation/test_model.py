"""The model refuses what a user must never be able to build, naming the field."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from participation import (
    Activity,
    ActivityKind,
    Administration,
    ChannelType,
    Contact,
    Event,
    FieldError,
    Iap2Level,
    Medium,
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
from participation.model import COE_TO_IAP2, IAP2_TO_COE

UTC = UTC
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def sub(**kw: object) -> Submission:
    base: dict[str, object] = {"id": "S-1", "channel": "web_form", "kind": SubmissionKind.PROPOSAL,
                                   "received_at": T0, "subject": "Benches"}
    base.update(kw)
    return Submission(**base)  # type: ignore[arg-type]


def test_naive_datetime_is_refused_naming_the_field() -> None:
    with pytest.raises(FieldError, match="received_at: naive datetime"):
        sub(received_at=datetime(2025, 3, 3, 9, 0))


def test_answer_before_receipt_is_refused() -> None:
    with pytest.raises(FieldError) as err:
        sub(response=Response(T0 - timedelta(days=1), Outcome.ACCEPTED))
    assert err.value.field == "response.answered_at"


def test_event_before_receipt_is_refused() -> None:
    with pytest.raises(FieldError, match=r"events\[0\]\.at"):
        sub(events=[Event(T0 - timedelta(hours=1), Status.REGISTERED)])


def test_illegal_history_is_refused_unless_adjusted_with_reason() -> None:
    with pytest.raises(FieldError, match=r"events\[0\]\.status: cannot go from 'received' to 'closed'"):
        sub(events=[Event(T0, Status.CLOSED)])
    fixed = sub(events=[Event(T0, Status.CLOSED, note="duplicate of S-0", adjustment=True)])
    assert fixed.status is Status.CLOSED
    with pytest.raises(FieldError, match="note: an adjustment needs a reason"):
        Event(T0, Status.CLOSED, adjustment=True)


def test_window_ending_before_start_is_refused() -> None:
    with pytest.raises(FieldError, match="end: 2025-01-01 is before start 2025-02-01"):
        Window(date(2025, 2, 1), date(2025, 1, 1))


def test_activity_invariants() -> None:
    w = Window(date(2025, 5, 1), date(2025, 5, 31))
    with pytest.raises(FieldError, match="inputs_taken_into_account"):
        Activity("A-1", None, ActivityKind.PUBLIC_CONSULTATION, Stage.DRAFTING,
                 ParticipationLevel.CONSULTATION, w, inputs_received=3, inputs_taken_into_account=4)
    with pytest.raises(FieldError, match="feedback_published_at"):
        Activity("A-1", None, ActivityKind.ROUND_TABLE, Stage.DRAFTING, ParticipationLevel.DIALOGUE,
                 w, feedback_published_at=datetime(2025, 4, 1, tzinfo=UTC))
    with pytest.raises(FieldError, match="iap2"):
        Activity("A-1", None, ActivityKind.ROUND_TABLE, Stage.DRAFTING, ParticipationLevel.DIALOGUE,
                 w, iap2=Iap2Level.EMPOWER)
    with pytest.raises(FieldError, match="justification"):
        Activity("A-1", None, ActivityKind.PUBLIC_CONSULTATION, Stage.DRAFTING,
                 ParticipationLevel.CONSULTATION, w, exceptional=True)


def test_policy_stage_order_and_uniqueness() -> None:
    a = StageWindow(Stage.AGENDA_SETTING, Window(date(2025, 1, 1), date(2025, 1, 31)))
    d = StageWindow(Stage.DRAFTING, Window(date(2025, 2, 1), date(2025, 3, 31)))
    p = Policy("P-1", "Transport plan", stages=[a, d])
    assert p.stage_on(date(2025, 2, 10)) is Stage.DRAFTING
    assert p.stage_on(date(2024, 12, 1)) is None
    with pytest.raises(FieldError, match=r"stages\[1\]\.stage"):
        Policy("P-1", "x", stages=[a, a])
    with pytest.raises(FieldError, match=r"stages\[1\]\.window\.start"):
        Policy("P-1", "x", stages=[d, a])


def test_administration_checks_country_population_timezone() -> None:
    with pytest.raises(FieldError, match="country"):
        Administration("X", "bg")
    with pytest.raises(FieldError, match="timezone"):
        Administration("X", "BG", timezone="Mars/Olympus")
    assert Administration("X", "BG", timezone="Europe/Sofia").tzinfo.key == "Europe/Sofia"


def test_anonymous_submission_needs_consent_for_contact() -> None:
    with pytest.raises(FieldError, match="contact"):
        sub(anonymous=True, contact=Contact(email="a@example.org"))
    assert sub(anonymous=True, contact=Contact(email="a@example.org", consent=True)).contact
    with pytest.raises(FieldError, match="contact"):
        Contact()


def test_personal_data_can_be_left_out() -> None:
    s = sub(contact=Contact(name="Ivan Petrov", phone="+359888123456"))
    assert s.without_personal_data().contact is None
    assert s.without_personal_data().subject == s.subject


def test_channel_type_needs_english_label_and_a_key() -> None:
    with pytest.raises(FieldError, match="labels"):
        ChannelType("x", {"bg": "Х"}, Medium.DIGITAL)
    with pytest.raises(FieldError, match="key"):
        ChannelType("Web Form", {"en": "x"}, Medium.DIGITAL)


def test_scales_are_ordered_and_mapping_is_monotone() -> None:
    assert next(iter(Stage)) is Stage.AGENDA_SETTING
    assert list(Stage)[-1] is Stage.REFORMULATION
    levels = list(Iap2Level)
    for lo, hi in itertools.pairwise(levels):
        assert IAP2_TO_COE[lo] <= IAP2_TO_COE[hi]
    for coe, iap2 in COE_TO_IAP2.items():
        assert IAP2_TO_COE[iap2] is coe
    assert ParticipationLevel("active_involvement") is ParticipationLevel.PARTNERSHIP
