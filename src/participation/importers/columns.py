"""The flat columns of each record kind, for spreadsheets: what the ``csv`` importer
reads and what ``participation template`` writes.

A CSV file holds one record kind; its header says which (the kind whose required
columns it has). Every column is documented (English and Bulgarian) with an example
value; the example row of a template imports as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from participation.errors import Problem
from participation.model import Activity, Administration, Policy, Submission

__all__ = ["COLUMN_SETS", "Column", "ColumnSet", "column_set_for"]

_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


@attrs.frozen
class Column:
    """One column: its name, whether a value is required, what it means (per language)
    and an example value (what the template's example row holds)."""

    name: str
    help: dict[str, str]
    example: str = ""
    required: bool = False
    #: text, nullable (empty is null), flag, int, stages, window_start, window_end, contact
    kind: str = "text"

    def describe(self, lang: str = "en") -> str:
        """The column's meaning in ``lang`` (English when not translated)."""
        return self.help.get(lang) or self.help["en"]


Cells = dict[str, str]
Build = Callable[[Cells, list[Problem], int], dict[str, Any]]


@attrs.frozen
class ColumnSet:
    """The columns of one record kind and how a row becomes its document."""

    kind: str
    cls: type
    columns: tuple[Column, ...]
    #: Columns the exporter writes that the importer ignores.
    ignored: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in template order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the required columns."""
        return tuple(c.name for c in self.columns if c.required)

    def document(self, cells: Cells, line: int) -> tuple[dict[str, Any], list[Problem]]:
        """The document of one row (cells by column name, empty cells as ``""``) and
        the problems of its flat cells."""
        problems: list[Problem] = []
        doc: dict[str, Any] = {}
        contact: dict[str, Any] = {}
        window: dict[str, Any] = {}
        for column in self.columns:
            value = cells.get(column.name, "")
            if column.kind == "flag":
                flag = _flag(value, column.name, problems, line)
                if column.name == "contact_consent":
                    contact["consent"] = flag
                else:
                    doc[column.name] = flag
            elif not value and not column.required:
                if column.kind == "nullable":
                    doc[column.name] = None
                continue
            elif column.kind == "int":
                number = _int(value, column.name, problems, line)
                if number is not None:
                    doc[column.name] = number
            elif column.kind == "contact":
                contact[column.name.removeprefix("contact_")] = value
            elif column.kind in ("window_start", "window_end"):
                window[column.kind.removeprefix("window_")] = value
            elif column.kind == "stages":
                doc["stages"] = _stages(value, problems, line)
            else:
                doc[column.name] = value
        if set(contact) - {"consent"}:
            doc["contact"] = contact
        if window:
            doc["window"] = window
        return doc, problems


def _flag(value: str, column: str, problems: list[Problem], line: int) -> bool:
    folded = value.strip().lower()
    if folded in _TRUE:
        return True
    if folded not in _FALSE:
        problems.append(Problem(f"$.{column}", f"{value!r} is not true/false", line=line))
    return False


def _int(value: str, column: str, problems: list[Problem], line: int) -> int | None:
    from participation.serialization import MAX_INTEGER_DIGITS

    text = value.strip()
    digits = text.lstrip("+-")
    if not digits.isdigit() or not digits.isascii():
        problems.append(Problem(f"$.{column}", f"{value[:40]!r} is not a whole number", line=line))
        return None
    if len(digits) > MAX_INTEGER_DIGITS:
        problems.append(Problem(f"$.{column}", f"a number of {len(digits):,} digits is beyond "
                                f"the limit of {MAX_INTEGER_DIGITS} digits", line=line))
        return None
    return int(text)


def _stages(value: str, problems: list[Problem], line: int) -> list[dict[str, Any]]:
    """``drafting 2025-01-29..2025-05-29; decision 2025-05-30..`` (an open end: nothing
    after the dots)."""
    stages = []
    for part in (p.strip() for p in value.split(";")):
        if not part:
            continue
        stage, _, days = part.partition(" ")
        start, dots, end = days.strip().partition("..")
        if not dots or not start:
            problems.append(Problem("$.stages", f"{part[:60]!r} is not 'STAGE START..END' "
                                    "(e.g. 'drafting 2025-01-29..2025-05-29')", line=line))
            continue
        stages.append({"stage": stage, "window": {"start": start.strip(),
                                                  "end": end.strip() or None}})
    return stages


def _c(name: str, en: str, bg: str, example: str = "", *, required: bool = False,
       kind: str = "text") -> Column:
    return Column(name, {"en": en, "bg": bg}, example, required, kind)


SUBMISSION = ColumnSet("submission", Submission, (
    _c("id", "Your register's number of the submission (unique).",
       "Номерът на сигнала/предложението във вашия регистър (уникален).", "S-2025-0001",
       required=True),
    _c("channel", "How it came in: a channel type key (web_form, email, post, phone, "
       "in_person, …; `participation channels` lists them).",
       "Канал на постъпване: ключ на вид канал (web_form, email, post, phone, in_person, …).",
       "web_form", required=True),
    _c("kind", "proposal, signal, complaint, question, request or report (as the model "
       "names them).", "Вид: proposal, signal, complaint, question, request или report.",
       "proposal", required=True),
    _c("received_at", "When it was received: ISO 8601 with an offset "
       "(2025-03-01T09:30:00+02:00).",
       "Кога е получено: ISO 8601 с часова зона (2025-03-01T09:30:00+02:00).",
       "2025-03-01T09:30:00+02:00", required=True),
    _c("subject", "A short subject.", "Кратък предмет.", "More benches in the park"),
    _c("text", "The text as received.", "Текстът, както е получен.",
       "Please add benches along the main alley."),
    _c("policy_id", "The id of the policy it is about, if any.",
       "Идентификатор на политиката, за която се отнася (ако има)."),
    _c("topic", "A topic of your own (roads, waste, …).", "Тема (пътища, отпадъци, …).",
       "parks"),
    _c("anonymous", "true when the person did not give a name.",
       "true, когато подателят е анонимен.", "false", kind="flag"),
    _c("deadline_rule", "The deadline rule that applies, when not the channel's default.",
       "Правилото за срок, ако не е това по подразбиране за канала."),
    _c("occurred_on", "When the reported facts happened (YYYY-MM-DD), where the law cares.",
       "Кога са настъпили фактите (ГГГГ-ММ-ДД), където законът го изисква."),
    _c("contact_name", "The person's name (personal data).", "Име на подателя (лични данни).",
       kind="contact"),
    _c("contact_email", "The person's e-mail (personal data).",
       "Електронна поща на подателя (лични данни).", "ana@example.org", kind="contact"),
    _c("contact_phone", "The person's phone (personal data).",
       "Телефон на подателя (лични данни).", kind="contact"),
    _c("contact_address", "The person's postal address (personal data).",
       "Пощенски адрес на подателя (лични данни).", kind="contact"),
    _c("contact_consent", "true when the person agreed to be contacted.",
       "true, когато подателят е съгласен да бъде търсен.", "true", kind="flag"),
), ignored=("status", "answered_at", "outcome"))

POLICY = ColumnSet("policy", Policy, (
    _c("id", "Your id of the policy, plan or act (unique).",
       "Идентификатор на политиката, плана или акта (уникален).", "P-01", required=True),
    _c("title", "Its title.", "Заглавие.", "Regional Transport Scheme", required=True),
    _c("area", "The policy area (transport, environment, …).",
       "Област на политиката (транспорт, околна среда, …).", "transport"),
    _c("description", "A short description.", "Кратко описание."),
    _c("stages", "The stages it went through, in order: 'STAGE START..END' separated by "
       "';' (agenda_setting, drafting, decision, implementation, monitoring, "
       "reformulation; an open end: nothing after '..').",
       "Етапите, през които е минала, по ред: 'ЕТАП НАЧАЛО..КРАЙ', разделени с ';' "
       "(agenda_setting, drafting, decision, implementation, monitoring, reformulation; "
       "незавършен етап: нищо след '..').",
       "drafting 2025-01-29..2025-05-29; decision 2025-05-30..", kind="stages"),
))

ACTIVITY = ColumnSet("activity", Activity, (
    _c("id", "Your id of the activity (unique).", "Идентификатор на дейността (уникален).",
       "A-01", required=True),
    _c("policy_id", "The policy it is part of, if any.",
       "Политиката, към която принадлежи (ако има).", "P-01", kind="nullable"),
    _c("kind", "What it was: public_consultation, public_hearing, round_table, survey, … "
       "(`participation activities` lists the kinds).",
       "Вид: public_consultation, public_hearing, round_table, survey, …",
       "public_consultation", required=True),
    _c("stage", "The policy stage it served (agenda_setting, drafting, decision, "
       "implementation, monitoring, reformulation).",
       "Етапът на политиката (agenda_setting, drafting, decision, implementation, "
       "monitoring, reformulation).", "drafting", required=True),
    _c("level", "Council of Europe level: information, consultation, dialogue or "
       "partnership.", "Ниво по Съвета на Европа: information, consultation, dialogue или "
       "partnership.", "consultation", required=True),
    _c("window_start", "First day (YYYY-MM-DD).", "Първи ден (ГГГГ-ММ-ДД).", "2025-02-01",
       required=True, kind="window_start"),
    _c("window_end", "Last day (YYYY-MM-DD); empty while still open.",
       "Последен ден (ГГГГ-ММ-ДД); празно, докато тече.", "2025-03-02", kind="window_end"),
    _c("title", "Its title.", "Заглавие.", "Public consultation on the transport scheme"),
    _c("mode", "in_person, digital or hybrid.", "in_person, digital или hybrid.", "digital"),
    _c("participants", "How many people took part.", "Брой участници.", "120", kind="int"),
    _c("inputs_received", "How many proposals or opinions came in.",
       "Брой получени предложения или становища.", "45", kind="int"),
    _c("inputs_taken_into_account", "How many of them were taken into account.",
       "Брой от тях, които са отчетени.", "12", kind="int"),
    _c("feedback_published_at", "When the report on the inputs was published (ISO 8601 "
       "with an offset).", "Кога е публикувана справката за отразяване (ISO 8601 с часова "
       "зона).", "2025-03-20T12:00:00+02:00"),
    _c("minimum_rule", "The deadline rule of its minimum duration, if the law sets one.",
       "Правилото за минимален срок, ако законът определя такъв."),
    _c("exceptional", "true when a shorter duration was used by exception.",
       "true, когато по изключение е използван по-кратък срок.", "false", kind="flag"),
    _c("justification", "Why, when exceptional.", "Обосновка, когато е по изключение."),
))

ADMINISTRATION = ColumnSet("administration", Administration, (
    _c("name", "The administration's name.", "Наименование на администрацията.",
       "Regional Administration of Example", required=True),
    _c("country", "ISO 3166-1 alpha-2 code (BG).", "Код на държавата по ISO 3166-1 (BG).",
       "BG", required=True),
    _c("level", "supranational, national, regional, local or sublocal.",
       "supranational, national, regional, local или sublocal.", "regional"),
    _c("population", "Inhabitants served.", "Брой обслужвани жители.", "200000", kind="int"),
    _c("jurisdiction", "Picks the holiday calendar and deadline rules (bg, default).",
       "Определя календара на празниците и правилата за срокове (bg, default).", "bg"),
    _c("timezone", "IANA time zone (Europe/Sofia).", "Часова зона по IANA (Europe/Sofia).",
       "Europe/Sofia"),
))

#: Record kind → its columns (the kinds a CSV file can hold).
COLUMN_SETS = {s.kind: s for s in (SUBMISSION, POLICY, ACTIVITY, ADMINISTRATION)}


def column_set_for(header: list[str]) -> ColumnSet | None:
    """The kind whose required columns the header has (the most specific one first), or
    ``None``."""
    names = set(header)
    for kind in ("submission", "activity", "policy", "administration"):
        if all(c in names for c in COLUMN_SETS[kind].required):
            return COLUMN_SETS[kind]
    return None
