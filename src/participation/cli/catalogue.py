"""``participation catalogue …``: the good-practice catalogue on the command line.

A thin layer: each command parses its options, calls
:class:`~participation.catalogue.Catalogue` and prints the result as text or JSON.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO, Any

import click

from participation.catalogue import Catalogue, Practice
from participation.catalogue.export import TABLES
from participation.catalogue.fields import FIELDS, display
from participation.cli import AppContext, echo_json
from participation.errors import FieldError, UnknownKeyError
from participation.model import GovernmentLevel
from participation.plugins import hookimpl

_FIELD_NAMES = click.Choice(list(FIELDS))


def _app(ctx: click.Context) -> AppContext:
    app = ctx.find_object(AppContext)
    if app is None:  # only when the group is used outside build_cli()
        raise click.UsageError("run the catalogue commands through build_cli()")
    return app


def _catalogue(ctx: click.Context) -> Catalogue:
    app = _app(ctx)
    extra = ctx.find_root().meta.get("catalogue.extra", ())
    return Catalogue.load(app.registry, extra, serializer=app.serializer)


#: Fields ``list --json`` gives unless ``--fields`` says otherwise.
BRIEF_FIELDS = ("id", "name", "name_original", "country", "level", "start_year", "end_year",
                "type", "stages", "iap2", "coe", "methods", "sources")


def _record(p: Practice, fields: Sequence[str] = BRIEF_FIELDS) -> dict[str, Any]:
    from participation.catalogue.export import practice_record

    full = practice_record(p)
    return {name: full[name] for name in fields}


def _brief(p: Practice) -> dict[str, Any]:
    return _record(p)


def _parse_fields(text: str | None) -> tuple[str, ...] | None:
    """``--fields``: ``all`` or a comma-separated list of table columns."""
    from participation.catalogue.export import CSV_COLUMNS

    if text is None:
        return None
    if text.strip() == "all":
        return CSV_COLUMNS
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    for name in names:
        if name not in CSV_COLUMNS:
            raise UnknownKeyError("practice column", name, CSV_COLUMNS)
    if not names:
        raise FieldError("--fields", "give 'all' or a comma-separated list of columns")
    return names


def _echo_json(data: Any) -> None:
    echo_json(data)


def _line(p: Practice) -> str:
    year = "" if p.start_year is None else str(p.start_year)
    return f"{p.id:<42} {p.country}  {year:<4}  {display(p.iap2):<11}  {p.name}"


@click.group("catalogue")
@click.option("--extra", "extra", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Also load practices from this .toml/.json/.jsonl file (repeatable).")
@click.pass_context
def catalogue_group(ctx: click.Context, extra: tuple[str, ...]) -> None:
    """The catalogue of EU/EEA good practices in civic participation."""
    ctx.find_root().meta["catalogue.extra"] = extra


def _filter_options(command: Any) -> Any:
    """The filters shared by ``list``, ``crosstab`` and ``export``. Repeating an option
    means *any of* its values, for every option; use ``--where FIELD__all=A,B`` for
    *all of*."""
    options = [
        click.option("--country", multiple=True,
                     help="ISO code or English name (repeat: any of)."),
        click.option("--eu", is_flag=True, help="Only practices in EU member states."),
        click.option("--region", multiple=True,
                     help="eu27, eu14, eu13, eea or an M49 sub-region (repeat: any of)."),
        click.option("--level", multiple=True,
                     help="Level of government (national, regional, local …; repeat: any of)."),
        click.option("--type", "type_", multiple=True,
                     help="Kind of practice (participatory_budget …; repeat: any of)."),
        click.option("--stage", multiple=True, help="Policy-cycle stage (repeat: any of)."),
        click.option("--method", multiple=True, help="OECD method (repeat: any of)."),
        click.option("--area", multiple=True, help="Evaluation area addressed (repeat: any of)."),
        click.option("--iap2-min", help="At least this IAP2 level (e.g. collaborate)."),
        click.option("--coe-min", help="At least this CoE level (e.g. dialogue)."),
        click.option("--since", type=int, help="Started in this year or later."),
        click.option("--where", multiple=True, metavar="FIELD[__LOOKUP]=VALUE",
                     help="Any filter, e.g. 'target_groups=youth', 'start_year__lt=2015' or "
                          "'stages__all=drafting,decision'."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


_FILTER_KEYS = ("country", "eu", "region", "level", "type_", "stage", "method", "area",
                "iap2_min", "coe_min", "since", "where")


def _criteria(options: dict[str, Any]) -> dict[str, Any]:
    """Filter criteria from the shared options (removed from ``options``)."""
    values = {key: options.pop(key) for key in _FILTER_KEYS}
    criteria: dict[str, Any] = {}
    for key, name in (("country", "country"), ("region", "regions"), ("level", "level"),
                      ("type_", "type"), ("stage", "stages"), ("method", "methods"),
                      ("area", "areas")):
        if values[key]:
            criteria[f"{name}__in"] = list(values[key])
    if values["eu"]:
        criteria["eu"] = True
    for key, value in (("iap2__gte", values["iap2_min"]), ("coe__gte", values["coe_min"]),
                       ("start_year__gte", values["since"])):
        if value is not None:
            criteria[key] = value
    for item in values["where"]:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise FieldError("--where", f"expected FIELD[__LOOKUP]=VALUE, got {item!r}")
        parts = [v.strip() for v in value.split(",")]
        criteria[key.strip()] = parts if key.strip().endswith(("__in", "__all")) else value
    return criteria


@catalogue_group.command("list")
@_filter_options
@click.option("--by", "by", type=_FIELD_NAMES, help="Group the list by a field.")
@click.option("--fields", "fields", metavar="all|COLUMN,...",
              help="Columns in --json (default: a brief set; the same as show --json --fields).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def list_command(ctx: click.Context, /, by: str | None, fields: str | None, as_json: bool,
                 **options: Any) -> None:
    """List practices, optionally filtered and grouped.

    Example: which EU practices involve citizens at the monitoring stage at the
    level of collaboration or higher, by country:

        participation catalogue list --eu --stage monitoring --iap2-min collaborate --by country

    Repeating a filter option means any of its values (``--country BG --country RO``).
    """
    columns = _parse_fields(fields) or BRIEF_FIELDS
    found = _catalogue(ctx).filter(**_criteria(options))
    if by is not None:
        groups = found.group_by(by)
        if as_json:
            _echo_json({key: [_record(p, columns) for p in group]
                        for key, group in groups.items()})
            return
        for key, group in groups.items():
            click.echo(f"{key} ({len(group)})")
            for p in group:
                click.echo(f"  {_line(p)}")
        return
    if as_json:
        _echo_json([_record(p, columns) for p in found])
        return
    for p in found:
        click.echo(_line(p))
    click.echo(f"{len(found)} practices", err=True)


def _show_text(p: Practice, origin: str) -> str:
    out = [f"{p.name} [{p.id}]"]
    if p.name_original != p.name:
        out.append(f"  original name: {p.name_original}")
    years = "" if p.start_year is None else str(p.start_year)
    if p.end_year is not None:
        years += f"–{p.end_year}"
    for label, value in (("country", p.country), ("level", display(p.level)),
                         ("years", years), ("dates", p.dates_note), ("type", display(p.type)),
                         ("stages", ", ".join(s.value for s in p.stages)),
                         ("IAP2 / CoE", f"{display(p.iap2)} / {display(p.coe)}"),
                         ("level note", p.level_note),
                         ("methods", ", ".join(m.value for m in p.methods)),
                         ("channels", ", ".join(c.value for c in p.channels)),
                         ("target groups", ", ".join(t.value for t in p.target_groups)),
                         ("origin", origin)):
        if value:
            out.append(f"  {label}: {value}")
    out.append("")
    out.append("  " + " ".join(p.description.split()))
    if p.outcomes:
        out.append("\nOutcomes:")
        out.extend(f"  - {o}" for o in p.outcomes)
    if p.figures:
        out.append("\nFigures:")
        for f in p.figures:
            year = f" ({f.year})" if f.year is not None else " (year not stated)"
            note = f" — {f.note}" if f.note else ""
            out.append(f"  - {f.what}: {display(f.value)} {f.unit}{year} <{f.source}>{note}")
    if p.addresses:
        out.append("\nAddresses:")
        out.extend(f"  - {a.value}: {why}" for a, why in p.addresses.items())
    if p.extra:
        out.append("\nExtra (imported verbatim):")
        out.extend(f"  - {k}: {v}" for k, v in p.extra.items())
    out.append("\nSources:")
    out.extend(f"  - {s}" for s in p.sources)
    return "\n".join(out)


@catalogue_group.command("fields")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def fields_command(as_json: bool) -> None:
    """List the fields you can filter, group and cross-tabulate on, with their values."""
    import enum

    rows: list[dict[str, Any]] = []
    for f in FIELDS.values():
        values = [str(m.value) for m in f.kind] if issubclass(f.kind, enum.Enum) else []
        rows.append({"field": f.name, "help": f.help, "multi": f.multi, "ordered": f.ordered,
                     "values": values})
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        flags = ", ".join(x for x, on in (("several values", r["multi"]),
                                          ("ordered: __gte/__lte", r["ordered"])) if on)
        click.echo(f"{r['field']}: {r['help']}" + (f" ({flags})" if flags else ""))
        if r["values"]:
            click.echo(f"    {', '.join(r['values'])}")


@catalogue_group.command("show")
@click.argument("practice_id")
@click.option("--fields", "fields", metavar="all|COLUMN,...",
              help="With --json: these table columns, as list --json --fields gives them.")
@click.option("--json", "as_json", is_flag=True, help="Print the practice document.")
@click.pass_context
def show_command(ctx: click.Context, practice_id: str, fields: str | None,
                 as_json: bool) -> None:
    """Show everything about one practice."""
    cat = _catalogue(ctx)
    practice = cat.get(practice_id)
    columns = _parse_fields(fields)
    if as_json and columns is not None:
        _echo_json(_record(practice, columns))
        return
    if as_json:
        _echo_json(_app(ctx).serializer.dump(practice))
        return
    click.echo(_show_text(practice, cat.origin(practice_id)))


@catalogue_group.command("search")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def search_command(ctx: click.Context, text: str, as_json: bool) -> None:
    """Search names, descriptions and outcomes: every word of TEXT must start a word
    (case and accents ignored)."""
    found = _catalogue(ctx).search(text)
    if as_json:
        _echo_json([_brief(p) for p in found])
        return
    for p in found:
        click.echo(_line(p))
    click.echo(f"{len(found)} practices", err=True)


@catalogue_group.command("compare")
@click.argument("ids", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def compare_command(ctx: click.Context, ids: Sequence[str], as_json: bool) -> None:
    """Compare practices side by side."""
    comparison = _catalogue(ctx).compare(list(ids))
    if as_json:
        _echo_json(comparison.as_dict())
        return
    click.echo(comparison.to_text())


@catalogue_group.command("crosstab")
@click.argument("names", nargs=-1, required=True, type=_FIELD_NAMES, metavar="FIELD FIELD...")
@_filter_options
@click.option("--margins/--no-margins", default=True, show_default=True,
              help="Totals (practices, not cells) per row and column.")
@click.option("--missing/--no-missing", default=True, show_default=True,
              help="Count practices with no value in a '(missing)' row or column.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def crosstab_command(ctx: click.Context, /, names: tuple[str, ...], margins: bool,
                     missing: bool, as_json: bool, **options: Any) -> None:
    """Count practices by two or more fields (the last gives the columns), e.g.
    ``crosstab eu_group methods`` or ``crosstab subregion type iap2 --eu``."""
    table = _catalogue(ctx).filter(**_criteria(options)).crosstab(*names, missing=missing)
    if as_json:
        _echo_json(table.as_dict(margins=margins))
        return
    click.echo(table.to_text(margins=margins))
    left_out = {n: c for n, c in table.missing.items() if c} if not missing else {}
    if left_out:
        click.echo("left out, no value: " + ", ".join(f"{n} {c}" for n, c in left_out.items()),
                   err=True)


@catalogue_group.command("similar")
@click.argument("practice_id")
@click.option("-k", "k", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def similar_command(ctx: click.Context, practice_id: str, k: int, as_json: bool) -> None:
    """Practices most similar to PRACTICE_ID, with the reasons."""
    found = _catalogue(ctx).similar(practice_id, k)
    if as_json:
        _echo_json([{"practice": _brief(s.practice), "score": s.score, "reason": s.reason}
                    for s in found])
        return
    for s in found:
        click.echo(f"{s.practice.id} ({s.score:g}): {s.reason}")


@catalogue_group.command("recommend")
@click.option("--assessment", required=True, type=click.Path(dir_okay=False),
              help="A report.json naming its weakest_areas.")
@click.option("--level", "level", type=click.Choice([lv.value for lv in GovernmentLevel]),
              help="The administration's level of government (default: the report's).")
@click.option("-k", "k", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def recommend_command(ctx: click.Context, assessment: str, level: str | None, k: int,
                      as_json: bool) -> None:
    """Practices that address the assessment's weakest areas, those the administration
    can adopt first, and why."""
    from participation.catalogue.recommend import read_assessment

    report = read_assessment(assessment)
    found = _catalogue(ctx).recommend(report, k, level=level)
    if as_json:
        _echo_json([{"practice": _brief(r.practice), "areas": [a.area for a in r.areas],
                     "score": r.score, "transfer": r.transfer, "reason": r.reason,
                     "explanation": list(r.explanation)} for r in found])
        return
    if not found:
        click.echo("No practice in the catalogue addresses the report's weakest areas.",
                   err=True)
    for r in found:
        click.echo(f"{r.practice.id} — {r.practice.name} ({r.practice.country}), "
                   f"score {r.score:g}")
        click.echo(f"  why: {r.reason}")
        for line in r.explanation:
            click.echo(f"  score: {line}")


@catalogue_group.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet"]), required=True)
@click.option("--table", "table", type=click.Choice(list(TABLES)), default="practices",
              show_default=True, help="Which table (CSV and Parquet): practices, or a long "
                                      "table with one row per figure, method, area …")
@_filter_options
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write here (default: stdout; required for Parquet).")
@click.pass_context
def export_command(ctx: click.Context, /, fmt: str, table: str, out: str | None,
                   **options: Any) -> None:
    """Export the catalogue (with --extra files), filtered as in ``list``, as CSV,
    JSON or Parquet (Parquet needs ``participation[pandas]``)."""
    from participation.files import atomic_writer

    cat = _catalogue(ctx).filter(**_criteria(options))
    ser = _app(ctx).serializer
    if fmt == "json" and table != "practices":
        raise FieldError("--table", "JSON export writes whole practice documents; "
                         "use --format csv or parquet for a long table")
    if fmt == "parquet":
        if out is None:
            raise FieldError("--out", "Parquet is binary: give a file with --out")
        count = cat.to_parquet(out, table)
        click.echo(f"{out}: {count} rows", err=True)
        return

    def write(stream: IO[str]) -> int:
        return cat.to_csv(stream, table) if fmt == "csv" else cat.to_json(stream, ser)

    if out is None:
        write(sys.stdout)
        return
    with atomic_writer(out, newline="" if fmt == "csv" else None) as fh:
        count = write(fh)
    click.echo(f"{out}: {count} practices", err=True)


@catalogue_group.group("import")
def import_group() -> None:
    """Import practices from other catalogues."""


@import_group.command("participedia")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Write the imported practices here (JSON).")
@click.option("--texts", type=click.Path(exists=True, dir_okay=False),
              help="Legacy export: case__localized_texts.csv with the titles (default: "
                   "the file of that name beside FILE, if any).")
@click.option("--geolocation", type=click.Path(exists=True, dir_okay=False),
              help="Legacy export: geolocation.csv, joined on the location column (the "
                   "case's place, and its country where content_country is empty).")
@click.pass_context
def import_participedia_command(ctx: click.Context, file: str, out: str,
                                texts: str | None, geolocation: str | None) -> None:
    """Import a Participedia case export (legacy or current columns) into FILE.json.

    Every row is accounted for: imported (with a warning when its dates were dropped),
    or reported with its line and reason. Exit status 0 when every row was imported,
    2 when some were not, 1 on a fatal error.
    """
    from participation.catalogue.participedia import import_cases

    ser = _app(ctx).serializer
    result = import_cases(
        file, out, texts=texts, geolocation=geolocation, serializer=ser,
        on_skip=lambda s: click.echo(f"{file}:{s.line}: {s.reason}", err=True),
        on_warning=lambda s: click.echo(f"{file}:{s.line}: warning: {s.reason}", err=True))
    click.echo(f"{file}: {result.rows} rows ({result.format} columns): {result.imported} "
               f"imported into {out} ({result.warned} with a warning), {result.reported} "
               "not imported", err=True)
    if result.reported:
        ctx.exit(2)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The ``catalogue`` command group."""
    cli.add_command(catalogue_group)
