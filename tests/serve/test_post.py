"""POST /requests: a citizen's request through the desk's one-transaction intake,
answered with its id and statutory due date; refused requests store nothing."""

from __future__ import annotations

import json
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from participation.desk import Desk
from participation.model import Status

from .conftest import PERSONAL, LiveServer, Official

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="session")
def post_answer(swagger_path: Path) -> Any:
    """A validator of the POST answer: the swagger's array of ``RequestResponse``."""
    jsonschema = pytest.importorskip("jsonschema")
    swagger = json.loads(swagger_path.read_text(encoding="utf-8"))
    schema = {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/RequestResponse"},
              "definitions": swagger["definitions"]}
    return jsonschema.Draft4Validator(schema)


def post(live: LiveServer, fmt: str = "json", **form: str) -> Any:
    return live.client.post(f"/requests.{fmt}", data=form)


def stored(desk: Desk) -> int:
    return sum(1 for _ in desk.store.iter_submissions())


def test_a_request_is_stored_registered_with_its_due_date(serve: Any, desk: Desk,
                                                          official: Official,
                                                          post_answer: Any) -> None:
    live = serve()
    answer = post(live, service_code="web_form", description="The bench in the park is broken",
                  first_name="Ana", last_name="Petrova", email=PERSONAL[1], phone=PERSONAL[2],
                  lat="42.6977", long="23.3219", address_string="Borisova gradina",
                  media_url="https://city.example/photo.jpg", device_id="phone-42")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    post_answer.validate(body)
    [receipt] = body
    notice = receipt["service_notice"]
    assert re.fullmatch(r"Registered on \d{4}-\d\d-\d\d as Web form\. Due by (\d{4}-\d\d-\d\d) "
                        r"\(Answer within 30 days; service standard \(no statute\): 30 calendar "
                        r"days\)\.", notice), notice

    sid = receipt["service_request_id"]
    submission = desk.store.get_submission(sid, with_contact=True)
    assert submission.status is Status.REGISTERED
    assert submission.text == "The bench in the park is broken"
    assert submission.contact is not None
    assert (submission.contact.name, submission.contact.email) == ("Ana Petrova", PERSONAL[1])
    assert dict(submission.extra) == {"lat": "42.6977", "long": "23.3219",
                                      "address_string": "Borisova gradina",
                                      "media_url": "https://city.example/photo.jpg"}
    assert "phone-42" not in json.dumps(dict(submission.extra))  # device ids are not kept

    shown = live.client.get(f"/requests/{sid}.json").json()
    official.check("requests.json", shown)
    assert shown[0]["status"] == "open"
    assert shown[0]["expected_datetime"][:10] in notice
    due = desk.deadline(submission)
    assert due is not None and shown[0]["expected_datetime"][:10] == due.due.isoformat()
    page = live.client.get("/requests.xml").text + json.dumps(shown)
    assert not any(value in page for value in ("Petrova", *PERSONAL))


def test_the_statutory_rule_and_its_legal_basis(serve: Any, desk: Desk, official: Official) -> None:
    live = serve(services=("bg.apia.request",))
    answer = post(live, "xml", service_code="bg.apia.request",
                  description="The contracts for street lighting in 2025")
    assert answer.status_code == 200, answer.text
    tree = ET.fromstring(answer.text)
    assert tree.tag == "service_requests"
    sid = tree.findtext("request/service_request_id")
    notice = tree.findtext("request/service_notice")
    assert sid and notice
    assert "Access to Public Information Act art. 28(1)" in notice
    submission = desk.store.get_submission(sid)
    assert submission.kind.value == "information_request"
    due = desk.deadline(submission)
    assert due is not None and f"Due by {due.due.isoformat()}" in notice
    official.check("request.json", live.client.get(f"/request/{sid}.json").json())


def test_kind_and_when_it_happened_as_attributes(serve: Any, desk: Desk) -> None:
    live = serve(services=("bg.apc.signal",))
    answer = post(live, service_code="bg.apc.signal", description="Old abuse",
                  email="x@example.org", **{"attribute[kind]": "complaint",
                                            "attribute[occurred_on]": "2019-03-01T10:00:00Z"})
    assert answer.status_code == 200, answer.text
    submission = desk.store.get_submission(answer.json()[0]["service_request_id"])
    assert submission.kind.value == "complaint"
    assert submission.occurred_on is not None and submission.occurred_on.isoformat() == "2019-03-01"


def test_an_inadmissible_request_is_stored_and_told_why(serve: Any, desk: Desk,
                                                        official: Official) -> None:
    live = serve(services=("bg.anticorruption_box",))
    answer = post(live, service_code="bg.anticorruption_box", description="A bribe at the desk",
                  **{"attribute[kind]": "signal"})
    assert answer.status_code == 200, answer.text
    notice = answer.json()[0]["service_notice"]
    assert "Not examined: anonymous signal" in notice
    assert "Administrative Procedure Code art. 111(4)" in notice
    sid = answer.json()[0]["service_request_id"]
    assert desk.store.get_submission(sid).anonymous
    shown = live.client.get(f"/requests/{sid}.json").json()
    official.check("requests.json", shown)
    assert shown[0]["status"] == "closed"
    assert "Rejected. Outcome: not examined" in shown[0]["status_notes"]


def test_contact_on_an_anonymous_channel_needs_consent(serve: Any, desk: Desk) -> None:
    live = serve(services=("anticorruption_box",))
    refused = post(live, service_code="anticorruption_box", description="Bribe",
                   email=PERSONAL[1])
    assert refused.status_code == 400
    assert refused.json()[0]["description"].startswith("attribute[consent]: ")
    assert PERSONAL[1] not in refused.text
    kept = post(live, service_code="anticorruption_box", description="Bribe",
                email=PERSONAL[1], **{"attribute[consent]": "true"})
    assert kept.status_code == 200, kept.text
    submission = desk.store.get_submission(kept.json()[0]["service_request_id"])
    assert submission.contact is not None and submission.contact.consent


@pytest.mark.parametrize(("form", "message"), [
    ({}, "service_code: required"),
    ({"service_code": "phone", "description": "x"}, "service_code: 'phone' is not a service"),
    ({"service_code": "web_form"}, "description: give a subject or a text"),
    ({"service_code": "web_form", "description": " "}, "description: give a subject or a text"),
    ({"service_code": "web_form", "description": "x", "email": "ana(at)example.org"},
     "email: not an e-mail address"),
    ({"service_code": "web_form", "description": "x", "lat": "42.1"}, "long: give lat and long"),
    ({"service_code": "web_form", "description": "x", "lat": "inf", "long": "1"},
     "lat: inf is not a latitude"),
    ({"service_code": "web_form", "description": "x", "media_url": "javascript:alert(1)"},
     "media_url: not an http or https address"),
    ({"service_code": "web_form", "description": "x" * 4001}, "description: too long: 4001"),
    ({"service_code": "web_form", "description": "a\x00b"}, "description: control character"),
    ({"service_code": "web_form", "description": "x", "attribute[kind]": "order"},
     "attribute[kind]: unknown kind 'order'"),
    ({"service_code": "web_form", "description": "x", "attribute[occurred_on]": "yesterday"},
     "attribute[occurred_on]: "),
    ({"service_code": "web_form", "description": "x", "attribute[consent]": "true"},
     "attribute[consent]: not an attribute of this service"),
    ({"service_code": "web_form", "description": "x", "attribute": "kind=signal"},
     "attribute: give attributes as attribute[CODE]=VALUE"),
])
def test_bad_requests_get_400_and_store_nothing(serve: Any, desk: Desk, form: dict[str, str],
                                                message: str) -> None:
    live = serve()
    for fmt in ("json", "xml"):
        answer = post(live, fmt, **form)
        assert answer.status_code == 400, answer.text
        text = answer.text
        descriptions = ([e["description"] for e in answer.json()] if fmt == "json" else
                        [e.text or "" for e in ET.fromstring(text).iter("description")])
        assert any(d.startswith(message) for d in descriptions), descriptions
    assert stored(desk) == 0


def test_what_is_not_a_form_is_refused(serve: Any, desk: Desk) -> None:
    live = serve()
    as_json = live.client.post("/requests.json", json={"service_code": "web_form",
                                                       "description": "x"})
    assert as_json.status_code == 415
    latin1 = live.client.post("/requests.json", headers=FORM,
                              content="service_code=web_form&description=caf\xe9".encode("latin-1"))
    assert latin1.status_code == 400 and "not UTF-8" in latin1.text
    twice = live.client.post("/requests.json?service_code=email", headers=FORM,
                             content=b"service_code=web_form&description=x")
    assert twice.status_code == 400 and "service_code: given twice" in twice.text
    assert stored(desk) == 0


def test_query_arguments_as_the_swagger_has_them(serve: Any, desk: Desk) -> None:
    live = serve()
    answer = live.client.post("/requests.json", params={"service_code": "web_form",
                                                        "description": "From the query"})
    assert answer.status_code == 200, answer.text
    assert stored(desk) == 1


def test_api_keys(serve: Any, desk: Desk) -> None:
    live = serve(api_keys=("k-1", "k-2"))
    assert post(live, service_code="web_form", description="x").status_code == 403
    wrong = post(live, service_code="web_form", description="x", api_key="k-3")
    assert wrong.status_code == 403 and wrong.json()[0]["description"] == "api_key missing or not valid"
    assert post(live, service_code="web_form", description="x", api_key="k-2").status_code == 200
    in_query = live.client.post("/requests.json?api_key=k-1",
                                data={"service_code": "web_form", "description": "y"})
    assert in_query.status_code == 200
    assert live.client.get("/requests.json").status_code == 200  # reading needs no key
    assert stored(desk) == 2


def test_jurisdiction_in_the_form(serve: Any, desk: Desk) -> None:
    live = serve(jurisdiction_id="plovdiv.bg")
    other = post(live, service_code="web_form", description="x", jurisdiction_id="sofia.bg")
    assert other.status_code == 404 and "jurisdiction_id 'sofia.bg' not found" in other.text
    assert post(live, service_code="web_form", description="x",
                jurisdiction_id="plovdiv.bg").status_code == 200
    assert stored(desk) == 1


def test_a_read_only_store_answers_503_and_reads_still_work(tmp_path: Path, desk: Desk) -> None:
    from participation.registry import Registry
    from participation.serve import ServeConfig, create_app
    from participation.store import SqliteStore

    from .conftest import LiveServer, seed

    seed(desk)
    desk.store.close()
    read_only = SqliteStore(desk.store.path, read_only=True)
    live = LiveServer(create_app(Desk(read_only, Registry.default()), ServeConfig()))
    try:
        refused = post(live, service_code="web_form", description="x")
        assert refused.status_code == 503, refused.text
        assert "server log says why" in refused.json()[0]["description"]
        assert live.client.get("/requests/S-OPEN.json").status_code == 200
    finally:
        live.stop()
        read_only.close()


def test_post_rate_limit(serve: Any, desk: Desk) -> None:
    live = serve(post_rate=1, burst=2)
    codes = [post(live, service_code="web_form", description=f"n{i}").status_code
             for i in range(3)]
    assert codes == [200, 200, 429]
    assert live.client.get("/services.json").status_code == 200  # GET has its own bucket
    assert stored(desk) == 2


def test_concurrent_posts_are_each_stored_once(serve: Any, desk: Desk) -> None:
    live = serve(post_rate=0)
    results: list[int] = []
    ids: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for i in range(10):
            answer = post(live, service_code="web_form", description=f"client {n} post {i}")
            with lock:
                results.append(answer.status_code)
                if answer.status_code == 200:
                    ids.append(answer.json()[0]["service_request_id"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(200) == 80
    assert len(set(ids)) == 80 == stored(desk)
    texts = [s.text for s in desk.store.iter_submissions()]
    assert len(set(texts)) == 80
