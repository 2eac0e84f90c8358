"""What a data exporter (scope ``"data"``) is handed: a store's records, streamed, and
the report of a period, with no personal data unless asked.

The records are re-iterable (each call of ``submissions()`` streams them again from
the store), so an exporter can make as many passes as it needs in constant memory.
The report is built on first use only (an iCalendar export never needs it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from participation.model import OPEN_STATUSES, Activity, Administration, Period, Policy, Submission

if TYPE_CHECKING:
    from participation.registry import Registry
    from participation.rules.deadlines import DeadlineComputation
    from participation.serialization import Serializer
    from participation.store import SqliteStore

__all__ = ["ExportData", "export_data_from_store", "latest_year"]


@attrs.frozen
class ExportData:
    """A store's data for an exporter.

    :param submissions: streams the submissions (without contact details unless
        ``include_personal_data``).
    :param due_dates: streams ``(submission, deadline)`` for every open submission
        that owes an answer (the desk's statutory due days).
    :param report: builds (once) the report document of ``period``.
    :param include_personal_data: contact details, and citizens' free texts (subject and
        text, which may name people), were asked for.
    """

    administration: Administration
    period: Period
    as_of: datetime
    lang: str
    registry: Registry
    submissions: Callable[[], Iterable[Submission]] = attrs.field(repr=False)
    policies: Callable[[], Iterable[Policy]] = attrs.field(repr=False)
    activities: Callable[[], Iterable[Activity]] = attrs.field(repr=False)
    due_dates: Callable[[], Iterable[tuple[Submission, DeadlineComputation]]] = attrs.field(repr=False)
    report_factory: Callable[[], Mapping[str, Any]] = attrs.field(repr=False)
    include_personal_data: bool = False
    _cache: dict[str, Any] = attrs.field(factory=dict, repr=False, eq=False)

    def report(self) -> Mapping[str, Any]:
        """The report document of :attr:`period` (built on the first call)."""
        if "report" not in self._cache:
            self._cache["report"] = self.report_factory()
        return self._cache["report"]  # type: ignore[no-any-return]


def latest_year(store: SqliteStore) -> Period:
    """The calendar year of the latest submission received (in the store's time zone),
    or the current year when the store holds none: the default period of an export."""
    latest = None
    for s in store.iter_submissions():
        if latest is None or s.received_at > latest:
            latest = s.received_at
    moment = latest or datetime.now(store.timezone)
    return Period.parse(str(moment.astimezone(store.timezone).year))


def export_data_from_store(store: SqliteStore, registry: Registry, serializer: Serializer, *,
                           period: Period | None = None, as_of: datetime | None = None,
                           lang: str = "en", include_personal_data: bool = False) -> ExportData:
    """The :class:`ExportData` of ``store``.

    :param period: the report's period (default: :func:`latest_year`).
    :param as_of: the moment due dates and the report are taken at (default: the end of
        the period for the report; now for the open submissions' due dates).
    :raises FieldError: the store keeps no administration (``participation db configure``).
    """
    from participation.desk import Desk
    from participation.errors import FieldError
    from participation.evaluation import assess
    from participation.report.build import build_report
    from participation.sources import StoreSource

    admin = store.administration()
    if admin is None:
        raise FieldError("db", f"{store.path}: no administration is kept in this store (load one "
                               "with the demo, or `participation db configure`)")
    the_period = period or latest_year(store)
    moment = as_of or datetime.now(admin.tzinfo)
    desk = Desk(store, registry)

    def submissions() -> Iterator[Submission]:
        for s in store.iter_submissions(with_contact=include_personal_data):
            yield s if include_personal_data else s.without_personal_data()

    def due_dates() -> Iterator[tuple[Submission, DeadlineComputation]]:
        for s in store.iter_submissions(status=OPEN_STATUSES):
            if s.received_at > moment:
                continue
            deadline = desk.deadline(s)
            if deadline is not None:
                yield s.without_personal_data(), deadline

    def report() -> Mapping[str, Any]:
        source = StoreSource(store, serializer, the_period, admin)
        return build_report(assess(admin, the_period, source, registry, as_of=as_of), registry, lang)

    return ExportData(admin, the_period, moment, lang, registry, submissions, store.iter_policies,
                      store.iter_activities, due_dates, report, include_personal_data)
