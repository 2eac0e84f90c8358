"""The Open311 GeoReport v2 vocabulary, in one place: what the Open311 service
(``participation serve``) and the Open311 importer both speak.

GeoReport v2 knows two statuses, ``open`` and ``closed``; the desk's lifecycle has ten.
A submission is ``open`` while an answer is still owed (received, registered,
acknowledged, in review, forwarded, extended) and ``closed`` once nothing more is owed
(answered, closed, rejected, withdrawn):

>>> from participation.model import Status
>>> open311_status(Status.EXTENDED), open311_status(Status.ANSWERED)
('open', 'closed')
>>> sorted(s.value for s in lifecycle_statuses("closed"))
['answered', 'closed', 'rejected', 'withdrawn']
>>> sorted(s.value for s in parse_statuses("open,closed")) == sorted(s.value for s in Status)
True
>>> parse_statuses("pending")
Traceback (most recent call last):
...
participation.errors.FieldError: status: 'pending' is not an Open311 status (open, closed)

Values of a request that have no field of their own in a
:class:`~participation.model.Submission` (its location, a photo's address) are kept in
``Submission.extra`` under :data:`EXTRA_KEYS`, verbatim as text:

>>> location_fields({"lat": "42.69", "long": "23.32", "address_string": "1 Vitosha Blvd"})
{'address': '1 Vitosha Blvd', 'lat': 42.69, 'long': 23.32}
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from participation.errors import FieldError
from participation.model.status import CLOSED_STATUSES, OPEN_STATUSES, Status

__all__ = ["CLOSED", "EXTRA_KEYS", "OPEN", "REQUEST_FIELDS", "STATUSES", "lifecycle_statuses",
           "location_fields", "open311_status", "parse_statuses"]

#: An answer is still owed.
OPEN = "open"
#: Nothing more is owed.
CLOSED = "closed"
#: The two statuses of GeoReport v2.
STATUSES = (OPEN, CLOSED)

#: The fields of a GeoReport v2 service request, in the order of the specification (and
#: of its header-less CSV exports).
REQUEST_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url")

#: Keys of ``Submission.extra`` that hold a request's location and media, as posted
#: (``address_string`` is the POST argument; a listed request calls it ``address``).
EXTRA_KEYS = ("lat", "long", "address_string", "address_id", "zipcode", "media_url")

_LIFECYCLE = {OPEN: OPEN_STATUSES, CLOSED: CLOSED_STATUSES}


def open311_status(status: Status) -> str:
    """``open`` while an answer is owed, else ``closed``."""
    return OPEN if status in OPEN_STATUSES else CLOSED


def lifecycle_statuses(status: str) -> frozenset[Status]:
    """The lifecycle statuses an Open311 status stands for.

    :raises FieldError: neither ``open`` nor ``closed``.
    """
    try:
        return _LIFECYCLE[status.strip().lower()]
    except KeyError:
        raise FieldError("status", f"{status!r} is not an Open311 status "
                         f"({', '.join(STATUSES)})") from None


def parse_statuses(text: str) -> frozenset[Status]:
    """The lifecycle statuses of a comma-delimited Open311 ``status`` argument."""
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
    """The request fields (``address``, ``address_id``, ``zipcode``, ``lat``, ``long``,
    ``media_url``) that ``extra`` holds; ``lat`` and ``long`` as numbers (left out when
    they are not numbers)."""
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
