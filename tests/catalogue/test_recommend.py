"""recommend(): weakest areas → practices that address them, with why."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from participation.catalogue import Catalogue, EvaluationArea
from participation.catalogue.model import Figure, Practice
from participation.catalogue.recommend import read_assessment, recommend
from participation.errors import InvalidDocumentError, UnknownKeyError

REPORT = {"weakest_areas": [
    {"area": "closing_the_loop", "label": "Closing the loop", "score": 31.5},
    {"area": "transparency", "label": "Transparency", "score": 44.0},
]}


@attrs.frozen
class Area:
    area: str
    score: float = 0.0


@attrs.frozen
class Assessment:
    weakest_areas: tuple[object, ...]


def test_recommend_from_a_report_dict(catalogue: Catalogue) -> None:
    recs = catalogue.recommend(REPORT, k=5)
    assert len(recs) == 5
    for r in recs:
        assert {a.area for a in r.areas} & {"closing_the_loop", "transparency"}
        for a in r.areas:
            assert EvaluationArea(a.area) in r.practice.addresses
            assert r.practice.addresses[EvaluationArea(a.area)].rstrip(".") in r.reason
    # practices addressing both weak areas come first
    assert {a.area for a in recs[0].areas} == {"closing_the_loop", "transparency"}
    assert "Closing the loop (closing_the_loop, score 31.5)" in recs[0].reason


def test_weakest_area_wins_between_equals(catalogue: Catalogue) -> None:
    recs = catalogue.recommend({"weakest_areas": [{"area": "satisfaction"}, {"area": "reach"}]},
                               k=40)
    singles = [r for r in recs if len(r.areas) == 1]
    kinds = [r.areas[0].area for r in singles]
    assert kinds == sorted(kinds, key=lambda a: a != "satisfaction")


def test_recommend_from_objects_and_strings(catalogue: Catalogue) -> None:
    by_objects = catalogue.recommend(Assessment((Area("responsiveness"),)), k=3)
    by_strings = catalogue.recommend(Assessment(("responsiveness",)), k=3)
    assert [r.practice.id for r in by_objects] == [r.practice.id for r in by_strings]
    assert all(EvaluationArea.RESPONSIVENESS in r.practice.addresses for r in by_objects)


def test_an_unknown_area_is_an_error(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownKeyError, match=r"unknown evaluation area 'happiness'.*reach"):
        catalogue.recommend({"weakest_areas": ["reach", "happiness"]})


def test_missing_weakest_areas_is_a_clean_error(catalogue: Catalogue) -> None:
    with pytest.raises(InvalidDocumentError, match=r"\$\.weakest_areas: required"):
        catalogue.recommend({"scores": []})
    with pytest.raises(InvalidDocumentError, match="area"):
        catalogue.recommend({"weakest_areas": [{"label": "no key"}]})


def test_read_assessment_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "report.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match=r"report\.json"):
        read_assessment(bad)
    bad.write_text(json.dumps({"title": "x"}), encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match="weakest_areas"):
        read_assessment(bad)


def _practice(id: str, *areas: str, figures: int = 0) -> Practice:
    return Practice(id=id, name=id, country="BG", sources=("https://example.org/x",),
                    addresses={EvaluationArea(a): "Because." for a in areas},
                    figures=[Figure("voters", 1, "people", 2020, "https://example.org/f")
                             for _ in range(figures)])


def test_two_weaker_areas_outrank_the_weakest_alone() -> None:
    weak = {"weakest_areas": ["closing_the_loop", "transparency", "reach"]}
    practices = [
        _practice("aa-weakest-only", "closing_the_loop", figures=5),
        _practice("zz-two-weaker", "transparency", "reach"),
        _practice("mm-second-only", "transparency", figures=5),
    ]
    recs = recommend(practices, weak, k=3)
    assert [r.practice.id for r in recs] == ["zz-two-weaker", "aa-weakest-only",
                                              "mm-second-only"]
    # the score orders the same way; its integer part is the number of areas
    assert [int(r.score) for r in recs] == [2, 1, 1]
    assert recs[0].score > recs[1].score > recs[2].score


def test_evidence_breaks_ties_between_equal_matches() -> None:
    weak = {"weakest_areas": ["reach"]}
    recs = recommend([_practice("aa", "reach"), _practice("bb", "reach", figures=2)], weak)
    assert [r.practice.id for r in recs] == ["bb", "aa"]
    assert recs[0].score > recs[1].score


def test_demo_report_ranks_practices_with_two_weak_areas_first(catalogue: Catalogue) -> None:
    report = {"weakest_areas": [{"area": "satisfaction"}, {"area": "responsiveness"},
                                {"area": "transparency"}]}
    recs = catalogue.recommend(report, k=10)
    counts = [len(r.areas) for r in recs]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 2
