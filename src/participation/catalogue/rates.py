"""Exchange rates for putting money figures in euro, shipped with their source.

Only rates confirmed from a source that was read are shipped. For any other
currency and year the conversion is **unavailable** (:func:`to_euro` returns
``None``) rather than guessed:

* **EUR** is 1 by definition.
* **BGN**: the lev was held at 1.95583 to the euro by Bulgaria's currency board, and
  that is its ERM II central rate from 10 July 2020 and the conversion rate the Council
  fixed on 8 July 2025 for the changeover on 1 January 2026. This is a fixed rate, not
  an ECB average of daily reference rates (``basis`` says so); it is shipped for the
  years the cited pages cover, 2020–2025.
* **CZK, HUF, ISK** and other currencies: no ECB annual average could be confirmed
  from a readable source when the catalogue was compiled, so figures in them are not
  converted.

>>> to_euro(500_000, "BGN", 2025)
255645.94
>>> to_euro(35_000_000, "CZK", 2024) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = ["RATES", "Rate", "rate", "to_euro"]


@attrs.frozen
class Rate:
    """Units of ``currency`` per euro in ``year``, with where the rate comes from.

    :param basis: ``"fixed"`` (a fixed or central rate) or ``"ecb_annual_average"``.
    """

    currency: str
    year: int
    per_euro: float
    source: str
    basis: str
    note: str = ""


_BGN_SOURCES = (
    "https://ec.europa.eu/info/business-economy-euro/euro-area/euro/eu-countries-and-euro/"
    "bulgaria-and-euro_en",
    "https://www.einpresswire.com/article/829506827/bulgaria-to-join-euro-area-on-1-january-2026",
)

_RATES = [
    Rate("BGN", year, 1.95583, _BGN_SOURCES[0], "fixed",
         "ERM II central rate since 10 July 2020 (European Commission); the Council fixed "
         "the conversion rate at the same 1.95583 on 8 July 2025 (ECB press release, "
         f"{_BGN_SOURCES[1]})")
    for year in range(2020, 2026)
]

#: (currency, year) → rate. EUR is handled by :func:`rate` (always 1).
RATES: Mapping[tuple[str, int], Rate] = MappingProxyType(
    {(r.currency, r.year): r for r in _RATES})


def rate(currency: str, year: int | None) -> Rate | None:
    """The shipped rate for ``currency`` in ``year``, or ``None`` when unavailable."""
    if year is None:
        return None
    if currency == "EUR":
        return Rate("EUR", year, 1.0, "", "fixed", "the euro itself")
    return RATES.get((currency, year))


def to_euro(amount: float, currency: str, year: int | None) -> float | None:
    """``amount`` of ``currency`` in euro at the rate of ``year`` (2 decimals), or
    ``None`` when no rate is shipped for that currency and year."""
    found = rate(currency, year)
    if found is None:
        return None
    return round(amount / found.per_euro, 2)
