"""The bundled data: enough real practices, every value valid, conflicts kept."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from participation.catalogue.countries import EEA, ISO_3166_1
from participation.catalogue.loading import bundled_entries, completeness
from participation.catalogue.model import EARLIEST_YEAR, is_http_url, latest_year

PRACTICES = [p for p, _ in bundled_entries()]


def test_at_least_40_practices_from_20_eu_eea_countries_bulgaria_included() -> None:
    countries = {p.country for p in PRACTICES}
    assert len(PRACTICES) >= 40
    assert len(countries) >= 20
    assert "BG" in countries
    assert countries <= EEA


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
