"""Open311 service lists (``GET services``, JSON or XML) and the channel types they map
onto.

A service is one kind of request a city takes (``Pothole``, ``Graffiti removal``). In
this library a request's service is its *topic* (``--option services=FILE`` gives the
names to requests that carry only the code); where an administration wants each
service to be a channel of its own (with its own deadline rule),
:func:`service_channel_types` makes them, to be returned from its plugin's
``register_channel_types``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from participation.errors import InvalidDocumentError, Problem
from participation.files import read_utf8
from participation.model import ChannelType, Medium

__all__ = ["Service", "read_services", "service_channel_types"]


@attrs.frozen
class Service:
    """One service of a GeoReport v2 service list."""

    code: str
    name: str
    description: str = ""
    metadata: bool = False
    type: str = "realtime"
    keywords: tuple[str, ...] = ()
    group: str = ""


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def _service(item: Mapping[str, object], where: str) -> Service:
    code = str(item.get("service_code") or "").strip()
    name = str(item.get("service_name") or "").strip()
    if not code or not name:
        raise InvalidDocumentError([Problem(where, "a service needs service_code and service_name")])
    keywords = item.get("keywords") or ""
    words = keywords if isinstance(keywords, list) else str(keywords).split(",")
    return Service(code, name, str(item.get("description") or "").strip(),
                   _flag(item.get("metadata")), str(item.get("type") or "realtime").strip(),
                   tuple(w.strip() for w in words if str(w).strip()),
                   str(item.get("group") or "").strip())


def read_services(path: str | Path) -> list[Service]:
    """The services of a GeoReport v2 service list in JSON or XML.

    :raises InvalidDocumentError: not a service list (naming the file and the entry).
    """
    text = read_utf8(path).lstrip()
    source = str(path)
    try:
        if text.startswith("<"):
            if "<!DOCTYPE" in text or "<!ENTITY" in text:
                raise InvalidDocumentError([Problem("$", "XML with a document type is refused")])
            root = ElementTree.fromstring(text)  # noqa: S314 - no DTD, no entities (above)
            if root.tag != "services":
                raise InvalidDocumentError([Problem("$", f"<{root.tag}> is not a service list (<services>)")])
            items: Any = [{child.tag: (child.text or "") for child in node} for node in root]
        else:
            data = json.loads(text)
            items = (data if isinstance(data, list)
                     else data.get("services") if isinstance(data, dict) else None)
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise InvalidDocumentError([Problem("$", "expected a list of services")])
        return [_service(item, f"$[{i}]") for i, item in enumerate(items)]
    except (json.JSONDecodeError, ElementTree.ParseError) as exc:
        raise InvalidDocumentError([Problem("$", f"not a JSON or XML service list: {exc}",
                                            source=source)]) from None
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([Problem(p.path, p.message, p.line, source)
                                    for p in exc.problems]) from None


def _key(code: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "_", code.strip().lower()).strip("_") or "service"


def service_channel_types(services: list[Service], prefix: str = "open311",
                          deadline_rule: str | None = "generic.answer",
                          lang: str = "en") -> list[ChannelType]:
    """One digital channel type per service, keyed ``<prefix>.<service code>``, labelled
    with the service name (under ``lang`` and, as the required fallback, ``en``),
    described by the service's description, group and keywords. A ``blackbox`` service
    (the city gives no status) owes no answer, so it gets no deadline rule.

    >>> [c.key for c in service_channel_types([Service("171", "Pothole")])]
    ['open311.171']
    """
    types = []
    for s in services:
        about = "; ".join(p for p in (s.description, s.group and f"group: {s.group}",
                                      s.keywords and "keywords: " + ", ".join(s.keywords)) if p)
        types.append(ChannelType(f"{prefix}.{_key(s.code)}", {"en": s.name, lang: s.name},
                                 Medium.DIGITAL,
                                 deadline_rule=None if s.type == "blackbox" else deadline_rule,
                                 description=about))
    return types
