"""Validating documents against the registry: every problem, with file, line and path.

The model checks what a single object must satisfy; this module adds what needs the
registry (a channel type that exists, a deadline rule that exists).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs

from participation.errors import InvalidDocumentError, Problem
from participation.files import part_lines, read_utf8, utf8_lines
from participation.model import Activity, Administration, ChannelType, Submission
from participation.registry import Registry
from participation.serialization import Serializer, parse_json
from participation.surveys import SurveyResponse, validate_response

__all__ = ["SeenIds", "ValidationReport", "check_references", "contact_problem", "is_jsonl",
           "validate_file", "validate_part"]


def _extension_problems(submission: Submission, registry: Registry, path: str) -> list[Problem]:
    """Extensions in the history that the submission's deadline rule does not know, or
    that are applied more often than it allows."""
    if not submission.extensions:
        return []
    try:
        rule = registry.rule_for(submission)
    except KeyError:
        return []
    problems = []
    seen: set[str] = set()
    for i, event in enumerate(submission.events):
        key = event.extension
        if key is None:
            continue
        where = f"{path}.events[{i}].extension"
        known = {e.key: e for e in rule.extensions} if rule is not None else {}
        if key not in known:
            problems.append(Problem(where, f"{key!r} is not an extension of "
                                    f"{rule.key if rule else 'any rule (no deadline applies)'!r}"
                                    + (f" (known: {', '.join(sorted(known))})" if known else "")))
        elif key in seen and not known[key].repeatable:
            problems.append(Problem(where, f"extension {key!r} is applied twice; it is allowed once"))
        seen.add(key)
    return problems


def consent_problem(channel: ChannelType, *, has_contact: bool, consent: bool,
                    opt_in: str = "contact.consent") -> str | None:
    """Why ``channel`` may not keep contact details, or ``None``: a channel that accepts
    anonymous submissions keeps them only with the person's opt-in (named ``opt_in``)."""
    if has_contact and channel.anonymous and not consent:
        return (f"channel {channel.key!r} accepts anonymous submissions, so it keeps contact "
                f"details only when the person opted in ({opt_in})")
    return None


def contact_problem(submission: Submission, channel: ChannelType) -> str | None:
    """:func:`consent_problem` for ``submission``'s :class:`~participation.model.Contact`."""
    contact = submission.contact
    return consent_problem(channel, has_contact=contact is not None,
                           consent=contact is not None and contact.consent)


def check_references(obj: Any, registry: Registry, path: str = "$") -> list[Problem]:
    """Problems with the keys ``obj`` refers to (channel types, deadline rules, activity kinds).

    >>> from datetime import datetime, timezone
    >>> from participation.model import SubmissionKind
    >>> s = Submission("S-1", "pigeon_post", SubmissionKind.QUESTION,
    ...                datetime(2025, 1, 2, tzinfo=timezone.utc), "?")
    >>> [str(p) for p in check_references(s, Registry.default(load_entrypoints=False))]
    ["$.channel: unknown channel type 'pigeon_post'"]
    """
    problems = []
    if isinstance(obj, Submission):
        channel = registry.channel_types.get(obj.channel)
        if channel is None:
            problems.append(Problem(f"{path}.channel", f"unknown channel type {obj.channel!r}"))
        elif (obj.contact is not None and channel.anonymous  # else there is nothing to refuse
              and (refused := contact_problem(obj, channel)) is not None):
            problems.append(Problem(f"{path}.contact", refused))
        if obj.deadline_rule is not None and obj.deadline_rule not in registry.deadline_rules:
            problems.append(Problem(f"{path}.deadline_rule",
                                    f"unknown deadline rule {obj.deadline_rule!r}"))
        elif obj.events:  # no history, no extensions
            problems.extend(_extension_problems(obj, registry, path))
    elif isinstance(obj, Administration) and obj.jurisdiction not in registry.calendars:
        problems.append(Problem(f"{path}.jurisdiction", f"no calendar for jurisdiction "
                                f"{obj.jurisdiction!r} (known: {', '.join(sorted(registry.calendars))})"))
    elif isinstance(obj, SurveyResponse):
        survey = registry.surveys.get(obj.survey)
        if survey is None:
            problems.append(Problem(f"{path}.survey", f"unknown survey {obj.survey!r}"))
        else:
            problems.extend(attrs.evolve(p, path=path + p.path[1:] if p.path.startswith("$") else
                                         f"{path}.answers[{p.path}]")
                            for p in validate_response(survey, obj, registry.question_types))
    elif isinstance(obj, Activity):
        if obj.kind not in registry.activity_kinds:
            problems.append(Problem(f"{path}.kind", f"unknown activity kind {obj.kind!r} (known: "
                                    f"{', '.join(sorted(registry.activity_kinds))}; a plugin adds "
                                    "kinds through register_activity_kinds)"))
        if obj.minimum_rule is not None and obj.minimum_rule not in registry.deadline_rules:
            problems.append(Problem(f"{path}.minimum_rule", f"unknown deadline rule {obj.minimum_rule!r}"))
    return problems


@attrs.frozen
class ValidationReport:
    """What :func:`validate_file` found."""

    path: str
    documents: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the file is valid."""
        return not self.problems


def _is_jsonl(path: Path) -> bool:
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        return True
    if path.suffix.lower() == ".json":
        return False
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(1 << 16).lstrip("\ufeff \t\r\n")
    return not head.startswith("[")


_Item = tuple[int | None, str, Any, list[Problem]]


def _jsonl_items(lines: Iterable[str], serializer: Serializer) -> Iterator[_Item]:
    for res in serializer.iter_jsonl(lines):
        yield res.line, "$", res.value, list(res.problems)


def _iter_file(path: Path, serializer: Serializer) -> Iterator[_Item]:
    """Yield (line, path prefix, object or None, problems) per document."""
    if _is_jsonl(path):
        with path.open("rb") as fh:
            yield from _jsonl_items(utf8_lines(fh, path), serializer)
        return
    try:
        data = parse_json(read_utf8(path))
    except InvalidDocumentError as exc:
        yield exc.problems[0].line, "$", None, list(exc.problems)
        return
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        prefix = f"$[{i}]" if isinstance(data, list) else "$"
        try:
            yield None, prefix, serializer.load(item), []
        except InvalidDocumentError as exc:
            yield None, prefix, None, [attrs.evolve(p, path=prefix + p.path[1:])
                                       for p in exc.problems]


def validate_file(path: str | Path, serializer: Serializer, registry: Registry) -> ValidationReport:
    """Check every document in a JSON or JSON Lines file; never stops at the first error.

    JSON Lines is read streaming (constant memory); a ``.json`` file holds one tagged
    object or an array of them.
    """
    p = Path(path)
    problems: list[Problem] = []
    count = 0
    for found in _checked(_iter_file(p, serializer), registry, SeenIds(), str(p)):
        count += 1
        problems.extend(found)
    return ValidationReport(str(p), count, tuple(problems))


def validate_part(path: str | Path, serializer: Serializer, registry: Registry, start: int,
                  end: int, ids: SeenIds) -> Iterator[list[Problem]]:
    """The problems of each document of a JSON Lines file whose line begins in its bytes
    ``start`` to ``end``, as :func:`validate_file` finds them (line numbers count from
    ``start``), for reading a file in parts (:mod:`participation.parallel`)."""
    p = Path(path)
    with p.open("rb") as fh:
        yield from _checked(_jsonl_items(part_lines(fh, p, start, end), serializer), registry,
                            ids, str(p))


def is_jsonl(path: str | Path) -> bool:
    """Whether :func:`validate_file` reads ``path`` as JSON Lines (by its name, else by
    whether it starts with an array)."""
    return _is_jsonl(Path(path))


def _checked(items: Iterable[_Item], registry: Registry, ids: SeenIds, source: str
             ) -> Iterator[list[Problem]]:
    """Each document's problems, an empty list for a valid one."""
    for count, (line, prefix, obj, found) in enumerate(items, start=1):
        if obj is not None:
            found = check_references(obj, registry, prefix)
            repeated = ids.first_seen(obj, line if line is not None else count)
            if repeated is not None:
                where = "line" if line is not None else "document"
                found.append(Problem(f"{prefix}.id", f"repeated id {obj.id!r} (first at {where} {repeated})"))
            if line is not None:
                found = [attrs.evolve(f, line=line) for f in found]
        yield [attrs.evolve(f, source=source) for f in found] if found else found


_DIGEST_BITS = (1 << 64) - 1


class SeenIds:
    """Remembers where each record id was first seen (per kind of document), to report a
    repeated id with both places.

    Each id is kept as a 64-bit digest (Python's keyed string hash) with its line number, in open-addressing
    tables of two flat arrays each: 12 bytes a slot, kept at most four fifths full and
    grown by half when full, so 15 to 23 bytes per distinct id (18 MB for a million ids,
    against some 130 MB for a dictionary of them). The ids are spread over
    :attr:`PARTS` such tables by their digest, so growing one copies a sixteenth of
    them: memory does not jump by half the table when it grows.
    Two different ids are taken for one with probability about n² / 2⁶⁵ for n ids —
    3 in 100 million at a million ids — the only way the check can be wrong (it then
    reports a repeat that is not one; it never misses one).
    """

    __slots__ = ("_digests", "_limits", "_lines", "_sizes", "_used")

    #: Tables the ids are spread over (by the top bits of their digest) …
    PARTS = 16
    #: … and the slots each starts with.
    INITIAL = 64
    _SHIFT = 64 - (PARTS - 1).bit_length()
    _LOW = (1 << _SHIFT) - 1

    def __init__(self) -> None:
        self._sizes = [self.INITIAL] * self.PARTS
        self._limits = [self.INITIAL * 4 // 5] * self.PARTS
        self._digests = [array("Q", bytes(8 * self.INITIAL)) for _ in range(self.PARTS)]
        self._lines = [array("I", bytes(4 * self.INITIAL)) for _ in range(self.PARTS)]
        self._used = [0] * self.PARTS

    def __len__(self) -> int:
        return sum(self._used)

    def first_seen(self, obj: Any, line: int) -> int | None:
        """Where ``obj``'s id was seen before, or ``None`` (and remember this one)."""
        ident = getattr(obj, "id", None)
        if not isinstance(ident, str):
            return None
        # Python's own 64-bit string hash (SipHash, keyed afresh in every process, so no
        # one can prepare ids that collide), of the kind and the id together
        digest = (hash((type(obj).__name__, ident)) & _DIGEST_BITS) or 1
        part = digest >> _SHIFT
        digests, size = self._digests[part], self._sizes[part]
        slot = ((digest & _LOW) * size) >> _SHIFT  # its place in a table of any size
        found = digests[slot]
        while found:
            if found == digest:
                return self._lines[part][slot]
            slot += 1
            if slot == size:
                slot = 0
            found = digests[slot]
        digests[slot] = digest
        self._lines[part][slot] = line if line < 0xFFFFFFFF else 0xFFFFFFFF
        used = self._used[part] = self._used[part] + 1
        if used > self._limits[part]:
            self._grow(part)
        return None

    def digests(self) -> tuple[array[int], ...]:
        """The digests kept, one table per part (zero marks a free slot), for
        :meth:`overlap`. They are keyed by this process's string hash: comparable only
        with those of the same process or of processes forked from it."""
        return tuple(self._digests)

    @classmethod
    def overlap(cls, tables: Iterable[tuple[array[int], ...]]) -> bool:
        """Whether an id is in more than one of the :meth:`digests` of ``tables`` (sets
        that each checked a part of one file; as :meth:`first_seen`, it may rarely say
        so of two different ids, never miss one).

        >>> Record = attrs.make_class("Record", ["id"])
        >>> a, b, c = SeenIds(), SeenIds(), SeenIds()
        >>> for ids, ident in ((a, "S-1"), (b, "S-2"), (c, "S-1")):
        ...     _ = ids.first_seen(Record(ident), 1)
        >>> SeenIds.overlap([a.digests(), b.digests()]), SeenIds.overlap([a.digests(), c.digests()])
        (False, True)
        """
        every = list(tables)
        for part in range(cls.PARTS):  # one part at a time: a sixteenth of the ids in a set
            seen: set[int] = set()
            for digests in every:
                if not seen.isdisjoint(digests[part]):  # `seen` holds no zero (a free slot)
                    return True
                seen.update(digests[part])
                seen.discard(0)
        return False

    def _grow(self, part: int) -> None:
        old_digests, old_lines = self._digests[part], self._lines[part]
        size = self._sizes[part] = self._sizes[part] * 3 // 2
        self._limits[part] = size * 4 // 5
        digests = self._digests[part] = array("Q", bytes(8 * size))
        lines = self._lines[part] = array("I", bytes(4 * size))
        low, shift = self._LOW, self._SHIFT
        for digest, line in zip(old_digests, old_lines, strict=True):
            if digest:
                slot = ((digest & low) * size) >> shift
                while digests[slot]:
                    slot += 1
                    if slot == size:
                        slot = 0
                digests[slot] = digest
                lines[slot] = line


#: :class:`SeenIds`' shift and mask, as globals (read faster than class attributes).
_SHIFT, _LOW = SeenIds._SHIFT, SeenIds._LOW
