"""``participation template KIND``: a spreadsheet (or JSON Lines) template of a record
kind, with its columns documented one by one and an example row that imports as it is."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import click

from participation.cli import AppContext
from participation.plugins import hookimpl

__all__ = ["KINDS", "template_text"]

#: The kinds a template can be written for (``survey_response``: JSON Lines only).
KINDS = ("submission", "policy", "activity", "administration", "survey_response")


def _survey_response_example(app: AppContext, survey_key: str | None) -> dict[str, Any]:
    from participation.errors import UnknownKeyError
    from participation.surveys.synthetic import generate

    surveys = app.registry.surveys
    if not surveys:
        raise click.ClickException("no survey is installed: install a survey plugin "
                                   "(participation-survey-satisfaction) first")
    key = survey_key or sorted(surveys)[0]
    if key not in surveys:
        raise UnknownKeyError("survey", key, list(surveys))
    start = datetime(2025, 5, 1, 10, tzinfo=UTC)
    response = next(generate(surveys[key], 1, 1, start, start + timedelta(hours=1),
                             app.registry.question_types))
    return app.serializer.dump(response)  # type: ignore[no-any-return]


def template_text(app: AppContext, kind: str, fmt: str, delimiter: str = ",",
                  survey: str | None = None) -> str:
    """The template of ``kind`` in ``fmt`` (``csv`` or ``jsonl``)."""
    from participation.importers.columns import COLUMN_SETS

    if kind == "survey_response":
        if fmt == "csv":
            raise click.UsageError("survey responses have nested answers: use --format jsonl")
        return json.dumps(_survey_response_example(app, survey), ensure_ascii=False) + "\n"
    columns = COLUMN_SETS[kind]
    example = {c.name: c.example for c in columns.columns}
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(columns.names)
        writer.writerow([example[n] for n in columns.names])
        return buffer.getvalue()
    document, _problems = columns.document(example, 2)
    record = app.serializer.load(document, columns.cls)
    return json.dumps(app.serializer.dump(record), ensure_ascii=False) + "\n"


def _documentation(app: AppContext, kind: str, fmt: str, lang: str) -> list[str]:
    from participation.importers.columns import COLUMN_SETS

    if kind == "survey_response":
        return ["One tagged survey response per line: id, survey (the survey's key), "
                "survey_version, submitted_at (ISO 8601 with an offset), answers "
                "(question → value); `participation survey show KEY` lists the questions."]
    columns = COLUMN_SETS[kind]
    width = max(len(c.name) for c in columns.columns)
    required = {"en": "required", "bg": "задължително"}.get(lang, "required")
    lines = [f"{c.name:<{width}}  {'*' if c.required else ' '} {c.describe(lang)}"
             for c in columns.columns]
    lines.append(f"{'':<{width}}  * {required}")
    if fmt == "jsonl":
        lines.insert(0, "JSON Lines: one tagged document per line; the fields are these "
                     "columns (window_start/window_end as window.start/window.end, contact_* "
                     "as contact.*, stages as a list).")
    return lines


@click.command("template")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              show_default=True, help="A spreadsheet (CSV) or JSON Lines.")
@click.option("--lang", default="en", show_default=True,
              help="Language of the column documentation (en, bg).")
@click.option("--delimiter", type=click.Choice([",", ";"]), default=",", show_default=True,
              help="The CSV cell separator (many spreadsheets in Europe use ';').")
@click.option("--survey", help="For survey_response: the survey (default: the first installed).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the template here (default: standard output, with the "
                   "documentation on standard error).")
@click.pass_obj
def template_command(app: AppContext, kind: str, fmt: str, lang: str, delimiter: str,
                     survey: str | None, out: str | None) -> None:
    """Write a template for KIND: its columns and one example row, which imports as it
    is (`participation import FILE --db PATH`); the columns are documented one by one.
    """
    text = template_text(app, kind, fmt, delimiter, survey)
    docs = "\n".join(_documentation(app, kind, fmt, lang))
    if out is None:
        click.echo(text, nl=False)
        click.echo(docs, err=True)
        return
    from participation.files import atomic_writer

    with atomic_writer(out, newline="") as stream:
        stream.write(text)
    click.echo(f"{out}: template of {kind.replace('_', ' ')} records ({fmt}); one row per "
               "record, these columns:")
    click.echo(docs)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``participation template``."""
    cli.add_command(template_command)
