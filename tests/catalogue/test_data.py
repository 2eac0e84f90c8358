"""The bundled data: enough real practices, every value valid, conflicts kept."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from participation.catalogue.countries import EEA, EU, ISO_3166_1
from participation.catalogue.loading import bundled_entries, completeness
from participation.catalogue.model import EARLIEST_YEAR, EvaluationArea, is_http_url, latest_year

PRACTICES = [p for p, _ in bundled_entries()]


def test_every_eu_member_state_and_at_least_80_practices() -> None:
    countries = {p.country for p in PRACTICES}
    assert len(PRACTICES) >= 80
    assert countries >= EU, sorted(EU - countries)
    assert countries <= EEA
    # no country dominates: Bulgaria, the first user, keeps its 7 among 80+
    assert sum(p.country == "BG" for p in PRACTICES) / len(PRACTICES) < 0.1


def test_regional_practices_are_there_for_regional_administrations() -> None:
    regional = [p for p in PRACTICES if p.level is not None and p.level.value == "regional"]
    adoptable = [p for p in regional if p.needs_national_law is False
                 and p.run_by is not None and p.run_by.value == "regional_authority"]
    assert len(adoptable) >= 8
    assert {"sk-bratislava-region-participatory-budget", "pl-malopolska-civic-budget",
            "fr-gers-participatory-budget"} <= {p.id for p in adoptable}


def test_every_figure_has_a_kind_and_money_a_currency() -> None:
    for practice in PRACTICES:
        for fig in practice.figures:
            assert fig.kind is not None, (practice.id, fig.what)
            if fig.kind.value == "budget":
                assert fig.currency is not None, (practice.id, fig.what)


def test_corrected_facts() -> None:
    # the French convention's last session was on 26-28 February 2021
    convention = _practice("fr-citizens-convention-climate")
    assert convention.end_year == 2021
    assert "28 February 2021" in convention.dates_note
    # Otakantaa: the COVID-19 exit-plan round was in April 2021, not 2020
    otakantaa = _practice("fi-otakantaa")
    exit_plan = [f for f in otakantaa.figures if "exit plan" in f.what]
    assert exit_plan and all(f.year == 2021 for f in exit_plan)
    assert any("April 2021" in o for o in otakantaa.outcomes)
    # Lisbon: 51,591 votes in the edition whose winners were announced on 28 November 2016
    lisbon = _practice("pt-lisbon-participatory-budget")
    record = next(f for f in lisbon.figures if f.value == 51591)
    assert record.year == 2016 and "28 November 2016" in record.note


def test_ids_are_unique_and_start_with_the_country() -> None:
    ids = [p.id for p in PRACTICES]
    assert len(ids) == len(set(ids))
    assert all(p.id.startswith(p.country.lower() + "-") for p in PRACTICES)


@pytest.mark.parametrize("practice", PRACTICES, ids=lambda p: p.id)
def test_every_entry_is_complete_and_valid(practice) -> None:  # type: ignore[no-untyped-def]
    assert completeness(practice) == []
    assert practice.country in ISO_3166_1
    for year in (practice.start_year, practice.end_year):
        assert year is None or EARLIEST_YEAR <= year <= latest_year()
    assert practice.sources
    assert all(is_http_url(s) for s in practice.sources)
    assert practice.coe is not None
    assert practice.iap2 is not None
    assert practice.coe == practice.iap2.to_coe()
    for fig in practice.figures:
        assert is_http_url(fig.source)
        assert fig.year is not None or fig.note, f"{fig.what}: a figure without a year says why"
    assert all(why.strip() for why in practice.addresses.values())


def test_every_data_file_is_plain_toml_with_only_practice_tables() -> None:
    folder = resources.files("participation.catalogue") / "data"
    files = [f for f in folder.iterdir() if f.name.endswith(".toml")]
    assert len(files) >= 20
    for f in files:
        assert set(tomllib.loads(f.read_text(encoding="utf-8"))) == {"practice"}


def _figures(pid: str, what: str, year: int) -> dict[float, str]:
    practice = next(p for p in PRACTICES if p.id == pid)
    return {f.value: f.source for f in practice.figures if f.what == what and f.year == year}


def test_conflicting_figures_are_kept_with_both_sources() -> None:
    sofia = _figures("bg-sofia-ideas-for-the-city", "voters", 2024)
    assert set(sofia) == {15000, 11589}
    assert len(set(sofia.values())) == 2
    open_day = _figures("de-federal-government-open-day", "visitors", 2017)
    assert set(open_day) == {135000, 120000}
    assert len(set(open_day.values())) == 2
    sofia_practice = next(p for p in PRACTICES if p.id == "bg-sofia-ideas-for-the-city")
    assert len(sofia_practice.conflicting_figures()) == 1


def test_uncertain_figures_say_so() -> None:
    estonia = next(p for p in PRACTICES if p.id == "ee-rahvakogu")
    enacted = next(f for f in estonia.figures if f.what.startswith("proposals reported"))
    assert enacted.uncertain


def test_excluded_countries_are_not_in_the_data() -> None:
    assert not [p for p in PRACTICES if p.country == "GB"]


def _practice(pid: str):  # type: ignore[no-untyped-def]
    return next(p for p in PRACTICES if p.id == pid)


def test_wording_stays_within_the_fact_sheet() -> None:
    # Sofia: about 15,000 (or 11,589) voters in 2024 and 24,367 votes in 2025
    sofia = _practice("bg-sofia-ideas-for-the-city")
    reach = sofia.addresses[EvaluationArea.REACH]
    assert "tens of thousands" not in reach.lower()
    assert all(n in reach for n in ("15,000", "11,589", "24,367"))
    # Madrid: the sheet has 2016 and 2018 only
    madrid = _practice("es-decide-madrid")
    assert "each year" not in madrid.addresses[EvaluationArea.REACH]
    # strategy.bg did not replace 130 websites: 130 institutions had published on their own
    portal = _practice("bg-strategy-bg")
    assert not any("replacing" in o for o in portal.outcomes)
    assert any("130" in o and "institutions" in o for o in portal.outcomes)


def test_years_the_sheet_does_not_give_are_left_out_with_why() -> None:
    enacted = next(f for f in _practice("ee-rahvakogu").figures
                   if f.what.startswith("proposals reported"))
    assert enacted.year is None and "No year" in enacted.note
    vorarlberg = {f.what: f for f in _practice("at-vorarlberg-citizens-councils").figures}
    for what in ("councils held since 2006", "signatures that can trigger a council"):
        assert vorarlberg[what].year is None and "no year" in vorarlberg[what].note.lower()
    nutrition = _practice("de-bundestag-citizens-assembly-nutrition")
    assert nutrition.end_year is None
    assert "February 2024" in nutrition.dates_note
