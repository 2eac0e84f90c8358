"""The Bulgarian working-day calendar (key ``"bg"``).

Three layers, the later winning over the earlier for a given date:

1. the law, through the ``holidays`` package (``holidays.BG``, public category):
   the official holidays of Labour Code art. 154(1) — 1 Jan, 3 Mar, 1 May, 6 May,
   24 May, 6 Sep, 22 Sep, 24–26 Dec and Orthodox Good Friday to Easter Monday — and,
   since 2017, the working days given off when one of them (other than the Easter
   days) falls on a Saturday or Sunday (art. 154(2)); before 2017, the Council of
   Ministers' swaps the package knows;
2. the Council of Ministers' one-off decisions shipped with this plugin
   (``participation_bg/data/council_of_ministers.toml``);
3. the user's own decision files: the ``extra_files`` argument, then the files named
   in the environment variable :data:`ENV_VAR` (separated by :data:`os.pathsep`), so
   that a new decision needs no new release.

1 November (Day of the National Awakeners) is a day off only for schools and stays a
working day for administrations (it is in the package's ``SCHOOL`` category, not used).
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import holidays
from dateutil.easter import EASTER_ORTHODOX, easter
from holidays.constants import PUBLIC

from participation.errors import InvalidDocumentError, Problem

__all__ = [
    "ENV_VAR",
    "BulgarianCalendar",
    "DayOverride",
    "labour_code_holidays",
    "load_decisions",
]

#: Environment variable naming extra decision files (``os.pathsep``-separated).
ENV_VAR = "PARTICIPATION_BG_CALENDAR"

_SHIPPED = "council_of_ministers.toml"
_FIELDS = frozenset({"reference", "reason", "reason_bg", "days_off", "working_days", "source"})

#: Fixed-date official holidays of Labour Code art. 154(1): (month, day).
FIXED_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (3, 3), (5, 1), (5, 6), (5, 24), (9, 6), (9, 22), (12, 24), (12, 25), (12, 26),
)

_WORDS = {
    "en": {"weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                       "Sunday"),
           "art1": "Labour Code art. 154(1)", "art2": "Labour Code art. 154(2)",
           "decision": "Council of Ministers decision"},
    "bg": {"weekday": ("понеделник", "вторник", "сряда", "четвъртък", "петък", "събота",
                       "неделя"),
           "art1": "чл. 154, ал. 1 КТ", "art2": "чл. 154, ал. 2 КТ",
           "decision": "решение на Министерския съвет"},
}
_HOLIDAYS_LANGUAGE = {"en": "en_US", "bg": "bg"}


@functools.lru_cache(maxsize=256)
def labour_code_holidays(year: int) -> frozenset[date]:
    """The official holidays of Labour Code art. 154(1) in ``year``, computed from the
    law alone (fixed dates and Orthodox Easter, Good Friday to Easter Monday).

    >>> [d.day for d in sorted(labour_code_holidays(2024)) if d.month == 5]
    [1, 3, 4, 5, 6, 24]
    """
    sunday = easter(year, EASTER_ORTHODOX)
    days = {date(year, m, d) for m, d in FIXED_HOLIDAYS}
    days.update(date.fromordinal(sunday.toordinal() + k) for k in (-2, -1, 0, 1))
    return frozenset(days)


@attrs.frozen
class DayOverride:
    """A Council of Ministers decision about one date.

    :param off: ``True`` for a day declared non-working, ``False`` for a (Saturday)
        declared a working day.
    """

    day: date
    off: bool
    reason: str
    reference: str
    origin: str
    reason_bg: str = ""


def _line_of(exc: tomllib.TOMLDecodeError, text: str) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    if match:
        return int(match.group(1))
    return len(text.splitlines()) or 1 if "end of document" in str(exc) else None


def _dates(value: Any, path: str, source: str, problems: list[Problem]) -> list[date]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(Problem(path, "must be a list of dates (YYYY-MM-DD, unquoted)",
                                source=source))
        return []
    out = []
    for i, item in enumerate(value):
        if type(item) is not date:
            problems.append(Problem(f"{path}[{i}]", f"{item!r} is not a date "
                                    "(write YYYY-MM-DD without quotes)", source=source))
        else:
            out.append(item)
    return out


def load_decisions(text: str, source: str) -> list[DayOverride]:
    """Read a decision file (TOML text) into day overrides.

    :param source: the file name, used in error messages.
    :raises InvalidDocumentError: listing every problem with its place.

    >>> load_decisions('[[decision]]\\nreference = "Decision 1"\\nreason = "bridge"\\n'
    ...                'days_off = [2027-05-07]\\n', "my.toml")[0].day
    datetime.date(2027, 5, 7)
    >>> load_decisions('[[decision]]\\ndays_off = [2027-05-08]\\n', "my.toml")
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: 3 problems:
      my.toml: decision[0].reference: required (the act, e.g. 'Council of Ministers ...')
      my.toml: decision[0].reason: required when days_off is given
      my.toml: decision[0].days_off[0]: 2027-05-08 is a Saturday, already a day off
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidDocumentError([Problem("$", f"not valid TOML: {exc}",
                                            line=_line_of(exc, text), source=source)]) from None
    problems: list[Problem] = []
    unknown = sorted(set(data) - {"decision"})
    if unknown:
        problems.append(Problem(unknown[0], "unknown table (expected only [[decision]] "
                                "entries)", source=source))
    decisions = data.get("decision", [])
    if not isinstance(decisions, list):
        problems.append(Problem("decision", "write each decision as [[decision]]",
                                source=source))
        decisions = []
    seen: dict[date, str] = {}
    out: list[DayOverride] = []
    for n, dec in enumerate(decisions):
        where = f"decision[{n}]"
        if not isinstance(dec, dict):
            problems.append(Problem(where, "write each decision as a [[decision]] table",
                                    source=source))
            continue
        for name in sorted(set(dec) - _FIELDS):
            problems.append(Problem(f"{where}.{name}", "unknown field (expected "
                                    f"{', '.join(sorted(_FIELDS))})", source=source))
        reference = dec.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            problems.append(Problem(f"{where}.reference", "required (the act, e.g. 'Council "
                                    "of Ministers ...')", source=source))
            reference = ""
        off = _dates(dec.get("days_off"), f"{where}.days_off", source, problems)
        work = _dates(dec.get("working_days"), f"{where}.working_days", source, problems)
        reason = dec.get("reason")
        if off and (not isinstance(reason, str) or not reason.strip()):
            problems.append(Problem(f"{where}.reason", "required when days_off is given",
                                    source=source))
            reason = ""
        reason_bg = dec.get("reason_bg", "")
        if not isinstance(reason_bg, str):
            problems.append(Problem(f"{where}.reason_bg", "must be text", source=source))
            reason_bg = ""
        for field, days, is_off in (("days_off", off, True), ("working_days", work, False)):
            for i, day in enumerate(days):
                path = f"{where}.{field}[{i}]"
                weekend = day.weekday() >= 5
                if is_off and weekend:
                    problems.append(Problem(path, f"{day} is a {day:%A}, already a day off",
                                            source=source))
                elif not is_off and not weekend:
                    problems.append(Problem(path, f"{day} is a {day:%A}, already a working "
                                            "day (only a Saturday or Sunday can be declared "
                                            "one)", source=source))
                if day in seen:
                    problems.append(Problem(path, f"{day} is also given at {seen[day]}",
                                            source=source))
                seen[day] = path
                text_reason = str(reason or "") if is_off else "working day"
                out.append(DayOverride(day, is_off, text_reason, str(reference), source,
                                       reason_bg if is_off else ""))
    if problems:
        raise InvalidDocumentError(problems)
    return out


def _shipped_decisions() -> list[DayOverride]:
    text = resources.files("participation_bg").joinpath("data", _SHIPPED).read_text("utf-8")
    return load_decisions(text, f"participation_bg/data/{_SHIPPED}")


def _file_decisions(path: Path, how: str) -> list[DayOverride]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InvalidDocumentError([Problem("$", f"cannot read the decision file ({how}): "
                                            f"{exc.strerror}", source=str(path))]) from None
    return load_decisions(text, str(path))


def _env_files(environ: Mapping[str, str]) -> list[Path]:
    value = environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


class BulgarianCalendar:
    """Working days of a Bulgarian public administration.

    :param extra_files: decision files (TOML, same format as the shipped
        ``council_of_ministers.toml``) applied after the shipped one.
    :param environ: where to read :data:`ENV_VAR` (default :data:`os.environ`;
        pass ``{}`` to ignore it).
    :param language: ``"en"`` or ``"bg"``: the language of the reasons.
    :raises InvalidDocumentError: a decision file cannot be read or is invalid,
        naming the file, the line (for TOML syntax) and the field.

    >>> cal = BulgarianCalendar(environ={})
    >>> cal.non_working_reason(date(2024, 3, 4))
    'Liberation Day (observed), Labour Code art. 154(2)'
    >>> print(cal.non_working_reason(date(2025, 12, 31)))  # doctest: +NORMALIZE_WHITESPACE
    one-off non-working day for the changeover to the euro,
    Council of Ministers Decision No 808 of 19.11.2025
    >>> cal.non_working_reason(date(2025, 11, 3)) is None
    True
    """

    key: str = "bg"

    def __init__(self, extra_files: Iterable[str | os.PathLike[str]] = (), *,
                 environ: Mapping[str, str] | None = None, language: str = "en") -> None:
        if language not in _WORDS:
            raise ValueError(f"language must be one of {sorted(_WORDS)}, got {language!r}")
        self.language = language
        hl = _HOLIDAYS_LANGUAGE[language]
        self._all = holidays.country_holidays("BG", categories=PUBLIC, language=hl)
        self._base = holidays.country_holidays("BG", categories=PUBLIC, language=hl,
                                               observed=False)
        overrides: dict[date, DayOverride] = {o.day: o for o in _shipped_decisions()}
        files = [Path(p) for p in extra_files]
        sources = [(p, "extra_files") for p in files]
        sources += [(p, ENV_VAR) for p in _env_files(os.environ if environ is None
                                                     else environ)]
        for path, how in sources:
            overrides.update({o.day: o for o in _file_decisions(path, how)})
        self.overrides: Mapping[date, DayOverride] = overrides
        self.files: tuple[Path, ...] = tuple(p for p, _ in sources)

    def __repr__(self) -> str:
        return f"BulgarianCalendar(files={[str(p) for p in self.files]!r})"

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (with its legal basis), or ``None``."""
        words = _WORDS[self.language]
        override = self.overrides.get(day)
        if override is not None:
            if not override.off:
                return None
            reason = override.reason_bg if self.language == "bg" and override.reason_bg \
                else override.reason
            return f"{reason}, {override.reference}"
        name = self._all.get(day)
        if name is not None:
            if day in labour_code_holidays(day.year):
                basis = words["art1"]
            elif day in self._base:
                basis = words["decision"]
            else:
                basis = words["art2"]
            return f"{name}, {basis}"
        if day.weekday() >= 5:
            if self._all.is_working_day(day):  # a Saturday worked by decision (pre-2017)
                return None
            return str(words["weekday"][day.weekday()])
        return None
