"""Querying practices: filter criteria, accent-insensitive text search, cross-tables,
side-by-side comparison and similarity with reasons.

These functions take and return plain sequences of :class:`Practice`; the
:class:`~participation.catalogue.Catalogue` methods wrap them.
"""

from __future__ import annotations

import enum
import itertools
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
    "MISSING",
    "SYNONYMS",
    "TOTAL",
    "Comparison",
    "CrossTab",
    "SimilarPractice",
    "compare",
    "crosstab",
    "filter_practices",
    "fold",
    "ordered_labels",
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


#: Words a search treats as the same (each group matches any of its words, at the
#: start of a word). Documented in ``docs/catalogue.md``.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("petition", "epetition", "e-petition"),
    ("budget", "participatory budgeting", "pb"),
    ("consultation", "econsultation", "e-consultation", "consult"),
    ("assembly", "convention", "citizens jury"),
    ("panel", "jury"),
    ("youth", "young", "children"),
    ("initiative", "popular initiative", "citizens initiative"),
    ("transparency", "open data", "open government"),
    ("complaint", "report", "tip-off", "fixmystreet"),
)

_ENDINGS = ("ies", "es", "s", "ing", "ed")


def _stem(word: str) -> str:
    """A word without a plural or verb ending, so that word forms match
    (``petitions`` → ``petition``, ``budgeting`` → ``budget``)."""
    for ending in _ENDINGS:
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[:-len(ending)] + ("y" if ending == "ies" else "")
    return word


def _search_text(practice: Practice) -> str:
    parts = [practice.name, practice.name_original, practice.description, *practice.outcomes]
    labels = [display(v).replace("_", " ") for v in (practice.type, *practice.methods)
              if v is not None]
    return fold(" ".join([*parts, *labels]))


def _alternatives(word: str) -> list[str]:
    stem = _stem(word)
    found = {word, stem}
    for group in SYNONYMS:
        keys = {fold(g) for g in group}
        if word in keys or stem in keys or any(_stem(k) == stem for k in keys):
            found.update(keys)
    return sorted(found, key=len, reverse=True)


def _pattern(word: str) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\W+").replace(r"\-", r"\W?")
                            for w in _alternatives(word))
    return re.compile(r"(?<!\w)(?:" + alternatives + ")")


def search(practices: Iterable[Practice], text: str) -> list[Practice]:
    """Practices whose names, description, outcomes, type or methods have a word
    starting with each word of ``text`` or one of its forms and synonyms
    (``petitions`` finds "e-petition", ``budget`` finds "budgeting", ``art`` does not
    find "participatory"; see :data:`SYNONYMS`), ignoring case and accents; best
    matches (a name hit, then most occurrences) first.

    :raises FieldError: ``text`` has no words.
    """
    words = [w for w in re.split(r"\W+", fold(text)) if w]
    if not words:
        raise FieldError("text", "give at least one word to search for")
    starts = [_pattern(w) for w in words]
    scored = []
    for order, practice in enumerate(practices):
        haystack = _search_text(practice)
        if all(start.search(haystack) for start in starts):
            hits = sum(len(start.findall(haystack)) for start in starts)
            names = fold(practice.name + " " + practice.name_original)
            name_hit = any(start.search(names) for start in starts)
            scored.append((-int(name_hit), -hits, order, practice))
    return [item[-1] for item in sorted(scored, key=lambda t: t[:3])]


#: The category of practices that have no value for a field.
MISSING = "(missing)"
#: The label of the margins (row and column totals).
TOTAL = "All"


@attrs.frozen
class CrossTab:
    """Counts of practices by the values of two or more fields.

    The last field gives the columns; the others give the rows (one row per
    combination). A practice with several values in a multi-valued field counts once
    under each; a practice with no value counts under :data:`MISSING`. Every value of
    a closed vocabulary (an enum, yes/no) is shown, even when no practice has it.

    Margins count **practices**, not cells: a row total is the number of practices in
    that row, the grand total the number of practices tabulated. With a multi-valued
    column field a row total can therefore be less than the sum of its cells.
    """

    fields: tuple[str, ...]
    row_keys: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[str, ...], int]
    row_totals: Mapping[tuple[str, ...], int]
    column_totals: Mapping[str, int]
    total: int
    missing: Mapping[str, int]

    @property
    def field_a(self) -> str:
        """The first (row) field."""
        return self.fields[0]

    @property
    def field_b(self) -> str:
        """The last (column) field."""
        return self.fields[-1]

    @property
    def rows(self) -> tuple[str, ...]:
        """Row labels: the value, or the values joined with `` / `` for several row fields."""
        return tuple(" / ".join(key) for key in self.row_keys)

    def count(self, *values: Any) -> int:
        """How many practices have these values (one per field, in order)."""
        if len(values) != len(self.fields):
            raise FieldError("values", f"give one value per field ({', '.join(self.fields)})")
        return self.counts.get(tuple(MISSING if v is None else display(v) for v in values), 0)

    def as_dict(self, *, margins: bool = False) -> dict[str, dict[str, int]]:
        """``{row: {column: count}}`` with every row and column present; with
        ``margins`` a :data:`TOTAL` column and row too."""
        out = {label: {c: self.counts.get((*key, c), 0) for c in self.columns}
               for label, key in zip(self.rows, self.row_keys, strict=True)}
        if margins:
            for label, key in zip(self.rows, self.row_keys, strict=True):
                out[label][TOTAL] = self.row_totals.get(key, 0)
            out[TOTAL] = {**{c: self.column_totals.get(c, 0) for c in self.columns},
                          TOTAL: self.total}
        return out

    def table(self, *, margins: bool = True) -> list[list[str]]:
        """A header row and one row per row key (for CSV or printing); with margins
        (the default) a total column and a total row."""
        head = [" / ".join(self.fields[:-1]) + f" \\ {self.field_b}", *self.columns]
        if margins:
            head.append(TOTAL)
        body = []
        for label, key in zip(self.rows, self.row_keys, strict=True):
            row = [label, *(str(self.counts.get((*key, c), 0)) for c in self.columns)]
            if margins:
                row.append(str(self.row_totals.get(key, 0)))
            body.append(row)
        if margins:
            body.append([TOTAL, *(str(self.column_totals.get(c, 0)) for c in self.columns),
                         str(self.total)])
        return [head, *body]

    def to_text(self, *, margins: bool = True) -> str:
        """The table as aligned plain text."""
        rows = self.table(margins=margins)
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return "\n".join("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                                   for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                         for row in rows)

    def to_dataframe(self, *, margins: bool = False) -> Any:
        """The table as a pandas DataFrame (needs pandas): one index level per row
        field, one column per value of the last field."""
        from participation.catalogue.export import require_pandas

        pd = require_pandas()
        keys = [*self.row_keys, *([(TOTAL,) * (len(self.fields) - 1)] if margins else [])]
        columns = [*self.columns, *([TOTAL] if margins else [])]
        data = []
        for key in keys:
            if margins and key == (TOTAL,) * (len(self.fields) - 1):
                data.append([self.column_totals.get(c, 0) for c in self.columns] + [self.total])
                continue
            row = [self.counts.get((*key, c), 0) for c in self.columns]
            data.append(row + ([self.row_totals.get(key, 0)] if margins else []))
        if len(self.fields) == 2:
            index = pd.Index([k[0] for k in keys], name=self.fields[0])
        else:
            index = pd.MultiIndex.from_tuples(keys, names=list(self.fields[:-1]))
        return pd.DataFrame(data, index=index,
                            columns=pd.Index(columns, name=self.field_b)).astype("int64")


def _categories(name: str, seen: set[Any]) -> tuple[str, ...]:
    fld = FIELDS[name]
    vocabulary = fld.vocabulary
    if vocabulary is not None:
        return tuple(display(v) for v in vocabulary)
    return tuple(display(v) for v in sorted(seen))


def ordered_labels(name: str, values: set[Any]) -> tuple[str, ...]:
    """The labels of ``values`` of field ``name`` in the field's order."""
    kind = FIELDS[name].kind
    if issubclass(kind, enum.Enum):
        return tuple(display(m) for m in kind if m in values)
    return tuple(display(v) for v in sorted(values))


def crosstab(practices: Iterable[Practice], *names: str, missing: bool = True) -> CrossTab:
    """Cross-tabulate two or more fields (``country`` × ``methods``, ``eu_group`` ×
    ``type`` × ``iap2`` …), with margins and every category of a closed vocabulary.

    :param missing: count practices with no value under :data:`MISSING` (else leave
        them out; :attr:`CrossTab.missing` still says how many had none).
    :raises UnknownKeyError: a field is unknown.
    :raises FieldError: fewer than two fields.
    """
    if len(names) < 2:
        raise FieldError("fields", "give at least two fields to cross-tabulate")
    flds = [field(n) for n in names]
    counts: dict[tuple[str, ...], int] = {}
    row_totals: dict[tuple[str, ...], int] = {}
    column_totals: dict[str, int] = {}
    seen: list[set[Any]] = [set() for _ in flds]
    lacking = dict.fromkeys(names, 0)
    total = 0
    for p in practices:
        per_field: list[list[str]] = []
        for i, (name, fld) in enumerate(zip(names, flds, strict=True)):
            values = list(dict.fromkeys(fld.values(p)))
            seen[i].update(values)
            if not values:
                lacking[name] += 1
            per_field.append([display(v) for v in values] or ([MISSING] if missing else []))
        if any(not vs for vs in per_field):
            continue
        total += 1
        for combo in itertools.product(*per_field):
            counts[combo] = counts.get(combo, 0) + 1
        for key in itertools.product(*per_field[:-1]):
            row_totals[key] = row_totals.get(key, 0) + 1
        for col in per_field[-1]:
            column_totals[col] = column_totals.get(col, 0) + 1
    cats: list[tuple[str, ...]] = []
    for i, name in enumerate(names):
        labels = _categories(name, seen[i])
        if missing and lacking[name]:
            labels = (*labels, MISSING)
        cats.append(labels)
    row_keys = tuple(itertools.product(*cats[:-1]))
    return CrossTab(tuple(names), row_keys, cats[-1], counts, row_totals, column_totals, total,
                    lacking)


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
