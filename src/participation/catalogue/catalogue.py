"""The :class:`Catalogue`: a researcher's handle on the practices.

>>> from participation.catalogue import Catalogue
>>> from participation.model import Iap2Level, Stage
>>> cat = Catalogue.load()
>>> found = cat.filter(eu=True, stages=Stage.MONITORING, iap2__gte=Iap2Level.COLLABORATE)
>>> sorted(found.group_by("country"))
['BE', 'BG', 'ES', 'IT', 'SI']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from participation.catalogue import export, query, recommend
from participation.catalogue.fields import display, field
from participation.catalogue.loading import bundled_entries, load_file
from participation.catalogue.model import Practice
from participation.errors import DuplicateKeyError, UnknownKeyError

if TYPE_CHECKING:
    from participation.registry import Registry
    from participation.serialization import Serializer

__all__ = ["Catalogue"]


def _plugin_origins(registry: Registry) -> dict[str, str]:
    """Practice id → where it came from: the plugin (the registry called
    ``register_practices`` through pluggy and checked every item), and for the bundled
    data the file."""
    bundled = {p.id: name for p, name in bundled_entries()}
    origins: dict[str, str] = {}
    for practice_id, origin in registry.origins.get("practices", {}).items():
        where = f"plugin {origin.label}"
        if practice_id in bundled and origin.plugin == "participation.builtins.practices":
            where = f"{bundled[practice_id]} (plugin {origin.plugin})"
        origins[practice_id] = where
    return origins


class Catalogue:
    """An ordered, immutable collection of practices with query tools.

    Query methods return new catalogues, so they chain:
    ``cat.filter(methods="participatory_budgeting").search("youth")``.
    """

    def __init__(self, practices: Iterable[Practice] = (),
                 origins: Mapping[str, str] | None = None) -> None:
        self._practices: tuple[Practice, ...] = tuple(practices)
        self._by_id = {p.id: p for p in self._practices}
        self._origins = dict(origins or {})

    # loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, registry: Registry | None = None, extra: Iterable[str | Path] = (), *,
             serializer: Serializer | None = None) -> Catalogue:
        """The practices contributed by plugins (the bundled data included), plus those in
        the ``extra`` files (``.toml``, ``.json``, ``.jsonl``).

        :param registry: where plugin practices come from (default: the built-ins and
            every installed plugin).
        :raises DuplicateKeyError: an id comes twice; the message names both origins
            (files and/or plugins).
        :raises InvalidDocumentError: a file is invalid (file, practice and field named).
        """
        if registry is None:
            from participation.registry import Registry

            registry = Registry.default()
        origins = _plugin_origins(registry)
        practices: dict[str, Practice] = {}
        for pid, practice in registry.practices.items():
            practices[pid] = practice
            origins.setdefault(pid, "a plugin")
        for path in extra:
            for practice in load_file(path, serializer):
                if practice.id in practices:
                    raise DuplicateKeyError("practice", practice.id, origins[practice.id],
                                            str(path))
                practices[practice.id] = practice
                origins[practice.id] = str(path)
        return cls(practices.values(), origins)

    # collection ------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Practice]:
        return iter(self._practices)

    def __len__(self) -> int:
        return len(self._practices)

    def __contains__(self, item: object) -> bool:
        key = item.id if isinstance(item, Practice) else item
        return key in self._by_id

    def __repr__(self) -> str:
        shown = ", ".join(p.id for p in self._practices[:6])
        more = f", … ({len(self) - 6} more)" if len(self) > 6 else ""
        return f"<Catalogue of {len(self)}: {shown}{more}>"

    def __getitem__(self, practice_id: str) -> Practice:
        return self.get(practice_id)

    def get(self, practice_id: str) -> Practice:
        """The practice ``practice_id``.

        :raises UnknownKeyError: no such practice.
        """
        try:
            return self._by_id[practice_id]
        except KeyError:
            raise UnknownKeyError("practice", practice_id) from None

    def ids(self) -> list[str]:
        """The ids, in order."""
        return [p.id for p in self._practices]

    def origin(self, practice_id: str) -> str:
        """Where a practice came from (data file and/or plugin), if known."""
        self.get(practice_id)
        return self._origins.get(practice_id, "unknown")

    def _sub(self, practices: Iterable[Practice]) -> Catalogue:
        return Catalogue(practices, self._origins)

    # queries ---------------------------------------------------------------------------
    def filter(self, **criteria: Any) -> Catalogue:
        """The practices meeting every criterion (see
        :func:`~participation.catalogue.query.filter_practices` for the lookups).

        >>> from participation.model import Iap2Level
        >>> cat = Catalogue.load()
        >>> all(p.iap2 >= Iap2Level.COLLABORATE for p in cat.filter(iap2__gte="collaborate"))
        True
        """
        return self._sub(query.filter_practices(self._practices, **criteria))

    def search(self, text: str) -> Catalogue:
        """Practices whose names, description or outcomes have a word starting with
        each word of ``text`` (case and accents ignored), best first.

        >>> Catalogue.load().search("diavgeia").ids()
        ['gr-diavgeia']
        """
        return self._sub(query.search(self._practices, text))

    def group_by(self, name: str) -> dict[str, Catalogue]:
        """The practices grouped by the values of a field (a practice with several
        values appears in each group). Groups come in the field's order — the scale's
        for IAP2 and CoE levels and stages, the vocabulary's for other closed fields,
        sorted for open ones — as in :meth:`crosstab`; practices without a value are
        left out.

        >>> list(Catalogue.load().group_by("iap2"))[:2]
        ['inform', 'consult']
        """
        fld = field(name)
        groups: dict[str, list[Practice]] = {}
        values: set[Any] = set()
        for p in self._practices:
            for value in fld.values(p):
                values.add(value)
                groups.setdefault(display(value), []).append(p)
        return {key: self._sub(groups[key]) for key in query.ordered_labels(name, values)}

    def crosstab(self, *fields: str, missing: bool = True) -> query.CrossTab:
        """Count practices by two or more fields, with margins, e.g.
        ``crosstab("eu_group", "methods")`` or ``crosstab("subregion", "type", "iap2")``
        (see :func:`~participation.catalogue.query.crosstab`).

        >>> t = Catalogue.load().crosstab("stages", "iap2")
        >>> t.count("reformulation", "empower"), "reformulation" in t.rows
        (0, True)
        """
        return query.crosstab(self._practices, *fields, missing=missing)

    def compare(self, ids: Sequence[str | Practice]) -> query.Comparison:
        """The practices ``ids`` side by side.

        :raises UnknownKeyError: an id is unknown.
        """
        return query.compare([i if isinstance(i, Practice) else self.get(i) for i in ids])

    def similar(self, practice: str | Practice, k: int = 5) -> list[query.SimilarPractice]:
        """The ``k`` practices most like ``practice``, each with the reasons."""
        target = practice if isinstance(practice, Practice) else self.get(practice)
        return query.similar(self._practices, target, k)

    def recommend(self, assessment: Any, k: int = 5, *, administration: Any = None,
                  level: Any = None) -> list[recommend.Recommendation]:
        """Practices addressing the assessment's weakest areas, those the
        administration's level of government can adopt first, each with why (see
        :mod:`participation.catalogue.recommend`).

        :param administration: an :class:`~participation.model.Administration` (default:
            the assessment's own, when it has one).
        :param level: a level of government, instead of an administration.
        :raises UnknownKeyError: an area is not an evaluation area.
        """
        return recommend.recommend(self._practices, assessment, k,
                                   administration=administration, level=level)

    # export ----------------------------------------------------------------------------
    def to_csv(self, stream: IO[str], table: str = "practices") -> int:
        """Write one of the tables (see :data:`~participation.catalogue.export.TABLES`)
        as CSV (formula-safe cells); returns the row count."""
        return export.write_table_csv(self._practices, stream, table)

    def to_json(self, stream: IO[str], serializer: Serializer | None = None) -> int:
        """Write the practices as a JSON array of tagged documents."""
        return export.write_json(self._practices, stream, serializer)

    def to_frame(self, table: str = "practices", *, currency: str | None = None) -> Any:
        """A tidy pandas DataFrame: ``"practices"`` (one row per practice, typed
        columns), or a long table — ``"figures"``, ``"methods"``, ``"areas"`` … (see
        :data:`~participation.catalogue.export.TABLES`).

        :param currency: for ``"figures"``, also convert money to this currency
            (only ``"EUR"``) at the shipped ECB rate of the figure's year.
        :raises ImportError: pandas is not installed.
        """
        return export.to_frame(self._practices, table, currency=currency)

    def to_dataframe(self) -> Any:
        """The practices as a pandas DataFrame (same as ``to_frame()``).

        :raises ImportError: pandas is not installed.
        """
        return export.to_frame(self._practices)

    def to_parquet(self, path: str | Path, table: str = "practices") -> int:
        """Write a table as Parquet (needs pandas and pyarrow); returns the row count."""
        return export.write_parquet(self._practices, path, table)
