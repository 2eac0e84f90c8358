"""Decidim and CONSUL exports: the real files convert with every record accounted for
(converted or rejected with its line and reason), and the mapped values are right."""

from __future__ import annotations

import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from participation_import_decidim import ConsulImporter

from participation.cli import build_cli
from participation.importers import ImportContext
from participation.serialization import Serializer
from participation.testing.importing import check_folder, convert, realdata

MADRID = ZoneInfo("Europe/Madrid")

# file: (read, kinds converted, rejected)
REAL = {
    "decidim/dev-assets/import_proposals_038f5fb.csv": (3, {"submissions": 3}, 0),
    "decidim/dev-assets/import_proposals_038f5fb.json": (3, {"submissions": 3}, 0),
    "decidim/dev-assets/import_proposals.csv": (3, {}, 3),  # a template: no dates
    "decidim/dev-assets/import_proposals.json": (3, {}, 3),
    "decidim/dev-assets/import_proposals_broken.csv": (3, {}, 3),
    "decidim/dev-assets/import_proposal_answers.json": (3, {}, 3),  # answers alone
    "decidim/dev-assets/participatory_processes.json": (1, {"activities": 1}, 0),
    "decidim/accountability/valid_result.csv": (4, {"policies": 4}, 0),
    "decidim/accountability/valid_result_32f006c.csv": (39, {"policies": 39}, 0),
    "decidim/accountability/invalid_result.csv": (3, {}, 3),
    "decidim-barcelona/meetings.csv": (410, {"activities": 410}, 0),
    "decidim-barcelona/action_plans.csv": (1467, {"policies": 1467}, 0),
}


def _docs(folder: Path, name: str) -> list[dict]:
    return [json.loads(x) for x in (folder / name).read_text(encoding="utf-8").splitlines()]


def _rejects(folder: Path) -> list[dict]:
    return _docs(folder, "rejects.jsonl")


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_files_every_record_accounted_for(tmp_path: Path, name: str) -> None:
    read, kinds, rejected = REAL[name]
    report, out = convert(realdata(name), tmp_path)
    assert (report.read, dict(report.kinds), report.rejected) == (read, kinds, rejected)
    if kinds:
        assert sum(check_folder(out).values()) == sum(kinds.values())
    if rejected:
        assert len(_rejects(out)) == rejected and all(r["reasons"] for r in _rejects(out))


def test_template_rejects_say_what_to_do(tmp_path: Path) -> None:
    _, out = convert(realdata("decidim/dev-assets/import_proposals.csv"), tmp_path / "a")
    assert [r["line"] for r in _rejects(out)] == [2, 4, 6]  # where each record starts
    assert "published_at" in _rejects(out)[0]["reasons"][0]
    report, out = convert(realdata("decidim/dev-assets/import_proposals_broken.csv"), tmp_path / "b",
                          timezone=MADRID, options={"published_at": "2020-01-01"})
    assert (report.converted, report.rejected) == (2, 1)
    (reject,) = _rejects(out)
    assert reject["line"] == 6 and "title" in reject["reasons"][0]
    first = _docs(out, "submissions.jsonl")[0]
    assert first["text"] == ("Aliquid in ut. Laboriosam consequatur consequatur. Unde dolorem omnis.\n"
                             "Et earum aut. Quis enim quis. Dolore corporis et. Quia vel ex.")


def test_proposals_with_answers(tmp_path: Path) -> None:
    answers = realdata("decidim/dev-assets/import_proposal_answers.json")
    _, out = convert(realdata("decidim/dev-assets/import_proposals_038f5fb.json"), tmp_path,
                     options={"answers": str(answers)})
    docs = {d["id"]: d for d in _docs(out, "submissions.jsonl")}
    three = docs["decidim-proposal-3"]
    assert [e["status"] for e in three["events"]] == ["registered", "rejected"]
    assert three["events"][1]["adjustment"] and "no date" in three["events"][1]["note"]
    assert three["extra"]["answer/en"] == "Just for once, let me look on you with my own eyes."
    assert three["received_at"] == "2020-11-24T07:17:40+00:00"
    assert three["extra"]["supports"] == "1" and three["kind"] == "proposal"


def test_barcelona_meetings(tmp_path: Path) -> None:
    _, out = convert(realdata("decidim-barcelona/meetings.csv"), tmp_path)
    first = _docs(out, "activities.jsonl")[0]
    assert first["id"] == "decidim-meeting-4" and first["title"] == "Consells de barri del Gòtic"
    assert first["window"] == {"start": "2016-02-09", "end": "2016-02-09"}
    assert (first["participants"], first["inputs_received"]) == (79, 25)
    assert first["kind"] == "workshop" and first["level"] == "dialogue"
    assert all("\t" not in d["title"] for d in _docs(out, "activities.jsonl"))


def test_barcelona_action_plans_html_reduced_to_text(tmp_path: Path) -> None:
    _, out = convert(realdata("decidim-barcelona/action_plans.csv"), tmp_path)
    plans = _docs(out, "policies.jsonl")
    assert not any("<div" in p["description"] or "<br" in p["description"] for p in plans)
    first = plans[0]
    assert first["id"] == "barcelona-action-plan-6508" and first["area"] == "Bon govern"
    assert first["description"].startswith("Revisió del pla d’equipament")
    assert "supports: 35" in first["description"] and "district: Nou Barris" in first["description"]


def test_accountability_results_as_implementation(tmp_path: Path) -> None:
    _, out = convert(realdata("decidim/accountability/valid_result.csv"), tmp_path)
    first = _docs(out, "policies.jsonl")[0]
    assert first["title"] == "test en 70"
    assert first["stages"] == [{"stage": "implementation",
                                "window": {"start": "2020-05-26", "end": None}}]  # 96 % done
    assert "progress %: 96.0" in first["description"] and "part of result: 69" in first["description"]


def test_folder_of_meetings_gives_a_report(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "data"
    result = runner.invoke(build_cli(), ["convert", str(realdata("decidim-barcelona/meetings.csv")),
                                         "--out", str(out), "--country", "ES",
                                         "--timezone", "Europe/Madrid"])
    assert result.exit_code == 0, result.output
    (out / "submissions.jsonl").write_text("", encoding="utf-8")  # report --data needs the file
    result = runner.invoke(build_cli(), ["report", "--data", str(out), "--period", "2016",
                                         "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]


CONSUL = ("id,title,summary,description,created_at,cached_votes_up,comments_count,retired_at,"
          "responsible_name,tag_list\n"
          "7,More trees,Plant trees,<p>In <b>every</b> street</p>,2017-03-14 10:23:11 UTC,120,4,,"
          "Ana P,environment\n"
          "8,,x,y,2017-03-14 10:23:11 UTC,1,0,,,\n"
          "9,Bike lane,s,d,2017-03-15 08:00:00,3,0,2017-04-01 09:00:00,,\n")


def test_consul_proposals() -> None:
    results = list(ConsulImporter().read(io.StringIO(CONSUL), Serializer(),
                                         ImportContext("p.csv", MADRID)))
    assert [r.ok for r in results] == [True, False, True]
    seven = results[0].value
    assert seven.id == "consul-proposal-7" and seven.extra["supports"] == "120"
    assert seven.text == "Plant trees\n\nIn every street" and seven.contact.name == "Ana P"
    assert "responsible_name" not in seven.extra
    assert results[2].value.status.value == "withdrawn"
    assert results[1].line == 3 and "title" in results[1].problems[0].path


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                                  min_size=1, max_size=20).filter(str.strip),
                          st.integers(0, 10_000), st.sampled_from(["", "accepted", "rejected",
                                                                   "evaluating", "withdrawn"])),
                max_size=6))
def test_what_is_converted_is_valid_import_input(tmp_path_factory: pytest.TempPathFactory,
                                                 rows: list[tuple[str, int, str]]) -> None:
    records = [{"id": n, "title": {"en": title}, "body": {"en": f"<p>{title}</p>"},
                "supports": supports, "state": state, "published_at": "2021-02-03 10:00:00 UTC"}
               for n, (title, supports, state) in enumerate(rows, start=1)]
    source = tmp_path_factory.mktemp("d") / "proposals.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    report, out = convert(source, source.parent, fmt="decidim-proposals")
    assert report.read == len(rows)
    if report.converted:
        assert check_folder(out)["submissions.jsonl"] == report.converted
