"""The good-practice catalogue: real EU/EEA practices in civic participation, and the
tools to compare them and to find the ones that fit an assessment's weak spots.

>>> from participation.catalogue import Catalogue
>>> cat = Catalogue.load()
>>> len(cat) >= 40 and "BG" in cat.group_by("country")
True
"""

from participation.catalogue.catalogue import Catalogue
from participation.catalogue.model import (
    EvaluationArea,
    Figure,
    OecdMethod,
    Practice,
    PracticeType,
    TargetGroup,
)
from participation.catalogue.query import Comparison, CrossTab, SimilarPractice
from participation.catalogue.recommend import Recommendation, WeakArea

__all__ = [
    "Catalogue",
    "Comparison",
    "CrossTab",
    "EvaluationArea",
    "Figure",
    "OecdMethod",
    "Practice",
    "PracticeType",
    "Recommendation",
    "SimilarPractice",
    "TargetGroup",
    "WeakArea",
]
