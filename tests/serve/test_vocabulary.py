"""The Open311 vocabulary: two statuses cover the whole lifecycle, each status once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation.errors import FieldError
from participation.model import Status
from participation.open311 import (
    REQUEST_FIELDS,
    lifecycle_statuses,
    location_fields,
    open311_status,
    parse_statuses,
)


@given(st.sampled_from(Status))
def test_every_lifecycle_status_maps_to_one_open311_status_and_back(status: Status) -> None:
    mapped = open311_status(status)
    assert mapped in ("open", "closed")
    assert status in lifecycle_statuses(mapped)
    other = "closed" if mapped == "open" else "open"
    assert status not in lifecycle_statuses(other)
    assert (mapped == "open") == status.is_open


def test_open_and_closed_partition_the_lifecycle() -> None:
    assert lifecycle_statuses("open") | lifecycle_statuses("closed") == frozenset(Status)
    assert not lifecycle_statuses("open") & lifecycle_statuses("closed")
    assert parse_statuses(" Open ") == lifecycle_statuses("open")


@pytest.mark.parametrize("text", ["pending", "", "open,", "opened"])
def test_an_unknown_status_is_refused_by_name(text: str) -> None:
    with pytest.raises(FieldError, match=r"status: .* is not an Open311 status"):
        parse_statuses(text)


def test_request_fields_are_the_specification_order() -> None:
    assert REQUEST_FIELDS[:2] == ("service_request_id", "status")
    assert REQUEST_FIELDS[-3:] == ("lat", "long", "media_url")
    assert len(REQUEST_FIELDS) == len(set(REQUEST_FIELDS)) == 17


def test_location_keeps_numbers_as_numbers_and_drops_what_is_not_a_number() -> None:
    assert location_fields({"lat": "nan", "long": "abc", "zipcode": "1000"}) == {"zipcode": "1000"}
    assert location_fields({"address": "Sofia"}) == {"address": "Sofia"}
    assert location_fields({}) == {}
