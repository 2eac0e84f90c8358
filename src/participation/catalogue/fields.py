"""The fields a researcher can filter, cross-tabulate and compare on, and how to read
a value given as text (on the command line) or as an enum member (in Python).

>>> FIELDS["iap2"].parse("collaborate")
<Iap2Level.COLLABORATE: 'collaborate'>
>>> FIELDS["stages"].multi, FIELDS["iap2"].ordered
(True, True)
>>> FIELDS["country"].parse("Bulgaria"), FIELDS["country"].parse("uk")
('BG', 'GB')
>>> FIELDS["country"].parse("XX")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
participation.errors.FieldError: country: unknown country 'XX'; give an ISO 3166-1 alpha-2 code ...
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from participation.catalogue.countries import country_code
from participation.catalogue.model import (
    EvaluationArea,
    FigureKind,
    OecdMethod,
    Practice,
    PracticeType,
    RunBy,
    TargetGroup,
)
from participation.catalogue.regions import EuGroup, Region, Subregion, eu_group, regions, subregion
from participation.errors import FieldError, UnknownKeyError
from participation.model import GovernmentLevel, Iap2Level, Medium, ParticipationLevel, Stage

__all__ = ["FIELDS", "Field", "display", "field"]


def display(value: Any) -> str:
    """A value as text: an enum by its value, a whole float without ``.0``.

    >>> display(Stage.MONITORING), display(15000.0), display(7.1), display(None)
    ('monitoring', '15000', '7.1', '')
    """
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@attrs.frozen
class Field:
    """One practice field as the query tools see it.

    :param kind: the enum class, ``int``, ``str`` or ``bool`` of the values.
    :param multi: the field holds several values (``stages``, ``methods`` …).
    :param ordered: values can be compared with ``__gte``/``__lte`` (levels, years).
    """

    name: str
    get: Callable[[Practice], Any]
    kind: type
    multi: bool = False
    ordered: bool = False
    help: str = ""

    def values(self, practice: Practice) -> tuple[Any, ...]:
        """The field's values for ``practice`` (empty when unknown)."""
        raw = self.get(practice)
        if self.multi:
            return tuple(raw)
        return () if raw is None else (raw,)

    @property
    def vocabulary(self) -> tuple[Any, ...] | None:
        """Every value the field can take when the list is closed (enums, yes/no), in
        order; ``None`` for open fields (names, years, countries)."""
        if issubclass(self.kind, enum.Enum):
            return tuple(self.kind)
        if self.kind is bool:
            return (False, True)
        return None

    def parse(self, value: Any) -> Any:
        """``value`` as this field's type; text is accepted for every kind. A country
        may be given by its ISO code or its English name.

        :raises FieldError: the value is not one of the field's values.
        """
        kind = self.kind
        if self.name == "country":
            code = country_code(str(value)) if isinstance(value, str) else None
            if code is None and isinstance(value, str) and len(value.strip()) == 2:
                code = country_code(value.strip().upper())
            if code is None:
                raise FieldError(self.name, f"unknown country {value!r}; give an ISO 3166-1 "
                                 "alpha-2 code ('BG') or an English name ('Bulgaria')")
            return code
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        text = str(value.value if isinstance(value, enum.Enum) else value).strip()
        if issubclass(kind, enum.Enum):
            try:
                return kind(text.lower())
            except ValueError:
                known = ", ".join(str(m.value) for m in kind)
                raise FieldError(self.name, f"unknown value {text!r}; expected one of "
                                 f"{known}") from None
        if kind is bool:
            if text.lower() in {"1", "true", "yes", "y"}:
                return True
            if text.lower() in {"0", "false", "no", "n"}:
                return False
            raise FieldError(self.name, f"expected yes or no, got {text!r}")
        if kind is int:
            try:
                return int(text)
            except ValueError:
                raise FieldError(self.name, f"expected a whole number, got {text!r}") from None
        return text


def _f(name: str, kind: type, help: str, *, multi: bool = False, ordered: bool = False,
       get: Callable[[Practice], Any] | None = None) -> Field:
    return Field(name, get or (lambda p: getattr(p, name)), kind, multi, ordered, help)


#: Every field a query may name, in display order.
FIELDS: Mapping[str, Field] = MappingProxyType({f.name: f for f in (
    _f("id", str, "stable identifier"),
    _f("name", str, "English name"),
    _f("name_original", str, "name in the original language"),
    _f("country", str, "ISO 3166-1 alpha-2 code"),
    _f("eu", bool, "in an EU member state"),
    _f("eea", bool, "in the EEA (EU, IS, LI, NO)"),
    _f("eu_group", EuGroup, "EU-14 (before 2004), EU-13 (2004 and later) or non-EU",
       get=lambda p: eu_group(p.country)),
    _f("subregion", Subregion, "UN M49 sub-region", get=lambda p: subregion(p.country)),
    _f("regions", Region, "every grouping: eu27, eu14, eu13, eea, M49 sub-region",
       multi=True, get=lambda p: regions(p.country)),
    _f("level", GovernmentLevel, "level of government that runs it"),
    _f("run_by", RunBy, "who runs it"),
    _f("needs_national_law", bool, "adopting it elsewhere needs national legislation"),
    _f("start_year", int, "year it started", ordered=True),
    _f("end_year", int, "year it ended (none: ongoing)", ordered=True),
    _f("ongoing", bool, "no end year"),
    _f("type", PracticeType, "kind of practice"),
    _f("stages", Stage, "policy-cycle stages (CoE)", multi=True, ordered=True),
    _f("iap2", Iap2Level, "IAP2 level", ordered=True),
    _f("coe", ParticipationLevel, "Council of Europe level", ordered=True),
    _f("methods", OecdMethod, "OECD methods", multi=True),
    _f("channels", Medium, "channels used", multi=True),
    _f("target_groups", TargetGroup, "target groups", multi=True),
    _f("areas", EvaluationArea, "evaluation areas addressed", multi=True,
       get=lambda p: tuple(p.addresses)),
    _f("figure_kinds", FigureKind, "kinds of figure the practice reports", multi=True,
       get=lambda p: tuple(dict.fromkeys(f.kind for f in p.figures if f.kind is not None))),
)})


def field(name: str) -> Field:
    """The field called ``name``.

    :raises UnknownKeyError: listing the known fields.
    """
    try:
        return FIELDS[name]
    except KeyError:
        raise UnknownKeyError("practice field", name, list(FIELDS)) from None
