"""The researcher's API: filter, search, group_by, crosstab, compare, similar."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.catalogue import Catalogue, OecdMethod, Practice
from participation.catalogue.query import fold, search
from participation.errors import FieldError, UnknownKeyError
from participation.model import GovernmentLevel, Iap2Level, Stage


def test_done_when_three_lines(catalogue: Catalogue) -> None:
    # "which EU practices involve citizens at the monitoring stage at the level of
    # collaboration or higher, by country"
    found = catalogue.filter(eu=True, stages=Stage.MONITORING, iap2__gte=Iap2Level.COLLABORATE)
    by_country = found.group_by("country")
    assert set(by_country) == {"BE", "BG", "ES", "IT", "SI"}
    for country, group in by_country.items():
        for p in group:
            assert p.country == country
            assert p.eu
            assert Stage.MONITORING in p.stages
            assert p.iap2 >= Iap2Level.COLLABORATE


def test_filter_accepts_text_as_well_as_enums(catalogue: Catalogue) -> None:
    a = catalogue.filter(stages="monitoring", iap2__gte="collaborate", level="local").ids()
    b = catalogue.filter(stages=Stage.MONITORING, iap2__gte=Iap2Level.COLLABORATE,
                         level=GovernmentLevel.LOCAL).ids()
    assert a == b
    assert a


def test_filter_lookups(catalogue: Catalogue) -> None:
    pb = catalogue.filter(methods=OecdMethod.PARTICIPATORY_BUDGETING)
    assert len(pb) >= 10
    assert all(OecdMethod.PARTICIPATORY_BUDGETING in p.methods for p in pb)
    nordic = catalogue.filter(country__in=["FI", "DK", "SE", "IS"])
    assert {p.country for p in nordic} == {"FI", "DK", "SE", "IS"}
    both = catalogue.filter(stages__all=["drafting", "monitoring"])
    assert both.ids()
    assert all({Stage.DRAFTING, Stage.MONITORING} <= set(p.stages)
                              for p in both)
    old = catalogue.filter(start_year__lt=2000)
    assert {p.id for p in old} == {"dk-consensus-conferences", "de-federal-government-open-day"}
    assert set(catalogue.filter(eea=True, eu=False).ids()) == {
        "is-reykjavik-my-neighbourhood", "no-local-democracy-pioneer-municipalities"}
    assert "bg-sozopol-kazva" in catalogue.filter(areas="reach", country="bg")


def test_filter_errors_are_clean(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownKeyError, match="practice field 'colour'"):
        catalogue.filter(colour="red")
    with pytest.raises(UnknownKeyError, match="filter lookup 'near'"):
        catalogue.filter(country__near="BG")
    with pytest.raises(FieldError, match="iap2: unknown value 'loud'"):
        catalogue.filter(iap2__gte="loud")
    with pytest.raises(FieldError, match="no order"):
        catalogue.filter(country__gte="BG")


@settings(max_examples=30, deadline=None)
@given(level=st.sampled_from(list(Iap2Level)))
def test_gte_matches_a_plain_comparison(level: Iap2Level) -> None:
    cat = Catalogue.load(_registry())
    expected = [p.id for p in cat if p.iap2 is not None and p.iap2 >= level]
    assert cat.filter(iap2__gte=level).ids() == expected


def _registry():  # type: ignore[no-untyped-def]
    from participation.registry import Registry

    return Registry.default(load_entrypoints=False)


def test_search_ignores_case_and_accents(catalogue: Catalogue) -> None:
    assert catalogue.search("DAME NA VAS").ids() == ["cz-brno-over-to-you"]
    assert "gr-diavgeia" in catalogue.search("διαυγεια")
    assert catalogue.search("Józsefváros").ids() == catalogue.search("jozsefvaros").ids()


def test_search_covers_descriptions_and_outcomes(catalogue: Catalogue) -> None:
    assert "be-fixmystreet-brussels" in catalogue.search("incidents public space")  # description
    assert "bg-burgas-my-street" in catalogue.search("150 cars")  # outcome
    with pytest.raises(FieldError):
        catalogue.search("  ")


def test_crosstab_counts_each_value_of_a_multi_valued_field(catalogue: Catalogue) -> None:
    table = catalogue.crosstab("stages", "iap2")
    total = sum(table.counts.values())
    assert total == sum(len(p.stages) for p in catalogue)
    manual = sum(1 for p in catalogue if Stage.MONITORING in p.stages
                 and p.iap2 == Iap2Level.COLLABORATE)
    assert table.count(Stage.MONITORING, Iap2Level.COLLABORATE) == manual
    assert table.rows[0] == "agenda_setting"  # enum order, not alphabetical
    assert "monitoring" in table.to_text()
    by_country = catalogue.crosstab("country", "methods").as_dict()
    assert by_country["BG"]["participatory_budgeting"] == 2


def test_compare_puts_practices_side_by_side(catalogue: Catalogue) -> None:
    comparison = catalogue.compare(["fi-helsinki-omastadi", "bg-sofia-ideas-for-the-city"])
    data = comparison.as_dict()
    assert data["country"] == {"fi-helsinki-omastadi": "FI", "bg-sofia-ideas-for-the-city": "BG"}
    assert data["stages"]["bg-sofia-ideas-for-the-city"].endswith("monitoring")
    assert "fi-helsinki-omastadi" in comparison.to_text().splitlines()[0]
    with pytest.raises(UnknownKeyError):
        catalogue.compare(["nope"])


def test_similar_gives_reasons_that_hold(catalogue: Catalogue) -> None:
    target = catalogue.get("fi-helsinki-omastadi")
    found = catalogue.similar(target, k=3)
    assert len(found) == 3
    assert target.id not in [s.practice.id for s in found]
    for s in found:
        assert s.practice.type == target.type
        assert "same type (participatory_budget)" in s.reason
    scores = [s.score for s in catalogue.similar(target, k=10)]
    assert scores == sorted(scores, reverse=True)
    assessment = catalogue.similar("gr-diavgeia", k=1)[0]
    assert "information_and_data" in assessment.reason
    with pytest.raises(FieldError):
        catalogue.similar(target, k=0)


def test_search_matches_at_word_starts(catalogue: Catalogue) -> None:
    practices = [Practice("aa-inside", "Participatory planning", "BG",
                          sources=("https://example.org/a",)),
                 Practice("bb-start", "Street art budget", "BG",
                          description="Artists and residents budgeting together.",
                          sources=("https://example.org/b",))]
    assert [p.id for p in search(practices, "art")] == ["bb-start"]
    assert [p.id for p in search(practices, "ART")] == ["bb-start"]
    assert [p.id for p in search(practices, "budget")] == ["bb-start"]
    assert search(practices, "udget") == []
    assert [p.id for p in search(practices, "partic")] == ["aa-inside"]
    # the bundled catalogue: "art" finds no practice only through "participatory"
    for practice in catalogue.search("art"):
        text = fold(" ".join([practice.name, practice.name_original, practice.description,
                              *practice.outcomes]))
        assert re.search(r"(?<!\w)art", text), practice.id
