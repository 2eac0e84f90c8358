"""The Bulgarian channels: Bulgarian names and the rules they answer under."""

from __future__ import annotations

from datetime import UTC

from participation.registry import Registry

EXPECTED = {
    "bg.apc.proposal": "bg.apc.proposal",
    "bg.apc.signal": "bg.apc.signal",
    "bg.apia.request": "bg.apia",
    "bg.anticorruption_box": "bg.apc.signal",
    "bg.whistleblower": "bg.whistleblower.feedback",
    "bg.strategy_consultation": None,
    "bg.reception_desk": "bg.apc.proposal",
}


def test_hook_register_channel_types(bg_registry: Registry) -> None:
    channels = {k: c for k, c in bg_registry.channel_types.items() if k.startswith("bg.")}
    assert set(channels) == set(EXPECTED)
    for key, channel in channels.items():
        assert channel.deadline_rule == EXPECTED[key], key
        if channel.deadline_rule is not None:
            bg_registry.deadline_rule(channel.deadline_rule)  # the rule exists
        bg_label = channel.label("bg")
        assert bg_label != channel.label("en")
        assert any("\u0400" <= ch <= "\u04ff" for ch in bg_label), key  # Cyrillic
        assert bg_registry.channel_label(key, "bg") == bg_label


def test_only_the_box_takes_anonymous_reports(bg_registry: Registry) -> None:
    anonymous = {k for k, c in bg_registry.channel_types.items()
                 if k.startswith("bg.") and c.anonymous}
    assert anonymous == {"bg.anticorruption_box"}


def test_channel_rules_resolve_through_the_registry(bg_registry: Registry) -> None:
    from datetime import datetime

    from participation.model import Submission, SubmissionKind

    s = Submission("R-1", "bg.apia.request", SubmissionKind.INFORMATION_REQUEST,
                   datetime(2025, 6, 2, 9, tzinfo=UTC), "Budget 2025")
    assert bg_registry.rule_for(s).key == "bg.apia"
