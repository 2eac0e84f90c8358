"""Every error the library raises on purpose has one root, :class:`ParticipationError`.

Each also subclasses the fitting built-in (``ValueError``, ``KeyError``) so code that
does not know this library still catches it, as attrs does.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "DuplicateKeyError",
    "FieldError",
    "IllegalTransitionError",
    "InvalidDocumentError",
    "ParticipationError",
    "PluginError",
    "Problem",
    "UnknownKeyError",
]


class ParticipationError(Exception):
    """The root of every error this library raises on purpose."""


class FieldError(ParticipationError, ValueError):
    """A value breaks an invariant of a model class; ``field`` names the attribute.

    >>> str(FieldError("received_at", "must be timezone-aware"))
    'received_at: must be timezone-aware'
    """

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@attrs.frozen
class Problem:
    """One failing place in a document: where (``path``, optional ``line``) and what."""

    path: str
    message: str
    line: int | None = None
    source: str | None = None

    def __str__(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        prefix = ":".join(where)
        return f"{prefix}: {self.path}: {self.message}" if prefix else f"{self.path}: {self.message}"


class InvalidDocumentError(ParticipationError, ValueError):
    """A document (JSON, JSON Lines, CSV) could not be read; ``problems`` lists every failing path.

    >>> err = InvalidDocumentError([Problem("$.received_at", "naive datetime", line=3)])
    >>> print(err)
    1 problem:
      line 3: $.received_at: naive datetime
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines = [f"{len(self.problems)} {noun}:"] + [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class UnknownKeyError(ParticipationError, KeyError):
    """A key (channel type, deadline rule, indicator …) is not in the registry."""

    def __init__(self, kind: str, key: str, known: Sequence[str] = ()) -> None:
        self.kind = kind
        self.key = key
        self.known = tuple(sorted(known))
        hint = f"; known: {', '.join(self.known)}" if self.known else ""
        super().__init__(f"unknown {kind} {key!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


class DuplicateKeyError(ParticipationError, ValueError):
    """Two plugins (or files) contribute the same key; the message names both origins."""

    def __init__(self, kind: str, key: str, first: str, second: str) -> None:
        self.kind = kind
        self.key = key
        self.origins = (first, second)
        super().__init__(f"{kind} {key!r} is contributed twice: by {first} and by {second}")


class IllegalTransitionError(ParticipationError, ValueError):
    """A submission cannot move from its current status to the requested one."""

    def __init__(self, submission_id: str, current: str, target: str, allowed: Sequence[str]) -> None:
        self.submission_id = submission_id
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        allowed_txt = ", ".join(self.allowed) or "none (final status)"
        super().__init__(
            f"submission {submission_id!r}: cannot go from {current!r} to {target!r} "
            f"(allowed from {current!r}: {allowed_txt})"
        )


class PluginError(ParticipationError, RuntimeError):
    """A plugin could not be loaded or validated (e.g. a misspelled hook name)."""
