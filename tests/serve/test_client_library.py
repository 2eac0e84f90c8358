"""A real Open311 client from the package index (``georeport``) against a live server,
in JSON and in XML."""

from __future__ import annotations

import pytest

from participation.model import Submission

from .conftest import PERSONAL, LiveServer

georeport = pytest.importorskip("georeport")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_lists_services_definitions_and_requests(live: LiveServer, fmt: str,
                                                           seeded: dict[str, Submission]) -> None:
    client = georeport.GeoReport(live.url, output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert {"web_form", "email", "information_request"} <= set(codes)
    definition = client.get_service_definition("information_request")
    assert definition["service_code"] == "information_request"

    listed = client.get_service_requests(status="open")
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one item is a dict
    assert {r["service_request_id"] for r in listed} == {"S-OPEN", "S-CONTACT"}
    one = client.get_service_request("S-ANSWERED")
    assert one["status"] == "closed"
    assert one["service_notice"].startswith("Was due by ")
    assert one["expected_datetime"].endswith("T23:59:59+00:00")
    assert not any(value in str(listed) + str(one) for value in PERSONAL)


def test_georeport_with_a_jurisdiction(serve: object, seeded: dict[str, Submission]) -> None:
    live = serve(jurisdiction_id="plovdiv.bg")  # type: ignore[operator]
    assert georeport.GeoReport(live.url, jurisdiction="plovdiv.bg").get_service_list()
    stranger = georeport.GeoReport(live.url, jurisdiction="sofia.bg")
    with pytest.raises(Exception, match="404"):
        stranger.get_service_list()
