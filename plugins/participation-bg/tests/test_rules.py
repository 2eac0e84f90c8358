"""The Bulgarian deadline rules on real dates, checked by hand, and their properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st
from participation_bg.calendar import BulgarianCalendar
from participation_bg.rules import DEADLINE_RULES

from participation.model import Event, Status, Submission, SubmissionKind
from participation.registry import Registry
from participation.rules import DeadlineRule, ExtensionMode, RuleKind, TermUnit, deadline_for
from participation.testing.strategies import dates

RULES = {r.key: r for r in DEADLINE_RULES}
SOFIA = timezone(timedelta(hours=2))


def due(key: str, event: date, calendar: BulgarianCalendar, *extensions: str,
        exceptional: bool = False) -> date:
    return RULES[key].compute(event, calendar, extensions, exceptional=exceptional).due


def test_hook_register_deadline_rules(bg_registry: Registry) -> None:
    keys = {"bg.apia", "bg.apc.proposal", "bg.apc.signal", "bg.lna.consultation",
            "bg.whistleblower.ack", "bg.whistleblower.feedback"}
    assert keys <= set(bg_registry.deadline_rules)
    for key in keys:
        rule = bg_registry.deadline_rule(key)
        assert "art." in rule.legal_basis, key
        assert rule.label("bg") != rule.label("en"), key
        for ext in rule.extensions:
            assert "art." in ext.legal_basis, ext.key


def test_the_terms_the_law_sets() -> None:
    apia = RULES["bg.apia"]
    assert (apia.term.length, apia.term.unit) == (14, TermUnit.CALENDAR_DAYS)
    assert [(e.term.length, e.mode, e.legal_basis[-10:]) for e in apia.extensions] == [
        (10, ExtensionMode.BY, "art. 30(1)"), (14, ExtensionMode.BY, "art. 31(1)")]
    proposal, signal = RULES["bg.apc.proposal"], RULES["bg.apc.signal"]
    assert (proposal.term.length, proposal.term.unit) == (2, TermUnit.MONTHS)
    assert (proposal.extensions[0].term.length, proposal.extensions[0].mode) == (
        6, ExtensionMode.TO)
    assert (signal.extensions[0].term.length, signal.extensions[0].term.unit,
            signal.extensions[0].mode) == (1, TermUnit.MONTHS, ExtensionMode.BY)
    lna = RULES["bg.lna.consultation"]
    assert (lna.kind, lna.term.length, lna.exceptional_term.length) == (
        RuleKind.MINIMUM, 30, 14)
    assert RULES["bg.whistleblower.ack"].term.length == 7
    feedback = RULES["bg.whistleblower.feedback"]
    assert (feedback.term.length, feedback.term.unit, feedback.anchor,
            feedback.anchor_fallback.length) == (3, TermUnit.MONTHS, Status.ACKNOWLEDGED, 7)


def test_apia_request_of_2_june_2025(calendar) -> None:
    # Registered Monday 2 June 2025. The 14 days run from the next day, 3 June:
    # 3,4,...,16 June is 14 days, so the last day is Monday 16 June 2025 — a working
    # day (no Bulgarian holiday in June), so the decision is due on 16 June 2025.
    c = RULES["bg.apia"].compute(date(2025, 6, 2), calendar)
    assert (c.counting_from, c.raw_end, c.due, c.moved) == (
        date(2025, 6, 3), date(2025, 6, 16), date(2025, 6, 16), ())


def test_apia_across_easter_2025(calendar) -> None:
    # 4 Apr + 14 = 18 Apr, Good Friday; 19, 20 Easter weekend; 21 Easter Monday → 22 Apr.
    c = RULES["bg.apia"].compute(date(2025, 4, 4), calendar)
    assert c.raw_end == date(2025, 4, 18)
    assert c.due == date(2025, 4, 22)
    assert [d.day for d, _ in c.moved] == [18, 19, 20, 21]


def test_apia_across_christmas_and_the_euro_changeover(calendar) -> None:
    # 10 Dec 2025 + 14 = 24 Dec; 24–26 Dec holidays, 27–28 weekend → Monday 29 Dec.
    assert due("bg.apia", date(2025, 12, 10), calendar) == date(2025, 12, 29)
    # 17 Dec + 14 = 31 Dec (Decision 808); 1 Jan; 2 Jan (Decision 808); 3–4 weekend → 5 Jan.
    assert due("bg.apia", date(2025, 12, 17), calendar) == date(2026, 1, 5)
    # extended by 10 days (art. 30) from the working day the term ends on: 5 + 10 = 15 Jan.
    assert due("bg.apia", date(2025, 12, 17), calendar, "bg.apia.volume") == date(2026, 1, 15)
    # third-party consent (art. 31): 5 + 14 = 19 Jan 2026, a Monday.
    assert due("bg.apia", date(2025, 12, 17), calendar, "bg.apia.third_party") == date(
        2026, 1, 19)


def test_term_ending_on_3_march_on_a_sunday(calendar) -> None:
    # 18 Feb 2024 + 14 = Sunday 3 Mar 2024; Monday 4 Mar off (art. 154(2)) → 5 Mar.
    c = RULES["bg.apia"].compute(date(2024, 2, 18), calendar)
    assert c.due == date(2024, 3, 5)
    assert "154(2)" in dict(c.moved)[date(2024, 3, 4)]
    # a signal of 3 Jan 2024: two months → 3 Mar 2024 → 5 Mar as well.
    assert due("bg.apc.signal", date(2024, 1, 3), calendar) == date(2024, 3, 5)


def test_apc_month_terms_clamp_to_the_month_end(calendar) -> None:
    # 31 Dec 2025 + 2 months: 31 Feb does not exist → 28 Feb 2026, a Saturday → 2 Mar.
    c = RULES["bg.apc.proposal"].compute(date(2025, 12, 31), calendar)
    assert (c.raw_end, c.due) == (date(2026, 2, 28), date(2026, 3, 2))
    # extended TO 6 months by the superior body (art. 118(2)): 30 Jun 2026, a Tuesday.
    assert due("bg.apc.proposal", date(2025, 12, 31), calendar,
               "bg.apc.proposal.extension") == date(2026, 6, 30)
    # a signal extended BY one month (art. 121): the 2 months end on Monday 2 Mar
    # (28 Feb moved past the weekend), one month more → Thursday 2 Apr 2026.
    assert due("bg.apc.signal", date(2025, 12, 31), calendar,
               "bg.apc.signal.extension") == date(2026, 4, 2)


def test_lna_consultation_minimum(calendar) -> None:
    # Published 22 Apr 2025: at least 30 days → may close no earlier than 22 May 2025.
    assert due("bg.lna.consultation", date(2025, 4, 22), calendar) == date(2025, 5, 22)
    # Exceptional 14 days from 12 May: 26 May, the substitute for Saturday 24 May → 27 May.
    assert due("bg.lna.consultation", date(2025, 5, 12), calendar,
               exceptional=True) == date(2025, 5, 27)


def test_whistleblower_acknowledgement(calendar) -> None:
    # Saturday 17 May 2025 + 7 = Saturday 24 May (a holiday too); Sunday; 26 May off.
    assert due("bg.whistleblower.ack", date(2025, 5, 17), calendar) == date(2025, 5, 27)


def test_whistleblower_feedback_from_acknowledgement_or_fallback(calendar) -> None:
    rule = RULES["bg.whistleblower.feedback"]
    received = datetime(2025, 1, 11, 10, tzinfo=SOFIA)
    report = Submission("W-1", "bg.whistleblower", SubmissionKind.WHISTLEBLOWER_REPORT,
                        received, "Procurement")
    # no acknowledgement: 11 Jan + 7 = 18 Jan, + 3 months = 18 Apr 2025, Good Friday
    # → Easter weekend, Easter Monday 21 Apr → 22 Apr.
    assert deadline_for(report, rule, calendar, SOFIA).due == date(2025, 4, 22)
    acked = Submission("W-1", "bg.whistleblower", SubmissionKind.WHISTLEBLOWER_REPORT,
                       received, "Procurement",
                       events=[Event(datetime(2025, 1, 13, 9, tzinfo=SOFIA),
                                     Status.REGISTERED),
                               Event(datetime(2025, 1, 14, 9, tzinfo=SOFIA),
                                     Status.ACKNOWLEDGED)])
    # acknowledged 14 Jan → 14 Apr 2025, a Monday.
    assert deadline_for(acked, rule, calendar, SOFIA).due == date(2025, 4, 14)


# --- properties -----------------------------------------------------------------------

def _choices(rule: DeadlineRule) -> list[tuple[str, ...]]:
    return [(), *((e.key,) for e in rule.extensions)]


rule_and_extensions = st.sampled_from(DEADLINE_RULES).flatmap(
    lambda r: st.tuples(st.just(r), st.sampled_from(_choices(r))))


@settings(max_examples=150, deadline=None)
@given(case=rule_and_extensions, event=dates(2005, 2035), exceptional=st.booleans())
def test_due_is_a_working_day_not_before_the_raw_end(calendar, case, event,
                                                     exceptional) -> None:
    rule, extensions = case
    exceptional = exceptional and rule.exceptional_term is not None
    c = rule.compute(event, calendar, extensions, exceptional=exceptional)
    assert calendar.non_working_reason(c.due) is None
    assert c.due >= c.raw_end > event
    assert all(calendar.non_working_reason(d) is not None for d, _ in c.moved)


@settings(max_examples=150, deadline=None)
@given(case=rule_and_extensions, event=dates(2005, 2035))
def test_a_later_receipt_never_gives_an_earlier_due_date(calendar, case, event) -> None:
    rule, extensions = case
    today = rule.compute(event, calendar, extensions).due
    tomorrow = rule.compute(event + timedelta(days=1), calendar, extensions).due
    assert tomorrow >= today
