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
every other one ``closed``.

>>> from datetime import datetime, timezone
>>> at = datetime(2025, 3, 3, 9, tzinfo=timezone.utc)
>>> [e.status.value for e in lifecycle_events("closed", at, at.replace(hour=15), "Fixed")]
['registered', 'answered', 'closed']
>>> open311_status(Status.IN_REVIEW), open311_status(Status.REJECTED)
('open', 'closed')
"""

from __future__ import annotations

from datetime import datetime

from participation.errors import FieldError
from participation.model import Event, Status

__all__ = [
    "CSV_REQUEST_COLUMNS",
    "EXTRA_FIELDS",
    "REQUEST_FIELDS",
    "SERVICE_FIELDS",
    "STATUSES",
    "lifecycle_events",
    "open311_status",
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
