"""The desk and ``participation deadline`` agree: the APIA term counts from registration
(art. 28(1)); intake through the Bulgarian channels applies APC art. 111(4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pluggy
import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.desk import Desk
from participation.model import Outcome, Status, Submission, SubmissionKind
from participation.registry import Registry
from participation.store import SqliteStore

SOFIA = ZoneInfo("Europe/Sofia")


@pytest.fixture
def bg_desk(bg_registry: Registry, tmp_path: Any) -> Desk:
    store = SqliteStore(tmp_path / "bg.db")
    store.set_settings({"jurisdiction": "bg", "timezone": "Europe/Sofia"})
    return Desk(store, bg_registry, clock=lambda: datetime(2026, 11, 5, 10, tzinfo=SOFIA))


def test_apia_counts_from_registration_in_the_desk_and_the_command(
        bg_desk: Desk, plugin_manager: pluggy.PluginManager,
        register_plugin: Callable[..., Any]) -> None:
    received = datetime(2026, 11, 2, 9, tzinfo=SOFIA)
    bg_desk.receive(Submission("Z-1", "bg.apia.request", SubmissionKind.INFORMATION_REQUEST,
                               received, "Contracts 2025"))
    # before registration: a provisional due day from receipt
    provisional = bg_desk.deadline(bg_desk.store.get_submission("Z-1"))
    assert provisional is not None and provisional.due.isoformat() == "2026-11-16"
    registered = bg_desk.register("Z-1", datetime(2026, 11, 5, 10, tzinfo=SOFIA))
    computation = bg_desk.deadline(registered)
    assert computation is not None and computation.anchor == "registered"
    assert computation.due.isoformat() == "2026-11-19"
    cli = build_cli(plugin_manager)
    result = CliRunner().invoke(cli, ["deadline", "bg.apia", "2026-11-05"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "2026-11-19"
    assert "counts from: registration" in result.output


def test_intake_of_an_information_request_is_due_14_days_after_registration(
        bg_desk: Desk) -> None:
    receipt = bg_desk.intake({"channel": "bg.apia.request", "kind": "information_request",
                              "subject": "Договори 2025", "email": "ivan@example.bg",
                              "received_at": "2026-11-04T16:00"})
    assert receipt.submission.events[0].at == datetime(2026, 11, 5, 10, tzinfo=SOFIA)
    assert receipt.due == "2026-11-19"


def test_an_anonymous_signal_in_the_anticorruption_box_is_not_examined(bg_desk: Desk) -> None:
    receipt = bg_desk.intake({"channel": "bg.anticorruption_box", "kind": "signal",
                              "subject": "Подкуп", "anonymous": True})
    stored = bg_desk.store.get_submission(receipt.submission.id)
    assert stored.status is Status.REJECTED
    assert stored.response is not None and stored.response.outcome is Outcome.NOT_EXAMINED
    assert stored.response.legal_basis == "Administrative Procedure Code art. 111(4)"
    assert receipt.inadmissible is not None and receipt.inadmissible.rule == "bg.apc.anonymous"


def test_the_whistleblower_fallback_end_moves_to_a_working_day(bg_registry: Registry) -> None:
    from participation.rules import lifecycle

    rule = bg_registry.deadline_rule("bg.whistleblower.feedback")
    # received Tuesday 29 April 2025: + 7 days = Tuesday 6 May, St George's Day (a
    # holiday) → 7 May; + 3 months = 7 August 2025, a Thursday.
    report = Submission("W-2", "bg.whistleblower", SubmissionKind.WHISTLEBLOWER_REPORT,
                        datetime(2025, 4, 29, 10, tzinfo=SOFIA), "Procurement")
    result = lifecycle.deadline_for(report, rule, bg_registry.calendar("bg"), SOFIA)
    assert result.due.isoformat() == "2025-08-07"
    assert any("2025-05-06 is not a working day" in step for step in result.steps)
