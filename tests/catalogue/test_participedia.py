"""Participedia import: both column sets, unknown values kept, every row accounted for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from participation.catalogue import Catalogue, OecdMethod, TargetGroup
from participation.catalogue.loading import load_file
from participation.catalogue.participedia import SkippedRow, import_cases, iter_cases
from participation.errors import InvalidDocumentError
from participation.model import GovernmentLevel, Iap2Level

from .conftest import REALDATA

LEGACY = REALDATA / "participedia" / "cases.csv"


def _count_records(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_real_legacy_file_every_row_accounted_for(tmp_path: Path) -> None:
    if not LEGACY.exists():
        pytest.skip("shared/realdata is not available")
    out = tmp_path / "participedia.json"
    result = import_cases(LEGACY, out)
    assert result.format == "legacy"
    assert result.rows == _count_records(LEGACY) == 599
    assert result.imported + result.reported == result.rows
    assert result.reported == len(result.skipped)
    assert result.imported > 500
    assert all(s.reason and s.line > 1 for s in result.skipped)
    docs = json.loads(out.read_text(encoding="utf-8"))
    assert len(docs) == result.imported
    first = next(d for d in docs if d["id"] == "participedia-1")
    assert first["name"] == "British Columbia Citizens' Assembly on Electoral Reform"
    assert first["country"] == "CA"
    assert first["level"] == "regional"
    assert first["extra"]["participant_selection"] == "Random Selection"  # kept verbatim


def test_real_legacy_rows_report_their_physical_line(tmp_path: Path) -> None:
    if not LEGACY.exists():
        pytest.skip("shared/realdata is not available")
    with LEGACY.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().split("\n")
    for line, practice, reason in iter_cases(LEGACY):
        if practice is None and "no country" in reason:
            cells = next(csv.reader([lines[line - 1]]))
            assert cells[2] == ""  # content_country is the 3rd column
            break
    else:
        pytest.fail("expected a row without a country")


def test_legacy_without_titles_reports_every_row(tmp_path: Path) -> None:
    if not LEGACY.exists():
        pytest.skip("shared/realdata is not available")
    lonely = tmp_path / "cases.csv"
    lonely.write_bytes(LEGACY.read_bytes())  # a temporary copy, outside the repository
    result = import_cases(lonely, tmp_path / "out.json")
    assert result.imported == 0
    assert len(result.skipped) == 599
    assert result.skipped[0].reason == "title: the case has no title"


CURRENT_HEADER = ["id", "type", "title", "url", "description", "country", "scope_of_influence",
                  "start_date", "end_date", "ongoing", "public_spectrum",
                  "targeted_participants", "method_types", "facetoface_online_or_both",
                  "general_issues"]


def _current_file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CURRENT_HEADER)
        writer.writerows(rows)
    return path


def test_current_columns_translated_and_unknown_values_kept(tmp_path: Path) -> None:
    src = _current_file(tmp_path / "export.csv", [
        ["42", "case", "Youth panel &amp; budget", "https://participedia.net/case/42",
         "A panel.", "Bulgaria", "city/town", "2019-05-01T00:00:00.000Z", "", "1",
         "collaborate", "youth, lgbt", "public, collaborative", "both", "governance"],
        ["43", "case", "", "", "", "France", "", "", "", "", "", "", "", "", ""],
        ["44", "case", "Atlantis forum", "", "", "Atlantis", "", "", "", "", "", "", "", "", ""],
        ["45", "case", "Odd dates", "", "", "Spain", "", "last spring", "", "", "", "", "", "",
         ""],
        ["46", "case", "Not on the spectrum", "", "", "Italy", "no_geo", "", "", "", "not",
         "", "", "", ""],
    ])
    result = import_cases(src, tmp_path / "out.json")
    assert result.format == "current"
    assert (result.rows, result.imported) == (5, 2)
    assert [(s.line, s.reason.split(":")[0]) for s in result.skipped] == [
        (3, "title"), (4, "country"), (5, "start_date")]
    cat = Catalogue(load_file(tmp_path / "out.json"))
    p = cat.get("participedia-42")
    assert p.name == "Youth panel & budget"
    assert p.country == "BG"
    assert p.level is GovernmentLevel.LOCAL
    assert p.iap2 is Iap2Level.COLLABORATE
    assert p.target_groups == (TargetGroup.YOUTH,)
    assert p.methods == (OecdMethod.PARTICIPATORY_BUDGETING,)
    assert p.extra["targeted_participants"] == "lgbt"
    assert p.extra["method_types"] == "collaborative"
    assert p.extra["general_issues"] == "governance"
    odd = cat.get("participedia-46")
    assert odd.iap2 is None
    assert odd.extra["public_spectrum"] == "not"
    assert odd.extra["scope_of_influence"] == "no_geo"


def test_numbered_multi_value_columns(tmp_path: Path) -> None:
    path = tmp_path / "numbered.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "country", "targeted_participants_1",
                         "targeted_participants_2"])
        writer.writerow(["7", "Seniors", "Finland", "elderly", "women"])
    (_line, practice, _reason), = list(iter_cases(path))
    assert practice is not None
    assert practice.target_groups == (TargetGroup.ELDERLY, TargetGroup.WOMEN)


def test_unrecognised_file_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "other.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "out.json"
    with pytest.raises(InvalidDocumentError, match="not a Participedia case export"):
        import_cases(src, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_reported_rows_can_stream_to_a_callback(tmp_path: Path) -> None:
    src = _current_file(tmp_path / "export.csv", [
        ["1", "case", "", "", "", "France", "", "", "", "", "", "", "", "", ""],
        ["2", "case", "Fine", "", "", "France", "", "", "", "", "", "", "", "", ""],
        ["2", "case", "Twice", "", "", "France", "", "", "", "", "", "", "", "", ""],
    ])
    seen: list[SkippedRow] = []
    result = import_cases(src, tmp_path / "out.json", on_skip=seen.append)
    assert result.skipped == ()
    assert (result.reported, result.imported) == (2, 1)
    assert [(s.line, s.reason) for s in seen] == [
        (2, "title: the case has no title"), (4, "id: case participedia-2 appears twice")]


def test_a_date_that_is_not_a_calendar_date_is_reported_with_its_line(tmp_path: Path) -> None:
    blank = [""] * 7
    src = _current_file(tmp_path / "export.csv", [
        ["1", "case", "Fine", "", "", "France", "", "2021-12-31", *blank],
        ["2", "case", "Bad month", "", "", "France", "", "2021-13-01", *blank],
        ["3", "case", "Bad day", "", "", "France", "", "", "2021-02-30T00:00:00Z", *blank[1:]],
    ])
    result = import_cases(src, tmp_path / "out.json")
    assert result.imported == 1
    assert [(s.line, s.reason) for s in result.skipped] == [
        (3, "start_date: '2021-13-01' is not a date (YYYY-MM-DD…)"),
        (4, "end_date: '2021-02-30T00:00:00Z' is not a date (YYYY-MM-DD…)")]


def test_every_scope_and_the_body_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "country", "scope_of_influence", "description", "body"])
        writer.writerow(["1", "Two scopes", "France", "city/town, regional", "",
                         "<h3>Summary</h3><p>A city &amp; its region.</p><p><em>Cut"])
        writer.writerow(["2", "Both texts", "France", "regional, no_geo", "Short.",
                         "<p>The long story.</p>"])
    (_, one, _), (_, two, _) = list(iter_cases(path))
    assert one is not None and two is not None
    assert one.level is GovernmentLevel.LOCAL
    assert one.extra["scope_of_influence"] == "regional"
    assert one.description == "Summary A city & its region. Cut"
    assert "body" not in one.extra
    assert two.level is GovernmentLevel.REGIONAL
    assert two.extra["scope_of_influence"] == "no_geo"
    assert two.description == "Short."
    assert two.extra["body"] == "The long story."
