"""GeoReport v2 answers in JSON and XML, errors included.

The same data (lists of flat mappings) is written in both formats; a value that is
``None`` is left out. In XML a list is an element whose children are named after its
items (``<services><service>…``), as the specification's examples are:

>>> print(xml_text("services", [{"service_code": "web_form", "metadata": True}]))
<?xml version='1.0' encoding='utf-8'?>
<services><service><service_code>web_form</service_code><metadata>true</metadata></service></services>

Errors are a list of ``code`` and ``description``:

>>> json_text("errors", Open311Error(404, "service_code 'x' not found").items())
'[{"code": 404, "description": "service_code \\'x\\' not found"}]'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

from starlette.responses import Response

__all__ = ["FORMATS", "Open311Error", "json_text", "render", "xml_text"]

#: The response formats, named by the path's suffix (``/services.json``).
FORMATS = ("json", "xml")

MEDIA_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

#: The element name of a list's items in XML.
ITEMS = {"services": "service", "service_requests": "request", "errors": "error",
         "attributes": "attribute", "values": "value"}

# Characters XML 1.0 cannot carry, even escaped (C0 controls but tab and newlines, lone
# surrogates, U+FFFE/U+FFFF): each becomes U+FFFD in an XML answer.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Open311Error(Exception):
    """An answer in the GeoReport error format: ``[{"code": …, "description": …}]`` with
    the HTTP status ``status``; one item per description.

    :param headers: extra response headers (``Retry-After`` for 429 and 503).
    """

    def __init__(self, status: int, descriptions: str | Sequence[str],
                 headers: Mapping[str, str] | None = None) -> None:
        self.status = status
        self.descriptions = (descriptions,) if isinstance(descriptions, str) else tuple(descriptions)
        self.headers = dict(headers or {})
        super().__init__("; ".join(self.descriptions))

    def items(self) -> list[dict[str, Any]]:
        """The error list."""
        return [{"code": self.status, "description": d} for d in self.descriptions]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, Mapping):
        for key, child in value.items():
            if child is not None:
                element.append(_element(key, child))
    elif isinstance(value, list | tuple):
        item = ITEMS.get(tag, "item")
        for child in value:
            element.append(_element(item, child))
    else:
        element.text = _text(value)
    return element


def xml_text(root: str, data: Any) -> str:
    """``data`` as an XML document whose root element is ``root``."""
    return ET.tostring(_element(root, data), encoding="unicode", xml_declaration=True)


def _clean(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {k: _clean(v) for k, v in data.items() if v is not None}
    if isinstance(data, list | tuple):
        return [_clean(v) for v in data]
    return data


def json_text(root: str, data: Any) -> str:
    """``data`` as JSON (``root`` names the XML root and is not written)."""
    del root
    return json.dumps(_clean(data), ensure_ascii=False)


def render(fmt: str, root: str, data: Any, status: int = 200,
           headers: Mapping[str, str] | None = None) -> Response:
    """An HTTP response with ``data`` in ``fmt`` (``json`` or ``xml``)."""
    writer = xml_text if fmt == "xml" else json_text
    return Response(writer(root, data), status_code=status, headers=dict(headers or {}),
                    media_type=MEDIA_TYPES["xml" if fmt == "xml" else "json"])


def error_response(error: Open311Error, fmt: str) -> Response:
    """``error`` in the GeoReport error format."""
    return render(fmt, "errors", error.items(), error.status, error.headers)
