"""GET: services, service definitions and requests, in JSON and XML, each answer checked
against the official GeoReport v2 schemas; never any personal data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest

from participation.model import Submission
from participation.open311 import REQUEST_FIELDS

from .conftest import NOW, PERSONAL, LiveServer, Official


def xml_items(text: str, root: str) -> list[dict[str, str]]:
    tree = ET.fromstring(text)
    assert tree.tag == root
    return [{child.tag: child.text or "" for child in item} for item in tree]


def test_services_are_the_digital_channels_that_owe_an_answer(live: LiveServer,
                                                              official: Official) -> None:
    answer = live.client.get("/services.json")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    services = answer.json()
    official.check("services.json", services)
    codes = [s["service_code"] for s in services]
    assert {"web_form", "email", "information_request"} <= set(codes)
    assert "phone" not in codes and "survey" not in codes  # not digital / no answer owed
    web = next(s for s in services if s["service_code"] == "web_form")
    assert web["service_name"] == "Web form" and web["type"] == "realtime" and web["metadata"]
    assert web["group"] == "Answer within 30 days"

    xml = live.client.get("/services.xml")
    assert xml.headers["content-type"].startswith("text/xml")
    assert [s["service_code"] for s in xml_items(xml.text, "services")] == codes


def test_every_service_has_a_definition_that_passes_the_schema(live: LiveServer,
                                                               official: Official) -> None:
    for service in live.client.get("/services.json").json():
        answer = live.client.get(f"/services/{service['service_code']}.json")
        assert answer.status_code == 200
        definition = answer.json()
        official.check("service-definition.json", definition)
        codes = [a["code"] for a in definition["attributes"]]
        assert codes[:2] == ["kind", "occurred_on"]
        xml = ET.fromstring(live.client.get(f"/services/{service['service_code']}.xml").text)
        assert xml.tag == "service_definition"
        assert [a.findtext("code") for a in xml.iter("attribute")] == codes


def test_an_anonymous_channel_asks_for_consent(serve: Any, official: Official) -> None:
    live = serve(services=("anticorruption_box",))
    definition = live.client.get("/services/anticorruption_box.json").json()
    official.check("service-definition.json", definition)
    consent = next(a for a in definition["attributes"] if a["code"] == "consent")
    assert [v["key"] for v in consent["values"]] == ["true", "false"]
    assert live.client.get("/services/web_form.json").status_code == 404


def test_requests_show_status_due_date_and_notes(live: LiveServer, official: Official,
                                                 seeded: dict[str, Submission]) -> None:
    answer = live.client.get("/requests.json")
    assert answer.status_code == 200
    requests = answer.json()
    official.check("requests.json", requests)
    by_id = {r["service_request_id"]: r for r in requests}
    assert set(by_id) == {"S-OPEN", "S-ANSWERED", "S-CONTACT"}  # the phone call is not a service
    opened = by_id["S-OPEN"]
    assert opened["status"] == "open" and opened["status_notes"] == "Registered."
    assert opened["service_code"] == "web_form" and opened["service_name"] == "Web form"
    received = seeded["S-OPEN"].received_at
    assert opened["requested_datetime"] == received.isoformat()
    # generic.answer: 30 calendar days from receipt, rolled forward off a weekend
    due = opened["expected_datetime"]
    assert due.endswith("T23:59:59+00:00")
    assert timedelta(days=30) <= (
        NOW.fromisoformat(due[:10] + "T00:00:00+00:00") - received.replace(hour=0, minute=0, second=0)
    ) <= timedelta(days=33)
    assert "Due by " + due[:10] in opened["service_notice"]
    assert "service standard (no statute)" in opened["service_notice"]
    closed = by_id["S-ANSWERED"]
    assert closed["status"] == "closed"
    assert closed["status_notes"].startswith("Closed. Outcome: granted (")
    assert "Regulation (EC) No 1049/2001 art. 7(1)" in closed["status_notes"]
    assert closed["status_notes"].endswith("Published on the website.")
    assert closed["updated_datetime"] > closed["requested_datetime"]
    assert closed["service_notice"].startswith("Was due by ")
    for request in requests:
        assert list(request) == [f for f in REQUEST_FIELDS if f in request]


def test_no_personal_data_and_no_details_unless_published(serve: Any, official: Official,
                                                          seeded: dict[str, Submission]) -> None:
    hidden = serve()
    published = serve(publish_details=True)
    for live in (hidden, published):
        for path in ("/requests.json", "/requests.xml", "/requests/S-CONTACT.json",
                     "/requests/S-CONTACT.xml", "/request/S-CONTACT.json"):
            text = live.client.get(path).text
            assert "S-CONTACT" in text
            for value in PERSONAL:
                assert value not in text, (path, value)
    quiet = hidden.client.get("/requests/S-OPEN.json").json()[0]
    assert "description" not in quiet and "lat" not in quiet and "address" not in quiet
    shown = published.client.get("/requests/S-OPEN.json").json()
    official.check("requests.json", shown)
    assert shown[0]["description"].startswith("The street light at the corner")
    assert (shown[0]["lat"], shown[0]["long"], shown[0]["address"]) == (42.6977, 23.3219,
                                                                        "Vitosha Blvd 1")
    xml = published.client.get("/requests/S-OPEN.xml").text
    assert "&lt;b&gt;again&lt;/b&gt;" in xml  # markup arrives as text, escaped
    assert xml_items(xml, "service_requests")[0]["lat"] == "42.6977"


@pytest.mark.parametrize(("query", "expected"), [
    ("status=open", {"S-OPEN", "S-CONTACT"}),
    ("status=closed", {"S-ANSWERED"}),
    ("status=open,closed", {"S-OPEN", "S-CONTACT", "S-ANSWERED"}),
    ("service_code=web_form,information_request", {"S-OPEN", "S-ANSWERED"}),
    ("service_request_id=S-ANSWERED,S-PHONE,nope", {"S-ANSWERED"}),
    ("service_request_id=S-OPEN&status=closed", {"S-OPEN"}),  # ids override the rest
    ("start_date=2001-01-01T00:00:00Z&end_date=2001-03-01T00:00:00Z", set()),
])
def test_filters(live: LiveServer, official: Official, query: str, expected: set[str]) -> None:
    answer = live.client.get(f"/requests.json?{query}")
    assert answer.status_code == 200, answer.text
    official.check("requests.json", answer.json())
    assert {r["service_request_id"] for r in answer.json()} == expected


def test_the_window_is_exact_to_the_second(live: LiveServer,
                                           seeded: dict[str, Submission]) -> None:
    at = seeded["S-ANSWERED"].received_at
    params = {"start_date": at.isoformat(), "end_date": (at + timedelta(hours=1)).isoformat()}
    ids = [r["service_request_id"] for r in live.client.get("/requests.json", params=params).json()]
    assert ids == ["S-ANSWERED"]
    params["start_date"] = (at + timedelta(seconds=1)).isoformat()
    ids = [r["service_request_id"] for r in live.client.get("/requests.json", params=params).json()]
    assert ids == []


def test_at_most_max_results(serve: Any, seeded: dict[str, Submission]) -> None:
    live = serve(max_results=2)
    assert len(live.client.get("/requests.json").json()) == 2
    assert live.client.get("/requests.json?service_request_id=a,b,c").status_code == 400


@pytest.mark.parametrize(("query", "message"), [
    ("start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z", "spans more than 90 days"),
    ("start_date=2025-06-01T00:00:00Z&end_date=2025-01-01T00:00:00Z", "end_date is before"),
    ("start_date=yesterday", "start_date: 'yesterday' is not a W3C date-time"),
    ("end_date=0001-01-01T00:00:00Z", "out of the range of dates"),
    ("status=pending", "'pending' is not an Open311 status"),
    ("service_code=phone", "service_code: 'phone' is not a service here"),
    ("status=open&status=closed", "status: given twice"),
])
def test_bad_filters_get_a_georeport_error(live: LiveServer, query: str, message: str) -> None:
    for fmt in ("json", "xml"):
        answer = live.client.get(f"/requests.{fmt}?{query}")
        assert answer.status_code == 400
        if fmt == "json":
            [error] = answer.json()
            assert error["code"] == 400 and message in error["description"]
        else:
            [error] = xml_items(answer.text, "errors")
            assert error["code"] == "400" and message in error["description"]


def test_one_request(live: LiveServer, official: Official) -> None:
    listed = live.client.get("/requests/S-OPEN.json").json()
    official.check("requests.json", listed)
    assert [r["service_request_id"] for r in listed] == ["S-OPEN"]
    single = live.client.get("/request/S-OPEN.json").json()  # the swagger's spelling
    official.check("request.json", single)
    assert single == listed[0]
    [xml] = xml_items(live.client.get("/requests/S-OPEN.xml").text, "service_requests")
    assert xml["status"] == "open" and xml["expected_datetime"] == single["expected_datetime"]
    for path in ("/requests/nope.json", "/requests/S-PHONE.json", "/request/S-PHONE.xml"):
        assert live.client.get(path).status_code == 404


def test_unknown_paths_formats_and_methods(live: LiveServer) -> None:
    answers = {path: live.client.get(path) for path in
               ("/nothing", "/services.csv", "/services/nope.json", "/tokens/123.json")}
    for path, answer in answers.items():
        assert answer.status_code == 404, path
        assert answer.json()[0]["code"] == 404
    assert "unknown response format 'csv'" in answers["/services.csv"].text
    deleted = live.client.delete("/requests/S-OPEN.xml")
    assert deleted.status_code == 405
    assert xml_items(deleted.text, "errors")[0]["code"] == "405"


def test_jurisdiction(serve: Any, seeded: dict[str, Submission]) -> None:
    live = serve(jurisdiction_id="plovdiv.bg")
    assert live.client.get("/services.json?jurisdiction_id=plovdiv.bg").status_code == 200
    assert live.client.get("/services.json").status_code == 200  # one jurisdiction: optional
    other = live.client.get("/requests.json?jurisdiction_id=sofia.bg")
    assert other.status_code == 404
    assert "jurisdiction_id 'sofia.bg' not found" in other.json()[0]["description"]


def test_cors_only_for_the_configured_origins(serve: Any, seeded: dict[str, Submission]) -> None:
    closed, opened = serve(), serve(cors_origins=("https://city.example",))
    headers = {"Origin": "https://city.example"}
    assert "access-control-allow-origin" not in closed.client.get("/services.json",
                                                                  headers=headers).headers
    answer = opened.client.get("/services.json", headers=headers)
    assert answer.headers["access-control-allow-origin"] == "https://city.example"
    preflight = opened.client.options("/requests.json", headers={
        **headers, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    other = opened.client.get("/services.json", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_rate_limit_answers_429_with_retry_after(serve: Any,
                                                 seeded: dict[str, Submission]) -> None:
    live = serve(get_rate=1, burst=3)
    codes = [live.client.get("/services.json").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = live.client.get("/requests.xml")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert xml_items(refused.text, "errors")[0]["code"] == "429"


def test_a_body_larger_than_the_limit_is_refused(serve: Any) -> None:
    live = serve(max_body=1000)
    answer = live.client.post("/requests.json", content=b"description=" + b"x" * 2000,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
    assert "at most 1000" in answer.json()[0]["description"]


def test_characters_xml_cannot_carry_are_replaced(desk: Any, serve: Any) -> None:
    from participation.model import Submission, SubmissionKind

    desk.receive(Submission("S-CTRL", "web_form", SubmissionKind.SIGNAL,
                            NOW - timedelta(days=1), "Bell\x07", "Text\x00with\x1bcontrols"))
    live = serve(publish_details=True)
    xml = live.client.get("/requests/S-CTRL.xml").text
    [item] = xml_items(xml, "service_requests")
    assert item["description"] == "Text\ufffdwith\ufffdcontrols"
