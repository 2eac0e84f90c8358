"""The Commission's "Have your say" consultations: all 657 rows convert, an empty
feedback count stays unknown, a nameless row is kept, and bad rows are rejects."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from participation_import_eu import HaveYourSayImporter

from participation.cli import build_cli
from participation.errors import InvalidDocumentError
from participation.importers import ImportContext
from participation.serialization import Serializer
from participation.testing.importing import check_folder, convert, realdata

FILE = "eu-have-your-say/eu_consultations_2016_2026_20260113_152839.csv"


def _docs(folder: Path) -> list[dict]:
    return [json.loads(x) for x in (folder / "activities.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_consultation_converts(tmp_path: Path) -> None:
    report, out = convert(realdata(FILE), tmp_path)
    assert (report.read, report.converted, report.rejected) == (657, 657, 0)
    assert report.notes == {"consultations whose feedback count is unknown": 79,
                            "consultations without a name (titled by their initiative number)": 3}
    docs = {d["id"]: d for d in _docs(out)}
    vat = docs["eu-have-your-say-13698"]
    assert vat["title"] == "VAT package for travel and tourism"
    assert vat["window"] == {"start": "2025-07-24", "end": "2025-10-16"}
    assert vat["inputs_received"] == 244 and vat["inputs_taken_into_account"] is None
    assert vat["kind"] == "public_consultation" and vat["mode"] == "digital"
    assert sum(1 for d in docs.values() if d["inputs_received"] is None) == 79
    assert docs["eu-have-your-say-13454"]["title"] == "Initiative 13454"
    assert max(d["inputs_received"] or 0 for d in docs.values()) == 1_194_757
    assert check_folder(out) == {"activities.jsonl": 657}


def test_converted_folder_gives_a_report(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "data"
    result = runner.invoke(build_cli(), ["convert", str(realdata(FILE)), "--out", str(out),
                                         "--country", "BE", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["converted"] == 657
    (out / "submissions.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(build_cli(), ["report", "--data", str(out), "--period", "2024",
                                         "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output


def test_bad_rows_are_rejects_with_their_line() -> None:
    text = ("initiative_id,initiative_name,consultation_start_date,consultation_end_date,total_feedback\n"
            "1,A,24 July 2025,16 October 2025,12\n"
            "2,B,31 June 2025,16 October 2025,12\n"
            "3,C,24 July 2025,16 October 2025,many\n"
            "4,D,24 July 2025,1 July 2025,\n"
            '5,"E\nstill E",1 July 2025,2 July 2025,3\n'
            "6,F\n")
    results = list(HaveYourSayImporter().read(io.StringIO(text), Serializer(), ImportContext("x")))
    assert [(r.line, r.ok) for r in results] == [(2, True), (3, False), (4, False), (5, False),
                                                 (6, True), (8, False)]
    assert "consultation_start_date" in results[1].problems[0].path
    assert "end" in results[3].problems[0].path
    with pytest.raises(InvalidDocumentError, match="no column"):
        list(HaveYourSayImporter().read(io.StringIO("a,b\n1,2\n"), Serializer(), ImportContext("x")))
