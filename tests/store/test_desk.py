"""The feedback desk: lifecycle checks, hooks, deadlines, anonymous channels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

from participation import hookimpl
from participation.desk import Desk
from participation.errors import FieldError, IllegalTransitionError, UnknownKeyError
from participation.model import Contact, Outcome, Response, Status, Submission, SubmissionKind
from participation.rules import WeekendCalendar
from participation.store import SqliteStore, StoreConflictError

T0 = datetime(2025, 6, 2, 9, tzinfo=UTC)  # a Monday


class Recorder:
    """A plugin that records the event hooks, as an embedding system would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    @hookimpl
    def submission_received(self, submission: Submission, registry: Any) -> None:
        self.calls.append(("received", {"submission": submission, "registry": registry}))

    @hookimpl
    def submission_transitioned(self, submission: Submission, event: Any, previous: Status,
                                registry: Any) -> None:
        self.calls.append(("transitioned", {"submission": submission, "event": event,
                                            "previous": previous, "registry": registry}))


@pytest.fixture
def recorder(register_plugin: Any) -> Recorder:
    return register_plugin(Recorder())


@pytest.fixture
def desk(store: SqliteStore, recorder: Recorder, registry_factory: Any) -> Desk:
    return Desk(store, registry_factory(), clock=lambda: T0 + timedelta(days=1))


def _new(sid: str = "S-1", **kw: Any) -> Submission:
    return Submission(sid, kw.pop("channel", "web_form"), SubmissionKind.COMPLAINT,
                      kw.pop("at", T0), "Potholes", **kw)


def test_hook_submission_received(desk: Desk, recorder: Recorder) -> None:
    stored = desk.receive(_new(contact=Contact(email="ana@example.org")))
    assert recorder.calls == [("received", {"submission": stored, "registry": desk.registry})]
    assert stored.contact == Contact(email="ana@example.org")  # a notifier needs the address
    assert desk.store.get_submission("S-1") == stored


def test_hook_submission_transitioned(desk: Desk, recorder: Recorder) -> None:
    desk.receive(_new())
    moved = desk.register("S-1", T0 + timedelta(hours=1), actor="registry office")
    name, call = recorder.calls[-1]
    assert name == "transitioned"
    assert call["submission"] == moved
    assert call["previous"] is Status.RECEIVED
    assert call["event"] == moved.events[-1]
    assert call["event"].actor == "registry office"
    assert call["registry"] is desk.registry


def test_a_refused_move_fires_nothing_and_stores_nothing(desk: Desk, recorder: Recorder) -> None:
    desk.receive(_new())
    with pytest.raises(IllegalTransitionError, match="'received' to 'closed'"):
        desk.close("S-1", T0 + timedelta(hours=1))
    assert [c[0] for c in recorder.calls] == ["received"]
    assert desk.store.get_submission("S-1").events == ()


def test_a_whole_lifecycle(desk: Desk) -> None:
    desk.receive(_new())
    desk.register("S-1", T0 + timedelta(hours=1))
    desk.acknowledge("S-1", T0 + timedelta(hours=2))
    desk.assign("S-1", "Roads unit", T0 + timedelta(hours=3), note="urgent")
    desk.extend("S-1", "generic.extension", T0 + timedelta(days=20), note="site visit")
    desk.forward("S-1", "Municipality of X", T0 + timedelta(days=21))
    response = Response(T0 + timedelta(days=40), Outcome.FORWARDED, text="Sent on.")
    desk.answer("S-1", response)
    final = desk.close("S-1", T0 + timedelta(days=41))
    assert [e.status for e in final.events] == [
        Status.REGISTERED, Status.ACKNOWLEDGED, Status.IN_REVIEW, Status.EXTENDED,
        Status.FORWARDED, Status.ANSWERED, Status.CLOSED]
    review = final.events[2]
    assert (review.actor, review.note) == ("Roads unit", "assigned to Roads unit: urgent")
    assert final.events[3].extension == "generic.extension"
    assert final.events[4].note == "forwarded to Municipality of X"
    assert final.response == response
    assert desk.store.get_submission("S-1") == final


def test_an_operation_not_told_when_happens_now(desk: Desk) -> None:
    desk.receive(_new())
    assert desk.register("S-1").events[-1].at == T0 + timedelta(days=1)


def test_extend_accepts_only_the_extensions_of_the_rule(desk: Desk) -> None:
    desk.receive(_new())
    desk.register("S-1", T0)
    with pytest.raises(UnknownKeyError, match=r"eu\.access\.extension.*generic\.extension"):
        desk.extend("S-1", "eu.access.extension", T0)
    desk.receive(_new("S-2", channel="round_table"))
    with pytest.raises(FieldError, match="no deadline rule"):
        desk.extend("S-2", "generic.extension", T0)


def test_reject_needs_a_reason_and_withdraw_works(desk: Desk) -> None:
    desk.receive(_new())
    with pytest.raises(FieldError, match="reason"):
        desk.reject("S-1", "  ", T0)
    assert desk.reject("S-1", "anonymous, art. 111", T0).events[-1].note == "anonymous, art. 111"
    desk.receive(_new("S-2"))
    assert desk.withdraw("S-2", T0).status is Status.WITHDRAWN


def test_receiving_twice_is_refused_and_keeps_the_first(desk: Desk) -> None:
    desk.receive(_new())
    with pytest.raises(StoreConflictError, match="already stored"):
        desk.receive(attrs.evolve(_new(), subject="something else"))
    assert desk.store.get_submission("S-1").subject == "Potholes"


def test_anonymous_channels_refuse_contact_details_without_consent(desk: Desk) -> None:
    bare = Contact(email="whistle@example.org")
    with pytest.raises(FieldError, match=r"contact: channel 'anticorruption_box'.*opted in"):
        desk.receive(_new(channel="anticorruption_box", contact=bare))
    assert not desk.store.has_submission("S-1")
    consented = Contact(email="whistle@example.org", consent=True)
    stored = desk.receive(_new(channel="anticorruption_box", contact=consented))
    assert stored.contact == consented
    # a channel that does not take anonymous submissions keeps contact details as given
    assert desk.receive(_new("S-2", contact=bare)).contact == bare


def test_an_unknown_channel_is_refused(desk: Desk) -> None:
    with pytest.raises(UnknownKeyError, match="carrier_pigeon"):
        desk.receive(_new(channel="carrier_pigeon"))


def test_overdue_uses_the_channel_rule_and_the_calendar(store: SqliteStore, register_plugin: Any,
                                                        registry_factory: Any) -> None:
    class Holidays:
        @hookimpl
        def register_calendars(self) -> list[Any]:
            # 2 July 2025 (the due day of a 2 June receipt) is a holiday here.
            return [WeekendCalendar("xx", holidays={date(2025, 7, 2): "Holiday"})]

    register_plugin(Holidays())
    registry = registry_factory()
    store.set_settings({"jurisdiction": "xx"})
    desk = Desk(store, registry, clock=lambda: T0)
    desk.receive(_new("S-1"))                                # due 2 July → 3 July (holiday)
    desk.receive(_new("S-2", at=T0 + timedelta(days=2)))     # due 4 July
    desk.receive(_new("S-3", channel="round_table"))         # no answer owed
    desk.receive(_new("S-4"))
    desk.register("S-4", T0)
    desk.answer("S-4", Response(T0 + timedelta(days=3), Outcome.ACCEPTED))
    desk.receive(_new("S-5"))
    desk.register("S-5", T0)
    # due 2 July is a holiday → 3 July; +30 days → Saturday 2 August → Monday 4 August
    desk.extend("S-5", "generic.extension", T0)
    assert desk.jurisdiction == "xx"

    def ids(day: int) -> list[str]:
        return [i.submission.id for i in desk.overdue(datetime(2025, 7, day, tzinfo=UTC))]
    assert ids(3) == []
    assert ids(4) == ["S-1"]
    assert ids(5) == ["S-1", "S-2"]
    assert "S-5" not in [i.submission.id for i in desk.overdue(datetime(2025, 8, 4, tzinfo=UTC))]
    items = desk.overdue(datetime(2025, 8, 5, tzinfo=UTC))
    assert [(i.submission.id, i.due) for i in items] == [
        ("S-1", "2025-07-03"), ("S-2", "2025-07-04"), ("S-5", "2025-08-04")]
    assert any("Holiday" in step for step in items[0].deadline.steps)


def test_overdue_in_the_past_counts_submissions_closed_since(desk: Desk) -> None:
    desk.receive(_new())
    desk.register("S-1", T0)
    desk.answer("S-1", Response(T0 + timedelta(days=60), Outcome.ACCEPTED))
    desk.clock = lambda: T0 + timedelta(days=100)
    assert [i.submission.id for i in desk.overdue(T0 + timedelta(days=45))] == ["S-1"]
    assert desk.overdue(T0 + timedelta(days=61)) == []


def test_a_naive_moment_is_refused(desk: Desk) -> None:
    desk.receive(_new())
    with pytest.raises(FieldError, match="naive"):
        desk.register("S-1", datetime(2025, 6, 3, 9))
    with pytest.raises(FieldError, match="naive"):
        desk.overdue(datetime(2025, 6, 3, 9))


def test_an_extension_is_granted_once(desk: Desk) -> None:
    desk.receive(_new())
    desk.register("S-1", T0)
    desk.extend("S-1", "generic.extension", T0)
    with pytest.raises(FieldError, match=r"already extended under 'generic\.extension'"):
        desk.extend("S-1", "generic.extension", T0)
