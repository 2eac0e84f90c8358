"""Open311 GeoReport v2 requests: the real files convert with every record accounted
for; status, repeated keys, mojibake, time zones and bad input behave as documented."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from participation_import_open311 import (
    Open311Importer,
    read_services,
    service_channel_types,
)

from participation.cli import build_cli
from participation.errors import InvalidDocumentError
from participation.importers import ImportContext, TimezoneRequiredError
from participation.model import Status
from participation.serialization import Serializer
from participation.testing.importing import check_folder, convert, realdata


def _read(text: str, **options: str) -> list:
    return list(Open311Importer().read(io.StringIO(text), Serializer(),
                                       ImportContext("t", options=options)))


def _docs(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "submissions.jsonl").read_text().splitlines()]


def test_helsinki_headerless_csv(tmp_path: Path) -> None:
    report, out = convert(realdata("open311/helsinki/requests.csv"), tmp_path)
    assert (report.read, report.converted, report.rejected) == (53, 53, 0)
    assert report.notes == {"mojibake repaired (fields)": 9}
    docs = {d["id"]: d for d in _docs(out)}
    first = docs["41a81a6ee276b71dee25c9a0b292a11e3d9e8b6d"]
    assert first["text"] == "Testipalaute. Ei tarvitse vastata." and first["subject"] == ""
    assert first["extra"]["address_string"] == "Testipalaute. Ei tarvitse vastata."
    assert first["received_at"] == "2015-03-27T15:05:38+02:00"
    assert first["extra"]["lat"] == "60.168321" and first["extra"]["service_code"] == "171"
    assert [e["status"] for e in first["events"]] == ["registered"]
    repaired = docs["75cdf11d05c3d321c2a9632b0d0e496059b9312b"]["text"]
    assert "tänne kovasti" in repaired and "Ã" not in repaired
    assert sum(1 for d in docs.values() if not d["text"]) == 13  # the empty test records
    assert check_folder(out) == {"submissions.jsonl": 53}


def test_chicago_json_and_toronto_xml(tmp_path: Path) -> None:
    report, out = convert(realdata("open311/open311status/service_requests.json"), tmp_path / "j")
    assert (report.read, report.converted, report.rejected) == (2, 2, 0)
    first, second = _docs(out)
    assert first["extra"]["lat"] == "41.858724777757864"  # the number as written
    assert first["topic"] == "Alley Light Out" and first["extra"]["agency_responsible"]
    assert second["extra"]["status_notes"] == "Locked"
    report, out = convert(realdata("open311/open311status/requests_many.xml"), tmp_path / "x")
    assert (report.read, report.converted, report.rejected) == (2, 2, 0)
    report, out = convert(realdata("open311/open311status/requests_single.xml"), tmp_path / "s")
    assert (report.converted, report.rejected) == (1, 0)
    (doc,) = _docs(out)
    assert doc["extra"]["expected_datetime"] == "2018-08-03T00:01:00-04:00"
    assert "description" not in doc["extra"]  # an empty <description/> is no value
    check_folder(out)


def test_service_lists_map_onto_channel_types() -> None:
    helsinki = read_services(realdata("open311/helsinki/services.json"))
    assert len(helsinki) == 10 and helsinki[0].keywords == ("bench", "parks", "trashbins")
    finnish = read_services(realdata("open311/helsinki/services_fi.json"))
    assert len(finnish) == 10
    giessen = read_services(realdata("open311/open311status/services_giessen.xml"))
    assert [s.code for s in giessen][:2] == ["015", "010"] and len(giessen) == 8
    types = service_channel_types(giessen, lang="de")
    assert types[0].key == "open311.015" and types[0].label("de") == "Abwasser und Wasser"
    assert len(read_services(realdata("open311/open311status/service_list.json"))) == 3


def test_services_option_names_the_topic(tmp_path: Path) -> None:
    services = realdata("open311/helsinki/services.json")
    _, out = convert(realdata("open311/helsinki/requests.csv"), tmp_path,
                     options={"services": str(services)})
    docs = {d["id"]: d for d in _docs(out)}
    assert docs["41a81a6ee276b71dee25c9a0b292a11e3d9e8b6d"]["topic"] == "Potholes"


def test_closed_request_history() -> None:
    text = json.dumps([{"service_request_id": "1", "status": "closed", "status_notes": "Fixed",
                        "requested_datetime": "2025-01-02T09:00:00+01:00",
                        "updated_datetime": "2025-01-05T10:00:00+01:00"},
                       {"service_request_id": "2", "status": "closed",
                        "requested_datetime": "2025-01-02T09:00:00+01:00"}])
    first, second = (r.value for r in _read(text))
    assert [e.status for e in first.events] == [Status.REGISTERED, Status.ANSWERED, Status.CLOSED]
    assert first.events[1].note == "Fixed" and not first.is_open
    assert second.events[-1].adjustment and second.status is Status.CLOSED


def test_repeated_keys() -> None:
    same = ('[{"service_request_id": "1", "status": "open", "status": "open", '
            '"requested_datetime": "2025-01-02T09:00:00Z"}]')
    context = ImportContext("t")
    (result,) = Open311Importer().read(io.StringIO(same), Serializer(), context)
    assert result.ok and context.tally["repeated keys with the same value, counted once"] == 1
    differ = same.replace('"status": "open", "status": "open"', '"status": "open", "status": "closed"')
    (result,) = _read(differ)
    assert not result.ok and "status" in result.problems[0].path
    assert "'open', 'closed'" in result.problems[0].message
    xml = ("<service_requests><request><service_request_id>1</service_request_id>"
           "<status>open</status><status>closed</status>"
           "<requested_datetime>2025-01-02T09:00:00Z</requested_datetime></request>"
           "</service_requests>")
    (result,) = _read(xml)
    assert not result.ok and result.line == 1


def test_times_without_zone_need_timezone() -> None:
    text = '[{"service_request_id": "1", "status": "open", "requested_datetime": "2025-01-02T09:00:00"}]'
    with pytest.raises(TimezoneRequiredError, match="--timezone"):
        _read(text)
    context = ImportContext("t", ZoneInfo("Europe/Helsinki"))
    (result,) = Open311Importer().read(io.StringIO(text), Serializer(), context)
    assert result.value.received_at.utcoffset() == timedelta(hours=2)


def test_bad_input_is_a_reject_or_a_clear_error(tmp_path: Path) -> None:
    rows = ("1,60.1,24.9,,,t,d,open,,,171,2025-01-02T09:00:00+02:00,,,,\n"
            "2,60.1,24.9,,,t,d,pending,,,171,2025-01-02T09:00:00+02:00,,,,\n"
            "3,60.1,24.9,,,t,d,open,,,171,yesterday,,,,\n"
            "4,60.1,24.9\n"
            '5,60.1,24.9,,,"t,d,open\n')
    results = _read(rows)
    assert [r.ok for r in results] == [True, False, False, False, False]
    assert [r.line for r in results] == [1, 2, 3, 4, 5]
    assert "not an Open311 status" in results[1].problems[0].message
    assert "requested_datetime" in results[2].problems[0].path
    with pytest.raises(InvalidDocumentError, match="16 columns"):
        _read("a,b,c\n")
    with pytest.raises(InvalidDocumentError, match="document type"):
        _read('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><service_requests/>')
    with pytest.raises(InvalidDocumentError, match="not an Open311 request list"):
        _read("<services><service/></services>")
    bad = tmp_path / "bad.json"
    bad.write_text("[{]")
    result = CliRunner().invoke(build_cli(), ["convert", str(bad), "--format", "open311",
                                              "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "not JSON" in result.output
    assert not (tmp_path / "o").exists()


def test_cli_convert_exit_2_and_rejects_with_line(tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    source.write_text("service_request_id,status,requested_datetime,email\n"
                      "1,open,2025-01-02T09:00:00Z,a@example.org\n2,open,,\n", encoding="utf-8")
    result = CliRunner().invoke(build_cli(), ["convert", str(source), "--out",
                                              str(tmp_path / "o"), "--json"])
    assert result.exit_code == 2, result.output
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["converted"], summary["rejected"]) == (2, 1, 1)
    (reject,) = [json.loads(x) for x in (tmp_path / "o" / "rejects.jsonl").read_text().splitlines()]
    assert reject["line"] == 3 and "requested_datetime" in reject["reasons"][0]
    assert (tmp_path / "o" / "rejects.jsonl").stat().st_mode & 0o777 == 0o600
    (doc,) = _docs(tmp_path / "o")
    assert doc["contact"]["email"] == "a@example.org" and "email" not in doc["extra"]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fixed_dictionaries(
    {"service_request_id": st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True),
     "status": st.sampled_from(["open", "closed", "OPEN", " closed "]),
     "requested_datetime": st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1),
                                        timezones=st.just(UTC)),
     "later": st.timedeltas(timedelta(0), timedelta(days=90))},
    optional={"description": _TEXT, "title": _TEXT, "service_name": _TEXT, "lat": st.floats(-90, 90),
              "extra_field": _TEXT, "status_notes": _TEXT}), max_size=5,
    unique_by=lambda r: r["service_request_id"]))
def test_what_is_converted_is_valid_import_input(tmp_path_factory: pytest.TempPathFactory,
                                                 records: list[dict]) -> None:
    for r in records:
        r["updated_datetime"] = (r["requested_datetime"] + r.pop("later")).isoformat()
        r["requested_datetime"] = r["requested_datetime"].isoformat()
    source = tmp_path_factory.mktemp("p") / "requests.json"
    source.write_text(json.dumps(records), encoding="utf-8")
    report, out = convert(source, source.parent, fmt="open311")
    assert (report.converted, report.rejected) == (len(records), 0)
    if records:
        assert check_folder(out) == {"submissions.jsonl": len(records)}
