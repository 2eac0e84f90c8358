"""ISO 3166-1 alpha-2 country codes, their English short names, and the EU/EEA members.

The catalogue validates every country code against :data:`ISO_3166_1`; importers
turn country names into codes with :func:`country_code`.

>>> ISO_3166_1["BG"]
'Bulgaria'
>>> country_code("Deutschland"), country_code("czech republic"), country_code("Atlantis")
('DE', 'CZ', None)
>>> sorted(EEA_NOT_EU)
['IS', 'LI', 'NO']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["EEA", "EEA_NOT_EU", "EU", "ISO_3166_1", "country_code", "is_country"]

_TABLE = """
AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AI Anguilla|AL Albania|
AM Armenia|AO Angola|AQ Antarctica|AR Argentina|AS American Samoa|AT Austria|AU Australia|
AW Aruba|AX Åland Islands|AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh|
BE Belgium|BF Burkina Faso|BG Bulgaria|BH Bahrain|BI Burundi|BJ Benin|BL Saint Barthélemy|
BM Bermuda|BN Brunei Darussalam|BO Bolivia|BQ Bonaire, Sint Eustatius and Saba|BR Brazil|
BS Bahamas|BT Bhutan|BV Bouvet Island|BW Botswana|BY Belarus|BZ Belize|CA Canada|
CC Cocos (Keeling) Islands|CD Congo, Democratic Republic of the|CF Central African Republic|
CG Congo|CH Switzerland|CI Côte d'Ivoire|CK Cook Islands|CL Chile|CM Cameroon|CN China|
CO Colombia|CR Costa Rica|CU Cuba|CV Cabo Verde|CW Curaçao|CX Christmas Island|CY Cyprus|
CZ Czechia|DE Germany|DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|DZ Algeria|
EC Ecuador|EE Estonia|EG Egypt|EH Western Sahara|ER Eritrea|ES Spain|ET Ethiopia|FI Finland|
FJ Fiji|FK Falkland Islands (Malvinas)|FM Micronesia|FO Faroe Islands|FR France|GA Gabon|
GB United Kingdom|GD Grenada|GE Georgia|GF French Guiana|GG Guernsey|GH Ghana|GI Gibraltar|
GL Greenland|GM Gambia|GN Guinea|GP Guadeloupe|GQ Equatorial Guinea|GR Greece|
GS South Georgia and the South Sandwich Islands|GT Guatemala|GU Guam|GW Guinea-Bissau|
GY Guyana|HK Hong Kong|HM Heard Island and McDonald Islands|HN Honduras|HR Croatia|HT Haiti|
HU Hungary|ID Indonesia|IE Ireland|IL Israel|IM Isle of Man|IN India|
IO British Indian Ocean Territory|IQ Iraq|IR Iran|IS Iceland|IT Italy|JE Jersey|JM Jamaica|
JO Jordan|JP Japan|KE Kenya|KG Kyrgyzstan|KH Cambodia|KI Kiribati|KM Comoros|
KN Saint Kitts and Nevis|KP North Korea|KR South Korea|KW Kuwait|KY Cayman Islands|
KZ Kazakhstan|LA Lao People's Democratic Republic|LB Lebanon|LC Saint Lucia|LI Liechtenstein|
LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania|LU Luxembourg|LV Latvia|LY Libya|MA Morocco|
MC Monaco|MD Moldova|ME Montenegro|MF Saint Martin (French part)|MG Madagascar|
MH Marshall Islands|MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|
MP Northern Mariana Islands|MQ Martinique|MR Mauritania|MS Montserrat|MT Malta|MU Mauritius|
MV Maldives|MW Malawi|MX Mexico|MY Malaysia|MZ Mozambique|NA Namibia|NC New Caledonia|
NE Niger|NF Norfolk Island|NG Nigeria|NI Nicaragua|NL Netherlands|NO Norway|NP Nepal|NR Nauru|
NU Niue|NZ New Zealand|OM Oman|PA Panama|PE Peru|PF French Polynesia|PG Papua New Guinea|
PH Philippines|PK Pakistan|PL Poland|PM Saint Pierre and Miquelon|PN Pitcairn|PR Puerto Rico|
PS Palestine, State of|PT Portugal|PW Palau|PY Paraguay|QA Qatar|RE Réunion|RO Romania|
RS Serbia|RU Russian Federation|RW Rwanda|SA Saudi Arabia|SB Solomon Islands|SC Seychelles|
SD Sudan|SE Sweden|SG Singapore|SH Saint Helena, Ascension and Tristan da Cunha|SI Slovenia|
SJ Svalbard and Jan Mayen|SK Slovakia|SL Sierra Leone|SM San Marino|SN Senegal|SO Somalia|
SR Suriname|SS South Sudan|ST Sao Tome and Principe|SV El Salvador|SX Sint Maarten (Dutch part)|
SY Syrian Arab Republic|SZ Eswatini|TC Turks and Caicos Islands|TD Chad|
TF French Southern Territories|TG Togo|TH Thailand|TJ Tajikistan|TK Tokelau|TL Timor-Leste|
TM Turkmenistan|TN Tunisia|TO Tonga|TR Türkiye|TT Trinidad and Tobago|TV Tuvalu|TW Taiwan|
TZ Tanzania|UA Ukraine|UG Uganda|UM United States Minor Outlying Islands|US United States|
UY Uruguay|UZ Uzbekistan|VA Holy See|VC Saint Vincent and the Grenadines|VE Venezuela|
VG Virgin Islands (British)|VI Virgin Islands (U.S.)|VN Viet Nam|VU Vanuatu|WF Wallis and Futuna|
WS Samoa|YE Yemen|YT Mayotte|ZA South Africa|ZM Zambia|ZW Zimbabwe
"""

#: Every officially assigned ISO 3166-1 alpha-2 code → English short name (249 codes).
ISO_3166_1: Mapping[str, str] = MappingProxyType({
    entry.strip()[:2]: entry.strip()[3:]
    for entry in _TABLE.replace("\n", "").split("|") if entry.strip()
})

#: The 27 member states of the European Union.
EU: frozenset[str] = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
#: The EEA members outside the EU.
EEA_NOT_EU: frozenset[str] = frozenset({"IS", "LI", "NO"})
#: The European Economic Area: the EU and Iceland, Liechtenstein and Norway.
EEA: frozenset[str] = EU | EEA_NOT_EU

#: Other names (and common short forms) found in real catalogues.
_ALIASES = {
    "czech republic": "CZ", "deutschland": "DE", "russia": "RU", "south korea": "KR",
    "korea, republic of": "KR", "republic of korea": "KR", "north korea": "KP",
    "palestinian territory": "PS", "palestine": "PS", "cape verde": "CV", "usa": "US",
    "united states of america": "US", "uk": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "turkey": "TR",
    "vietnam": "VN", "syria": "SY", "laos": "LA", "iran, islamic republic of": "IR",
    "bolivia, plurinational state of": "BO", "venezuela, bolivarian republic of": "VE",
    "tanzania, united republic of": "TZ", "moldova, republic of": "MD", "macedonia": "MK",
    "ivory coast": "CI", "swaziland": "SZ", "burma": "MM", "the netherlands": "NL",
    "holland": "NL", "espana": "ES", "italia": "IT", "hellas": "GR", "the gambia": "GM",
    "democratic republic of the congo": "CD", "republic of the congo": "CG",
    "brunei": "BN", "macau": "MO", "kosovo": "XK",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


_BY_NAME = {_fold(name): code for code, name in ISO_3166_1.items()}
_BY_NAME.update({_fold(alias): code for alias, code in _ALIASES.items() if code in ISO_3166_1})


def is_country(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-2 code (upper case).

    >>> is_country("BG"), is_country("bg"), is_country("XX"), is_country("UK")
    (True, False, False, False)
    """
    return code in ISO_3166_1


def country_code(name: str) -> str | None:
    """The ISO code of a country named in English (or a known alias), else ``None``.

    Case and accents are ignored; a valid code is returned as it is.

    >>> country_code("Côte d'Ivoire"), country_code("cote d'ivoire"), country_code("BG")
    ('CI', 'CI', 'BG')
    """
    text = name.strip()
    if is_country(text):
        return text
    return _BY_NAME.get(_fold(text))
