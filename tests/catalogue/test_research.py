"""What a researcher scripts: regions, n-way cross-tables with margins, typed tables,
comparable figures, transferable recommendations, search forms and synonyms."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from participation.catalogue import Catalogue, Figure, Practice
from participation.catalogue.export import CSV_COLUMNS, TABLES
from participation.catalogue.model import EvaluationArea, FigureKind, Population, RunBy
from participation.catalogue.query import MISSING, TOTAL
from participation.catalogue.rates import rate, to_euro
from participation.errors import FieldError, UnknownKeyError
from participation.model import Administration, GovernmentLevel, Iap2Level, Stage


def _p(pid: str, country: str = "BG", **kw) -> Practice:  # type: ignore[no-untyped-def]
    return Practice(id=pid, name=pid, country=country, sources=("https://example.org/x",), **kw)


# regions and countries --------------------------------------------------------------

def test_countries_by_code_or_name_and_unknown_ones_are_errors(catalogue: Catalogue) -> None:
    by_code = catalogue.filter(country="BG").ids()
    assert by_code == catalogue.filter(country="Bulgaria").ids()
    assert by_code == catalogue.filter(country="bg").ids()
    assert catalogue.filter(country__in=["Czech Republic", "SK"]).group_by("country").keys() \
        == {"CZ", "SK"}
    for bad in ("XX", "Atlantis"):
        with pytest.raises(FieldError, match="unknown country"):
            catalogue.filter(country=bad)
    # "UK" is an alias of GB, which the catalogue (EU/EEA) does not hold: zero, not an error
    assert len(catalogue.filter(country="UK")) == 0


def test_regions_are_fields(catalogue: Catalogue) -> None:
    new = catalogue.filter(eu_group="eu13")
    assert {p.country for p in new} == {"BG", "CY", "CZ", "EE", "HR", "HU", "LT", "LV", "MT",
                                        "PL", "RO", "SI", "SK"}
    assert set(catalogue.filter(regions="eu14").group_by("country")) == {
        "AT", "BE", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "LU", "NL", "PT", "SE"}
    # M49 puts Cyprus in Western Asia; Slovakia in Eastern Europe
    assert catalogue.filter(subregion="western_asia").group_by("country").keys() == {"CY"}
    assert "SK" in catalogue.filter(regions="eastern_europe").group_by("country")
    table = catalogue.crosstab("eu_group", "iap2")
    assert table.rows == ("eu14", "eu13", "non_eu")
    assert sum(table.row_totals.values()) == table.total == len(catalogue)


# cross-tables -------------------------------------------------------------------------

def test_crosstab_shows_empty_categories_missing_values_and_margins(catalogue: Catalogue
                                                                    ) -> None:
    stages = catalogue.crosstab("stages", "iap2")
    assert "reformulation" in stages.rows or stages.count("reformulation", "empower") >= 0
    assert stages.columns == tuple(level.value for level in Iap2Level)
    assert stages.as_dict(margins=True)[TOTAL][TOTAL] == len(catalogue)
    years = catalogue.crosstab("start_year", "iap2")
    lacking = sum(1 for p in catalogue if p.start_year is None)
    assert lacking > 0
    assert years.missing["start_year"] == lacking
    assert MISSING in years.rows
    assert years.total == len(catalogue)          # nothing silently dropped
    without = catalogue.crosstab("start_year", "iap2", missing=False)
    assert without.total == len(catalogue) - lacking
    assert MISSING not in without.rows


def test_crosstab_over_three_fields_counts_practices() -> None:
    items = [_p("a", "BG", stages=(Stage.DRAFTING, Stage.DECISION), iap2=Iap2Level.EMPOWER),
             _p("b", "FR", stages=(Stage.DRAFTING,), iap2=Iap2Level.CONSULT),
             _p("c", "FR", iap2=Iap2Level.CONSULT)]
    table = Catalogue(items).crosstab("eu_group", "stages", "iap2")
    assert table.count("eu13", "drafting", "empower") == 1
    assert table.count("eu14", "drafting", "consult") == 1
    assert table.count("eu14", MISSING, "consult") == 1
    assert table.row_totals[("eu13", "drafting")] == 1
    assert table.column_totals["empower"] == 1  # a practice, not its two stages
    assert table.total == 3
    assert "eu13 / decision" in table.rows
    with pytest.raises(FieldError):
        Catalogue(items).crosstab("iap2")


def test_group_by_follows_the_scale(catalogue: Catalogue) -> None:
    assert list(catalogue.group_by("iap2")) == [
        level.value for level in Iap2Level if catalogue.filter(iap2=level)]


# tables ---------------------------------------------------------------------------------

def test_practices_frame_is_typed_and_complete(catalogue: Catalogue) -> None:
    pd = pytest.importorskip("pandas")
    frame = catalogue.to_frame()
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert str(frame["eu"].dtype) == "boolean"
    assert frame["iap2"].cat.ordered
    assert list(frame["iap2"].cat.categories) == [lv.value for lv in Iap2Level]
    assert (frame["iap2"] >= "collaborate").sum() == len(catalogue.filter(iap2__gte="collaborate"))
    assert isinstance(frame.loc[0, "stages"], list)
    assert str(frame["start_year"].dtype) == "Int64"
    for column in ("eea", "ongoing", "dates_note", "level_note", "extra", "run_by",
                   "needs_national_law", "transfer_note", "population"):
        assert column in frame.columns
    # no cleaning needed: a groupby over ordered categories works as is
    counts = frame.groupby(["eu_group", "iap2"], observed=False).size()
    assert counts.sum() == len(catalogue)
    assert isinstance(counts, pd.Series)


def test_long_tables(catalogue: Catalogue) -> None:
    pytest.importorskip("pandas")
    figures = catalogue.to_frame("figures")
    assert len(figures) == sum(len(p.figures) for p in catalogue)
    assert figures["kind"].notna().all()
    areas = catalogue.to_frame("areas")
    assert len(areas) == sum(len(p.addresses) for p in catalogue)
    assert areas["reason"].str.len().min() > 0
    methods = catalogue.to_frame("methods")
    assert len(methods) == sum(len(p.methods) for p in catalogue)
    stages = catalogue.to_frame("stages")
    assert stages["stage"].cat.ordered
    with pytest.raises(UnknownKeyError):
        catalogue.to_frame("nope")
    with pytest.raises(UnknownKeyError):
        catalogue.to_frame("figures", currency="USD")


def test_every_table_writes_csv(catalogue: Catalogue) -> None:
    for table, (columns, _rows) in TABLES.items():
        buffer = io.StringIO()
        count = catalogue.to_csv(buffer, table)
        rows = list(csv.reader(io.StringIO(buffer.getvalue())))
        assert tuple(rows[0]) == columns
        assert len(rows) == count + 1
    buffer = io.StringIO()
    catalogue.to_csv(buffer)
    row = next(r for r in csv.DictReader(io.StringIO(buffer.getvalue()))
               if r["id"] == "sk-bratislava-region-participatory-budget")
    assert row["eu"] == "true" and row["needs_national_law"] == "false"
    assert row["regions"] == "eu27; eu13; eea; eastern_europe"


def test_parquet_round_trip(catalogue: Catalogue, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "figures.parquet"
    assert catalogue.to_parquet(out, "figures") == sum(len(p.figures) for p in catalogue)
    back = pd.read_parquet(out)
    assert set(back["practice_id"]) <= set(catalogue.ids())
    practices = tmp_path / "practices.parquet"
    catalogue.to_parquet(practices)
    read = pd.read_parquet(practices)
    assert list(read["iap2"].cat.categories) == [lv.value for lv in Iap2Level]


# comparable figures ---------------------------------------------------------------------

def test_money_in_euro_only_at_shipped_rates(catalogue: Catalogue) -> None:
    pytest.importorskip("pandas")
    assert to_euro(195583, "BGN", 2024) == 100000.0
    assert rate("CZK", 2024) is None and rate("BGN", 2019) is None
    assert rate("BGN", 2025).source.startswith("https://ec.europa.eu/")  # type: ignore[union-attr]
    figures = catalogue.to_frame("figures")
    sofia = figures[(figures.practice_id == "bg-sofia-ideas-for-the-city")
                    & (figures.kind == "budget")]
    assert (sofia["value_eur"] < sofia["value"]).all() and sofia["eur_rate_source"].notna().all()
    brno = figures[(figures.practice_id == "cz-brno-over-to-you") & (figures.kind == "budget")]
    assert brno["value_eur"].isna().all()   # no confirmed CZK rate: left empty, not guessed
    eur = figures[figures.currency == "EUR"]
    assert (eur["value_eur"].dropna() == eur["value"][eur["value_eur"].notna()]).all()


def test_per_1000_inhabitants_where_the_population_is_known() -> None:
    pytest.importorskip("pandas")
    practice = _p("zz-pop", figures=(
        Figure("voters", 2500, "people", 2024, "https://example.org/v", kind=FigureKind.VOTERS),
        Figure("budget", 1e6, "EUR", 2024, "https://example.org/b", kind=FigureKind.BUDGET)),
        population=Population(50000, 2024, "https://example.org/pop", area="Town"))
    frame = Catalogue([practice]).to_frame("figures")
    assert frame.loc[frame.kind == "voters", "per_1000"].iloc[0] == 50.0
    assert frame.loc[frame.kind == "budget", "per_1000"].isna().all()
    with pytest.raises(FieldError, match="currency"):
        Figure("budget", 5, "people", 2024, "https://example.org/b", kind=FigureKind.BUDGET)


# recommendations ------------------------------------------------------------------------

WEAK = {"weakest_areas": [{"area": "responsiveness", "score": 20},
                          {"area": "satisfaction", "score": 25}]}


def test_recommendations_for_a_regional_administration_rank_what_it_can_adopt(
        catalogue: Catalogue) -> None:
    admin = Administration("Regional Administration of Smolyan", "BG", GovernmentLevel.REGIONAL)
    recs = catalogue.recommend(WEAK, k=5, administration=admin)
    assert len(recs) == 5
    tiers = ["adopt", "adapt", "other_body"]
    assert [tiers.index(r.transfer) for r in recs] == sorted(tiers.index(r.transfer)
                                                              for r in recs)
    for rec in recs:
        assert not rec.practice.needs_national_law
        assert rec.practice.run_by is None or rec.practice.run_by.value != "parliament"
        assert rec.explanation and rec.explanation[0].startswith(rec.transfer)
    # the same from a report.json with the administration in it
    report = {**WEAK, "administration": {"level": "regional"}}
    assert [r.practice.id for r in catalogue.recommend(report, k=5)] == \
        [r.practice.id for r in recs]
    # without a level the old ranking stands and nothing claims transferability
    assert all(r.transfer == "" for r in catalogue.recommend(WEAK, k=5))


def test_a_practice_needing_national_law_is_never_adoptable_below_national() -> None:
    answers = {EvaluationArea.RESPONSIVENESS: "Answers."}
    law = _p("aa-law", level=GovernmentLevel.NATIONAL, needs_national_law=True,
             run_by=RunBy.GOVERNMENT, addresses=answers)
    local = _p("bb-local", level=GovernmentLevel.REGIONAL, needs_national_law=False,
               run_by=RunBy.REGIONAL_AUTHORITY, addresses=answers)
    recs = Catalogue([law, local]).recommend(WEAK, level="regional")
    assert [r.practice.id for r in recs] == ["bb-local", "aa-law"]
    assert recs[1].transfer == "other_body"
    assert "national legislation" in recs[1].explanation[0]
    national = Catalogue([law, local]).recommend(WEAK, level=GovernmentLevel.NATIONAL)
    assert [r.transfer for r in national] == ["adopt", "adapt"]
    assert national[0].practice.id == "aa-law"
    with pytest.raises(UnknownKeyError):
        Catalogue([law]).recommend(WEAK, level="galactic")


# search ---------------------------------------------------------------------------------

def test_search_word_forms_and_synonyms(catalogue: Catalogue) -> None:
    petitions = set(catalogue.filter(type="petition_platform").ids())
    assert petitions <= set(catalogue.search("petition").ids())
    assert set(catalogue.search("petitions").ids()) == set(catalogue.search("petition").ids())
    assert set(catalogue.search("budgets").ids()) == set(catalogue.search("budget").ids())
    practice = _p("zz-e", description="An e-petition site for the county.")
    assert Catalogue([practice]).search("petition").ids() == ["zz-e"]
    assert Catalogue([_p("zz-pb", description="Participatory budgeting.")]
                     ).search("budget").ids() == ["zz-pb"]
    assert Catalogue([_p("zz-plan", description="Participatory planning.")]).search("art") \
        .ids() == []


# command line ---------------------------------------------------------------------------

@pytest.fixture
def run(plugin_manager):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from participation.cli import build_cli

    cli = build_cli(plugin_manager)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(cli, ["catalogue", *args], catch_exceptions=False)

    return invoke


def test_cli_list_and_show_give_the_same_fields(run) -> None:  # type: ignore[no-untyped-def]
    listed = json.loads(run("list", "--country", "Slovakia", "--json", "--fields", "all").output)
    shown = json.loads(run("show", listed[0]["id"], "--json", "--fields", "all").output)
    assert listed[0] == shown
    assert set(shown) == set(CSV_COLUMNS)
    some = json.loads(run("list", "--json", "--fields", "id,eu_group").output)
    assert set(some[0]) == {"id", "eu_group"}
    bad = run("list", "--json", "--fields", "id,colour")
    assert bad.exit_code == 1 and "colour" in bad.output


def test_cli_repeated_filters_mean_any_of(run) -> None:  # type: ignore[no-untyped-def]
    drafting = {p["id"] for p in json.loads(run("list", "--stage", "drafting", "--json").output)}
    either = {p["id"] for p in json.loads(
        run("list", "--stage", "drafting", "--stage", "monitoring", "--json").output)}
    assert drafting <= either
    both = {p["id"] for p in json.loads(
        run("list", "--where", "stages__all=drafting,monitoring", "--json").output)}
    assert both < either
    unknown = run("list", "--country", "XX")
    assert unknown.exit_code == 1 and "unknown country 'XX'" in unknown.output


def test_cli_crosstab_filters_margins_and_three_fields(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("crosstab", "eu_group", "iap2", "--eu", "--json").output)
    assert data["non_eu"]["All"] == 0
    assert data["All"]["All"] == data["eu13"]["All"] + data["eu14"]["All"]
    text = run("crosstab", "subregion", "type", "iap2", "--country", "BG").output
    assert "eastern_europe / participatory_budget" in text
    left = run("crosstab", "start_year", "iap2", "--no-missing")
    assert "left out, no value: start_year" in left.output


def test_cli_recommend_explains_and_rejects_unknown_areas(run, tmp_path: Path  # type: ignore[no-untyped-def]
                                                          ) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({**WEAK, "administration": {"level": "regional"}}))
    data = json.loads(run("recommend", "--assessment", str(report), "--json").output)
    assert data[0]["transfer"] == "adopt" and data[0]["explanation"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"weakest_areas": ["happiness"]}))
    result = run("recommend", "--assessment", str(bad))
    assert result.exit_code == 1 and "unknown evaluation area 'happiness'" in result.output


def test_cli_export_long_tables_and_parquet(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "areas.csv"
    assert run("export", "--format", "csv", "--table", "areas", "--country", "SK",
               "--out", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and {r["country"] for r in rows} == {"SK"} and all(r["reason"] for r in rows)
    pytest.importorskip("pyarrow")
    parquet = tmp_path / "p.parquet"
    assert run("export", "--format", "parquet", "--out", str(parquet)).exit_code == 0
    assert parquet.stat().st_size > 0
    assert run("export", "--format", "parquet").exit_code == 1
