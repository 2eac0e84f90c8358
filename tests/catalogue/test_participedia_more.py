"""Participedia, improved: places joined from geolocation.csv, contradictory and
placeholder dates dropped with a warning (the case kept), CoE stages from the current
approaches and purposes, and exit 2 when a row is not imported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation.catalogue.participedia import import_cases, iter_cases
from participation.cli import build_cli
from participation.model import Stage

from .conftest import REALDATA

LEGACY = REALDATA / "participedia" / "cases.csv"
GEOLOCATION_HEADER = ["address1", "address2", "city", "country", "id", "latitude", "longitude",
                      "name", "postal_code", "province"]


def _legacy() -> Path:
    if not LEGACY.exists():
        pytest.skip("shared/realdata is not available")
    return LEGACY


def test_real_legacy_counts_and_warnings(tmp_path: Path) -> None:
    warnings: list = []
    result = import_cases(_legacy(), tmp_path / "p.json", on_warning=warnings.append)
    # 44 rows have no country at all (and no place to take one from): not imported
    assert (result.rows, result.imported, result.reported, result.warned) == (599, 555, 44, 4)
    by_id = {p.id: p for _, p, _ in iter_cases(LEGACY) if p is not None}
    contradicting = by_id["participedia-120"]  # ends 2010, starts 2016
    assert (contradicting.start_year, contradicting.end_year) == (None, None)
    assert "contradict" in contradicting.dates_note
    assert any("placeholder" in w.reason for w in warnings)


def test_geolocation_joined_on_location(tmp_path: Path) -> None:
    cases = tmp_path / "cases.csv"
    with _legacy().open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = [next(reader), next(reader)]
        header = reader.fieldnames
    rows[0]["location"], rows[1]["location"] = "12", "31"
    rows[1]["content_country"] = ""
    with cases.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)
    places = tmp_path / "geolocation.csv"
    with places.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GEOLOCATION_HEADER)
        writer.writerow(["", "", "Berlin", "Germany", "12", "52° 31' 9.0156\" N",
                         "13° 24' 21.9276\" E", "", "", ""])
        writer.writerow(["", "", "Colle di Val d&#039;Elsa", "Italy", "31", "0° 0' 0\" N",
                         "0° 0' 0\" E", "", "", "Siena"])
    result = import_cases(cases, tmp_path / "p.json",
                          texts=LEGACY.with_name("case__localized_texts.csv"), geolocation=places)
    assert (result.imported, result.reported) == (2, 0)
    first, second = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert first["extra"]["location"] == "Berlin, Germany"
    assert first["extra"]["latitude"] == "52° 31' 9.0156\" N"
    assert second["country"] == "IT"  # from the place: content_country was empty
    assert second["extra"]["location"] == "Colle di Val d'Elsa, Siena, Italy"
    assert "latitude" not in second["extra"]  # 0° 0' 0" is a placeholder


def _current(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "current.csv"
    columns = ["id", "title", "country", "start_date", "end_date", "approaches", "purposes"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_current_approaches_and_purposes_map_onto_stages(tmp_path: Path) -> None:
    path = _current(tmp_path, [
        {"id": "1", "title": "A", "country": "Italy", "approaches": "consultative, evaluation",
         "purposes": "make, research"},
        {"id": "2", "title": "B", "country": "Italy", "start_date": "2019-05-01",
         "end_date": "2017-01-01"},
    ])
    (_, first, _), (_, second, warning) = list(iter_cases(path))
    assert first.stages == (Stage.DRAFTING, Stage.DECISION, Stage.MONITORING)
    assert first.extra["purposes"] == "make, research"  # verbatim too
    assert second.start_year is None and "before start_date" in warning


def test_cli_exit_2_when_a_row_is_rejected(tmp_path: Path) -> None:
    path = _current(tmp_path, [{"id": "1", "title": "A", "country": "Italy"},
                               {"id": "2", "title": "", "country": "Italy"}])
    result = CliRunner().invoke(build_cli(), ["catalogue", "import", "participedia", str(path),
                                              "--out", str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert "current.csv:3: title" in result.output and "1 not imported" in result.output
