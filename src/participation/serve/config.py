"""What an administration configures about its Open311 service."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import attrs

from participation.errors import FieldError

__all__ = ["ServeConfig", "read_api_keys"]


def _keys(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _optional_texts(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0:
        raise FieldError(attribute.name, f"must be positive, got {value}")


def _not_negative(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise FieldError(attribute.name, f"must not be negative, got {value}")


@attrs.frozen
class ServeConfig:
    """The Open311 service's settings. The defaults suit a public endpoint behind a
    reverse proxy.

    :param jurisdiction_id: the ``jurisdiction_id`` this endpoint answers for. When set,
        a request naming another one gets 404; when ``None`` the argument is ignored.
    :param services: the channel type keys offered as Open311 services; ``None``: every
        digital channel type under which an answer is owed.
    :param api_keys: keys accepted for ``POST /requests``; empty: posting needs no key.
    :param max_body: bytes a request body may have (larger: 413).
    :param post_rate: ``POST`` requests per minute per client address (0: no limit).
    :param get_rate: ``GET`` requests per minute per client address (0: no limit).
    :param burst: requests a client may send at once before the rate applies.
    :param cors_origins: origins allowed to call the service from a browser (``*``:
        any); empty: no CORS headers.
    :param max_results: the most requests one ``GET /requests`` returns.
    :param max_days: the longest span of ``start_date`` to ``end_date``, in days.
    :param publish_details: include a request's description and location in ``GET``
        answers. Off by default: a signal or a report may name people or be
        confidential by law (corruption and whistleblower reports).
    :param lang: language of service names and notices.
    :param agency: the ``agency_responsible`` of every request (default: the stored
        administration's name).

    >>> ServeConfig(max_body=0)
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: max_body: must be positive, got 0
    """

    jurisdiction_id: str | None = None
    services: tuple[str, ...] | None = attrs.field(default=None, converter=_optional_texts)
    api_keys: frozenset[str] = attrs.field(factory=frozenset, converter=_keys)
    max_body: int = attrs.field(default=65_536, validator=_positive)
    post_rate: float = attrs.field(default=60.0, validator=_not_negative)
    get_rate: float = attrs.field(default=600.0, validator=_not_negative)
    burst: int = attrs.field(default=20, validator=_positive)
    cors_origins: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    max_results: int = attrs.field(default=1000, validator=_positive)
    max_days: int = attrs.field(default=90, validator=_positive)
    publish_details: bool = False
    lang: str = "en"
    agency: str | None = None


def read_api_keys(path: str | Path) -> frozenset[str]:
    """The API keys in a text file, one a line (blank lines and ``#`` comments skipped).
    Keys are read from a file, not the command line, where other users could see them.

    :raises FieldError: the file holds no key.
    """
    keys = set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            keys.add(text)
    if not keys:
        raise FieldError("api_keys", f"{path}: holds no key (one key a line)")
    return frozenset(keys)
