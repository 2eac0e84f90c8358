"""Validators shared by the model classes. Each raises :class:`FieldError` naming the field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import attrs

from participation.errors import FieldError


def aware(_inst: Any, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """Refuse a naive datetime: every moment in this library carries its offset."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise FieldError(attribute.name, f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise FieldError(attribute.name, f"naive datetime {value.isoformat()} (add a timezone offset)")


def non_empty(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse an empty or blank string."""
    if not isinstance(value, str) or not value.strip():
        raise FieldError(attribute.name, "must not be empty")


def non_negative(_inst: Any, attribute: attrs.Attribute[Any], value: int | float | None) -> None:
    """Refuse a negative count."""
    if value is not None and value < 0:
        raise FieldError(attribute.name, f"must not be negative, got {value}")


def is_key(value: object) -> bool:
    """A registry key: a non-empty string of lower-case ASCII letters, digits, ``.``, ``_``, ``-``.

    >>> is_key("bg.apia"), is_key("Bg APIA"), is_key("")
    (True, False, False)
    """
    return isinstance(value, str) and _KEY.fullmatch(value) is not None


_KEY = re.compile(r"[a-z0-9._-]+")


def key_like(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """A registry key: lower-case letters, digits, ``_``, ``-`` and ``.``."""
    if not is_key(value):
        raise FieldError(
            attribute.name, f"{value!r} is not a key (lower-case ASCII letters, digits, '.', '_', '-')"
        )


def english_labels(_inst: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    """Labels per language: English (``"en"``) present, no label blank."""
    if "en" not in value:
        raise FieldError(attribute.name, "needs an English label under 'en'")
    for lang, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise FieldError(f"{attribute.name}.{lang}", "must not be empty")


def labels(value: Mapping[str, str]) -> dict[str, str]:
    """Converter: a plain dict copy of a label mapping (language → text)."""
    return dict(value)


def as_date(value: date | datetime) -> date:
    """The calendar date of a date or datetime."""
    return value.date() if isinstance(value, datetime) else value
