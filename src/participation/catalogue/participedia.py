"""Import of Participedia case exports onto the catalogue's vocabularies.

Two column sets are recognised from the header:

* **legacy** — the 2017 migration dump (``content_country``, ``kind_of_influence``,
  ``participant_selection`` …, titles in a separate ``case__localized_texts.csv``);
* **current** — the CSV the site exports today (``title``, ``country``,
  ``scope_of_influence``, ``public_spectrum``, multi-valued fields joined with
  ``", "`` or spread over ``field_1`` … ``field_5``).

Known values are translated (``public_spectrum`` → IAP2, ``scope_of_influence`` →
level of government, ``targeted_participants`` → target groups, ``method_types`` →
OECD methods, ``facetoface_online_or_both`` → channels); every other non-empty value
is kept verbatim in the practice's ``extra`` field (including the scopes beyond the
one that gives the level, and the current ``body`` when the ``description`` is not
empty; otherwise the body, as plain text, is the description). A row that cannot
become a practice (no title, no recognisable country, a bad id, a date that is not
a real calendar date) is reported with
its line and the reason, so imported + reported = rows. The file is read in one
pass and the output is written atomically.

A case is kept, with a *warning* naming its line, when only its dates are wrong: an end
before the start drops both years; a placeholder date (the Unix epoch, which the
legacy export writes as ``1969-12-31T16:00:00`` for "no date") is read as unknown. The
legacy ``location`` column is a number: given the export's ``geolocation.csv``
(``--geolocation``), the case keeps its place (city, province, country, and the
coordinates unless they are the ``0° 0' 0"`` placeholder) in ``extra``, and a case
without ``content_country`` takes the country of its place.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from participation.catalogue.countries import country_code
from participation.catalogue.model import OecdMethod, Practice, TargetGroup
from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.files import atomic_writer, utf8_lines
from participation.model import GovernmentLevel, Iap2Level, Medium, Stage

if TYPE_CHECKING:
    from participation.serialization import Serializer

__all__ = ["ImportResult", "SkippedRow", "detect_format", "import_cases", "iter_cases",
           "read_geolocation"]

PUBLIC_SPECTRUM = {level.value: level for level in Iap2Level}
SCOPE = {"neighbourhood": GovernmentLevel.SUBLOCAL, "neighborhood": GovernmentLevel.SUBLOCAL,
         "city/town": GovernmentLevel.LOCAL, "city": GovernmentLevel.LOCAL,
         "metropolitan": GovernmentLevel.LOCAL, "regional": GovernmentLevel.REGIONAL,
         "national": GovernmentLevel.NATIONAL, "multinational": GovernmentLevel.SUPRANATIONAL}
TARGETED = {"elderly": TargetGroup.ELDERLY, "experts": TargetGroup.EXPERTS,
            "immigrants": TargetGroup.MIGRANTS, "lowincome": TargetGroup.LOW_INCOME,
            "people": TargetGroup.PEOPLE_WITH_DISABILITIES, "students": TargetGroup.STUDENTS,
            "women": TargetGroup.WOMEN, "youth": TargetGroup.YOUTH,
            "racialethnic": TargetGroup.MINORITIES, "stakeholder": TargetGroup.CIVIL_SOCIETY,
            "appointed": TargetGroup.PUBLIC_OFFICIALS, "elected": TargetGroup.ELECTED_OFFICIALS}
METHOD_TYPES = {"public": OecdMethod.PARTICIPATORY_BUDGETING,
                "deliberative": OecdMethod.REPRESENTATIVE_DELIBERATIVE_PROCESS,
                "public_meetings": OecdMethod.OPEN_MEETINGS,
                "evaluation": OecdMethod.CIVIC_MONITORING}
MEDIUM = {"facetoface": (Medium.IN_PERSON,), "online": (Medium.DIGITAL,),
          "both": (Medium.IN_PERSON, Medium.DIGITAL)}

# Legacy vocabularies (labels, matched on their text before any "(" or ",").
LEGACY_INFLUENCE = {"consultation": Iap2Level.CONSULT, "co-governance": Iap2Level.COLLABORATE,
                    "make public decisions": Iap2Level.EMPOWER,
                    "raise public awareness": Iap2Level.INFORM}
LEGACY_ENTITY = {"local government": GovernmentLevel.LOCAL,
                 "regional government": GovernmentLevel.REGIONAL,
                 "national government": GovernmentLevel.NATIONAL,
                 "international organization": GovernmentLevel.SUPRANATIONAL}
LEGACY_DEMOGRAPHIC = {"general public": TargetGroup.GENERAL_PUBLIC, "youth": TargetGroup.YOUTH,
                      "students": TargetGroup.STUDENTS, "elderly": TargetGroup.ELDERLY,
                      "women": TargetGroup.WOMEN, "immigrants": TargetGroup.MIGRANTS,
                      "racial/ethnic group": TargetGroup.MINORITIES,
                      "people with disabilities": TargetGroup.PEOPLE_WITH_DISABILITIES,
                      "low-income earners": TargetGroup.LOW_INCOME,
                      "lay public": TargetGroup.GENERAL_PUBLIC,
                      "stakeholder organizations": TargetGroup.CIVIL_SOCIETY,
                      "elected public official": TargetGroup.ELECTED_OFFICIALS,
                      "appointed public servants": TargetGroup.PUBLIC_OFFICIALS,
                      "experts": TargetGroup.EXPERTS}

#: Current ``approaches`` and ``purposes`` that name a stage of the policy cycle (CoE):
#: advocacy and protest put an issue on the agenda, consultation works on a draft, direct
#: decision-making and co-governance decide, co-production and service delivery carry a
#: policy out, evaluation monitors it. Other values (research, informal, social …) name
#: no stage and stay in ``extra``.
STAGES = {"advocacy": Stage.AGENDA_SETTING, "protest": Stage.AGENDA_SETTING,
          "consultative": Stage.DRAFTING, "direct": Stage.DECISION,
          "cogovernance": Stage.DECISION, "make": Stage.DECISION,
          "coproduction": Stage.IMPLEMENTATION, "deliver": Stage.IMPLEMENTATION,
          "evaluation": Stage.MONITORING}

LEGACY_MARKERS = {"content_country", "kind_of_influence"}
CURRENT_MARKERS = {"title", "country"}


@attrs.frozen
class SkippedRow:
    """A row that was not imported: its first physical line and why."""

    line: int
    reason: str


@attrs.frozen
class ImportResult:
    """What an import did: rows read, practices written and rows reported.

    ``skipped`` lists the reported rows, unless they were handed to an ``on_skip``
    callback as they came (then it is empty and only ``reported`` counts them).
    """

    format: str
    rows: int
    imported: int
    reported: int
    skipped: tuple[SkippedRow, ...] = ()
    warned: int = 0


def detect_format(header: list[str]) -> str:
    """``"legacy"`` or ``"current"`` from a CSV header.

    :raises InvalidDocumentError: neither column set.
    """
    names = {h.strip() for h in header}
    if names >= LEGACY_MARKERS:
        return "legacy"
    if names >= CURRENT_MARKERS:
        return "current"
    raise InvalidDocumentError([Problem("header", "not a Participedia case export: expected "
                                        "the legacy columns (content_country, "
                                        "kind_of_influence …) or the current ones (title, "
                                        "country …)", line=1)])


def _clean(value: str | None) -> str:
    return html.unescape(value or "").strip()


def _label(value: str) -> str:
    return re.split(r"[(,]", value, maxsplit=1)[0].strip().lower()


#: Dates the exports write for "no date": the Unix epoch, in UTC or read in an
#: American zone (``1969-12-31T16:00:00``).
PLACEHOLDER_DAYS = frozenset({date(1969, 12, 31), date(1970, 1, 1)})


def _year(value: str, column: str, warnings: list[str] | None = None) -> int | None:
    """The year of a date cell (``2019-05-01``, ``2019-05-01T00:00:00.000Z`` …); a
    placeholder date is unknown (and said in ``warnings``)."""
    text = _clean(value)
    if not text or text.lower() in {"invalid date", "null"}:
        return None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        raise FieldError(column, f"{text!r} is not a date (YYYY-MM-DD…)") from None
    if day in PLACEHOLDER_DAYS:
        if warnings is not None:
            warnings.append(f"{column} {text!r} is a placeholder (the Unix epoch): read as unknown")
        return None
    return day.year


def _years(fields: dict[str, Any], warnings: list[str]) -> None:
    """Drop both years when the end is before the start (the case is kept)."""
    start, end = fields.get("start_year"), fields.get("end_year")
    if start is not None and end is not None and end < start:
        warnings.append(f"end_date ({end}) is before start_date ({start}): both dates dropped")
        fields["start_year"] = fields["end_year"] = None
        fields["dates_note"] = (f"the source's dates contradict each other (start {start}, "
                                f"end {end}); both dropped")


_ZERO = re.compile(r"^0° 0' 0\"? ?[NSEW]?$")


def read_geolocation(path: str | Path) -> dict[str, dict[str, str]]:
    """The places of the legacy export's ``geolocation.csv`` by id (columns ``id``,
    ``address1``, ``address2``, ``city``, ``province``, ``country``, ``postal_code``,
    ``latitude``, ``longitude``).

    :raises InvalidDocumentError: the file has no ``id`` column, or is not UTF-8.
    """
    p = Path(path)
    with p.open("rb") as fh:
        reader = csv.DictReader(utf8_lines(fh, p))
        if "id" not in (reader.fieldnames or []):
            raise InvalidDocumentError([Problem("header", "not a Participedia geolocation.csv: "
                                                "no id column", line=1, source=str(p))])
        return {_clean(row.get("id")): {k: _plain(v or "") for k, v in row.items() if k}
                for row in reader}


def _place(row: Mapping[str, str], places: Mapping[str, Mapping[str, str]],
           extra: dict[str, str]) -> str:
    """Put the case's place in ``extra``; return the place's country name ("" if none)."""
    place = places.get(_clean(row.get("location")))
    if place is None:
        return ""
    where = ", ".join(v for v in (place.get("city", ""), place.get("province", ""),
                                  place.get("country", "")) if v)
    if where:
        extra["location"] = where
    for axis in ("latitude", "longitude"):
        value = place.get(axis, "")
        if value and not _ZERO.match(value):
            extra[axis] = value
    return place.get("country", "")


def _plain(markup: str) -> str:
    """Plain text from an HTML fragment (tags dropped, even one cut off at the end;
    entities decoded; white space collapsed)."""
    text = html.unescape(re.sub(r"<[^>]*(?:>|$)", " ", markup or ""))
    return " ".join(text.split())


def _multi(row: Mapping[str, str], name: str) -> list[str]:
    values = [v.strip() for v in _clean(row.get(name)).split(",") if v.strip()]
    for i in range(1, 6):
        single = _clean(row.get(f"{name}_{i}"))
        if single:
            values.append(single)
    return values


def _common(pid: str, title: str, country_text: str, row: Mapping[str, str]
            ) -> dict[str, Any]:
    if not pid.isdigit():
        raise FieldError("id", f"{pid!r} is not a Participedia case number")
    if not title:
        raise FieldError("title", "the case has no title")
    if not country_text:
        raise FieldError("country", "the case has no country")
    code = country_code(country_text)
    if code is None:
        raise FieldError("country", f"unknown country {country_text!r}")
    return {"id": f"participedia-{pid}", "name": title, "country": code,
            "sources": (f"https://participedia.net/case/{pid}",)}


def _current(row: Mapping[str, str], warnings: list[str]) -> dict[str, Any]:
    fields = _common(_clean(row.get("id")), _clean(row.get("title")),
                     _clean(row.get("country")), row)
    extra: dict[str, str] = {}
    fields["description"] = _clean(row.get("description"))
    fields["start_year"] = _year(row.get("start_date", ""), "start_date", warnings)
    fields["end_year"] = _year(row.get("end_date", ""), "end_date", warnings)
    if _clean(row.get("ongoing")).lower() in {"1", "true", "yes"}:
        fields["end_year"] = None
    _years(fields, warnings)
    scope = [v.lower() for v in _multi(row, "scope_of_influence")]
    chosen = next((v for v in scope if v in SCOPE), None)
    if chosen is not None:
        fields["level"] = SCOPE[chosen]
    body = _plain(row.get("body") or "")
    if body and not fields["description"]:
        fields["description"] = body
    elif body:
        extra["body"] = body
    spectrum = _clean(row.get("public_spectrum")).lower()
    if spectrum in PUBLIC_SPECTRUM:
        fields["iap2"] = PUBLIC_SPECTRUM[spectrum]
    targeted = _multi(row, "targeted_participants")
    fields["target_groups"] = tuple(dict.fromkeys(TARGETED[v.lower()] for v in targeted
                                                  if v.lower() in TARGETED))
    methods = _multi(row, "method_types")
    fields["methods"] = tuple(dict.fromkeys(METHOD_TYPES[v.lower()] for v in methods
                                            if v.lower() in METHOD_TYPES))
    fields["channels"] = MEDIUM.get(_clean(row.get("facetoface_online_or_both")).lower(), ())
    named = [v.lower() for name in ("purposes", "approaches") for v in _multi(row, name)]
    fields["stages"] = tuple(sorted({STAGES[v] for v in named if v in STAGES},
                                    key=list(Stage).index))
    # the level holds one scope; every other one (mapped or not) is kept
    unknown = {"scope_of_influence": [v for v in scope if v != chosen],
               "targeted_participants": [v for v in targeted if v.lower() not in TARGETED],
               "method_types": [v for v in methods if v.lower() not in METHOD_TYPES]}
    if spectrum and spectrum not in PUBLIC_SPECTRUM:
        extra["public_spectrum"] = spectrum
    for name, values in unknown.items():
        if values:
            extra[name] = ", ".join(values)
    skip = {"id", "title", "country", "description", "start_date", "end_date", "ongoing",
            "public_spectrum", "facetoface_online_or_both", "body", "url", "type",
            "creator_name", "creator_id", "creator_profile_url", "last_updated_by_name",
            "last_updated_by_id", "last_updated_by_profile_url"}
    for column, value in row.items():
        base = re.sub(r"_[1-5]$", "", column or "")
        if column and base not in skip and base not in unknown and _clean(value):
            extra.setdefault(base, ", ".join(_multi(row, base)) or _clean(value))
    fields["extra"] = extra
    return fields




def _legacy(row: Mapping[str, str], titles: Mapping[str, str],
            places: Mapping[str, Mapping[str, str]], warnings: list[str]) -> dict[str, Any]:
    pid = _clean(row.get("id"))
    extra: dict[str, str] = {}
    country = _place(row, places, extra)
    fields = _common(pid, titles.get(pid, ""), _clean(row.get("content_country")) or country, row)
    fields["start_year"] = _year(row.get("start_date", ""), "start_date", warnings)
    end = _year(row.get("end_date", ""), "end_date", warnings)
    fields["end_year"] = None if _clean(row.get("ongoing")).lower() == "yes" else end
    _years(fields, warnings)
    influence = _clean(row.get("kind_of_influence"))
    if _label(influence) in LEGACY_INFLUENCE:
        fields["iap2"] = LEGACY_INFLUENCE[_label(influence)]
    elif influence:
        extra["kind_of_influence"] = influence
    sponsor = _clean(row.get("typical_sponsoring_entity"))
    if _label(sponsor) in LEGACY_ENTITY:
        fields["level"] = LEGACY_ENTITY[_label(sponsor)]
    groups = []
    for column in ("targeted_participant_demographic", "targeted_participants_public_role"):
        value = _clean(row.get(column))
        if _label(value) in LEGACY_DEMOGRAPHIC:
            groups.append(LEGACY_DEMOGRAPHIC[_label(value)])
        elif value:
            extra[column] = value
    fields["target_groups"] = tuple(dict.fromkeys(groups))
    fields["channels"] = MEDIUM.get(_clean(row.get("facetoface_online_or_both")).lower(), ())
    topic = _clean(row.get("specific_topic"))
    if "participatory budget" in topic.lower():
        fields["methods"] = (OecdMethod.PARTICIPATORY_BUDGETING,)
    handled = {"id", "content_country", "start_date", "end_date", "ongoing",
               "kind_of_influence", "targeted_participant_demographic",
               "targeted_participants_public_role", "facetoface_online_or_both", "location",
               "post_date", "updated_date", "published"}
    for column, value in row.items():
        if column and column not in handled and _clean(value):
            extra.setdefault(column, _clean(value))
    fields["extra"] = extra
    return fields


def _read_titles(path: Path) -> dict[str, str]:
    with path.open("rb") as fh:
        return {(_clean(r.get("case_id"))): _clean(r.get("title"))
                for r in csv.DictReader(utf8_lines(fh, path))
                if (r.get("language") or "en") == "en"}


def iter_cases(path: str | Path, *, texts: str | Path | None = None,
               geolocation: str | Path | None = None
               ) -> Iterator[tuple[int, Practice | None, str]]:
    """Read a case export one row at a time: ``(line, practice, warnings)`` for an
    imported row (``warnings`` empty, or what was dropped from it), ``(line, None,
    reason)`` for one that is not.

    :param texts: the legacy ``case__localized_texts.csv`` (default: beside ``path``).
    :param geolocation: the legacy ``geolocation.csv`` (see :func:`read_geolocation`).
    :raises InvalidDocumentError: the header is not a Participedia case export, or the
        file (or the titles file) is not UTF-8 text (naming the line).
    """
    p = Path(path)
    with p.open("rb") as fh:
        yield from _cases(p, csv.DictReader(utf8_lines(fh, p)), texts,
                          read_geolocation(geolocation) if geolocation else {})


def _cases(p: Path, reader: csv.DictReader[str], texts: str | Path | None,
           places: Mapping[str, Mapping[str, str]]
           ) -> Iterator[tuple[int, Practice | None, str]]:
    header = reader.fieldnames or []
    fmt = detect_format(list(header))
    titles: dict[str, str] = {}
    if fmt == "legacy":
        texts_path = Path(texts) if texts else p.with_name("case__localized_texts.csv")
        if texts_path.exists():
            titles = _read_titles(texts_path)
    seen: set[int] = set()  # case numbers, to report duplicates (ints: compact)
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if None in row:
            yield line, None, "more cells than columns in the header"
            continue
        warnings: list[str] = []
        try:
            fields = (_legacy(row, titles, places, warnings) if fmt == "legacy"
                      else _current(row, warnings))
            if warnings:
                fields.setdefault("dates_note", "; ".join(warnings))
            number = int(fields["id"].rpartition("-")[2])
            if number in seen:
                raise FieldError("id", f"case {fields['id']} appears twice")
            practice = Practice(**fields)
        except FieldError as exc:
            yield line, None, str(exc)
            continue
        seen.add(number)
        yield line, practice, "; ".join(warnings)


def import_cases(path: str | Path, out: str | Path, *, texts: str | Path | None = None,
                 geolocation: str | Path | None = None, serializer: Serializer | None = None,
                 on_skip: Callable[[SkippedRow], None] | None = None,
                 on_warning: Callable[[SkippedRow], None] | None = None) -> ImportResult:
    """Import a Participedia case export into ``out`` (a JSON array of practice
    documents that :meth:`Catalogue.load` reads as an ``extra`` file).

    ``out`` is written through a temporary file and renamed at the end, so a failed
    import leaves nothing half-written. Memory stays constant in the rows except for
    the set of ids seen (to report duplicates) and, without ``on_skip``, the list of
    reported rows.

    :param on_skip: called with each row that is not imported, as it is read.
    :param on_warning: called with each row imported with a warning (dates dropped).
    :param geolocation: the legacy ``geolocation.csv``, joined on ``location``.
    """
    from participation.catalogue.export import iter_json_array

    p = Path(path)
    with p.open("rb") as fh:
        fmt = detect_format(next(csv.reader(utf8_lines(fh, p)), []))
    skipped: list[SkippedRow] = []
    rows = reported = warned = 0

    def practices() -> Iterator[Practice]:
        nonlocal rows, reported, warned
        for line, practice, reason in iter_cases(p, texts=texts, geolocation=geolocation):
            rows += 1
            if practice is not None and reason:
                warned += 1
                if on_warning is not None:
                    on_warning(SkippedRow(line, reason))
            if practice is None:
                reported += 1
                if on_skip is None:
                    skipped.append(SkippedRow(line, reason))
                else:
                    on_skip(SkippedRow(line, reason))
            else:
                yield practice

    imported = 0

    def counted() -> Iterator[Practice]:
        nonlocal imported
        for practice in practices():
            imported += 1
            yield practice

    with atomic_writer(out) as stream:
        for piece in iter_json_array(counted(), serializer):
            stream.write(piece)
    return ImportResult(fmt, rows, imported, reported, tuple(skipped), warned)
