"""``participation export ical|datapackage|xlsx|KEY``: a store's data through the data
exporters (scope ``"data"``), beside ``export jsonl`` and ``export csv``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from participation.cli import AppContext, parse_moment
from participation.cli.store import db_option, export_group, open_db
from participation.exporters import is_binary, scope_of
from participation.model.protocols import ExporterProtocol
from participation.plugins import hookimpl

__all__ = ["run_data_export"]


def run_data_export(app: AppContext, exporter: ExporterProtocol, db: str, out: Path, *, period: str | None,
                    as_of: str | None, lang: str, include_personal_data: bool) -> None:
    """Build the export data of the store ``db`` and write it with ``exporter`` to ``out``
    (atomically; a data package is unpacked into a folder unless ``out`` ends in .zip)."""
    from participation.errors import FieldError
    from participation.exporters.data import export_data_from_store
    from participation.files import check_output_path, open_output
    from participation.model import Period

    unpack = exporter.key == "datapackage" and out.suffix.lower() != ".zip"
    if unpack:  # a folder: a new path, or a folder to replace (never a link to one)
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            raise click.ClickException(f"{out}: is not a folder; give a folder, a new path or a .zip")
    else:
        check_output_path(out)  # before the store is opened
    with open_db(app, db) as store:
        moment = None if as_of is None else parse_moment(as_of, store.timezone, "as_of")
        try:
            data = export_data_from_store(
                store, app.registry, app.serializer, period=Period.parse(period) if period else None,
                as_of=moment, lang=lang, include_personal_data=include_personal_data)
        except FieldError as exc:
            raise click.ClickException(str(exc)) from None
        target = out.with_name(f".{out.name}.zip") if unpack else out
        try:
            with open_output(target, binary=is_binary(exporter), newline="",
                             personal_data=include_personal_data) as stream:
                exporter.write(data, stream)  # type: ignore[arg-type]  # a data exporter
            if unpack:
                from participation.exporters.datapackage import extract_package

                extract_package(target, out, private=include_personal_data)
        finally:
            if unpack:
                target.unlink(missing_ok=True)
    extra = " with personal data" if include_personal_data else ""
    click.echo(f"{out}: {exporter.description.split(' (')[0].rstrip('.')}{extra}")


def _command(key: str) -> click.Command:
    @click.command(key)
    @db_option()
    @click.option("--out", required=True, type=click.Path(path_type=Path),
                  help="The file to write (replaced atomically)"
                       + ("; a folder, or a .zip file." if key == "datapackage" else "."))
    @click.option("--period", default=None, help="The report's period for the evaluation tables "
                  "(default: the year of the latest submission).")
    @click.option("--as-of", "as_of", default=None, help="Figures and due days as of this moment "
                  "(ISO date or date-time; default: now).")
    @click.option("--lang", default="en", show_default=True, help="Language of labels and titles.")
    @click.option("--include-personal-data", is_flag=True,
                  help="Include contact details and citizens' free texts.")
    @click.pass_obj
    def command(app: AppContext, db: str, out: Path, period: str | None, as_of: str | None,
                lang: str, include_personal_data: bool) -> None:
        exporter = app.registry.exporters.get(key)
        if exporter is None or scope_of(exporter) != "data":
            hint = " (pip install participation-xlsx)" if key == "xlsx" else ""
            raise click.ClickException(f"no data exporter {key!r} is installed{hint}")
        run_data_export(app, exporter, db, out, period=period, as_of=as_of, lang=lang,
                        include_personal_data=include_personal_data)

    command.help = _HELP[key]
    return command


_HELP = {
    "ical": "An iCalendar file (.ics) of the participation activities and the open "
            "submissions' statutory due days; stable UIDs, so re-importing updates the events. "
            "Needs participation[ical].",
    "datapackage": "A Frictionless data package (datapackage.json and CSV tables with schemas: "
                   "measurements, scores, trends, submissions, policies, activities) for an "
                   "open-data portal, as a folder or a .zip.",
    "xlsx": "An Excel workbook: the report's tables and the data on separate sheets, every "
            "cell a value. Needs the participation-xlsx plugin.",
}


@hookimpl
def register_commands(cli: click.Group) -> Any:
    """``export ical``, ``export datapackage`` and ``export xlsx`` in the ``export`` group
    (xlsx says so when the participation-xlsx plugin is not installed)."""
    for key in _HELP:
        if key not in export_group.commands:
            export_group.add_command(_command(key))
    return None
