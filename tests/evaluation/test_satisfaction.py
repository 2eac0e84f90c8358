"""Satisfaction indicators need survey responses (the surveys issue)."""

from __future__ import annotations

import pytest


def test_satisfaction_without_survey_responses_is_no_data(kit) -> None:
    ms = kit.measure("2025")
    assert ms["satisfied_share"].value is None
    assert ms["satisfied_share"].n == 0
    assert ms["felt_heard_share"].value is None


def test_satisfaction_from_survey_responses() -> None:
    pytest.importorskip("participation.surveys")
    pytest.skip("survey responses come with the surveys branch; write these tests once it lands")
