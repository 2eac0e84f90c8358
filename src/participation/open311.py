"""The Open311 GeoReport v2 vocabulary, in one place: the fields of a service request
and of a service, and how the request's ``status`` (``open``/``closed``) maps onto
the submission lifecycle, both ways.

The importer (``participation-import-open311``) reads requests with it and the Open311
server (:mod:`participation.serve`) answers with it, so a request that goes in and
comes out again keeps its status.

GeoReport v2 has two statuses. Ours are richer, so the mapping is:

============  ==============================================================
Open311       lifecycle
============  ==============================================================
``open``      ``received`` → ``registered`` at ``requested_datetime`` (the
              API registers a request as it accepts it)
``closed``    … → ``registered`` at ``requested_datetime`` → ``answered`` and
              ``closed`` at ``updated_datetime`` (the ``status_notes`` are the
              answer's note). Without an ``updated_datetime`` the closing
              moment is unknown: one ``closed`` *adjustment* at
              ``requested_datetime`` says so.
============  ==============================================================

Back: every open status (:attr:`~participation.model.Status.is_open`) is ``open``,
every other one ``closed``; :func:`parse_statuses` reads a ``status`` filter
(``open``, ``closed`` or both, comma-delimited) as the lifecycle statuses it stands for.

>>> from datetime import datetime, timezone
>>> at = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)
>>> [e.status.value for e in lifecycle_events("closed", at, at.replace(hour=15), "Fixed")]
['registered', 'answered', 'closed']
>>> open311_status(Status.IN_REVIEW), open311_status(Status.REJECTED)
('open', 'closed')
>>> sorted(s.value for s in parse_statuses("closed"))
['answered', 'closed', 'rejected', 'withdrawn']
>>> location_fields({"lat": "42.69", "long": "23.32", "address_string": "1 Vitosha Blvd"})
{'address': '1 Vitosha Blvd', 'lat': 42.69, 'long': 23.32}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime

from participation.errors import FieldError
from participation.model import CLOSED_STATUSES, OPEN_STATUSES, Event, Status

__all__ = [
    "CSV_REQUEST_COLUMNS",
    "EXTRA_FIELDS",
    "REQUEST_FIELDS",
    "SERVICE_FIELDS",
    "STATUSES",
    "lifecycle_events",
    "lifecycle_statuses",
    "location_fields",
    "open311_status",
    "parse_statuses",
]

#: The two statuses of GeoReport v2.
STATUSES = ("open", "closed")

#: The fields of a service request (GeoReport v2 ``GET requests``), in the order of
#: the specification.
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
    "long", "media_url",
)

#: The columns of a headerless CSV dump of requests, in the order the City of Helsinki's
#: GeoReport v2 reference server writes them (``v1/requests.php``); ``title`` is its
#: extension, the request's subject.
CSV_REQUEST_COLUMNS = (
    "service_request_id", "lat", "long", "address_string", "zipcode", "title",
    "description", "status", "detailed_status", "status_notes", "service_code",
    "requested_datetime", "updated_datetime", "service_object_id", "service_object_type",
    "media_url",
)

#: The fields of a service (GeoReport v2 ``GET services``).
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type",
                  "keywords", "group")

#: Request fields with no field of their own on a submission: kept verbatim in
#: :attr:`Submission.extra <participation.model.Submission.extra>` under these very
#: names (so the server can give them back).
EXTRA_FIELDS = ("service_code", "service_name", "agency_responsible", "service_notice",
                "expected_datetime", "address", "address_string", "address_id", "zipcode",
                "lat", "long", "media_url", "detailed_status", "service_object_id",
                "service_object_type")


def open311_status(status: Status) -> str:
    """The GeoReport v2 status of a lifecycle status: ``open`` while an answer is owed,
    else ``closed``."""
    return "open" if status.is_open else "closed"


def lifecycle_statuses(status: str) -> frozenset[Status]:
    """The lifecycle statuses a GeoReport ``status`` stands for (``open``: those in which
    an answer is owed).

    :raises FieldError: neither ``open`` nor ``closed`` (case and surrounding spaces are
        ignored).
    """
    value = status.strip().lower()
    if value not in STATUSES:
        raise FieldError("status", f"{status!r} is not an Open311 status (open, closed)")
    return OPEN_STATUSES if value == "open" else CLOSED_STATUSES


def parse_statuses(text: str) -> frozenset[Status]:
    """The lifecycle statuses of a comma-delimited ``status`` filter (``open,closed``)."""
    found: frozenset[Status] = frozenset()
    for part in text.split(","):
        found |= lifecycle_statuses(part)
    return found


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def location_fields(extra: Mapping[str, str]) -> dict[str, str | float]:
    """The request fields ``address``, ``address_id``, ``zipcode``, ``lat``, ``long`` and
    ``media_url`` that a submission's ``extra`` holds (``address`` is the posted
    ``address_string``, else an imported ``address``); ``lat`` and ``long`` as numbers,
    left out when they are not finite numbers."""
    fields: dict[str, str | float] = {}
    address = extra.get("address_string") or extra.get("address")
    if address:
        fields["address"] = address
    for key in ("address_id", "zipcode"):
        if extra.get(key):
            fields[key] = extra[key]
    for key in ("lat", "long"):
        number = _number(extra.get(key))
        if number is not None:
            fields[key] = number
    if extra.get("media_url"):
        fields["media_url"] = extra["media_url"]
    return fields


def lifecycle_events(status: str, requested: datetime, updated: datetime | None = None,
                     notes: str = "") -> tuple[Event, ...]:
    """The plausible history of a request with GeoReport ``status`` (see the table
    above), after its ``received`` at ``requested``.

    :raises FieldError: ``status`` is neither ``open`` nor ``closed`` (case and
        surrounding spaces are ignored), or ``updated`` is before ``requested``.
    """
    value = status.strip().lower()
    if value not in STATUSES:
        raise FieldError("status", f"{status!r} is not an Open311 status (open, closed)")
    registered = Event(requested, Status.REGISTERED)
    if value == "open":
        return (registered,)
    if updated is None:
        return (registered, Event(requested, Status.CLOSED, adjustment=True,
                                  note="closed in the source system; when is not given"))
    if updated < requested:
        raise FieldError("updated_datetime", f"{updated.isoformat()} is before "
                         f"requested_datetime ({requested.isoformat()})")
    return (registered, Event(updated, Status.ANSWERED, note=notes), Event(updated, Status.CLOSED))
