"""The plugin module named by the ``participation`` entry point."""

from __future__ import annotations

from participation import hookimpl
from participation.surveys import Survey
from participation_survey_civic.instrument import CIVIC


@hookimpl
def register_surveys() -> list[Survey]:
    """The civic-engagement survey."""
    return [CIVIC]
