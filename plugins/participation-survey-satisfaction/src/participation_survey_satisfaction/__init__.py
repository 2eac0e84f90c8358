"""participation-survey-satisfaction: the citizen-satisfaction survey (CAF 6.1 themes),
in English and Bulgarian, as a ``participation`` plugin."""

from participation_survey_satisfaction.instrument import SATISFACTION, SURVEY_KEY

__version__ = "0.1.0"
__all__ = ["SATISFACTION", "SURVEY_KEY", "__version__"]
