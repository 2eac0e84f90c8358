"""Querying practices: filter criteria, accent-insensitive text search, cross-tables,
side-by-side comparison and similarity with reasons.

These functions take and return plain sequences of :class:`Practice`; the
:class:`~participation.catalogue.Catalogue` methods wrap them.
"""

from __future__ import annotations

import enum
import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from participation.catalogue.fields import FIELDS, display, field
from participation.catalogue.model import Practice
from participation.errors import FieldError, UnknownKeyError

__all__ = [
    "LOOKUPS",
    "Comparison",
    "CrossTab",
    "SimilarPractice",
    "compare",
    "crosstab",
    "filter_practices",
    "fold",
    "search",
    "similar",
]

#: Filter lookups: ``field=value`` (equal, or contains for multi-valued fields) and
#: ``field__<lookup>=value``.
LOOKUPS = ("eq", "in", "all", "gte", "gt", "lte", "lt")


def fold(text: str) -> str:
    """``text`` without case or accents, for matching.

    >>> fold("Ανοικτή Διαβούλευση"), fold("Dáme na VÁS")
    ('ανοικτη διαβουλευση', 'dame na vas')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_COMPARE = {"gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


def _criterion(key: str, raw: Any) -> Any:
    name, _, op = key.partition("__")
    fld = field(name)
    op = op or "eq"
    if op not in LOOKUPS:
        raise UnknownKeyError("filter lookup", op, LOOKUPS)
    if op in {"gte", "gt", "lte", "lt"} and not fld.ordered:
        raise FieldError(name, f"cannot use __{op}: the field has no order")
    if op == "all" and not fld.multi:
        raise FieldError(name, "__all only applies to multi-valued fields")
    if op in {"in", "all"}:
        items = [raw] if isinstance(raw, str) or not isinstance(raw, Iterable) else list(raw)
        wanted: Any = {fld.parse(v) for v in items}
    else:
        wanted = fld.parse(raw)

    def test(practice: Practice) -> bool:
        values = fld.values(practice)
        if op == "eq":
            return wanted in values
        if op == "in":
            return any(v in wanted for v in values)
        if op == "all":
            return bool(wanted) and all(w in values for w in wanted)
        return any(_COMPARE[op](v, wanted) for v in values)

    return test


def filter_practices(practices: Iterable[Practice], **criteria: Any) -> list[Practice]:
    """The practices that meet every criterion.

    ``field=value`` keeps practices whose field equals the value, or, for a
    multi-valued field (``stages``, ``methods`` …), contains it. Lookups:
    ``__in`` (any of a list), ``__all`` (contains all of a list), and for ordered
    fields (``iap2``, ``coe``, ``stages``, years) ``__gte``, ``__gt``, ``__lte``,
    ``__lt``. Values may be enum members or their text.

    :raises UnknownKeyError: an unknown field or lookup.
    :raises FieldError: a value that is not one of the field's values.
    """
    tests = [_criterion(key, value) for key, value in criteria.items()]
    return [p for p in practices if all(test(p) for test in tests)]


def _search_text(practice: Practice) -> str:
    parts = [practice.name, practice.name_original, practice.description, *practice.outcomes]
    return fold(" ".join(parts))


def search(practices: Iterable[Practice], text: str) -> list[Practice]:
    """Practices whose names, description or outcomes have a word starting with each
    word of ``text`` (``budget`` finds "budgeting", ``art`` does not find
    "participatory"), ignoring case and accents; best matches (a name hit, then most
    occurrences) first.

    :raises FieldError: ``text`` has no words.
    """
    words = [w for w in re.split(r"\W+", fold(text)) if w]
    if not words:
        raise FieldError("text", "give at least one word to search for")
    starts = [re.compile(r"(?<!\w)" + re.escape(w)) for w in words]
    scored = []
    for order, practice in enumerate(practices):
        haystack = _search_text(practice)
        if all(start.search(haystack) for start in starts):
            hits = sum(len(start.findall(haystack)) for start in starts)
            names = fold(practice.name + " " + practice.name_original)
            name_hit = any(start.search(names) for start in starts)
            scored.append((-int(name_hit), -hits, order, practice))
    return [item[-1] for item in sorted(scored, key=lambda t: t[:3])]


@attrs.frozen
class CrossTab:
    """Counts of practices by the values of two fields (each value of a multi-valued
    field counts once; practices with no value for a field are left out)."""

    field_a: str
    field_b: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[str, str], int]

    def count(self, row: Any, column: Any) -> int:
        """How many practices have ``row`` in ``field_a`` and ``column`` in ``field_b``."""
        return self.counts.get((display(row), display(column)), 0)

    def as_dict(self) -> dict[str, dict[str, int]]:
        """``{row: {column: count}}`` with every row and column present."""
        return {r: {c: self.counts.get((r, c), 0) for c in self.columns} for r in self.rows}

    def table(self) -> list[list[str]]:
        """A header row and one row per value of ``field_a`` (for CSV or printing)."""
        head = [f"{self.field_a} \\ {self.field_b}", *self.columns]
        return [head] + [[r, *(str(self.counts.get((r, c), 0)) for c in self.columns)]
                         for r in self.rows]

    def to_text(self) -> str:
        """The table as aligned plain text."""
        rows = self.table()
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                   for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                         for row in rows)

    def to_dataframe(self) -> Any:
        """The table as a pandas DataFrame (needs pandas)."""
        from participation.catalogue.export import require_pandas

        pd = require_pandas()
        return pd.DataFrame(self.as_dict()).T.reindex(index=list(self.rows),
                                                      columns=list(self.columns))


def _order(name: str, values: set[Any]) -> tuple[str, ...]:
    kind = FIELDS[name].kind
    if issubclass(kind, enum.Enum):
        return tuple(display(m) for m in kind if m in values)
    return tuple(display(v) for v in sorted(values))


def crosstab(practices: Iterable[Practice], field_a: str, field_b: str) -> CrossTab:
    """Cross-tabulate two fields (e.g. ``country`` × ``methods``, ``stages`` × ``iap2``).

    :raises UnknownKeyError: a field is unknown.
    """
    fa, fb = field(field_a), field(field_b)
    counts: dict[tuple[str, str], int] = {}
    seen_a: set[Any] = set()
    seen_b: set[Any] = set()
    for p in practices:
        for a in set(fa.values(p)):
            for b in set(fb.values(p)):
                seen_a.add(a)
                seen_b.add(b)
                key = (display(a), display(b))
                counts[key] = counts.get(key, 0) + 1
    return CrossTab(field_a, field_b, _order(field_a, seen_a), _order(field_b, seen_b), counts)


#: Fields shown by :func:`compare`, in order.
COMPARE_FIELDS = ("name", "name_original", "country", "level", "start_year", "end_year",
                  "type", "stages", "iap2", "coe", "methods", "channels", "target_groups",
                  "areas")


@attrs.frozen
class Comparison:
    """Practices side by side: one row per field, one column per practice."""

    practices: tuple[Practice, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]

    def as_dict(self) -> dict[str, dict[str, str]]:
        """``{field: {practice id: value}}``."""
        ids = [p.id for p in self.practices]
        return {name: dict(zip(ids, values, strict=True)) for name, values in self.rows}

    def to_text(self) -> str:
        """The comparison as aligned plain text."""
        table = [["field", *(p.id for p in self.practices)],
                 *([name, *values] for name, values in self.rows)]
        widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                         for r in table)


def compare(practices: Sequence[Practice]) -> Comparison:
    """Put ``practices`` side by side on every classification field plus the number
    of figures and sources."""
    rows: list[tuple[str, tuple[str, ...]]] = []
    for name in COMPARE_FIELDS:
        fld = FIELDS[name]
        rows.append((name, tuple(", ".join(display(v) for v in fld.values(p))
                                 for p in practices)))
    rows.append(("figures", tuple(str(len(p.figures)) for p in practices)))
    rows.append(("sources", tuple(str(len(p.sources)) for p in practices)))
    return Comparison(tuple(practices), tuple(rows))


@attrs.frozen
class SimilarPractice:
    """A practice found similar to another, with its score and the reasons."""

    practice: Practice
    score: float
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        """The reasons as one sentence."""
        return "; ".join(self.reasons)


def _shared(label: str, a: Sequence[Any], b: Sequence[Any], weight: float,
            reasons: list[str]) -> float:
    common = [display(v) for v in a if v in b]
    union = set(a) | set(b)
    if not common or not union:
        return 0.0
    reasons.append(f"shared {label}: {', '.join(common)}")
    return weight * len(common) / len(union)


def _similarity(p: Practice, q: Practice) -> tuple[float, list[str]]:
    reasons: list[str] = []
    score = 0.0
    if p.type is not None and p.type == q.type:
        score += 2.0
        reasons.append(f"same type ({display(p.type)})")
    score += _shared("methods", p.methods, q.methods, 2.0, reasons)
    score += _shared("stages", p.stages, q.stages, 2.0, reasons)
    if p.iap2 is not None and q.iap2 is not None:
        if p.iap2 == q.iap2:
            score += 1.0
            reasons.append(f"same IAP2 level ({display(p.iap2)})")
        elif abs(p.iap2.rank - q.iap2.rank) == 1:
            score += 0.5
            reasons.append(f"adjacent IAP2 level ({display(q.iap2)} vs {display(p.iap2)})")
    if p.level is not None and p.level == q.level:
        score += 1.0
        reasons.append(f"same level of government ({display(p.level)})")
    if p.country == q.country:
        score += 0.5
        reasons.append(f"same country ({p.country})")
    score += _shared("target groups", p.target_groups, q.target_groups, 1.0, reasons)
    score += _shared("channels", p.channels, q.channels, 0.5, reasons)
    score += _shared("evaluation areas", tuple(p.addresses), tuple(q.addresses), 1.0, reasons)
    return round(score, 3), reasons


def similar(practices: Iterable[Practice], practice: Practice, k: int = 5) -> list[SimilarPractice]:
    """The ``k`` practices most similar to ``practice`` (itself excluded), each with
    the reasons: same type, shared methods and stages, IAP2 level, level of
    government, country, target groups, channels, evaluation areas.

    :raises FieldError: ``k`` is not positive.
    """
    if k < 1:
        raise FieldError("k", f"must be at least 1, got {k}")
    found = []
    for q in practices:
        if q.id == practice.id:
            continue
        score, reasons = _similarity(practice, q)
        if score > 0:
            found.append(SimilarPractice(q, score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.practice.id))
    return found[:k]
