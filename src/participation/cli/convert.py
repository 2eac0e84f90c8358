"""``participation convert FILE --format NAME --out DIR``: another system's file into a
data folder of the library's own documents (see :mod:`participation.importers.convert`)."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

import click

from participation.cli import AppContext, TimeZoneParam, echo_json
from participation.plugins import hookimpl

__all__ = ["convert_command", "parse_options", "register_commands"]


def parse_options(values: tuple[str, ...]) -> dict[str, str]:
    """``KEY=VALUE`` pairs as a mapping; a value without ``=`` is a usage error.

    >>> parse_options(("services=s.json", "a=b=c"))
    {'services': 's.json', 'a': 'b=c'}
    """
    options = {}
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--option")
        options[key.strip()] = rest
    return options


def _formats(app: AppContext) -> str:
    return ", ".join(f"{key} ({importer.label})" for key, importer in
                     sorted(app.registry.importers.items()))


class _FormatsCommand(click.Command):
    """Lists the installed formats at the end of ``--help``."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        app = ctx.find_object(AppContext)
        if app is not None:
            with formatter.section("Formats installed"):
                formatter.write_text(_formats(app))


@click.command("convert", cls=_FormatsCommand)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", help="Importer key (see the list below); default: what the "
              "file says it is, else its name.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The data folder to write (new or empty; nothing is overwritten).")
@click.option("--timezone", "zone", type=TimeZoneParam(),
              help="The zone of times the format writes without one (required by such formats).")
@click.option("--option", "options", multiple=True, metavar="KEY=VALUE",
              help="A format's own option (repeatable), e.g. services=services.json.")
@click.option("--country", default=None, metavar="CC",
              help="Also write administration.json for this country (ISO 3166-1 alpha-2), "
                   "named after the file, so that `report --data` reads the folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_obj
def convert_command(app: AppContext, file: str, fmt: str | None, out: Path, zone: tzinfo | None,
                    options: tuple[str, ...], country: str | None, as_json: bool) -> None:
    """Convert FILE (another system's export) into a data folder of JSON Lines documents
    that `validate`, `report --data` and `import` read.

    Every record is converted or written to OUT/rejects.jsonl with its line and every
    reason. Exit status 0 when nothing was rejected, 2 when some records were, 1 on a
    fatal error.
    """
    from participation.importers.convert import convert_file
    from participation.model import Administration

    administration = None
    if country is not None:
        administration = Administration(f"Converted from {Path(file).name}", country,
                                        timezone=str(zone) if zone is not None else "UTC")
    report = convert_file(file, out, app.registry, app.serializer, fmt=fmt, timezone=zone,
                          options=parse_options(options), administration=administration)
    if as_json:
        echo_json(report.to_dict())
    else:
        kinds = ", ".join(f"{n} {k}" for k, n in report.kinds.items()) or "nothing"
        click.echo(f"{file}: {report.read} records: {report.converted} converted ({kinds}), "
                   f"{report.rejected} rejected → {report.out}")
        for what, n in report.notes.items():
            click.echo(f"  {what}: {n}")
    if report.rejected:
        click.echo(f"rejected records are in {report.rejects_file}", err=True)
        click.get_current_context().exit(2)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``convert``."""
    cli.add_command(convert_command)
