"""Pabulib .pb files: every real instance converts with every record accounted for, the
ballot fits the vote type, the counts from VOTES are checked against PROJECTS, and the
converted folder gives a report with the ballot's results."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from participation_import_pabulib import PabulibImporter

from participation.cli import build_cli
from participation.errors import InvalidDocumentError
from participation.importers import ImportContext, TimezoneRequiredError
from participation.serialization import Serializer
from participation.testing.importing import check_folder, convert, realdata

WARSAW = ZoneInfo("Europe/Warsaw")

# file: (projects, votes, question type of the ballot)
REAL = {
    "France_Toulouse_2022.pb": (199, 4532, "multiple_choice"),
    "Hungary_Budapest_2022_VIII_Jozsefvaros.pb": (33, 520, "multiple_choice"),
    "Netherlands_Amsterdam_179.pb": (24, 219, "multiple_choice"),
    "Poland_Gdansk_2020_Brzezno.pb": (11, 1014, "matrix_single"),
    "Poland_Krakow_2018_Swoszowice.pb": (10, 844, "ranking"),
    "checker_example_valid.pb": (10, 76, "multiple_choice"),
    "checker_example_invalid.pb": (3, 182, "matrix_single"),
}


def _lines(folder: Path, name: str) -> list[dict]:
    return [json.loads(x) for x in (folder / name).read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_instances_convert_whole(tmp_path: Path, name: str) -> None:
    projects, votes, qtype = REAL[name]
    report, out = convert(realdata(f"pabulib/{name}"), tmp_path, timezone=WARSAW)
    assert (report.read, report.rejected) == (projects + votes + 2, 0)
    assert dict(report.kinds) == {"submissions": projects, "activities": 1, "surveys": 1,
                                  "survey_responses": votes}
    assert not [n for n in report.notes if n.startswith("disagreement")], report.notes
    (survey,) = _lines(out, "surveys.jsonl")
    assert survey["questions"][0]["type"] == qtype
    (activity,) = _lines(out, "activities.jsonl")
    assert activity["kind"] == "participatory_budgeting" and activity["participants"] == votes
    assert activity["inputs_received"] == projects
    assert check_folder(out)["survey_responses.jsonl"] == votes


def test_mapped_values(tmp_path: Path) -> None:
    _, out = convert(realdata("pabulib/Poland_Gdansk_2020_Brzezno.pb"), tmp_path, timezone=WARSAW)
    (activity,) = _lines(out, "activities.jsonl")
    assert activity["window"] == {"start": "2019-09-09", "end": "2019-09-23"}
    projects = {p["id"]: p for p in _lines(out, "submissions.jsonl")}
    eight = projects["pabulib.poland_gdansk_2020_brzezno.8"]
    assert eight["extra"]["votes"] == "245" and eight["extra"]["votes_counted"] == "245"
    assert eight["extra"]["score"] == eight["extra"]["score_counted"] == "971"
    assert eight["extra"]["cost"] == "501200" and eight["kind"] == "proposal"
    ten = projects["pabulib.poland_gdansk_2020_brzezno.10"]
    assert unicodedata.normalize("NFC", ten["subject"]) == (
        '10 Montaż stacji meteo " live " z odczytami on line na gdańskim molo')
    first = _lines(out, "survey_responses.jsonl")[0]
    assert first["answers"][0] == {"question": "vote", "value": {"p-8": "5"}, "other": None}
    assert first["submitted_at"] == "2019-09-09T00:00:00+02:00"
    (survey,) = _lines(out, "surveys.jsonl")
    assert "budget: 501200" in survey["description"]["en"]  # META kept verbatim


def test_amsterdam_bare_years_and_selected(tmp_path: Path) -> None:
    _, out = convert(realdata("pabulib/Netherlands_Amsterdam_179.pb"), tmp_path, timezone=WARSAW)
    (activity,) = _lines(out, "activities.jsonl")
    assert activity["window"] == {"start": "2020-01-01", "end": "2020-12-31"}


def test_selected_projects_are_answered(tmp_path: Path) -> None:
    _, out = convert(realdata("pabulib/Hungary_Budapest_2022_VIII_Jozsefvaros.pb"), tmp_path,
                     timezone=WARSAW)
    projects = _lines(out, "submissions.jsonl")
    chosen = [p for p in projects if p["extra"].get("selected") == "1"]
    assert chosen and all(p["response"]["outcome"] == "accepted" for p in chosen)
    (activity,) = _lines(out, "activities.jsonl")
    assert activity["inputs_taken_into_account"] == len(chosen)


def test_folder_gives_a_report_with_borda_counts(tmp_path: Path) -> None:
    out = tmp_path / "data"
    runner = CliRunner()
    result = runner.invoke(build_cli(), ["convert", str(realdata("pabulib/Poland_Krakow_2018_Swoszowice.pb")),
                                         "--out", str(out), "--timezone", "Europe/Warsaw",
                                         "--country", "PL"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(build_cli(), ["report", "--data", str(out), "--period", "2018",
                                         "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    (ballot,) = report["surveys"]
    assert ballot["n"] == 844
    assert "borda" in json.dumps(ballot["questions"][0]).lower()


def test_disagreement_is_reported(tmp_path: Path) -> None:
    text = realdata("pabulib/checker_example_valid.pb").read_text(encoding="utf-8")
    header, _, rest = text.partition("PROJECTS\n")
    columns, _, rows = rest.partition("\n")
    first, _, others = rows.partition("\n")
    cells = first.split(";")
    position = columns.split(";").index("votes")
    cells[position] = str(int(cells[position]) + 1)
    changed = tmp_path / "changed.pb"
    changed.write_text(header + "PROJECTS\n" + columns + "\n" + ";".join(cells) + "\n" + others,
                       encoding="utf-8")
    report, _ = convert(changed, tmp_path, timezone=WARSAW)
    (note,) = [n for n in report.notes if n.startswith("disagreement")]
    assert f"votes {cells[position]} in PROJECTS" in note


def _read(text: str) -> list:
    return list(PabulibImporter().read(io.StringIO(text), Serializer(),
                                       ImportContext("x.pb", WARSAW)))


META = ("META\nkey;value\ndescription;Test\nvote_type;approval\nmax_length;2\n"
        "date_begin;01.03.2025\ndate_end;10.03.2025\nPROJECTS\nproject_id;cost;votes;name\n"
        "1;100;1;One\n2;200;1;Two\n3;300;0;Three\nVOTES\nvoter_id;vote\n")


def test_bad_votes_are_rejects_with_their_line() -> None:
    results = _read(META + "a;1,2\nb;9\nc;1,1\nd;1,2,3\ne\n")
    by_line = {r.line: r for r in results}
    assert by_line[15].ok and not by_line[16].ok and "not a project" in by_line[16].problems[0].message
    assert "twice" in by_line[17].problems[0].message
    assert "at most 2" in by_line[18].problems[0].message
    assert "columns expected" in by_line[19].problems[0].message
    assert len(results) == 1 + 5 + 1 + 3  # survey, votes, activity, projects


def test_foreign_or_broken_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocumentError, match="must start with the META section"):
        _read("hello;world\n")
    with pytest.raises(InvalidDocumentError, match="lacks project_id"):
        _read("META\nkey;value\nPROJECTS\nid;cost\n")
    with pytest.raises(TimezoneRequiredError):
        list(PabulibImporter().read(io.StringIO(META), Serializer(), ImportContext("x.pb")))
    source = tmp_path / "x.pb"
    source.write_text(META + "a;1\n", encoding="utf-8")
    result = CliRunner().invoke(build_cli(), ["convert", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "--timezone" in result.output
    assert "Traceback" not in result.output


@settings(max_examples=30, deadline=None)
@given(projects=st.integers(2, 6), votes=st.lists(st.sets(st.integers(1, 6), min_size=1, max_size=3),
                                                 max_size=20),
       vote_type=st.sampled_from(["approval", "ordinal", "cumulative"]))
def test_what_is_converted_is_valid_import_input(tmp_path_factory: pytest.TempPathFactory,
                                                 projects: int, votes: list[set[int]],
                                                 vote_type: str) -> None:
    lines = ["META", "key;value", f"vote_type;{vote_type}", "date_begin;2025-03-01",
             "date_end;2025-03-05", "max_sum_points;9", "PROJECTS", "project_id;cost;name"]
    lines += [f"{i};{i * 100};Project {i}" for i in range(1, projects + 1)]
    lines += ["VOTES", "voter_id;vote;points"]
    valid = [sorted(v) for v in votes if max(v) <= projects]
    lines += [f"v{n};{','.join(map(str, v))};{','.join('3' for _ in v)}" for n, v in enumerate(valid)]
    source = tmp_path_factory.mktemp("pb") / "generated.pb"
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    report, out = convert(source, source.parent, timezone=WARSAW)
    assert (report.rejected, report.kinds["survey_responses"] if valid else 0) == (0, len(valid))
    assert check_folder(out)["submissions.jsonl"] == projects


def test_import_into_a_store_and_report_from_it(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "pb.db"
    source = realdata("pabulib/Poland_Krakow_2018_Swoszowice.pb")
    result = runner.invoke(build_cli(), ["import", str(source), "--db", str(db),
                                         "--timezone", "Europe/Warsaw"])
    assert result.exit_code == 0, result.output
    assert "856 records: 856 added" in result.output
    result = runner.invoke(build_cli(), ["db", "configure", "--db", str(db), "--timezone",
                                         "Europe/Warsaw"])
    result = runner.invoke(build_cli(), ["import", str(source), "--db", str(db)])
    assert result.exit_code == 1 and "--timezone" in result.output  # never a guess


def test_converted_folder_imported_reports_the_ballot_from_the_store(tmp_path: Path) -> None:
    runner = CliRunner()
    out, db = tmp_path / "data", tmp_path / "pb.db"
    source = realdata("pabulib/Poland_Krakow_2018_Swoszowice.pb")
    assert runner.invoke(build_cli(), ["convert", str(source), "--out", str(out), "--timezone",
                                       "Europe/Warsaw", "--country", "PL"]).exit_code == 0
    result = runner.invoke(build_cli(), ["import", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(build_cli(), ["report", "--db", str(db), "--period", "2018",
                                         "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    (ballot,) = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))["surveys"]
    assert ballot["n"] == 844


def test_knapsack_votes_over_the_cost_limit_are_kept_and_said(tmp_path: Path) -> None:
    text = META.replace("vote_type;approval\nmax_length;2\n", "vote_type;knapsack\nmax_sum_cost;250\n")
    source = tmp_path / "k.pb"
    source.write_text(text + "a;1\nb;2,3\n", encoding="utf-8")
    report, out = convert(source, tmp_path, timezone=WARSAW)
    assert (report.rejected, report.kinds["survey_responses"]) == (0, 2)
    assert report.notes["votes outside max_sum_cost (250), kept as cast"] == 1
    (survey,) = _lines(out, "surveys.jsonl")
    assert survey["questions"][0]["type"] == "multiple_choice"
