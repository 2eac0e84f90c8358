"""``participation survey …``: list and show instruments, validate responses, compute
results, generate synthetic responses. A thin layer over :mod:`participation.surveys`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import attrs
import click

from participation.cli import AppContext, echo_json, parse_moment
from participation.errors import InvalidDocumentError, UnknownKeyError
from participation.files import atomic_writer
from participation.plugins import hookimpl

__all__ = ["register_commands", "survey_group"]


def _survey(app: AppContext, key: str) -> Any:
    """The registered survey ``key``, or a survey definition read from a JSON file."""
    from participation.surveys import ensure_survey

    if key.endswith(".json") and Path(key).is_file():
        survey = _survey_file(app, Path(key))
    else:
        try:
            survey = app.registry.surveys[key]
        except KeyError:
            raise UnknownKeyError("survey", key, list(app.registry.surveys)) from None
    return ensure_survey(survey, app.registry.question_types)


def _survey_file(app: AppContext, path: Path) -> Any:
    """A survey definition read from a JSON file; every problem names the file."""
    from participation.files import read_utf8
    from participation.surveys import Survey

    text = read_utf8(path)
    try:
        return app.serializer.loads(text, Survey)
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(q, source=q.source or str(path))
                                    for q in exc.problems]) from None


@click.group("survey")
def survey_group() -> None:
    """Survey instruments, their responses and results."""


@survey_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--lang", default="en", show_default=True, help="Language of the titles.")
@click.pass_obj
def list_command(app: AppContext, as_json: bool, lang: str) -> None:
    """List the survey instruments the plugins provide."""
    from participation.surveys.model import text_in

    rows = [{"key": s.key, "version": s.version, "title": text_in(s.title, lang),
             "anonymous": s.anonymous, "questions": len(s.questions),
             "languages": s.languages()} for s in app.registry.surveys.values()]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no survey instruments installed")
    for r in rows:
        anon = "anonymous" if r["anonymous"] else "identified"
        click.echo(f"{r['key']} v{r['version']}  {r['title']} [{r['questions']} questions, "
                   f"{anon}, {'/'.join(r['languages'])}]")


@survey_group.command("show")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the definition as JSON.")
@click.option("--lang", default="en", show_default=True, help="Language of the texts.")
@click.pass_obj
def show_command(app: AppContext, key: str, as_json: bool, lang: str) -> None:
    """Show the survey KEY (a registered key, or a survey JSON file)."""
    from participation.surveys.model import text_in

    survey = _survey(app, key)
    if as_json:
        echo_json(app.serializer.dump(survey))
        return
    click.echo(f"{survey.key} v{survey.version}: {text_in(survey.title, lang)}")
    if survey.description:
        click.echo(text_in(survey.description, lang))
    for i, q in enumerate(survey.questions, start=1):
        flags = [q.type] + [f for f, on in (("mandatory", q.mandatory),
                                            ("confidential", q.confidential)) if on]
        if q.indicator:
            flags.append(f"indicator {q.indicator}")
        click.echo(f"{i:>2}. [{q.key}] {q.label(lang)} ({', '.join(flags)})")
        if q.conditions:
            click.echo(f"      shown if {_conditions_text(q.conditions)}")
        for r in q.rows:
            click.echo(f"      row {r.key}: {r.text(lang)}")
        for o in q.options:
            click.echo(f"      - {o.key}: {o.text(lang)}{' (other)' if o.other else ''}")


def _conditions_text(conditions: Any) -> str:
    """Display conditions as one readable rule: every mandatory condition AND at least
    one of the others (OR), e.g. ``a equal x and (b equal y or b equal z)``."""
    def one(c: Any) -> str:
        return f"{c.question} {c.kind.value} {c.value or ''}".rstrip()

    required = [one(c) for c in conditions if c.mandatory]
    optional = [one(c) for c in conditions if not c.mandatory]
    parts = list(required)
    if optional:
        either = " or ".join(optional)
        parts.append(f"({either})" if required and len(optional) > 1 else either)
    return " and ".join(parts)


def _problems(app: AppContext, survey: Any, responses: str) -> Iterator[Any]:
    from participation.surveys import read_responses

    return read_responses(responses, survey, app.serializer, app.registry.question_types)


@survey_group.command("validate")
@click.argument("key")
@click.argument("responses", type=click.Path(exists=True, dir_okay=False))
@click.pass_obj
def validate_command(app: AppContext, key: str, responses: str) -> None:
    """Check the RESPONSES file (JSON Lines, or .csv) against the survey KEY.

    Exit status 0 when every response is valid; 1 with every problem listed (file,
    line, question key and what is wrong).
    """
    survey = _survey(app, key)
    count = bad = problems = 0
    for read in _problems(app, survey, responses):
        count += 1
        if not read.ok:
            bad += 1
            for p in read.problems:
                problems += 1
                click.echo(str(p), err=True)
    if bad:
        raise click.ClickException(f"{responses}: {problems} problem"
                                   f"{'' if problems == 1 else 's'} in {bad} of {count} responses")
    click.echo(f"{responses}: valid ({count} responses to {survey.key} v{survey.version})")


@survey_group.command("results")
@click.argument("key")
@click.argument("responses", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, writable=True),
              help="Also write the results as CSV to this file.")
@click.option("--crosstab", nargs=2, multiple=True, metavar="ROW COLUMN",
              help="Cross-tabulate two questions (repeatable).")
@click.option("--lang", default="en", show_default=True, help="Language of the labels.")
@click.pass_obj
def results_command(app: AppContext, key: str, responses: str, as_json: bool,
                    csv_out: str | None, crosstab: tuple[tuple[str, str], ...], lang: str) -> None:
    """Compute the results of the survey KEY over the RESPONSES file.

    Invalid responses are left out, counted and reported on standard error
    (run ``survey validate`` for the details).
    """
    from participation.surveys import results_to_dict, write_results_csv
    from participation.surveys.results import ResultsBuilder

    survey = _survey(app, key)
    builder = ResultsBuilder(survey, app.registry.question_types, list(crosstab))
    for read in _problems(app, survey, responses):
        if read.ok:
            builder.add(read.response)
        else:
            builder.invalid += 1
    results = builder.finish()
    if results.invalid:
        click.echo(f"warning: {results.invalid} invalid responses left out "
                   f"(see: participation survey validate {key} {responses})", err=True)
    if csv_out:
        with atomic_writer(csv_out, newline="") as fh:
            write_results_csv(fh, results, survey, lang)
    if as_json:
        echo_json(results_to_dict(results))
        return
    _print_results(results, survey, lang)


def _print_results(results: Any, survey: Any, lang: str) -> None:
    click.echo(f"{survey.key} v{survey.version}: {results.n} responses")
    for q in results.questions:
        f = q.figures
        head = f"[{q.key}] {survey.question(q.key).label(lang)}"
        click.echo(f"{head}\n    n={q.n} shown={q.shown} skipped={q.skipped} hidden={q.hidden}")
        if f.get("mean") is not None:
            ci = f.get("ci95") or [None, None]
            low = "-" if ci[0] is None else f"{ci[0]:.2f}"
            high = "-" if ci[1] is None else f"{ci[1]:.2f}"
            click.echo(f"    mean {f['mean']:.2f} (95% CI {low}–{high})")
        if f.get("positive_share") is not None:
            click.echo(f"    positive {100 * f['positive_share']:.1f}%")
        if "order" in f:
            click.echo("    Borda: " + ", ".join(f"{k} {f['borda'][k]}" for k in f["order"]))
        elif "counts" in f:
            click.echo("    " + ", ".join(f"{k} {v}" for k, v in f["counts"].items()))
        for row, figures in f.get("rows", {}).items():
            counts = ", ".join(f"{k} {v}" for k, v in figures["counts"].items())
            click.echo(f"    {row} (n={figures['n']}): {counts}")
    for c in results.crosstabs:
        click.echo(f"{c.row} × {c.column} (n={c.n}): {json.dumps(c.counts)}")


@survey_group.command("generate")
@click.argument("key")
@click.argument("n", type=click.IntRange(min=0))
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--start", required=True, help="ISO 8601 date-time with offset.")
@click.option("--end", required=True, help="ISO 8601 date-time with offset.")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="The JSON Lines file to write.")
@click.pass_obj
def generate_command(app: AppContext, key: str, n: int, seed: int, start: str, end: str,
                     out: str) -> None:
    """Write N synthetic responses to the survey KEY (deterministic for a seed)."""
    from participation.surveys.synthetic import generate

    # a moment without an offset is read in UTC (the responses' own times are aware)
    moments = [parse_moment(text, UTC, name) for name, text in (("--start", start), ("--end", end))]
    survey = _survey(app, key)
    responses = generate(survey, n, seed, moments[0], moments[1], app.registry.question_types)
    with atomic_writer(out, newline="") as fh:
        app.serializer.write_jsonl(responses, fh)
    click.echo(f"{out}: {n} responses to {survey.key} v{survey.version}")


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The ``survey`` command group."""
    cli.add_command(survey_group)
