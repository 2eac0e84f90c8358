"""Done when: ``participation serve`` on the demo's store answers a standard Open311
client. The curl session of ``docs/open311.md`` is run command by command against it,
the ``georeport`` client lists, reads back and checks the due date of a posted request,
and every answer passes the official schemas."""

from __future__ import annotations

import doctest
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli

from .conftest import ROOT, Official, ServeProcess, httpx

DOCS = ROOT / "docs" / "open311.md"
DOC_URL = "http://127.0.0.1:8311"


def curl_session(text: str) -> list[tuple[str, str]]:
    """The (command, expected output) pairs of the page's curl session."""
    block = re.search(r"<!-- curl-session -->\n```console\n(.*?)```\n<!-- end curl-session -->",
                      text, re.S)
    assert block is not None, "docs/open311.md has no curl session"
    pairs: list[tuple[str, str]] = []
    for line in block.group(1).splitlines():
        if line.startswith("$ "):
            pairs.append((line[2:], ""))
        else:
            command, output = pairs[-1]
            pairs[-1] = (command, output + line + "\n")
    return pairs


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(build_cli(), ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    server = ServeProcess(out / "participation.db")
    yield server
    server.stop()


@pytest.mark.slow
def test_the_documented_curl_session(demo_server: ServeProcess) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    checker = doctest.OutputChecker()
    pairs = curl_session(DOCS.read_text(encoding="utf-8"))
    assert len(pairs) >= 5
    for command, expected in pairs:
        run = subprocess.run(["bash", "-c", command.replace(DOC_URL, demo_server.url)],
                             capture_output=True, text=True, timeout=30, check=False)
        assert run.returncode == 0, (command, run.stderr)
        got = run.stdout if run.stdout.endswith("\n") else run.stdout + "\n"
        assert checker.check_output(expected, got, doctest.ELLIPSIS), \
            f"{command}\nexpected: {expected}\ngot:      {got}"


@pytest.mark.slow
def test_a_standard_client_on_the_demo_store(demo_server: ServeProcess, official: Official) -> None:
    georeport = pytest.importorskip("georeport")
    client = georeport.GeoReport(demo_server.url)
    services = client.get_service_list()
    official.check("services.json", services)
    assert {"web_form", "bg.apia.request", "bg.apc.signal"} <= {s["service_code"] for s in services}
    for service in services:
        official.check("service-definition.json",
                       client.get_service_definition(service["service_code"]))

    year = client.get_service_requests(start_date="2025-10-01T00:00:00+03:00",
                                       end_date="2025-12-29T00:00:00+02:00")
    official.check("requests.json", year)
    assert len(year) > 50 and {r["status"] for r in year} == {"open", "closed"}

    # georeport cannot post: the request is posted as the standard says, a url-encoded form
    posted = httpx.post(f"{demo_server.url}/requests.json", data={
        "service_code": "bg.apia.request", "description": "Minutes of the council, May 2026",
        "first_name": "Ana", "last_name": "Petrova", "email": "ana.petrova@example.org",
        "lat": "42.1354", "long": "24.7453"})
    assert posted.status_code == 200, posted.text
    [receipt] = posted.json()
    back: dict[str, Any] = client.get_service_request(receipt["service_request_id"])
    official.check("request.json", back)
    assert back["status"] == "open" and back["service_code"] == "bg.apia.request"
    due = date.fromisoformat(back["expected_datetime"][:10])
    requested = date.fromisoformat(back["requested_datetime"][:10])
    assert 14 <= (due - requested).days <= 20  # 14 days, rolled forward off holidays
    assert f"Due by {due.isoformat()}" in receipt["service_notice"]
    assert "Access to Public Information Act art. 28(1)" in back["service_notice"]
    assert "Petrova" not in str(back) and "example.org" not in str(back)

    xml_client = georeport.GeoReport(demo_server.url, output_format="xml")
    assert xml_client.get_service_request(receipt["service_request_id"])["expected_datetime"] \
        == back["expected_datetime"]


@pytest.mark.slow
def test_the_log_holds_no_query_and_no_personal_data(demo_server: ServeProcess) -> None:
    httpx.post(f"{demo_server.url}/requests.json?email=leak%40example.org",
               data={"service_code": "web_form", "description": "Log check"})
    demo_server.stop()
    assert demo_server.log is not None
    assert re.search(r"POST /requests\.json 200 [\d.]+ ms", demo_server.log)
    assert "leak" not in demo_server.log and "Traceback" not in demo_server.log
