"""Numbers and dates as a reader of a language expects them (CLDR conventions).

A small table, not Babel: the library ships English and Bulgarian, and the few
symbols a report needs (decimal sign, group separator, minimum grouping digits,
percent pattern, medium date pattern, month abbreviations) are copied here from
CLDR (v44, ``main/<lang>/numbers.json`` and ``ca-gregorian.json``). A language
plugin adds or overrides them through its translations, with the message ids
``format.decimal``, ``format.group``, ``format.min_grouping``, ``format.percent``
(``{n}`` is the number), ``format.date`` (``{d}``, ``{m}``, ``{mm}``, ``{mon}``,
``{y}``) and ``format.months`` (twelve abbreviations separated by spaces).
A language neither table nor plugin knows is written the English way.

>>> bg = NumberFormat.for_language("bg")
>>> bg.number(200000), bg.number(1234), bg.number(0.8667 * 100, 1), bg.percent(0.8667)
('200\\xa0000', '1234', '86,7', '86,7%')
>>> en = NumberFormat.for_language("en")
>>> en.number(200000), en.number(-1234.5, 1), en.percent(0.5, 0), en.date("2025-03-05")
('200,000', '-1,234.5', '50%', 'Mar 5, 2025')
>>> bg.date("2025-03-05")
'5.03.2025 г.'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date

import attrs

__all__ = ["CLDR", "NumberFormat"]

#: The CLDR symbols of the languages the library ships translations for.
CLDR: dict[str, dict[str, str]] = {
    "en": {"format.decimal": ".", "format.group": ",", "format.min_grouping": "1",
           "format.percent": "{n}%", "format.date": "{mon} {d}, {y}",
           "format.months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"},
    # CLDR bg: group is U+00A0 (no-break space), minimumGroupingDigits 2 ("1234", "12 345")
    "bg": {"format.decimal": ",", "format.group": "\u00a0", "format.min_grouping": "2",
           "format.percent": "{n}%", "format.date": "{d}.{mm}.{y} г.",
           "format.months": "яну фев март апр май юни юли авг сеп окт ное дек"},
}


@attrs.frozen
class NumberFormat:
    """How one language writes numbers, percentages and dates."""

    language: str = "en"
    decimal: str = "."
    group: str = ","
    min_grouping: int = 1
    percent_pattern: str = "{n}%"
    date_pattern: str = "{mon} {d}, {y}"
    months: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                               "Oct", "Nov", "Dec")

    @classmethod
    def for_language(cls, language: str,
                     translate: Callable[[str, str, str], str] | None = None) -> NumberFormat:
        """The conventions of ``language``: a plugin's ``format.*`` translations first
        (``translate(msgid, lang, default)``, e.g. :meth:`Registry.translate`), then
        the built-in CLDR table, then English."""
        table: Mapping[str, str] = CLDR.get(language, CLDR["en"])

        def pick(msgid: str) -> str:
            return table[msgid] if translate is None else translate(msgid, language, table[msgid])

        months = tuple(pick("format.months").split())
        try:
            min_grouping = max(1, int(pick("format.min_grouping")))
        except ValueError:
            min_grouping = 1
        return cls(language, pick("format.decimal"), pick("format.group"), min_grouping,
                   pick("format.percent"), pick("format.date"),
                   months if len(months) == 12 else tuple(CLDR["en"]["format.months"].split()))

    def number(self, value: float, digits: int = 0) -> str:
        """``value`` rounded to ``digits`` decimals, grouped by thousands.

        >>> NumberFormat().number(1234567.891, 2), NumberFormat().number(-0.04, 1)
        ('1,234,567.89', '0.0')
        """
        if not math.isfinite(value):
            return str(value)
        text = f"{abs(value):.{digits}f}"
        whole, _, fraction = text.partition(".")
        if len(whole) >= 3 + self.min_grouping:
            first = len(whole) % 3 or 3
            whole = whole[:first] + "".join(self.group + whole[i:i + 3]
                                            for i in range(first, len(whole), 3))
        negative = value < 0 and any(c not in "0." for c in text)
        sign = "-" if negative else ""
        return f"{sign}{whole}{self.decimal + fraction if fraction else ''}"

    def signed(self, value: float, digits: int = 0) -> str:
        """With a sign always (``+1.5``, ``-2``, ``0``).

        >>> NumberFormat().signed(1.25, 1), NumberFormat().signed(0, 1)
        ('+1.2', '0.0')
        """
        text = self.number(value, digits)
        return text if text.startswith("-") or not any(c in "123456789" for c in text) \
            else "+" + text

    def percent(self, share: float, digits: int = 1) -> str:
        """A share (0..1) as a percentage in this language's pattern."""
        return self.percent_pattern.replace("{n}", self.number(100 * share, digits))

    def date(self, value: date | str) -> str:
        """A day in this language's medium date format (an ISO text is read first;
        only its first ten characters, the day, are used)."""
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return (self.date_pattern.replace("{mon}", self.months[day.month - 1])
                .replace("{mm}", f"{day.month:02d}").replace("{m}", str(day.month))
                .replace("{d}", str(day.day)).replace("{y}", str(day.year)))
