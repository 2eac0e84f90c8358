"""Responses in and out: JSON Lines and CSV, read streaming with every problem named by
file, line and question key.

**JSON Lines**: one ``participation.survey_response/1`` document per line (the schema
tag may be left out).

**CSV** (UTF-8, a header row, RFC 4180 quoting), columns in any order:

- ``id`` and ``submitted_at`` (ISO 8601 with an offset) are required;
- ``survey_version`` (default: the survey's version) and ``language`` are optional;
- identity, only for surveys that are not anonymous: ``respondent_id``, ``name``,
  ``email``, ``phone``, ``address``;
- one column per question key; an empty cell is "not answered". Multiple choice and
  ranking: option keys separated by ``;`` (ranking best first); Likert: the point
  1…k or the option key; rating: 0…10; matrix: ``row=option;row=option`` (matrix
  multiple: ``row=a|b``);
- ``<question>.other``: the free text of a question's "other" option.

In both formats a response whose ``id`` was already read is reported as a problem
(``$.id``, naming the line of the first) and is not valid, so results leave it out.
To know, the reader keeps every distinct id it has seen (with its line): memory
grows with the number of distinct ids, a few dozen bytes each.

A cell written by :func:`participation.exporters.csvsafe.neutralise` (a ``'`` before
``=``, ``+``, ``-``, ``@`` …) is read back without that quote.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.exporters.csvsafe import unprotect, write_csv
from participation.model.submissions import Contact
from participation.surveys.model import Answer, Survey, SurveyResponse
from participation.surveys.questiontype import QuestionType
from participation.surveys.validation import validate_response

if TYPE_CHECKING:
    from participation.serialization import Serializer

__all__ = [
    "IDENTITY_COLUMNS",
    "ReadResponse",
    "iter_csv_responses",
    "iter_jsonl_responses",
    "read_responses",
    "redact",
    "response_columns",
    "write_responses_csv",
]

#: Identity columns (personal data): refused for anonymous surveys, written only on request.
IDENTITY_COLUMNS = ("respondent_id", "name", "email", "phone", "address")
_CONTACT = ("name", "email", "phone", "address")
_REQUIRED = ("id", "submitted_at")
_OPTIONAL = ("survey_version", "language")


@attrs.frozen
class ReadResponse:
    """One response read from a file: where it was and either the response or problems
    (a response read but not valid for the survey comes with its problems)."""

    line: int
    response: SurveyResponse | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the response was read and is valid."""
        return self.response is not None and not self.problems


def _placed(problems: Iterable[Problem], line: int, source: str | None) -> tuple[Problem, ...]:
    return tuple(attrs.evolve(p, line=line, source=source) for p in problems)


def _unrepeated(reads: Iterable[ReadResponse], source: str | None
                ) -> Iterator[ReadResponse]:
    """``reads`` with a problem added to each response whose id was read before."""
    first: dict[str, int] = {}
    for read in reads:
        if read.response is not None:
            seen = first.setdefault(read.response.id, read.line)
            if seen != read.line:
                repeat = Problem("$.id", f"repeated response id {read.response.id!r} (first "
                                 f"on line {seen}); the repeat is left out",
                                 line=read.line, source=source)
                read = attrs.evolve(read, problems=(*read.problems, repeat))
        yield read


def iter_jsonl_responses(stream: IO[str], survey: Survey, serializer: Serializer,
                         types: Mapping[str, QuestionType], source: str | None = None
                         ) -> Iterator[ReadResponse]:
    """Read and validate JSON Lines responses one line at a time (memory grows only
    with the distinct response ids, kept to report a repeated one)."""
    def reads() -> Iterator[ReadResponse]:
        for result in serializer.iter_jsonl(stream, SurveyResponse):
            if not result.ok:
                yield ReadResponse(result.line, None,
                                   _placed(result.problems, result.line, source))
                continue
            found = validate_response(survey, result.value, types)
            yield ReadResponse(result.line, result.value, _placed(found, result.line, source))

    return _unrepeated(reads(), source)


def response_columns(survey: Survey, *, identity: bool = True,
                     confidential: bool = True) -> list[str]:
    """The CSV columns for ``survey``: fixed ones, identity (if ``identity`` and the
    survey is not anonymous), then each question and its ``.other`` column."""
    columns = list(_REQUIRED + _OPTIONAL)
    if identity and not survey.anonymous:
        columns += IDENTITY_COLUMNS
    for q in survey.questions:
        if q.confidential and not confidential:
            continue
        columns.append(q.key)
        if any(o.other for o in q.options):
            columns.append(f"{q.key}.other")
    return columns


def _parse_row(survey: Survey, types: Mapping[str, QuestionType], row: Mapping[str, str]
               ) -> tuple[SurveyResponse | None, list[Problem]]:
    problems: list[Problem] = []
    cells = {k: unprotect(v or "") for k, v in row.items()}
    for k in _REQUIRED + _OPTIONAL + IDENTITY_COLUMNS:
        cells[k] = cells.get(k, "").strip()
    submitted: datetime | None = None
    try:
        submitted = datetime.fromisoformat(cells.get("submitted_at", ""))
        if submitted.tzinfo is None:
            problems.append(Problem("$.submitted_at", f"naive datetime {submitted.isoformat()}"
                                    " (add a timezone offset)"))
            submitted = None
    except ValueError:
        problems.append(Problem("$.submitted_at", f"{cells.get('submitted_at')!r} is not an "
                                "ISO 8601 date-time"))
    version = survey.version
    if cells.get("survey_version"):
        try:
            version = int(cells["survey_version"])
        except ValueError:
            problems.append(Problem("$.survey_version", f"{cells['survey_version']!r} is not "
                                    "a whole number"))
    contact = None
    if any(cells.get(k) for k in _CONTACT):
        contact = Contact(name=cells["name"] or None, email=cells["email"] or None,
                          phone=cells["phone"] or None, address=cells["address"] or None)
    answers = []
    for q in survey.questions:
        cell = cells.get(q.key, "")
        other = cells.get(f"{q.key}.other") or None
        if not cell.strip() and other is None:
            continue
        qtype = types.get(q.type)
        value: Any = None
        if cell.strip():
            try:
                value = qtype.parse_cell(q, cell) if qtype else cell
            except ValueError as exc:
                problems.append(Problem(q.key, f"cannot read {cell!r}: {exc}"))
                continue
        answers.append(Answer(q.key, value, other=other))
    if submitted is None or any(p.path.startswith("$") for p in problems):
        return None, problems
    unreadable = {p.path for p in problems}
    try:
        response = SurveyResponse(cells.get("id", ""), survey.key, version, submitted, answers,
                                  respondent_id=cells.get("respondent_id") or None,
                                  respondent=contact, language=cells.get("language") or None)
    except FieldError as exc:
        return None, [Problem(f"$.{exc.field}", exc.message)]
    found = [p for p in validate_response(survey, response, types) if p.path not in unreadable]
    return (None if problems else response), problems + found


def iter_csv_responses(stream: IO[str], survey: Survey, types: Mapping[str, QuestionType],
                       source: str | None = None) -> Iterator[ReadResponse]:
    """Read and validate CSV responses one row at a time (memory grows only with the
    distinct response ids, kept to report a repeated one).

    A header naming an unknown column, or missing ``id`` or ``submitted_at``, is one
    result for line 1 and nothing more is read.

    >>> import io
    >>> from participation.surveys import Question, Survey
    >>> from participation.surveys.builtin import BUILTIN_TYPES
    >>> s = Survey("s", {"en": "S"}, questions=[Question("score", "rating", {"en": "0-10?"})])
    >>> text = "id,submitted_at,score\\nr1,2025-05-01T09:00:00Z,8\\nr2,2025-05-01T09:00:00Z,11\\n"
    >>> for read in iter_csv_responses(io.StringIO(text), s, BUILTIN_TYPES, "in.csv"):
    ...     print(read.line, read.ok, *read.problems)
    2 True
    3 False in.csv:line 3: score: expected a whole number from 0 to 10, got 11
    """
    return _unrepeated(_csv_reads(stream, survey, types, source), source)


def _csv_reads(stream: IO[str], survey: Survey, types: Mapping[str, QuestionType],
               source: str | None) -> Iterator[ReadResponse]:
    reader = csv.DictReader(stream)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InvalidDocumentError([Problem("$", f"not readable as CSV: {exc}", line=1,
                                            source=source)]) from None
    known = set(response_columns(survey))
    problems = [Problem(f"$.{c}", "required column is missing") for c in _REQUIRED
                if c not in header]
    problems += [Problem(c, f"unknown column (not a question of survey {survey.key!r} nor "
                         "a documented column)") for c in header if c not in known and
                 not (c in IDENTITY_COLUMNS and survey.anonymous)]
    if problems:
        yield ReadResponse(1, None, _placed(problems, 1, source))
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidDocumentError([Problem("$", f"not readable as CSV: {exc}",
                                                line=line, source=source)]) from None
        if None in row:
            yield ReadResponse(line, None, _placed([Problem("$", "more cells than columns")],
                                                   line, source))
        elif any((v or "").strip() for v in row.values()):
            response, found = _parse_row(survey, types, row)
            yield ReadResponse(line, response, _placed(found, line, source))
        line = reader.line_num + 1


def read_responses(path: str | Path, survey: Survey, serializer: Serializer,
                   types: Mapping[str, QuestionType]) -> Iterator[ReadResponse]:
    """Read responses from a ``.csv`` file or a JSON Lines file (any other suffix),
    streaming, each validated against ``survey``.

    :raises InvalidDocumentError: the file is not UTF-8, or not CSV at all (a NUL byte,
        a field over the size limit), naming the file and about where it stopped.
    """
    p = Path(path)
    last = 0  # the line of the last response read, to place a stream-level error after it
    with p.open(encoding="utf-8-sig", newline="") as fh:
        try:
            if p.suffix.lower() == ".csv":
                reads = iter_csv_responses(fh, survey, types, str(p))
            else:
                reads = iter_jsonl_responses(fh, survey, serializer, types, str(p))
            for read in reads:
                last = read.line
                yield read
        except UnicodeDecodeError as exc:
            raise InvalidDocumentError([Problem("$", f"not UTF-8 text (byte {exc.start} of a "
                                                "read block); save the file as UTF-8",
                                                line=last + 1, source=str(p))]) from None



def redact(response: SurveyResponse, survey: Survey) -> SurveyResponse:
    """``response`` without identity and without the answers to confidential questions."""
    secret = {q.key for q in survey.questions if q.confidential}
    return attrs.evolve(response, respondent_id=None, respondent=None,
                        answers=[a for a in response.answers if a.question not in secret])


def write_responses_csv(stream: IO[str], survey: Survey, responses: Iterable[SurveyResponse],
                        types: Mapping[str, QuestionType], *, identity: bool = False) -> int:
    """Write responses as CSV (the format read by :func:`iter_csv_responses`).

    Answers to confidential questions are never written (their columns are left out);
    identity columns only with ``identity=True`` (and a survey that is not anonymous).
    Returns the number of rows written.
    """
    columns = response_columns(survey, identity=identity, confidential=False)
    questions = {q.key: q for q in survey.questions}

    def rows() -> Iterator[list[Any]]:
        for r in responses:
            cells: dict[str, Any] = {"id": r.id, "submitted_at": r.submitted_at.isoformat(),
                                     "survey_version": r.survey_version, "language": r.language,
                                     "respondent_id": r.respondent_id}
            if r.respondent is not None:
                cells.update({k: getattr(r.respondent, k) for k in _CONTACT})
            for a in r.answers:
                q = questions.get(a.question)
                if q is None or q.confidential:
                    continue
                qtype = types[q.type]
                cells[q.key] = qtype.format_cell(q, a.value) if a.value is not None else ""
                if a.other is not None:
                    cells[f"{q.key}.other"] = a.other
            yield [cells.get(c) for c in columns]

    return write_csv(stream, columns, rows())
