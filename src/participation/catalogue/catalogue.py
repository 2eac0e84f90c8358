"""The :class:`Catalogue`: a researcher's handle on the practices.

>>> from participation.catalogue import Catalogue
>>> from participation.model import Iap2Level, Stage
>>> cat = Catalogue.load()
>>> found = cat.filter(eu=True, stages=Stage.MONITORING, iap2__gte=Iap2Level.COLLABORATE)
>>> sorted(found.group_by("country"))
['BE', 'BG', 'ES', 'IT']
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
        values appears in each group), groups in sorted order."""
        fld = field(name)
        groups: dict[str, list[Practice]] = {}
        for p in self._practices:
            for value in fld.values(p):
                groups.setdefault(display(value), []).append(p)
        return {key: self._sub(groups[key]) for key in sorted(groups)}

    def crosstab(self, field_a: str, field_b: str) -> query.CrossTab:
        """Count practices by two fields, e.g. ``crosstab("country", "methods")``."""
        return query.crosstab(self._practices, field_a, field_b)

    def compare(self, ids: Sequence[str | Practice]) -> query.Comparison:
        """The practices ``ids`` side by side.

        :raises UnknownKeyError: an id is unknown.
        """
        return query.compare([i if isinstance(i, Practice) else self.get(i) for i in ids])

    def similar(self, practice: str | Practice, k: int = 5) -> list[query.SimilarPractice]:
        """The ``k`` practices most like ``practice``, each with the reasons."""
        target = practice if isinstance(practice, Practice) else self.get(practice)
        return query.similar(self._practices, target, k)

    def recommend(self, assessment: Any, k: int = 5) -> list[recommend.Recommendation]:
        """Practices addressing the assessment's weakest areas, with why (see
        :mod:`participation.catalogue.recommend`)."""
        return recommend.recommend(self._practices, assessment, k)

    # export ----------------------------------------------------------------------------
    def to_csv(self, stream: IO[str]) -> int:
        """Write the practices as CSV (formula-safe cells); returns the row count."""
        return export.write_practices_csv(self._practices, stream)

    def to_json(self, stream: IO[str], serializer: Serializer | None = None) -> int:
        """Write the practices as a JSON array of tagged documents."""
        return export.write_json(self._practices, stream, serializer)

    def to_dataframe(self) -> Any:
        """The practices as a pandas DataFrame.

        :raises ImportError: pandas is not installed.
        """
        return export.to_dataframe(self._practices)
