"""Desk.intake: untrusted input received, checked, registered and given its due day in
one transaction; limits; admissibility; hooks after the commit."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from participation import hookimpl
from participation.desk import Desk
from participation.errors import FieldError, ParticipationError
from participation.intake import IntakeError, IntakeLimits, IntakeRequest
from participation.model import ChannelType, Medium, Outcome, Status, Submission, SubmissionKind
from participation.rules.admissibility import AdmissibilityRule
from participation.store import SqliteStore, StoreConflictError

NOW = datetime(2025, 6, 2, 9, tzinfo=UTC)  # a Monday


@pytest.fixture
def desk(store: SqliteStore, registry: Any) -> Desk:
    return Desk(store, registry, clock=lambda: NOW)


def _paths(exc: pytest.ExceptionInfo[IntakeError]) -> list[str]:
    return [p.path for p in exc.value.problems]


def test_intake_receives_registers_and_computes_the_due_day(desk: Desk) -> None:
    receipt = desk.intake(IntakeRequest("web_form", "question", "Opening hours?",
                                        email="ana@example.org"))
    stored = desk.store.get_submission(receipt.submission.id)
    assert stored == receipt.submission
    assert stored.status is Status.REGISTERED
    assert stored.received_at == NOW and stored.events[0].at == NOW
    assert stored.contact is not None and stored.contact.email == "ana@example.org"
    assert receipt.deadline is not None and receipt.due == "2025-07-02"  # generic 30 days
    assert receipt.inadmissible is None


def test_ids_are_generated_unique_or_taken_from_the_caller(desk: Desk) -> None:
    ids = {desk.intake({"channel": "web_form", "kind": "question", "subject": f"Q{i}"})
           .submission.id for i in range(50)}
    assert len(ids) == 50 and all(i.startswith("20250602-") for i in ids)
    chosen = desk.intake({"channel": "web_form", "kind": "question", "subject": "Q"},
                         submission_id="W-1")
    assert chosen.submission.id == "W-1"
    with pytest.raises(StoreConflictError):
        desk.intake({"channel": "web_form", "kind": "question", "subject": "Q"},
                    submission_id="W-1")
    assert desk.store.count_submissions() == 51


def test_status_and_history_never_come_from_outside(desk: Desk) -> None:
    hostile = {"channel": "web_form", "kind": "information_request", "subject": "Budget",
               "status": "answered", "events": [{"status": "answered"}],
               "response": {"outcome": "granted"}, "id": "X-1", "deadline_rule": "none"}
    with pytest.raises(IntakeError) as exc:
        desk.intake(hostile)
    assert _paths(exc) == ["$.status", "$.events", "$.response", "$.id", "$.deadline_rule"]
    assert desk.store.count_submissions() == 0


def test_receive_refuses_a_history_given_from_outside(desk: Desk, make: Any) -> None:
    with pytest.raises(FieldError, match="without a history or a response"):
        desk.receive(make("S-1", statuses=(Status.REGISTERED, Status.ANSWERED)))
    assert desk.store.count_submissions() == 0


@pytest.mark.parametrize(("field", "value", "path", "message"), [
    ("subject", "x" * 301, "$.subject", "too long: 301 characters, at most 300"),
    ("text", "x" * 1_000_000, "$.text", "too long: 1000000 characters, at most 20000"),
    ("subject", "nul\x00byte", "$.subject", "control character U+0000 at position 4"),
    ("subject", "bell\x07", "$.subject", "control character U+0007"),
    ("text", "escape \x1b[31mred", "$.text", "control character U+001B"),
    ("subject", "line\nbreak", "$.subject", "control character U+000A"),
    ("text", "lone \ud800 surrogate", "$.text", "lone surrogate"),
    ("email", "not-an-email", "$.email", "not an e-mail address"),
    ("email", "two@@example.org", "$.email", "not an e-mail address"),
    ("email", "a b@example.org", "$.email", "not an e-mail address"),
    ("phone", "call me maybe", "$.phone", "not a phone number"),
    ("phone", "1234567890123456", "$.phone", "not a phone number"),
    ("name", "x" * 255, "$.name", "too long"),
    ("kind", "praise_and_cash", "$.kind", "unknown kind"),
    ("channel", "carrier_pigeon", "$.channel", "unknown channel type 'carrier_pigeon'"),
])
def test_limits_refuse_with_the_field_path(desk: Desk, field: str, value: str, path: str,
                                           message: str) -> None:
    fields: dict[str, Any] = {"channel": "web_form", "kind": "question", "subject": "Q"}
    fields[field] = value
    with pytest.raises(IntakeError) as exc:
        desk.intake(fields)
    assert [(p.path, message in p.message) for p in exc.value.problems] == [(path, True)]
    assert desk.store.count_submissions() == 0


def test_text_keeps_newlines_and_tabs(desk: Desk) -> None:
    receipt = desk.intake({"channel": "web_form", "kind": "proposal", "subject": "Benches",
                           "text": "Two lines:\r\n\tone\nand two"})
    assert desk.store.get_submission(receipt.submission.id).text == "Two lines:\r\n\tone\nand two"


def test_error_messages_never_repeat_contact_values(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "question", "subject": "Q",
                     "email": "secret\x00person@example", "phone": "secret-phone",
                     "name": "Secret Name" * 30})
    assert "secret" not in str(exc.value).lower()
    assert _paths(exc) == ["$.name", "$.email", "$.phone"]


def test_configurable_limits(desk: Desk) -> None:
    limits = IntakeLimits(max_subject=5)
    with pytest.raises(IntakeError, match="at most 5"):
        desk.intake({"channel": "web_form", "kind": "question", "subject": "Too long"},
                    limits=limits)
    assert desk.intake({"channel": "web_form", "kind": "question", "subject": "Short"},
                       limits=limits).submission.subject == "Short"


def test_received_at_in_the_future_is_refused_before_anything_is_stored(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "question", "subject": "Q",
                     "received_at": "2099-01-01T00:00:00+00:00"})
    assert _paths(exc) == ["$.received_at"] and "in the future" in str(exc.value)
    assert desk.store.count_submissions() == 0
    # within the tolerance (clocks differ a little): accepted, registered at that moment
    soon = NOW + timedelta(minutes=2)
    receipt = desk.intake(IntakeRequest("web_form", "question", "Q", received_at=soon))
    assert receipt.submission.received_at == soon and receipt.submission.events[0].at == soon


@pytest.mark.parametrize(("value", "message"), [
    ("2025-03-30T03:30", "did not exist in Europe/Sofia"),
    ("9999-12-31T23:59:59-12:00", "outside the supported range"),
    ("yesterday", "not an ISO 8601"),
    ("2025-06-01", None),
])
def test_received_at_text_is_read_in_the_desk_zone(store: SqliteStore, registry: Any,
                                                   value: str, message: str | None) -> None:
    from zoneinfo import ZoneInfo

    desk = Desk(store, registry, tz=ZoneInfo("Europe/Sofia"), clock=lambda: NOW)
    fields = {"channel": "web_form", "kind": "question", "subject": "Q", "received_at": value}
    if message is None:
        receipt = desk.intake(fields)
        assert receipt.submission.received_at.isoformat() == "2025-06-01T00:00:00+03:00"
        return
    with pytest.raises(IntakeError, match=message):
        desk.intake(fields)


def test_types_are_checked_in_mappings(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "question", "subject": 12,
                     "consent": "yes", "extra": ["lat"], "colour": "red"})
    assert _paths(exc) == ["$.subject", "$.consent", "$.extra", "$.colour"]
    with pytest.raises(IntakeError) as exc:
        desk.intake(["not", "an", "object"])  # type: ignore[arg-type]
    assert _paths(exc) == ["$"]
    with pytest.raises(IntakeError) as exc:
        desk.intake({})
    assert _paths(exc) == ["$.channel", "$.kind"]


def test_extra_values_are_kept_within_limits(desk: Desk) -> None:
    receipt = desk.intake({"channel": "web_form", "kind": "signal", "subject": "Pothole",
                           "extra": {"lat": "42.6977", "long": "23.3219"}})
    assert dict(desk.store.get_submission(receipt.submission.id).extra) == {
        "lat": "42.6977", "long": "23.3219"}
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "signal", "subject": "Pothole",
                     "extra": {"lat": 42.6, "note": "x" * 3000}})
    assert _paths(exc) == ["$.extra.lat", "$.extra.note"]


def test_references_are_checked(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "proposal", "subject": "Trees",
                     "policy_id": "P-none"})
    assert _paths(exc) == ["$.policy_id"]


class _Jurisdiction:
    """A jurisdiction ``xx`` with an anonymous box and a rule like APC art. 111(4)."""

    @hookimpl
    def register_channel_types(self) -> list[ChannelType]:
        return [ChannelType("xx.box", {"en": "Box"}, Medium.POST, anonymous=True,
                            deadline_rule="generic.answer"),
                ChannelType("xx.form", {"en": "Form"}, Medium.DIGITAL,
                            deadline_rule="generic.answer")]

    @hookimpl
    def register_admissibility_rules(self) -> list[AdmissibilityRule]:
        return [AdmissibilityRule("xx.anonymous", "Act art. 1",
                                  lambda s, _: "anonymous" if s.anonymous else None),
                AdmissibilityRule("yy.never", "Other act",
                                  lambda s, _: "another jurisdiction's rule")]


@pytest.fixture
def xx_desk(store: SqliteStore, register_plugin: Any, registry_factory: Any) -> Desk:
    register_plugin(_Jurisdiction(), name="xx")
    return Desk(store, registry_factory(), clock=lambda: NOW)


def test_inadmissible_is_stored_as_not_examined_with_its_legal_basis(xx_desk: Desk) -> None:
    receipt = xx_desk.intake({"channel": "xx.box", "kind": "signal", "subject": "Bribe",
                              "anonymous": True})
    stored = xx_desk.store.get_submission(receipt.submission.id)
    assert [e.status for e in stored.events] == [Status.REGISTERED, Status.REJECTED]
    assert stored.response is not None and stored.response.outcome is Outcome.NOT_EXAMINED
    assert stored.response.legal_basis == "Act art. 1"
    assert receipt.inadmissible is not None and receipt.inadmissible.rule == "xx.anonymous"
    assert receipt.deadline is None
    # not anonymous: admissible (the yy rule is another jurisdiction's)
    assert xx_desk.intake({"channel": "xx.box", "kind": "signal", "subject": "Bribe"}
                          ).inadmissible is None


def test_contact_rules_of_the_channel(xx_desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        xx_desk.intake({"channel": "xx.box", "kind": "signal", "subject": "Bribe",
                        "email": "ana@example.org"})
    assert _paths(exc) == ["$.consent"]
    with pytest.raises(IntakeError) as exc:
        xx_desk.intake({"channel": "xx.form", "kind": "signal", "subject": "Bribe",
                        "anonymous": True})
    assert _paths(exc) == ["$.anonymous"]
    receipt = xx_desk.intake({"channel": "xx.box", "kind": "signal", "subject": "Bribe",
                              "email": "ana@example.org", "consent": True})
    assert receipt.submission.contact is not None and receipt.submission.contact.consent


class _Failing:
    def __init__(self) -> None:
        self.seen: list[str] = []

    @hookimpl
    def submission_received(self, submission: Submission, registry: Any) -> None:
        raise RuntimeError("mail server down")

    @hookimpl
    def submission_transitioned(self, submission: Submission, event: Any, previous: Status,
                                registry: Any) -> None:
        self.seen.append(f"{previous.value}->{event.status.value}")


def test_a_failing_hook_is_logged_and_never_fails_the_intake(
        store: SqliteStore, register_plugin: Any, registry_factory: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    failing = register_plugin(_Failing(), name="notifier")
    desk = Desk(store, registry_factory(), clock=lambda: NOW)
    with caplog.at_level(logging.ERROR, logger="participation.desk"):
        receipt = desk.intake({"channel": "web_form", "kind": "question", "subject": "Q"})
    assert store.has_submission(receipt.submission.id)
    assert failing.seen == ["received->registered"]  # the other hooks still ran
    [record] = caplog.records
    assert "plugin 'notifier'" in record.getMessage() and "submission_received" in record.getMessage()
    assert record.exc_info is not None
    # the desk's other operations too
    with caplog.at_level(logging.ERROR, logger="participation.desk"):
        desk.receive(Submission("S-9", "web_form", SubmissionKind.QUESTION, NOW, "Q"))
    assert store.has_submission("S-9")


def test_hooks_run_after_the_commit(store: SqliteStore, register_plugin: Any,
                                    registry_factory: Any, db_path: Any) -> None:
    seen: list[int] = []

    class Reader:
        @hookimpl
        def submission_received(self, submission: Submission, registry: Any) -> None:
            # another connection sees the row: the transaction has committed
            with sqlite3.connect(db_path) as other:
                seen.append(other.execute("SELECT COUNT(*) FROM submissions WHERE id = ?",
                                          (submission.id,)).fetchone()[0])

    register_plugin(Reader(), name="reader")
    Desk(store, registry_factory(), clock=lambda: NOW).intake(
        {"channel": "web_form", "kind": "question", "subject": "Q"})
    assert seen == [1]


def test_a_failed_write_leaves_nothing_half_done(desk: Desk, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """The registration event is written in the same transaction as the submission: a
    failure while writing the events rolls the submission back too."""
    import participation.store.sqlite as sqlite_module

    original = sqlite_module.codec.event_row

    def broken(*args: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite_module.codec, "event_row", broken)
    with pytest.raises(ParticipationError, match="disk I/O error"):
        desk.intake({"channel": "web_form", "kind": "question", "subject": "Q"})
    monkeypatch.setattr(sqlite_module.codec, "event_row", original)
    assert desk.store.count_submissions() == 0


def test_occurred_on_after_receipt_is_refused(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake(IntakeRequest("web_form", "signal", "Dump",
                                  occurred_on=date(2025, 6, 10)))
    assert _paths(exc) == ["$.occurred_on"]


def test_intake_error_maps_to_json(desk: Desk) -> None:
    with pytest.raises(IntakeError) as exc:
        desk.intake({"channel": "web_form", "kind": "question", "subject": "\x00"})
    assert exc.value.as_json() == [{"field": "subject", "path": "$.subject",
                                    "message": "control character U+0000 at position 1"}]
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, ParticipationError)


def test_an_in_process_hook_without_its_marker_is_refused_by_the_desk(
        store: SqliteStore, plugin_manager: Any, registry_factory: Any) -> None:
    """Registered with pm.register directly (not through participation.plugins.register):
    the desk still refuses a hook function that would never be called."""
    from participation.errors import PluginError

    class Notifier:
        def submission_received(self, submission: Submission, registry: Any) -> None:
            raise AssertionError("never called")

    plugin_manager.register(Notifier(), name="notifier")
    try:
        with pytest.raises(PluginError, match="plugin 'notifier': submission_received is not "
                           "marked as a hook implementation"):
            Desk(store, registry_factory())
    finally:
        plugin_manager.unregister(name="notifier")
