"""A Hypothesis state machine drives the SQLite store and a plain in-memory model
side by side, and compares them after every step."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from participation.errors import FieldError
from participation.model import TRANSITIONS, Contact, Submission
from participation.rules import lifecycle
from participation.store import SqliteStore, WriteOutcome
from participation.store.connection import fold
from participation.store.sqlite import RECEIPT_FIELDS
from participation.testing import strategies as ps

IDS = ["S-1", "S-2", "S-3", "x'; DROP TABLE events;--", "Ж-🙂"]
EMAILS = ["ana@example.org", "ANA@example.org", "boris@example.org"]

contacts = st.builds(Contact, name=st.sampled_from(["Ана", "Boris", "ана "]),
                     email=st.sampled_from(EMAILS) | st.none(), consent=st.booleans())
submissions = st.tuples(
    ps.submissions(channels=st.sampled_from(["web_form", "email"]), max_events=4),
    st.sampled_from(IDS), st.none() | contacts,
).map(lambda t: _with(t[0], t[1], t[2]))


def _with(s: Submission, sid: str, contact: Contact | None) -> Submission:
    if s.anonymous and contact is not None and not contact.consent:
        contact = None
    return attrs.evolve(s, id=sid, contact=contact)


def _shown(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


class StoreVersusModel(RuleBasedStateMachine):
    """The model is a dict of submissions plus the set of erased ids."""

    @initialize()
    def open(self) -> None:
        self.store = SqliteStore(":memory:")
        self.model: dict[str, Submission] = {}
        self.erased: set[str] = set()

    def teardown(self) -> None:
        if hasattr(self, "store"):
            self.store.close()

    # what the model expects of an upsert ------------------------------------------------
    def expected(self, s: Submission) -> tuple[WriteOutcome, Submission | None]:
        contact = None if s.id in self.erased else s.contact
        stored = self.model.get(s.id)
        if stored is None:
            return WriteOutcome.INSERTED, attrs.evolve(s, contact=contact)
        # a copy that contradicts the stored receipt, response or contact is a conflict
        differs = any(_shown(getattr(s, f)) != _shown(getattr(stored, f)) for f in RECEIPT_FIELDS)
        differs |= None not in (s.response, stored.response) and s.response != stored.response
        differs |= None not in (contact, stored.contact) and contact != stored.contact
        known, incoming = stored.events, s.events
        if incoming[:len(known)] != known:
            if known[:len(incoming)] == incoming and not differs:
                return WriteOutcome.UNCHANGED, stored
            return WriteOutcome.CONFLICT, None
        if differs:
            return WriteOutcome.CONFLICT, None
        try:
            merged = attrs.evolve(s, contact=contact or stored.contact,
                                  response=s.response or stored.response)
        except FieldError:
            return WriteOutcome.CONFLICT, None
        return (WriteOutcome.UNCHANGED if merged == stored else WriteOutcome.UPDATED), merged

    @rule(batch=st.lists(submissions, min_size=1, max_size=4))
    def upsert(self, batch: list[Submission]) -> None:
        results = self.store.write_submissions(batch)
        for s, result in zip(batch, results, strict=True):
            outcome, merged = self.expected(s)
            assert result.outcome is outcome, (s.id, result, outcome)
            if merged is not None:
                self.model[s.id] = merged

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data(), hours=st.integers(0, 24 * 40))
    def move(self, data: st.DataObject, hours: int) -> None:
        sid = data.draw(st.sampled_from(sorted(self.model)))
        current = self.model[sid]
        targets = sorted(TRANSITIONS[current.status], key=lambda t: t.value)
        if not targets:
            return
        target = data.draw(st.sampled_from(targets))
        last = current.events[-1].at if current.events else current.received_at
        moved = lifecycle.transition(current, target, last + timedelta(hours=hours), note="✓")
        self.store.append_event(sid, moved.events[-1], expected_position=len(current.events))
        self.model[sid] = moved

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def re_upsert_an_older_or_newer_copy(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(sorted(self.model)))
        current = self.model[sid]
        cut = data.draw(st.integers(0, len(current.events)))
        older = attrs.evolve(current, events=current.events[:cut], contact=None,
                             response=None if cut < len(current.events) else current.response)
        assert self.store.upsert_submission(older) is WriteOutcome.UNCHANGED

    @rule(email=st.sampled_from(EMAILS))
    def erase_by_email(self, email: str) -> None:
        expected = sorted(i for i, s in self.model.items()
                          if s.contact is not None and fold(s.contact.email) == fold(email))
        assert self.store.erase_contacts(email=email) == expected
        self._erase(expected)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def erase_by_submission(self, data: st.DataObject) -> None:
        sid = data.draw(st.sampled_from(sorted(self.model)))
        expected = [sid] if self.model[sid].contact is not None else []
        assert self.store.erase_contacts(submission_id=sid) == expected
        self._erase(expected)

    @rule(years=st.integers(0, 30), as_of=ps.aware_datetimes(2000, 2045))
    def purge(self, years: int, as_of: datetime) -> None:
        cutoff = as_of - relativedelta(years=years)
        expected = sorted(i for i, s in self.model.items()
                          if s.contact is not None and s.received_at < cutoff)
        assert self.store.purge_contacts(years, as_of) == expected
        self._erase(expected)

    def _erase(self, ids: list[str]) -> None:
        for i in ids:
            self.model[i] = self.model[i].without_personal_data()
            self.erased.add(i)

    @invariant()
    def same_submissions(self) -> None:
        if not hasattr(self, "store"):
            return
        streamed = list(self.store.iter_submissions(with_contact=True))
        assert {s.id: s for s in streamed} == self.model
        assert [s.id for s in streamed] == [s.id for s in sorted(
            self.model.values(), key=lambda s: (s.received_at, s.id))]
        counts = self.store.counts()
        assert counts["submissions"] == len(self.model)
        assert counts["events"] == sum(len(s.events) for s in self.model.values())
        assert counts["contacts"] == sum(s.contact is not None for s in self.model.values())


StoreVersusModel.TestCase.settings = settings(
    max_examples=60, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_store_matches_the_model = StoreVersusModel.TestCase
