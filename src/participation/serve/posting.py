"""``POST /requests``: a GeoReport request as the desk's intake request.

The arguments (form fields of an ``application/x-www-form-urlencoded`` body, or query
arguments as the official ``swagger.json`` has them) map onto
:class:`~participation.intake.IntakeRequest`:

=========================================  ==============================================
Open311                                    desk
=========================================  ==============================================
``service_code``                           ``channel`` (a served channel type)
``description``                            ``text``
``first_name`` ``last_name``               contact ``name`` (personal data, kept apart)
``email``, ``phone``                       contact ``email``, ``phone``
``lat`` ``long`` ``address_string``        ``extra`` (the location, verbatim)
``address_id`` ``zipcode`` ``media_url``
``attribute[kind]``                        ``kind`` (default: :func:`default_kind`)
``attribute[occurred_on]``                 ``occurred_on``
``attribute[consent]``                     ``consent`` (channels that accept anonymous
                                           submissions)
``device_id``, ``account_id``              not kept: they identify a person, and the
                                           desk keeps people only in the contact
=========================================  ==============================================

An empty argument counts as not given; other arguments (a client's own extensions) are
ignored. A request without contact details on a channel that accepts anonymous
submissions is anonymous.

>>> from participation.model import ChannelType, Medium
>>> form = {"service_code": "web_form", "description": "Pothole", "lat": "42.1",
...         "long": "24.7", "first_name": "Ana", "email": "", "device_id": "x"}
>>> web = ChannelType("web_form", {"en": "Web form"}, Medium.DIGITAL)
>>> sorted(intake_fields(form, web).items())  # doctest: +NORMALIZE_WHITESPACE
[('anonymous', False), ('channel', 'web_form'), ('extra', {'lat': '42.1', 'long': '24.7'}),
 ('kind', 'signal'), ('name', 'Ana'), ('text', 'Pothole')]
>>> try:  # doctest: +NORMALIZE_WHITESPACE
...     intake_fields({"service_code": "web_form", "lat": "91", "attribute[size]": "L"}, web)
... except Open311Error as error:
...     print(error.status, *error.descriptions, sep=" | ")
400 | lat: 91 is not a latitude (-90 to 90) | long: give lat and long together |
attribute[size]: not an attribute of this service (see GET /services/web_form.json)
"""

from __future__ import annotations

import hmac
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from participation.intake import IntakeError
from participation.model import ChannelType
from participation.serve.formats import Open311Error
from participation.serve.services import ATTRIBUTES, default_kind

__all__ = ["check_api_key", "intake_fields", "open311_problems", "parse_form"]

#: Where a problem the desk finds stands among the Open311 arguments.
ARGUMENTS = {
    "channel": "service_code", "kind": "attribute[kind]", "subject": "description",
    "text": "description", "name": "first_name/last_name", "email": "email",
    "phone": "phone", "consent": "attribute[consent]", "anonymous": "email/phone",
    "occurred_on": "attribute[occurred_on]", "received_at": "requested_datetime",
}

_ATTRIBUTE = re.compile(r"^attribute\[([^\]]*)\]$")
_LOCATION = ("address_string", "address_id", "zipcode")


def parse_form(body: bytes, content_type: str | None, query: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The arguments of a POST: its query arguments and its url-encoded form fields. An
    argument given twice is refused (which one would count?).

    :raises Open311Error: 415 for a body that is not a url-encoded form, 400 for one that
        is not UTF-8 or gives an argument twice.
    """
    pairs = list(query)
    if body.strip():
        media = (content_type or "").split(";")[0].strip().lower()
        if media != "application/x-www-form-urlencoded":
            raise Open311Error(415, "send the request as application/x-www-form-urlencoded "
                                    "(the GeoReport v2 POST)")
        try:
            text = body.decode("utf-8")
            pairs += parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                               max_num_fields=200, errors="strict")
        except UnicodeDecodeError:
            raise Open311Error(400, "the form is not UTF-8 text") from None
        except ValueError as exc:
            raise Open311Error(400, f"the form cannot be read ({exc})") from None
    form: dict[str, str] = {}
    twice = []
    for key, value in pairs:
        if key in form:
            twice.append(f"{key[:40]}: given twice")
        form[key] = value
    if twice:
        raise Open311Error(400, sorted(set(twice)))
    return form


def check_api_key(form: Mapping[str, str], keys: frozenset[str]) -> None:
    """Refuse a POST without one of ``keys`` (when any are configured).

    :raises Open311Error: 403, as GeoReport has it for a missing or invalid key.
    """
    if not keys:
        return
    given = form.get("api_key", "").encode()
    if not any(hmac.compare_digest(given, key.encode()) for key in keys):
        raise Open311Error(403, "api_key missing or not valid")


def _coordinate(form: Mapping[str, str], name: str, limit: float,
                problems: list[str]) -> str | None:
    text = form.get(name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        what = "latitude" if name == "lat" else "longitude"
        problems.append(f"{name}: {text[:40]} is not a {what} (-{limit:g} to {limit:g})")
        return None
    return text.strip()


def _location(form: Mapping[str, str], problems: list[str]) -> dict[str, str]:
    extra: dict[str, str] = {}
    lat = _coordinate(form, "lat", 90, problems)
    long = _coordinate(form, "long", 180, problems)
    if ("lat" in form) != ("long" in form):
        problems.append(f"{'long' if 'lat' in form else 'lat'}: give lat and long together")
    elif lat is not None and long is not None:
        extra.update(lat=lat, long=long)
    for name in _LOCATION:
        if name in form:
            extra[name] = form[name]
    url = form.get("media_url")
    if url is not None:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url.strip()):
            problems.append("media_url: not an http or https address")
        else:
            extra["media_url"] = url.strip()
    return extra


def _attributes(form: Mapping[str, str], channel: ChannelType,
                problems: list[str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in form.items():
        found = _ATTRIBUTE.match(key)
        if key == "attribute" or (found is None and key.startswith("attribute")):
            problems.append(f"{key[:40]}: give attributes as attribute[CODE]=VALUE")
            continue
        if found is None:
            continue
        code = found.group(1)
        if code not in ATTRIBUTES or (code == "consent" and not channel.anonymous):
            problems.append(f"attribute[{code[:40]}]: not an attribute of this service "
                            f"(see GET /services/{channel.key}.json)")
        elif code == "consent":
            if value.strip().lower() not in ("true", "false"):
                problems.append("attribute[consent]: true or false")
            else:
                fields["consent"] = value.strip().lower() == "true"
        elif code == "occurred_on":
            fields["occurred_on"] = value.strip().split("T", 1)[0]
        else:
            fields["kind"] = value.strip()
    return fields


def intake_fields(form: Mapping[str, str], channel: ChannelType) -> dict[str, Any]:
    """The fields of :meth:`IntakeRequest.from_mapping
    <participation.intake.IntakeRequest.from_mapping>` for a POST through ``channel``.

    :raises Open311Error: 400 listing every argument at fault.
    """
    given = {k: v for k, v in form.items() if v.strip()}
    problems: list[str] = []
    fields: dict[str, Any] = {"channel": channel.key, "kind": default_kind(channel).value}
    if "description" in given:
        fields["text"] = given["description"]
    name = " ".join(given[k].strip() for k in ("first_name", "last_name") if k in given)
    if name:
        fields["name"] = name
    for key in ("email", "phone"):
        if key in given:
            fields[key] = given[key]
    extra = _location(given, problems)
    if extra:
        fields["extra"] = extra
    fields.update(_attributes(given, channel, problems))
    has_contact = any(k in fields for k in ("name", "email", "phone"))
    fields["anonymous"] = channel.anonymous and not has_contact
    if problems:
        raise Open311Error(400, problems)
    return fields


def open311_problems(error: IntakeError) -> list[str]:
    """The desk's problems named by the Open311 arguments (``$.text`` is
    ``description``, ``$.extra.lat`` is ``lat``)."""
    found = []
    for problem in error.problems:
        path = problem.path.removeprefix("$.").removeprefix("$")
        if path.startswith("extra."):
            name = path.removeprefix("extra.")
        else:
            name = ARGUMENTS.get(path, path or "request")
        found.append(f"{name}: {problem.message}")
    return found
