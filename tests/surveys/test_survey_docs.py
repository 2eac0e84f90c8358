"""The survey docs and the instruments' READMEs say what the code does: which
indicator tags the built-in indicators read, and how the plugins are installed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SURVEYS_MD = ROOT / "docs" / "surveys.md"
INSTRUMENTS = {"participation-survey-satisfaction": "participation_survey_satisfaction",
               "participation-survey-civic": "participation_survey_civic"}


def _read_by_builtins(registry: Any) -> dict[str, str]:
    """tag → indicator key, from what each built-in indicator says it counts."""
    found = {}
    for spec in registry.indicators.values():
        for tag in re.findall(r"tagged '?([a-z_]+\.[a-z_]+)", spec.definition + spec.formula):
            found[tag] = spec.key
    return found


def _instrument_tags(module: str) -> set[str]:
    package = pytest.importorskip(module)
    survey = next(v for k, v in vars(package).items() if k.isupper() and hasattr(v, "questions"))
    return {q.indicator for q in survey.questions if q.indicator}


def test_docs_list_exactly_the_tags_the_builtin_indicators_read(registry: Any) -> None:
    read = _read_by_builtins(registry)
    assert read == {"satisfaction.overall": "satisfied_share",
                    "satisfaction.felt_heard": "felt_heard_share"}
    text = SURVEYS_MD.read_text(encoding="utf-8")
    table = text.split("### Tags read by the built-in indicators", 1)[1].split("\n\n")[2]
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| `([a-z_]+)`", table, re.M))
    assert rows == read


@pytest.mark.parametrize("folder", sorted(INSTRUMENTS))
def test_readmes_say_which_tags_feed_indicators(registry: Any, folder: str) -> None:
    tags = _instrument_tags(INSTRUMENTS[folder])
    read = _read_by_builtins(registry)
    readme = (ROOT / "plugins" / folder / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("**Which tags feed indicators.**", 1)[1].split("\n\n", 1)[0]
    used, rest = paragraph.split("The other", 1)
    assert {t for t in tags if t in read} == set(re.findall(r"`([a-z_]+\.[a-z_]+)`", used))
    assert {t for t in tags if t not in read} == set(re.findall(r"`([a-z_]+\.[a-z_]+)`", rest))
    assert "no built-in indicator" in rest
    docs = SURVEYS_MD.read_text(encoding="utf-8")
    assert all(f"`{t}`" in docs for t in tags)
    # not on PyPI: install from a checkout
    assert "pip install participation-survey" not in readme
    assert f"pip install -e plugins/{folder}" in readme
