"""A good practice and its vocabularies: pure attrs classes and enums, no I/O.

A :class:`Practice` records what another administration does, with figures that
carry their year and source. Conflicting figures are kept side by side (two
:class:`Figure` objects with the same ``what`` and different sources), never
merged into one number.

>>> p = Practice(id="xx-demo", name="Demo", country="BG", sources=("https://example.org",))
>>> p.eu, p.name_original
(True, 'Demo')
>>> Practice(id="xx-demo", name="Demo", country="UK", sources=("https://example.org",))
Traceback (most recent call last):
...
participation.errors.FieldError: country: 'UK' is not an ISO 3166-1 alpha-2 code (e.g. 'BG', 'GB')
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

import attrs

from participation.catalogue.countries import EEA, EU, is_country
from participation.errors import FieldError
from participation.indicators.base import Area as EvaluationArea
from participation.model import GovernmentLevel, Iap2Level, Medium, ParticipationLevel, Stage
from participation.model._checks import key_like, non_empty

__all__ = [
    "COUNT_KINDS",
    "CURRENCIES",
    "EARLIEST_YEAR",
    "EvaluationArea",
    "Figure",
    "FigureKind",
    "OecdMethod",
    "Population",
    "Practice",
    "PracticeType",
    "RunBy",
    "TargetGroup",
    "latest_year",
]

#: No practice in the catalogue may be dated before this year.
EARLIEST_YEAR = 1900


def latest_year() -> int:
    """The latest plausible year for a practice or a figure: next year (announcements)."""
    return datetime.now(UTC).year + 1


class OecdMethod(enum.Enum):
    """The eight methods of the OECD *Guidelines for Citizen Participation Processes* (2022)."""

    INFORMATION_AND_DATA = "information_and_data"
    OPEN_MEETINGS = "open_meetings"
    PUBLIC_CONSULTATION = "public_consultation"
    OPEN_INNOVATION = "open_innovation"
    CITIZEN_SCIENCE = "citizen_science"
    CIVIC_MONITORING = "civic_monitoring"
    PARTICIPATORY_BUDGETING = "participatory_budgeting"
    REPRESENTATIVE_DELIBERATIVE_PROCESS = "representative_deliberative_process"




class RunBy(enum.Enum):
    """Who runs a practice: the body a transferring administration would have to be."""

    GOVERNMENT = "government"  # a national government, ministry or its office
    PARLIAMENT = "parliament"
    REGIONAL_AUTHORITY = "regional_authority"
    MUNICIPALITY = "municipality"
    DISTRICT = "district"  # a sub-municipal district or borough
    PUBLIC_AGENCY = "public_agency"  # an independent public body (ombudsman, commissioner …)
    CIVIL_SOCIETY = "civil_society"
    PARTNERSHIP = "partnership"  # public bodies and civil society together


class FigureKind(enum.Enum):
    """What a figure counts, so that figures from different practices compare.

    ``what`` keeps the source's own words; ``kind`` puts the figure in one of these.
    """

    PARTICIPANTS = "participants"  # people who took part (attended, registered, used)
    VOTERS = "voters"  # people who voted
    VOTES = "votes"  # votes or ballots cast (a voter may cast several)
    TURNOUT = "turnout"  # a share of those eligible who took part, in percent
    MEMBERS = "members"  # members of a panel, assembly or council
    PROPOSALS = "proposals"  # ideas, proposals or initiatives put forward
    PROJECTS = "projects"  # projects chosen, funded or carried out
    COMMENTS = "comments"  # comments or submissions in a consultation
    SIGNATURES = "signatures"
    REPORTS = "reports"  # reports or tip-offs made by citizens
    BUDGET = "budget"  # money allocated or spent
    THRESHOLD = "threshold"  # a rule: signatures or votes needed, a legal minimum
    DURATION = "duration"  # a period (days, weeks, months)
    SHARE = "share"  # a share in percent, other than turnout
    COUNT = "count"  # any other count (documents, municipalities, meetings …)


#: Kinds that count people or their contributions: they can be put per 1,000 inhabitants.
COUNT_KINDS: frozenset[FigureKind] = frozenset({
    FigureKind.PARTICIPANTS, FigureKind.VOTERS, FigureKind.VOTES, FigureKind.PROPOSALS,
    FigureKind.COMMENTS, FigureKind.SIGNATURES, FigureKind.REPORTS,
})

#: Currency codes (ISO 4217) a money figure may have as its unit.
CURRENCIES: frozenset[str] = frozenset({
    "EUR", "BGN", "CZK", "DKK", "HRK", "HUF", "ISK", "NOK", "PLN", "RON", "SEK", "CHF", "GBP",
})


class PracticeType(enum.Enum):
    """What kind of practice it is (one per practice; the description says more)."""

    PARTICIPATORY_BUDGET = "participatory_budget"
    CITIZENS_ASSEMBLY = "citizens_assembly"
    CITIZENS_PANEL = "citizens_panel"
    PERMANENT_DELIBERATIVE_BODY = "permanent_deliberative_body"
    E_CONSULTATION_PORTAL = "e_consultation_portal"
    E_PARTICIPATION_PLATFORM = "e_participation_platform"
    PETITION_PLATFORM = "petition_platform"
    CIVIC_MONITORING = "civic_monitoring"
    FEEDBACK_SYSTEM = "feedback_system"
    TRANSPARENCY_PORTAL = "transparency_portal"
    OPEN_DAY = "open_day"
    DEMOCRACY_FESTIVAL = "democracy_festival"
    YOUTH_COUNCIL = "youth_council"
    CO_GOVERNANCE = "co_governance"
    CO_DESIGN = "co_design"
    CITIZENS_SUMMIT = "citizens_summit"
    OTHER = "other"


class TargetGroup(enum.Enum):
    """Whom a practice sets out to involve."""

    GENERAL_PUBLIC = "general_public"
    RESIDENTS = "residents"
    YOUTH = "youth"
    STUDENTS = "students"
    ELDERLY = "elderly"
    WOMEN = "women"
    MIGRANTS = "migrants"
    MINORITIES = "minorities"
    LOW_INCOME = "low_income"
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities"
    RURAL_RESIDENTS = "rural_residents"
    CIVIL_SOCIETY = "civil_society"
    BUSINESSES = "businesses"
    EXPERTS = "experts"
    PUBLIC_OFFICIALS = "public_officials"
    ELECTED_OFFICIALS = "elected_officials"


def is_http_url(value: object) -> bool:
    """Whether ``value`` is an absolute http(s) URL with a host.

    >>> is_http_url("https://strategy.bg/"), is_http_url("ftp://x"), is_http_url("http://")
    (True, False, False)
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    for scheme in ("http://", "https://"):
        if value.lower().startswith(scheme):
            host = value[len(scheme):].split("/", 1)[0]
            return bool(host) and "." in host
    return False


def _url(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not is_http_url(value):
        raise FieldError(attribute.name, f"{value!r} is not an http(s) URL")


def _urls(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for i, url in enumerate(value):
        if not is_http_url(url):
            raise FieldError(f"{attribute.name}[{i}]", f"{url!r} is not an http(s) URL")


def _year(_inst: Any, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(attribute.name, f"expected a year, got {value!r}")
    if not EARLIEST_YEAR <= value <= latest_year():
        raise FieldError(attribute.name,
                         f"{value} is not a plausible year ({EARLIEST_YEAR}..{latest_year()})")


def _country(_inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not is_country(value):
        raise FieldError(attribute.name,
                         f"{value!r} is not an ISO 3166-1 alpha-2 code (e.g. 'BG', 'GB')")


def _texts(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for i, text in enumerate(value):
        if not isinstance(text, str) or not text.strip():
            raise FieldError(f"{attribute.name}[{i}]", "must not be empty")


def _unique(_inst: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    seen = set()
    for item in value:
        if item in seen:
            shown = item.value if isinstance(item, enum.Enum) else item
            raise FieldError(attribute.name, f"{shown!r} is listed twice")
        seen.add(item)


def _mapping(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class Figure:
    """A verifiable figure: what was counted, the value, its unit, the year it refers
    to and where it comes from.

    :param what: what the figure measures ("voters", "budget").
    :param year: the year the figure refers to; ``None`` when the source does not say
        (the ``note`` then says so).
    :param note: caveats: uncertain, secondary source, conflicting with another figure.

    >>> Figure("voters", 41962, "people", 2024, "https://hel.fi/en/news/x").year
    2024
    """

    what: str = attrs.field(validator=non_empty)
    value: float = attrs.field()
    unit: str = attrs.field(validator=non_empty)
    year: int | None = attrs.field(default=None, validator=_year)
    source: str = attrs.field(default="", validator=_url)
    note: str = ""
    kind: FigureKind | None = attrs.field(default=None)

    @kind.validator
    def _kind(self, attribute: attrs.Attribute[Any], value: FigureKind | None) -> None:
        if value is FigureKind.BUDGET and self.unit not in CURRENCIES:
            raise FieldError("unit", f"a budget figure needs a currency code as its unit "
                             f"(one of {', '.join(sorted(CURRENCIES))}), got {self.unit!r}")
        if self.unit in CURRENCIES and value not in (None, FigureKind.BUDGET,
                                                     FigureKind.THRESHOLD):
            raise FieldError("kind", f"a figure in {self.unit} is a budget or a threshold, "
                             f"not {value.value if value else value!r}")

    @property
    def currency(self) -> str | None:
        """The ISO 4217 currency of a money figure, else ``None``.

        >>> Figure("budget", 8.8e6, "EUR", 2024, "https://x.example/y").currency
        'EUR'
        """
        return self.unit if self.unit in CURRENCIES else None

    @value.validator
    def _value(self, attribute: attrs.Attribute[Any], value: float) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FieldError(attribute.name, f"expected a number, got {value!r}")

    @property
    def uncertain(self) -> bool:
        """Whether the note marks the figure as uncertain, secondary or conflicting."""
        note = self.note.lower()
        return any(word in note for word in ("uncertain", "secondary", "conflict"))


def _positive(_inst: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FieldError(attribute.name, f"expected a positive whole number, got {value!r}")


@attrs.frozen
class Population:
    """The inhabitants of the area a practice serves, with its year and source, for
    figures per 1,000 inhabitants.

    >>> Population(1_300_000, 2024, "https://stat.example/pop", area="Sofia").per_1000(13_000)
    10.0
    """

    value: int = attrs.field(validator=_positive)
    year: int = attrs.field(validator=_year)
    source: str = attrs.field(validator=_url)
    area: str = ""

    def per_1000(self, count: float) -> float:
        """``count`` per 1,000 of these inhabitants (rounded to 3 decimals)."""
        return round(count * 1000 / self.value, 3)


@attrs.frozen
class Practice:
    """A good practice in civic participation.

    Only ``id``, ``name``, ``country`` and one source are required by the model, so
    imports from other catalogues (which often lack a field) fit; the bundled data
    is held to more (see :func:`participation.catalogue.loading.completeness`).

    :param id: stable identifier, e.g. ``"bg-sofia-ideas-for-the-city"``.
    :param name: English name; ``name_original`` is the name in its language
        (defaults to ``name``).
    :param country: ISO 3166-1 alpha-2 code.
    :param iap2: level on the IAP2 spectrum; ``coe`` on the Council of Europe scale
        (defaults to ``iap2.to_coe()`` when only IAP2 is known).
    :param addresses: evaluation areas the practice helps with, each with why.
    :param run_by: who runs it (a government, a region, a municipality, civil society …).
    :param needs_national_law: whether adopting it elsewhere needs national legislation
        (``None``: not assessed); ``transfer_note`` says why.
    :param population: inhabitants of the area served, for figures per 1,000.
    :param extra: values from an imported catalogue that have no place in ours, verbatim.
    """

    id: str = attrs.field(validator=key_like)
    name: str = attrs.field(validator=non_empty)
    country: str = attrs.field(validator=_country)
    name_original: str = attrs.field(default="")
    level: GovernmentLevel | None = None
    start_year: int | None = attrs.field(default=None, validator=_year)
    end_year: int | None = attrs.field(default=None, validator=_year)
    dates_note: str = ""
    type: PracticeType | None = None
    stages: tuple[Stage, ...] = attrs.field(default=(), converter=tuple, validator=_unique)
    iap2: Iap2Level | None = None
    coe: ParticipationLevel | None = None
    level_note: str = ""
    methods: tuple[OecdMethod, ...] = attrs.field(default=(), converter=tuple, validator=_unique)
    channels: tuple[Medium, ...] = attrs.field(default=(), converter=tuple, validator=_unique)
    target_groups: tuple[TargetGroup, ...] = attrs.field(default=(), converter=tuple,
                                                          validator=_unique)
    description: str = ""
    figures: tuple[Figure, ...] = attrs.field(default=(), converter=tuple)
    outcomes: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_texts)
    sources: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_urls)
    addresses: Mapping[EvaluationArea, str] = attrs.field(factory=dict, converter=_mapping)
    run_by: RunBy | None = None
    needs_national_law: bool | None = None
    transfer_note: str = ""
    population: Population | None = None
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_mapping)

    def __attrs_post_init__(self) -> None:
        if not self.name_original:
            object.__setattr__(self, "name_original", self.name)
        if self.coe is None and self.iap2 is not None:
            object.__setattr__(self, "coe", self.iap2.to_coe())
        if not self.sources:
            raise FieldError("sources", "at least one source URL is required")
        if (self.start_year is not None and self.end_year is not None
                and self.end_year < self.start_year):
            raise FieldError("end_year",
                             f"{self.end_year} is before the start year {self.start_year}")

    # derived ---------------------------------------------------------------------------
    @property
    def eu(self) -> bool:
        """Whether the practice is in a member state of the European Union."""
        return self.country in EU

    @property
    def eea(self) -> bool:
        """Whether the practice is in the European Economic Area (EU, IS, LI, NO)."""
        return self.country in EEA

    @property
    def ongoing(self) -> bool:
        """Whether the practice has no end year."""
        return self.end_year is None

    @property
    def area_keys(self) -> tuple[str, ...]:
        """The keys of the evaluation areas addressed."""
        return tuple(area.value for area in self.addresses)

    def conflicting_figures(self) -> list[tuple[Figure, ...]]:
        """Groups of figures that measure the same thing for the same year with
        different values (kept side by side, each with its source).

        >>> a = Figure("voters", 15000, "people", 2024, "https://a.example/x")
        >>> b = Figure("voters", 11589, "people", 2024, "https://b.example/y")
        >>> p = Practice(id="p", name="P", country="BG", figures=(a, b),
        ...              sources=("https://a.example",))
        >>> [f.value for f in p.conflicting_figures()[0]]
        [15000, 11589]
        """
        groups: dict[tuple[str, int | None, str], list[Figure]] = {}
        for fig in self.figures:
            groups.setdefault((fig.what.casefold(), fig.year, fig.unit), []).append(fig)
        return [tuple(g) for g in groups.values() if len({f.value for f in g}) > 1]
