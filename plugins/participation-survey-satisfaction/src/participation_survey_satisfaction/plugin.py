"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation.surveys import Survey
from participation_survey_satisfaction.instrument import SATISFACTION


@hookimpl
def register_surveys() -> list[Survey]:
    """The citizen-satisfaction survey."""
    return [SATISFACTION]
