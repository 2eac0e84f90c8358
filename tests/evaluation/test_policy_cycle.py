"""Policy-cycle indicators by hand.

2025: Mon 3 March + 84 days (12 weeks) = Mon 26 May; Thu 5 June + 30 days = Sat 5 July
(→ Mon 7 July when rolled forward); Mon 2 June + 14 days = Mon 16 June.
"""

from __future__ import annotations

from datetime import date

import pytest

from participation import hookimpl
from participation.model import (
    ActivityKind,
    ParticipationLevel,
    Policy,
    Stage,
    StageWindow,
    Window,
)
from participation.rules import DeadlineRule, RuleKind, Term

INFO, C, D, P = (ParticipationLevel.INFORMATION, ParticipationLevel.CONSULTATION,
              ParticipationLevel.DIALOGUE, ParticipationLevel.PARTNERSHIP)
PC = ActivityKind.PUBLIC_CONSULTATION


class LnaLike:
    """A Bulgarian-style minimum: 30 days, 14 in reasoned exceptional cases, rolled forward."""

    @hookimpl
    def register_deadline_rules(self) -> list[DeadlineRule]:
        return [DeadlineRule("x.lna", {"en": "30 days (14 exceptional)"}, Term(30),
                             kind=RuleKind.MINIMUM, exceptional_term=Term(14))]


@pytest.fixture
def lna_registry(register_plugin, registry_factory):
    register_plugin(LnaLike())
    return registry_factory()


def test_stage_level_coverage(kit) -> None:
    acts = [
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), stage=Stage.DRAFTING, level=C),
        kit.activity(date(2025, 5, 1), date(2025, 5, 30), stage=Stage.DRAFTING, level=C),  # same cell
        kit.activity(date(2025, 6, 3), date(2025, 6, 3), stage=Stage.MONITORING, level=D,
                     kind=ActivityKind.ROUND_TABLE),
        kit.activity(date(2025, 3, 1), date(2025, 4, 1), stage=Stage.AGENDA_SETTING, level=INFO),  # into Q2
        kit.activity(date(2025, 7, 1), date(2025, 7, 2), stage=Stage.DECISION, level=P),  # Q3: not counted
    ]
    m = kit.measure("2025-Q2", activities=acts)["stage_level_coverage"]
    # 3 cells of 6 × 4 = 24 → 0.125
    assert (m.value, m.numerator, m.denominator, m.n) == (3 / 24, 3, 24, 4)
    assert m.detail["matrix"]["drafting"]["consultation"] == 2
    assert m.detail["matrix"]["decision"]["partnership"] == 0
    assert kit.measure("2025-Q4", activities=acts)["stage_level_coverage"].value is None


def _policy(pid: str, *stages: tuple[Stage, date, date | None]) -> Policy:
    return Policy(pid, f"Policy {pid}", stages=[StageWindow(s, Window(a, b)) for s, a, b in stages])


def test_drafting_participation(kit) -> None:
    policies = [
        _policy("P-1", (Stage.DRAFTING, date(2025, 3, 1), date(2025, 5, 31))),
        _policy("P-2", (Stage.DRAFTING, date(2025, 4, 1), None)),   # still drafting
        _policy("P-3", (Stage.AGENDA_SETTING, date(2025, 1, 1), date(2025, 3, 31)),
                (Stage.DRAFTING, date(2025, 4, 1), date(2025, 6, 30))),
        _policy("P-4", (Stage.IMPLEMENTATION, date(2025, 1, 1), None)),  # not drafting
        _policy("P-5", (Stage.DRAFTING, date(2024, 1, 1), date(2025, 3, 31))),  # drafted before Q2
    ]
    acts = [
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), policy_id="P-1", level=C),       # counts
        kit.activity(date(2025, 4, 1), date(2025, 4, 30), policy_id="P-2", level=INFO,
                     kind=ActivityKind.INFORMATION_CAMPAIGN),                          # information only
        kit.activity(date(2025, 3, 1), date(2025, 3, 10), policy_id="P-3", level=P,
                     kind=ActivityKind.WORKING_GROUP),                                 # before the period
        kit.activity(date(2025, 5, 1), date(2025, 5, 5), policy_id="P-4", stage=Stage.IMPLEMENTATION),
    ]
    m = kit.measure("2025-Q2", activities=acts, policies=policies)["drafting_participation"]
    # drafting in Q2: P-1, P-2, P-3; with participation at drafting in Q2: P-1 → 1 / 3
    assert (m.numerator, m.denominator, m.n) == (1, 3, 3)
    assert m.value == pytest.approx(1 / 3)
    assert kit.measure("2024-Q1", policies=policies[3:4])["drafting_participation"].value is None


def test_consultation_at_the_legal_minimum_vs_one_day_short(kit) -> None:
    rule = "eu.consultation.minimum"  # 12 weeks, not rolled forward
    acts = [
        kit.activity(date(2025, 3, 3), date(2025, 5, 26), minimum_rule=rule),  # 3 March + 84 = 26 May: meets
        kit.activity(date(2025, 3, 3), date(2025, 5, 25), minimum_rule=rule),  # one day short
        kit.activity(date(2025, 3, 3), date(2025, 5, 25)),                     # names no rule: left out
        kit.activity(date(2025, 3, 3), date(2025, 5, 25), minimum_rule=rule,
                     kind=ActivityKind.ROUND_TABLE),                           # not a consultation
        kit.activity(date(2025, 3, 3), date(2025, 7, 25), minimum_rule=rule),  # ends in Q3
    ]
    m = kit.measure("2025-Q2", activities=acts)["consultations_min_length"]
    # 1 / 2
    assert (m.value, m.numerator, m.denominator) == (0.5, 1, 2)
    assert kit.measure("2025-Q2", activities=acts[2:4])["consultations_min_length"].value is None


def test_consultation_exceptional_term_and_roll_forward(kit, lna_registry) -> None:
    acts = [
        # exceptional with its reasons: 2 June + 14 = 16 June → open until 16 June meets
        kit.activity(date(2025, 6, 2), date(2025, 6, 16), minimum_rule="x.lna", exceptional=True,
                     justification="flood recovery regulation needed before autumn"),
        # the same 15 days without the exceptional term: 2 June + 30 = 2 July → short
        kit.activity(date(2025, 6, 2), date(2025, 6, 16), minimum_rule="x.lna"),
        # 5 June + 30 = Sat 5 July → the term's last day moves to Mon 7 July
        kit.activity(date(2025, 6, 5), date(2025, 7, 5), minimum_rule="x.lna"),
        kit.activity(date(2025, 6, 5), date(2025, 7, 7), minimum_rule="x.lna"),
    ]
    ms = kit.measure("2025", activities=acts, registry=lna_registry)
    m = ms["consultations_min_length"]
    # met: the exceptional one and the one open until 7 July → 2 / 4
    assert (m.value, m.numerator, m.denominator) == (0.5, 2, 4)


def test_exceptional_flag_on_a_rule_without_an_exceptional_term(kit) -> None:
    # the EU rule has no shorter term: an "exceptional" 30-day consultation is still short
    act = kit.activity(date(2025, 3, 3), date(2025, 4, 2), minimum_rule="eu.consultation.minimum",
                       exceptional=True, justification="urgent")
    assert kit.measure("2025", activities=[act])["consultations_min_length"].value == 0.0
