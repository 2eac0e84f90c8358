"""The administration being assessed."""

from __future__ import annotations

import enum
import zoneinfo

import attrs

from participation.errors import FieldError
from participation.model._checks import non_empty

__all__ = ["Administration", "GovernmentLevel"]


class GovernmentLevel(enum.Enum):
    """Level of government."""

    SUPRANATIONAL = "supranational"
    NATIONAL = "national"
    REGIONAL = "regional"
    LOCAL = "local"
    SUBLOCAL = "sublocal"


def _country(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper()):
        raise FieldError(attribute.name, f"{value!r} is not an ISO 3166-1 alpha-2 code (e.g. 'BG')")


def _tz(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise FieldError(attribute.name, f"unknown time zone {value!r}") from exc


@attrs.frozen
class Administration:
    """Who is assessed.

    :param population: inhabitants served, for per-capita indicators.
    :param jurisdiction: picks deadline rules and the holiday calendar (``"bg"``);
        the core knows ``"default"`` (weekends only).
    :param timezone: IANA zone in which periods begin and end.

    >>> Administration("Regional Administration of X", "BG", GovernmentLevel.REGIONAL,
    ...                population=0)
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: population: must be positive, got 0
    """

    name: str = attrs.field(validator=non_empty)
    country: str = attrs.field(validator=_country)
    level: GovernmentLevel = GovernmentLevel.REGIONAL
    population: int = 1
    jurisdiction: str = "default"
    timezone: str = attrs.field(default="UTC", validator=_tz)

    def __attrs_post_init__(self) -> None:
        if self.population <= 0:
            raise FieldError("population", f"must be positive, got {self.population}")

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        """The administration's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)
