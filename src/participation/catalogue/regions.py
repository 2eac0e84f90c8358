"""Groupings of countries a researcher compares by: EU-27, the EU-14 "old" and EU-13
"new" member states, the EEA, and the UN M49 sub-regions.

* **EU-14** are the member states that joined before 2004 (the EU-15 without the
  United Kingdom); **EU-13** those that joined in 2004, 2007 and 2013.
* The **M49 sub-regions** follow the UN Statistics Division's *Standard Country or
  Area Codes for Statistical Use* (Series M, No. 49), as of December 2021: Northern
  (16 countries or areas), Western (9), Eastern (10) and Southern Europe (16). Cyprus
  is in **Western Asia** there, although it is an EU member state.

>>> [eu_group(c).value for c in ("BG", "FR", "NO")]
['eu13', 'eu14', 'non_eu']
>>> subregion("CY"), subregion("SK")
(<Subregion.WESTERN_ASIA: 'western_asia'>, <Subregion.EASTERN_EUROPE: 'eastern_europe'>)
>>> [r.value for r in regions("IS")]
['eea', 'northern_europe']
"""

from __future__ import annotations

import enum

from participation.catalogue.countries import EEA, EU

__all__ = ["EU13", "EU14", "M49", "EuGroup", "Region", "Subregion", "eu_group", "regions",
           "subregion"]

#: Member states that joined before 2004 (the EU-15 without the United Kingdom).
EU14: frozenset[str] = frozenset({
    "AT", "BE", "DE", "DK", "ES", "FI", "FR", "GR", "IE", "IT", "LU", "NL", "PT", "SE",
})
#: Member states that joined in 2004, 2007 and 2013.
EU13: frozenset[str] = EU - EU14


class EuGroup(enum.Enum):
    """Old and new member states, and the rest: one value per country."""

    EU14 = "eu14"
    EU13 = "eu13"
    NON_EU = "non_eu"


class Subregion(enum.Enum):
    """UN M49 sub-regions in which European countries lie."""

    NORTHERN_EUROPE = "northern_europe"
    WESTERN_EUROPE = "western_europe"
    EASTERN_EUROPE = "eastern_europe"
    SOUTHERN_EUROPE = "southern_europe"
    WESTERN_ASIA = "western_asia"
    OTHER = "other"


class Region(enum.Enum):
    """Every grouping a country belongs to (a country is in several)."""

    EU27 = "eu27"
    EU14 = "eu14"
    EU13 = "eu13"
    EEA = "eea"
    NORTHERN_EUROPE = "northern_europe"
    WESTERN_EUROPE = "western_europe"
    EASTERN_EUROPE = "eastern_europe"
    SOUTHERN_EUROPE = "southern_europe"
    WESTERN_ASIA = "western_asia"


#: UN M49 sub-region → its countries and areas (ISO 3166-1 alpha-2).
M49: dict[Subregion, frozenset[str]] = {
    Subregion.NORTHERN_EUROPE: frozenset({"AX", "DK", "EE", "FI", "FO", "GG", "IS", "IE", "IM",
                                          "JE", "LV", "LT", "NO", "SJ", "SE", "GB"}),
    Subregion.WESTERN_EUROPE: frozenset({"AT", "BE", "FR", "DE", "LI", "LU", "MC", "NL", "CH"}),
    Subregion.EASTERN_EUROPE: frozenset({"BY", "BG", "CZ", "HU", "MD", "PL", "RO", "RU", "SK",
                                         "UA"}),
    Subregion.SOUTHERN_EUROPE: frozenset({"AL", "AD", "BA", "HR", "GI", "GR", "VA", "IT", "MT",
                                          "ME", "MK", "PT", "SM", "RS", "SI", "ES"}),
    Subregion.WESTERN_ASIA: frozenset({"AM", "AZ", "BH", "CY", "GE", "IQ", "IL", "JO", "KW",
                                       "LB", "OM", "QA", "SA", "PS", "SY", "TR", "AE", "YE"}),
}


def eu_group(code: str) -> EuGroup:
    """EU-14, EU-13 or neither, for an ISO code."""
    if code in EU14:
        return EuGroup.EU14
    if code in EU13:
        return EuGroup.EU13
    return EuGroup.NON_EU


def subregion(code: str) -> Subregion:
    """The M49 sub-region of an ISO code (``OTHER`` outside Europe and Western Asia)."""
    for region, members in M49.items():
        if code in members:
            return region
    return Subregion.OTHER


def regions(code: str) -> tuple[Region, ...]:
    """Every :class:`Region` an ISO code belongs to, in the enum's order."""
    found = set()
    if code in EU:
        found.add(Region.EU27)
        found.add(Region.EU14 if code in EU14 else Region.EU13)
    if code in EEA:
        found.add(Region.EEA)
    sub = subregion(code)
    if sub is not Subregion.OTHER:
        found.add(Region(sub.value))
    return tuple(r for r in Region if r in found)
