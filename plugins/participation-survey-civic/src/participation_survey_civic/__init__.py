"""participation-survey-civic: awareness of feedback channels, trust, feeling heard and
seeing the outcome, in English and Bulgarian, as a ``participation`` plugin."""

from participation_survey_civic.instrument import CIVIC, SURVEY_KEY

__version__ = "0.1.0"
__all__ = ["CIVIC", "SURVEY_KEY", "__version__"]
