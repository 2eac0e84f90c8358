"""``participation catalogue …`` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation.cli import build_cli

from .conftest import REALDATA, write_practice


@pytest.fixture
def run(plugin_manager):  # type: ignore[no-untyped-def]
    cli = build_cli(plugin_manager)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["catalogue", *args], catch_exceptions=False)

    return invoke


def test_done_when_one_command(run) -> None:  # type: ignore[no-untyped-def]
    result = run("list", "--eu", "--stage", "monitoring", "--iap2-min", "collaborate",
                 "--by", "country", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"BE", "BG", "ES", "IT", "SI"}
    assert all(item["country"] == cc for cc, items in data.items() for item in items)


def test_list_json_has_the_promised_keys(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("list", "--json").output)
    assert len(data) >= 40
    for item in data:
        assert {"id", "name", "country", "start_year", "sources"} <= set(item)
        assert item["sources"]


def test_list_filters_and_where(run) -> None:  # type: ignore[no-untyped-def]
    out = run("list", "--country", "fi", "--where", "target_groups=youth").output
    assert "fi-helsinki-omastadi" in out
    assert "fi-youth-councils" in out
    assert "fi-otakantaa" not in out
    bad = run("list", "--where", "colour=red")
    assert bad.exit_code == 1
    assert "unknown practice field 'colour'" in bad.output


def test_show_search_compare_crosstab_similar(run) -> None:  # type: ignore[no-untyped-def]
    show = run("show", "bg-sofia-ideas-for-the-city")
    assert "11589" in show.output
    assert "15000" in show.output
    assert "Conflicting" in show.output
    assert "bg.toml" in show.output
    assert "cz-brno-over-to-you" in run("search", "dame na vas").output
    compare = run("compare", "fi-helsinki-omastadi", "pt-lisbon-participatory-budget")
    assert "fi-helsinki-omastadi" in compare.output
    assert "country" in compare.output
    table = json.loads(run("crosstab", "stages", "iap2", "--json").output)
    assert table["monitoring"]["collaborate"] >= 3
    similar = json.loads(run("similar", "gr-opengov-consultation", "-k", "2", "--json").output)
    assert len(similar) == 2
    assert all(s["reason"] for s in similar)
    missing = run("show", "nope")
    assert missing.exit_code == 1
    assert "unknown practice 'nope'" in missing.output


def test_recommend_with_a_report(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"weakest_areas": [
        {"area": "closing_the_loop", "label": "Closing the loop", "score": 31.5}]}))
    data = json.loads(run("recommend", "--assessment", str(report), "--json").output)
    assert data
    assert all("closing_the_loop" in item["reason"] for item in data)
    assert all({"practice", "reason"} <= set(item) for item in data)
    text = run("recommend", "--assessment", str(report)).output
    assert "why: addresses Closing the loop" in text


def test_recommend_bad_or_missing_report_is_a_clean_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = run("recommend", "--assessment", str(tmp_path / "none.json"))
    assert missing.exit_code == 1
    assert "none.json" in missing.output
    assert "Traceback" not in missing.output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"score": 3}))
    result = run("recommend", "--assessment", str(bad))
    assert result.exit_code == 1
    assert "weakest_areas: required field is missing" in result.output


def test_extra_file_and_collision(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = write_practice(tmp_path)
    assert "zz-test" in run("--extra", str(mine), "list").output
    clash = write_practice(tmp_path, "clash.toml", id="it-monithon")
    result = run("--extra", str(clash), "list")
    assert result.exit_code == 1
    assert "data/it.toml" in result.output
    assert "clash.toml" in result.output


def test_export_csv_and_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cat.csv"
    assert run("export", "--format", "csv", "--out", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0][0] == "id"
    assert len(rows) >= 41
    docs = json.loads(run("export", "--format", "json").output)
    assert docs[0]["schema"] == "participation.practice/2"


def test_import_participedia(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = REALDATA / "participedia" / "cases.csv"
    if not cases.exists():
        pytest.skip("shared/realdata is not available")
    out = tmp_path / "pp.json"
    result = run("import", "participedia", str(cases), "--out", str(out))
    assert result.exit_code == 2  # rows without a country are not imported, as `import` exits
    assert "599 rows (legacy columns)" in result.output
    assert f"{cases}:" in result.output  # skipped rows with their line
    assert run("--extra", str(out), "show", "participedia-1").exit_code == 0


def test_fields_lists_vocabularies(run) -> None:  # type: ignore[no-untyped-def]
    data = {r["field"]: r for r in json.loads(run("fields", "--json").output)}
    assert data["iap2"]["ordered"]
    assert data["stages"]["multi"]
    assert "representative_deliberative_process" in data["methods"]["values"]
    assert "closing_the_loop" in data["areas"]["values"]


def test_hook_register_commands(plugin_manager) -> None:  # type: ignore[no-untyped-def]
    cli = build_cli(plugin_manager)
    group = cli.commands["catalogue"]
    assert {"fields", "list", "show", "search", "compare", "crosstab", "similar", "recommend",
            "import", "export"} <= set(group.commands)  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"catalogue {name} has no help"


def test_non_utf8_inputs_are_clean_errors(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "mine.toml"
    extra.write_bytes(b'[[practice]]\nid = "zz-test"\nname = "Caf\xe9"\n')
    result = run("--extra", str(extra), "list")
    assert result.exit_code == 1
    assert f"{extra}:line 3: $: not UTF-8 text" in result.output
    report = tmp_path / "report.json"
    report.write_bytes(b'{"title": "Caf\xe9", "weakest_areas": []}')
    result = run("recommend", "--assessment", str(report))
    assert result.exit_code == 1
    assert f"{report}:line 1: $: not UTF-8 text" in result.output
    cases = tmp_path / "cases.csv"
    cases.write_bytes(b"id,title,country\n1,Fine,France\n2,Caf\xe9,France\n")
    out = tmp_path / "out.json"
    result = run("import", "participedia", str(cases), "--out", str(out))
    assert result.exit_code == 1
    assert f"{cases}:line 3: $: not UTF-8 text" in result.output
    assert not out.exists()
