"""Pabulib ``.pb`` files (https://pabulib.org/format): one participatory-budgeting
instance in three ``;``-separated sections, ``META`` (key;value), ``PROJECTS`` and
``VOTES``.

What they become (see ``docs/import-pabulib.md`` for the table):

* the instance: one :class:`~participation.model.Activity` of kind
  ``participatory_budgeting`` at the decision stage, its window the voting days, its
  participants the voters, its inputs the projects (taken into account: the selected ones);
* the ballot: one :class:`~participation.surveys.Survey` keyed ``pabulib.<file>``, whose
  ``vote`` question fits the vote type (approval → multiple choice, ordinal → ranking
  with Borda counts, cumulative and scoring → a matrix of points per project); the other
  VOTES columns (age, sex, voting method …) are short-text questions; the META section is
  kept verbatim in the survey's description (an activity has no field for it);
* every vote: a survey response to that ballot, the voter id as respondent id (a
  pseudonym in Pabulib), submitted at the start of the vote (the file has no time);
* every project: a submission of kind ``proposal`` through the ``participatory_budgeting``
  channel, received on the first voting day (the file does not say when it was
  proposed); ``selected`` gives it an accepted or rejected answer on the last day; cost,
  votes, score and every other column are kept in ``extra``, with ``votes_counted``
  (and ``score_counted``) as counted from VOTES.

The counts from VOTES are compared with the PROJECTS ``votes`` (and ``score``) columns and
with META ``num_votes``/``num_projects``; each disagreement is named in the summary.
Pabulib dates carry no zone: ``--timezone`` is required.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import IO, Any

import attrs

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.importers import ImportContext, Importer
from participation.importers.records import csv_line, csv_records, record_result
from participation.model import (
    Activity,
    ActivityKind,
    Event,
    Mode,
    Outcome,
    ParticipationLevel,
    Response,
    Stage,
    Status,
    Submission,
    SubmissionKind,
    Window,
)
from participation.serialization import LineResult, Serializer
from participation.surveys import Answer, Option, Question, Survey, SurveyResponse

__all__ = ["CHANNEL", "QUESTION_TYPES", "PabulibImporter", "parse_day"]

#: The channel type projects come through.
CHANNEL = "participatory_budgeting"
#: The question type of the ballot, by vote type.
QUESTION_TYPES = {"approval": "multiple_choice", "knapsack": "multiple_choice",
                  "choose-1": "single_choice",
                  "ordinal": "ranking", "cumulative": "matrix_single",
                  "scoring": "matrix_single"}
_SECTIONS = ("META", "PROJECTS", "VOTES")
_POINTS = ("cumulative", "scoring")


def parse_day(text: str, field: str, last: bool = False) -> date:
    """A Pabulib date: ``DD.MM.YYYY``, ``DD/MM/YYYY``, ``YYYY-MM-DD`` (a time after it is
    ignored) or a bare year (its first day, or with ``last`` its last).

    >>> parse_day("09.09.2019", "date_begin"), parse_day("2020", "date_end", last=True)
    (datetime.date(2019, 9, 9), datetime.date(2020, 12, 31))
    """
    value = text.strip().split(" ")[0]
    try:
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 12, 31) if last else date(int(value), 1, 1)
        match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", value)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date (DD.MM.YYYY, YYYY-MM-DD or a year)") from None


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.strip().lower()).strip("-") or "x"


@attrs.define
class _Instance:
    """What is known of the instance while the file is read."""

    context: ImportContext
    slug: str
    meta: dict[str, str] = attrs.Factory(dict)
    meta_line: int = 1
    projects: dict[str, dict[str, str]] = attrs.Factory(dict)
    project_lines: dict[str, int] = attrs.Factory(dict)
    option_keys: dict[str, str] = attrs.Factory(dict)
    votes: dict[str, int] = attrs.Factory(dict)
    points: dict[str, int] = attrs.Factory(dict)
    voters: int = 0
    methods: set[str] = attrs.Factory(set)
    window: Window | None = None
    survey: Survey | None = None
    vote_columns: list[str] = attrs.Factory(list)
    extra_questions: dict[str, str] = attrs.Factory(dict)

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval").strip().lower()

    @property
    def activity_id(self) -> str:
        return f"pabulib.{self.slug}"

    def moments(self) -> tuple[datetime, datetime]:
        """The first and the last voting day's start, in ``--timezone``."""
        if self.window is None:
            raise FieldError("date_begin", "the META section gives no voting days, "
                             "so the votes cannot be dated")
        zone = self.context.require_timezone("pabulib")
        end = self.window.end or self.window.start
        return (datetime.combine(self.window.start, time.min, zone),
                datetime.combine(end, time.min, zone))

    def read_window(self) -> Window:
        begin, end = self.meta.get("date_begin", "").strip(), self.meta.get("date_end", "").strip()
        if not begin:
            year = self.meta.get("instance", "").strip()
            if not re.fullmatch(r"\d{4}", year):
                raise FieldError("date_begin", "missing (and the instance is not a year)")
            begin = end = year
        start = parse_day(begin, "date_begin")
        finish = parse_day(end, "date_end", last=True) if end else None
        return Window(start, finish)


class PabulibImporter(Importer):
    """Pabulib ``.pb`` participatory-budgeting instances (see the module text).

    Option: ``id=SLUG`` names the instance (default: the file name).
    """

    key = "pabulib"
    label = "Pabulib participatory-budgeting instance (.pb)"
    suffixes = (".pb",)
    raw_newlines = True
    needs_timezone = True

    def sniff(self, head: str) -> bool:
        """A file that starts with the ``META`` section and its ``key;value`` header."""
        lines = head.lstrip("\ufeff").splitlines()[:2]
        return len(lines) == 2 and lines[0].strip() == "META" and lines[1].strip() == "key;value"

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """The ballot survey and the votes as they come; the activity and the projects
        (with their counted votes) at the end."""
        context = context or ImportContext()
        slug = _key(context.options.get("id") or Path(context.source).stem)
        state = _Instance(context, slug)
        section, header = "", None
        for line, cells, complaint in csv_records(stream, ";"):
            if cells is None:
                yield LineResult(line, problems=(Problem("$", complaint, line=line),))
                break
            marker = cells[0].strip().upper() if len(cells) == 1 else ""
            if marker in _SECTIONS:
                if _SECTIONS.index(marker) < (_SECTIONS.index(section) if section else -1):
                    raise InvalidDocumentError([Problem("$", f"section {marker} after {section}",
                                                        line=line)])
                if marker == "PROJECTS" or (marker == "VOTES" and section == "META"):
                    state.window = _window(state, line)
                section, header = marker, None
                continue
            if not section:
                raise InvalidDocumentError([Problem("$", "not a Pabulib file: it must start "
                                                    "with the META section", line=line)])
            if header is None:
                header = [c.strip() for c in cells]
                _check_header(section, header, line)
                if section == "VOTES":
                    yield record_result(line, csv_line(cells, ";"),
                                        partial(_survey, state, header))
                continue
            raw = csv_line(cells, ";")
            if len(cells) != len(header):
                yield LineResult(line, problems=(Problem(
                    "$", f"{len(header)} columns expected, {len(cells)} found", line=line),), raw=raw)
                continue
            row = dict(zip(header, cells, strict=True))
            if section == "META":
                state.meta[row["key"].strip()] = row["value"]
                state.meta_line = state.meta_line if len(state.meta) > 1 else line
            elif section == "PROJECTS":
                result = record_result(line, raw, partial(_project_row, state, row, line))
                if not result.ok:
                    yield result
            else:
                yield record_result(line, raw, partial(_vote, state, row))
        yield from _finish(state)


def _window(state: _Instance, line: int) -> Window | None:
    try:
        return state.read_window()
    except FieldError as exc:
        state.context.note(f"no voting days ({exc}); the votes cannot be dated")
        return None


def _check_header(section: str, header: list[str], line: int) -> None:
    needed = {"META": ("key", "value"), "PROJECTS": ("project_id",),
              "VOTES": ("voter_id", "vote")}[section]
    missing = [c for c in needed if c not in header]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing or repeated:
        what = [f"the {section} header lacks {', '.join(missing)}"] if missing else []
        what += [f"the {section} header names {', '.join(repeated)} twice"] if repeated else []
        raise InvalidDocumentError([Problem("$", "; ".join(what), line=line)])


def _project_row(state: _Instance, row: dict[str, str], line: int) -> None:
    pid = row["project_id"].strip()
    if not pid:
        raise FieldError("project_id", "missing")
    if pid in state.projects:
        raise FieldError("project_id", f"project {pid!r} is listed twice")
    key = _key(f"p-{pid}")
    while key in state.option_keys.values():
        key += "_"
    state.option_keys[pid] = key
    state.projects[pid] = row
    state.project_lines[pid] = line
    state.votes[pid] = state.points[pid] = 0


def _survey(state: _Instance, header: list[str]) -> Survey:
    """The ballot, once the VOTES header says which columns the votes have."""
    vote_type = state.vote_type
    qtype = QUESTION_TYPES.get(vote_type)
    if qtype is None:
        raise FieldError("vote_type", f"{vote_type!r} is not a Pabulib vote type "
                         f"({', '.join(QUESTION_TYPES)})")
    if len(state.projects) < 2:
        raise FieldError("PROJECTS", f"a ballot needs at least two projects, "
                         f"{len(state.projects)} given")
    options = tuple(Option(state.option_keys[pid], {"en": row.get("name", "").strip() or pid})
                    for pid, row in state.projects.items())
    limit = _int(state.meta.get("max_length", ""), "max_length")
    question: Question
    if vote_type in _POINTS:
        top = _int(state.meta.get("max_points", "") or state.meta.get("max_sum_points", ""),
                   "max_points") or 10
        question = Question("vote", qtype, {"en": "Points given to each project"}, rows=options,
                            options=tuple(Option(str(n), {"en": str(n)}) for n in range(1, top + 1)))
    else:
        text = {"approval": "Projects approved", "knapsack": "Projects chosen within the budget",
                "choose-1": "Project chosen",
                "ordinal": "Projects ranked, best first"}[vote_type]
        most = min(limit, len(options)) if limit and qtype != "single_choice" else None
        question = Question("vote", qtype, {"en": text}, options=options, max_choices=most)
    others = [c for c in header if c not in ("voter_id", "vote", "points")]
    state.extra_questions = {c: _key(c) for c in others}
    questions = [question] + [Question(state.extra_questions[c], "short_text", {"en": c})
                              for c in others]
    opens, closes = state.moments()
    meta = "\n".join(f"{k}: {v}" for k, v in state.meta.items())
    title = state.meta.get("description", "").strip() or state.activity_id
    state.survey = Survey(f"pabulib.{state.slug}", {"en": title},
                          description={"en": f"Pabulib ballot ({vote_type}).\n{meta}"},
                          anonymous=False, opens_at=opens, closes_at=closes + timedelta(days=1),
                          questions=questions)
    state.vote_columns = header
    return state.survey


def _int(text: str, field: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return int(float(value)) if re.fullmatch(r"-?\d+(\.0+)?", value) else int(value)
    except ValueError:
        raise FieldError(field, f"{text!r} is not a whole number") from None


def _vote(state: _Instance, row: dict[str, str]) -> SurveyResponse:
    if state.survey is None:
        raise FieldError("vote", "no ballot: the VOTES header or the projects could not be read")
    voter = row["voter_id"].strip()
    if not voter:
        raise FieldError("voter_id", "missing")
    chosen = [p.strip() for p in row["vote"].split(",") if p.strip()]
    unknown = [p for p in chosen if p not in state.projects]
    if unknown:
        raise FieldError("vote", f"not a project of this instance: {', '.join(unknown)}")
    if len(set(chosen)) != len(chosen):
        raise FieldError("vote", "a project is named twice")
    minimum = _int(state.meta.get("min_length", ""), "min_length")
    if minimum and len(chosen) < minimum:
        raise FieldError("vote", f"{len(chosen)} projects, at least {minimum} required (min_length)")
    maximum = _int(state.meta.get("max_length", ""), "max_length")
    if maximum and len(chosen) > maximum:
        raise FieldError("vote", f"{len(chosen)} projects, at most {maximum} allowed (max_length)")
    answer: Any
    if state.vote_type in _POINTS:
        points = [_int(p, "points") for p in row.get("points", "").split(",") if p.strip()]
        if len(points) != len(chosen):
            raise FieldError("points", f"{len(points)} points for {len(chosen)} projects")
        given = {p: n for p, n in zip(chosen, points, strict=True) if n}
        answer = {state.option_keys[p]: str(n) for p, n in given.items()}
    elif state.vote_type == "choose-1":
        if len(chosen) != 1:
            raise FieldError("vote", f"choose-1 takes one project, {len(chosen)} given")
        answer = state.option_keys[chosen[0]]
    else:
        answer = tuple(state.option_keys[p] for p in chosen)
    answers = [Answer("vote", answer)] if answer else []
    answers += [Answer(key, row[column].strip()) for column, key in state.extra_questions.items()
                if row.get(column, "").strip()]
    opens, _ = state.moments()
    response = SurveyResponse(f"{state.survey.key}.{voter}", state.survey.key, 1, opens,
                              answers, respondent_id=voter)
    _limits(state, chosen, given if state.vote_type in _POINTS else None)
    state.voters += 1
    if state.vote_type in _POINTS:
        for p, n in given.items():
            state.votes[p] += 1
            state.points[p] += n or 0
    else:
        for p in chosen:
            state.votes[p] += 1
    if row.get("voting_method", "").strip():
        state.methods.add(row["voting_method"].strip().lower())
    return response


def _limits(state: _Instance, chosen: list[str], points: dict[str, int] | None) -> None:
    """Count, for the summary, votes outside the ballot's cost and points limits
    (``min``/``max_sum_cost``, ``min``/``max_sum_points``): the city counted them, so
    they are kept, and said."""
    meta = state.meta
    checks = []
    if meta.get("max_sum_cost", "").strip() or meta.get("min_sum_cost", "").strip():
        total = sum(_cost(state.projects[p].get("cost", "")) for p in chosen)
        checks += [("max_sum_cost", total, 1), ("min_sum_cost", total, -1)]
    if points is not None:
        checks += [("max_sum_points", sum(points.values()), 1),
                   ("min_sum_points", sum(points.values()), -1)]
    for key, value, sign in checks:
        text = meta.get(key, "").strip()
        limit = _cost(text) if text else None
        if limit is not None and (value - limit) * sign > 0:
            state.context.note(f"votes outside {key} ({text}), kept as cast")


def _cost(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        return 0.0


def _finish(state: _Instance) -> Iterator[LineResult]:
    """The activity and the projects, with the counts compared."""
    context = state.context
    for pid, row in state.projects.items():
        for column, counted in (("votes", state.votes[pid]), ("score", state.points[pid])):
            if column == "score" and state.vote_type not in _POINTS:
                continue
            given = row.get(column, "").strip()
            if given and _safe_int(given) != counted:
                context.note(f"disagreement: project {pid} has {column} {given} in PROJECTS, "
                             f"{counted} counted in VOTES")
    for field, counted in (("num_votes", state.voters), ("num_projects", len(state.projects))):
        given = state.meta.get(field, "").strip()
        if given and _safe_int(given) != counted:
            context.note(f"disagreement: META {field} is {given}, {counted} in the file")
    yield record_result(state.meta_line, "META", lambda: _activity(state))
    for pid, row in state.projects.items():
        line = state.project_lines.get(pid, 0)
        yield record_result(line, csv_line(list(row.values()), ";"),
                            partial(_project, state, pid, row))


def _safe_int(text: str) -> int | None:
    try:
        return _int(text, "count")
    except FieldError:
        return None


def _activity(state: _Instance) -> Activity:
    if state.window is None:
        state.window = state.read_window()  # raises with the reason
    selected = sum(1 for row in state.projects.values() if row.get("selected", "").strip() == "1")
    methods = state.methods
    mode = (Mode.DIGITAL if methods == {"internet"} else Mode.HYBRID if len(methods) > 1
            else Mode.IN_PERSON if methods == {"paper"} else Mode.DIGITAL)
    title = state.meta.get("description", "").strip() or " ".join(
        state.meta.get(k, "").strip() for k in ("unit", "district", "instance")).strip()
    return Activity(state.activity_id, None, ActivityKind.PARTICIPATORY_BUDGETING, Stage.DECISION,
                    ParticipationLevel.PARTNERSHIP, state.window, title=title or state.activity_id,
                    mode=mode, participants=state.voters, inputs_received=len(state.projects),
                    inputs_taken_into_account=selected)


def _project(state: _Instance, pid: str, row: dict[str, str]) -> Submission:
    opens, closes = state.moments()
    extra = {k: v for k, v in row.items() if k not in ("project_id", "name", "description")
             and v.strip()}
    extra["votes_counted"] = str(state.votes[pid])
    if state.vote_type in _POINTS:
        extra["score_counted"] = str(state.points[pid])
    extra["pabulib_instance"] = state.activity_id
    selected = row.get("selected", "").strip()
    events: list[Event] = [Event(opens, Status.REGISTERED)]
    response = None
    if selected in ("0", "1"):
        outcome = Outcome.ACCEPTED if selected == "1" else Outcome.REJECTED
        note = "selected for funding by the vote" if selected == "1" else "not selected by the vote"
        events += [Event(closes, Status.ANSWERED, note=note), Event(closes, Status.CLOSED)]
        response = Response(closes, outcome, published=True, text=note)
    return Submission(f"{state.activity_id}.{pid}", CHANNEL, SubmissionKind.PROPOSAL, opens,
                      subject=row.get("name", "").strip() or pid,
                      text=row.get("description", "").strip(),
                      topic=row.get("category", "").strip() or None, anonymous=True,
                      events=events, response=response, extra=extra)
