"""Store commands: ``db info|migrate|configure|purge|checkpoint``, ``import``, ``export``,
``erase``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from participation.cli import AppContext, TimeZoneParam, echo_json, safe_text
from participation.cli.convert import FormatsCommand
from participation.plugins import hookimpl

if TYPE_CHECKING:
    from participation.store import SqliteStore

FC = TypeVar("FC", bound=Callable[..., Any])

__all__ = ["PROGRESS_THRESHOLD", "db_option", "open_db"]

#: Files larger than this (bytes) get a progress bar on stderr.
PROGRESS_THRESHOLD = 1_000_000


def db_option(create: bool = False) -> Callable[[FC], FC]:
    """The ``--db PATH`` option."""
    return click.option("--db", "db", required=True, type=click.Path(dir_okay=False),
                        help="The SQLite store file" + (" (created when missing)." if create
                                                        else "."))


def open_db(app: AppContext, path: str, *, create: bool = False,
            migrate: bool = True) -> SqliteStore:
    """Open the store at ``path`` with the app's serializer."""
    from participation.store import SqliteStore

    return SqliteStore(path, create=create, migrate=migrate, serializer=app.serializer)


@click.group("db")
def db_group() -> None:
    """Inspect and maintain a store (an SQLite file)."""


@db_group.command("info")
@db_option()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def info_command(app: AppContext, db: str, as_json: bool) -> None:
    """Counts per table, schema version and integrity of the store."""
    with open_db(app, db, migrate=False) as store:
        info = store.info()
        info["jurisdiction"] = store.jurisdiction
        info["timezone"] = str(store.timezone)
    if as_json:
        echo_json(info)
    else:
        click.echo(f"{safe_text(info['path'])}: schema version {info['schema_version']} "
                   f"(latest {info['latest_schema_version']}), integrity "
                   f"{safe_text(info['integrity'])}")
        click.echo(f"jurisdiction {safe_text(info['jurisdiction'])}, time zone "
                   f"{safe_text(info['timezone'])}")
        for table, n in info["counts"].items():
            click.echo(f"  {table:<17} {n}")
    if info["integrity"] != "ok":
        click.echo(f"{safe_text(db)}: the integrity check failed; restore the store from a "
                   "backup", err=True)
        click.get_current_context().exit(1)


@db_group.command("migrate")
@db_option(create=True)
@click.pass_obj
def migrate_command(app: AppContext, db: str) -> None:
    """Create the store, or bring its schema up to date."""
    with open_db(app, db, create=True, migrate=False) as store:
        applied = store.migrate()
        version = store.schema_version
    if applied:
        click.echo(f"{db}: applied {', '.join(map(str, applied))}; schema version {version}")
    else:
        click.echo(f"{db}: schema version {version}, up to date")


@db_group.command("configure")
@db_option(create=True)
@click.option("--administration", "admin_file", type=click.Path(exists=True, dir_okay=False),
              help="Keep this administration (an administration.json document, as in a data "
                   "folder); the options below change single fields of it.")
@click.option("--name", help="The administration's name.")
@click.option("--country", help="ISO 3166-1 alpha-2 country code ('BG').")
@click.option("--level", help="Government level (national, regional, municipal, …).")
@click.option("--population", type=click.IntRange(min=1), help="Inhabitants served.")
@click.option("--jurisdiction", help="Picks the holiday calendar for deadlines ('bg').")
@click.option("--timezone", "timezone_", help="IANA time zone of the administration "
              "('Europe/Sofia'); periods and due days are read in it.")
@click.pass_obj
def configure_command(app: AppContext, db: str, admin_file: str | None, name: str | None,
                      country: str | None, level: str | None, population: int | None,
                      jurisdiction: str | None, timezone_: str | None) -> None:
    """Keep the administration (what ``report --db`` reports on) and the settings the
    desk needs for deadlines.

    With --administration FILE, or --name and --country for a new one, the store keeps
    an administration; the other options change single fields of the one kept (a change
    is logged as a revision). With only --jurisdiction or --timezone and no
    administration, just those settings are kept.
    """
    import attrs

    from participation.errors import InvalidDocumentError
    from participation.model import Administration
    from participation.validation import check_references

    if jurisdiction:
        app.registry.calendar(jurisdiction)
    fields: dict[str, Any] = {k: v for k, v in (("name", name), ("country", country),
                                                ("level", level), ("population", population),
                                                ("jurisdiction", jurisdiction),
                                                ("timezone", timezone_)) if v is not None}
    with open_db(app, db, create=True) as store:
        admin = _administration_file(app, admin_file) if admin_file else store.administration()
        if admin is None and (name or country):
            if not (name and country):
                raise click.UsageError("a new administration needs both --name and --country "
                                       "(or give --administration FILE)")
            admin = app.serializer.load(fields, Administration)
        elif admin is not None and fields:
            admin = app.serializer.load({**app.serializer.dump(admin, tagged=False), **fields},
                                        Administration)
        if admin is not None:
            problems = check_references(admin, app.registry)
            if problems:
                raise InvalidDocumentError([attrs.evolve(p, source=admin_file) for p in problems])
            outcome = store.write_administration(admin, replace=True,
                                                 source=admin_file or "db configure")
            if outcome.fields:
                click.echo(f"{db}: changed {', '.join(outcome.fields)} of the administration")
            click.echo(f"{db}: administration {admin.name!r} ({admin.country}, "
                       f"{admin.level.value})")
        else:
            settings = {k: v for k, v in (("jurisdiction", jurisdiction),
                                          ("timezone", timezone_)) if v}
            if settings:
                store.set_settings(settings)
        click.echo(f"{db}: jurisdiction {store.jurisdiction}, time zone {store.timezone}")


@db_group.command("checkpoint")
@db_option()
@click.pass_obj
def checkpoint_command(app: AppContext, db: str) -> None:
    """Copy the write-ahead log (DB-wal) into the store file and empty it, so that
    nothing erased stays in it; waits for connections still reading."""
    with open_db(app, db) as store:
        remains = store.checkpoint()
    if remains:
        raise click.ClickException(safe_text(remains))
    click.echo(f"{safe_text(db)}: the write-ahead log is empty")


def _administration_file(app: AppContext, path: str) -> Any:
    """The administration document in ``path``; every problem names the file."""
    import attrs

    from participation.errors import InvalidDocumentError
    from participation.files import read_utf8
    from participation.model import Administration

    try:
        return app.serializer.loads(read_utf8(path), Administration)
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(p, source=p.source or path)
                                    for p in exc.problems]) from None


@db_group.command("purge")
@db_option()
@click.option("--older-than-years", type=click.IntRange(min=0), required=True,
              help="Erase contact details of submissions received more than N years ago.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), help="Count the years back from "
              "this day (default: today).")
@click.pass_obj
def purge_command(app: AppContext, db: str, older_than_years: int, as_of: datetime | None) -> None:
    """The retention rule: erase old contact details; the statistics stay."""
    moment = as_of.replace(tzinfo=UTC) if as_of else None
    with open_db(app, db) as store:
        ids = store.purge_contacts(older_than_years, moment)
    click.echo(f"{safe_text(db)}: erased the contact details of {len(ids)} submissions")
    remains = getattr(ids, "remains", None)
    if remains:
        click.echo(f"note: {safe_text(remains)}", err=True)


@click.command("import", cls=FormatsCommand)
@click.argument("file", type=click.Path())
@db_option(create=True)
@click.option("--format", "fmt", help="Importer key (jsonl, csv, or a plugin's); default: "
              "from the file's first lines, else its name. Not for a data folder.")
@click.option("--batch-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Records per transaction.")
@click.option("--timezone", "zone", type=TimeZoneParam(),
              help="The zone of times the format writes without one (required by such formats).")
@click.option("--rejects", type=click.Path(dir_okay=False), default=None,
              help="Where to write the rejected records (default: FILE's name + "
                   ".rejects.jsonl beside the store). Created with mode 0600.")
@click.option("--update", is_flag=True, help="Replace records stored with other content "
              "(each change is logged in the store); without it they are conflicts.")
@click.option("--parallel/--serial", default=None,
              help="For a data folder: read and check the records in a second process while "
                   "this one writes (default: for folders of 4 MB or more, when a core is "
                   "idle). The same outcome either way.")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_obj
def import_command(app: AppContext, file: str, db: str, fmt: str | None, batch_size: int,
                   zone: tzinfo | None, rejects: str | None, update: bool,
                   parallel: bool | None, as_json: bool) -> None:
    """Import FILE into the store, in batches: a file of any record kind (tagged JSON
    Lines documents, CSV, or a plugin's format), or a data folder (administration.json,
    policies.jsonl, activities.jsonl, submissions.jsonl, survey_responses.jsonl,
    surveys.jsonl: the layout `report --data` reads).

    Every readable record is imported where its kind belongs; every other one goes to
    the rejects file with its file, line and reasons: unreadable, beyond the input
    limits, an id repeated in the input, or a conflict (stored with other content; not
    written unless --update). Running it again adds nothing twice. Exit status 0 when
    all were imported, 2 when some were rejected, 1 on a fatal error.
    """
    from participation.importers import import_file

    if fmt is not None and Path(file).is_dir():
        raise click.UsageError("--format is for a file; a data folder is read as it is")
    size = _size(file)
    with contextlib.ExitStack() as stack:
        stack.enter_context(_terminate_cleanly())
        store = stack.enter_context(open_db(app, db, create=True))
        progress = None
        if size > PROGRESS_THRESHOLD and not as_json:
            bar = stack.enter_context(click.progressbar(
                length=size, label=f"Importing {Path(file).name}",
                file=sys.stderr))
            shown = [0]

            def progress(done: int) -> None:
                bar.update(max(0, min(done, size) - shown[0]))
                shown[0] = max(shown[0], min(done, size))
        report = import_file(file, store, app.registry, app.serializer, fmt=fmt,
                             batch_size=batch_size, progress=progress, timezone=zone,
                             rejects=rejects, replace=update, parallel=parallel)
    if as_json:
        echo_json({"file": file, **report.to_dict()})
    else:
        kinds = ", ".join(f"{n} {_PLURALS.get(k, k)}" for k, n in sorted(report.kinds.items()))
        click.echo(f"{file}: {report.records} records: {report.inserted} added, {report.updated} "
                   f"updated, {report.unchanged} unchanged, {report.rejected} rejected"
                   + (f" ({report.conflicts} conflicts)" if report.conflicts else ""))
        if kinds and set(report.kinds) != {"submission"}:
            click.echo(f"  read: {kinds}")
    if report.rejected:
        click.echo(f"rejected records are in {report.rejects_file}", err=True)
        click.get_current_context().exit(2)


_PLURALS = {"submission": "submissions", "policy": "policies", "activity": "activities",
            "survey": "surveys", "survey_response": "survey responses"}


def _size(path: str) -> int:
    """Bytes of a file, or of a folder's files (the length of the progress bar)."""
    p = Path(path)
    if p.is_dir():
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return p.stat().st_size


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """While importing, SIGTERM ends the command like Ctrl-C: temporary files are removed
    and committed batches stay (a SIGKILL cannot be caught: the next run cleans up)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group("export")
def export_group() -> None:
    """Export the stored submissions (no personal data unless asked)."""


def _export(app: AppContext, db: str, out: str, include_personal_data: bool, fmt: str) -> None:
    from participation.exporters.submissions import (
        documents_from_fields,
        sql_lines_agree,
        write_lines,
        write_stored_submissions_csv,
        write_stored_submissions_jsonl,
        write_submissions_jsonl,
    )
    from participation.files import check_output_path, open_output
    from participation.model import Submission

    check_output_path(out)  # before the store is opened
    with open_db(app, db) as store:
        if fmt == "csv":  # the flat columns straight from the store: no model objects
            with open_output(out, personal_data=include_personal_data, newline="") as stream:
                n = write_stored_submissions_csv(
                    store.iter_submission_fields(with_contact=include_personal_data), stream)
        elif documents_from_fields(app.serializer) and sql_lines_agree():
            # each document put together by SQLite, only written out here
            with open_output(out, personal_data=include_personal_data) as stream:
                n = write_lines(store.iter_submission_lines(
                    app.serializer.tag(Submission), with_contact=include_personal_data), stream)
        elif documents_from_fields(app.serializer):  # the documents straight from the store
            with open_output(out, personal_data=include_personal_data) as stream:
                n = write_stored_submissions_jsonl(store.iter_submission_fields(
                    with_contact=include_personal_data, events=True), stream, app.serializer)
        else:
            rows = store.iter_submissions(with_contact=include_personal_data)
            with open_output(out, personal_data=include_personal_data) as stream:
                n = write_submissions_jsonl(rows, stream, app.serializer,
                                            include_personal_data=include_personal_data)
    extra = " with personal data" if include_personal_data else ""
    click.echo(f"{out}: {n} submissions{extra}")


_OUT = click.option("--out", required=True, type=click.Path(dir_okay=False),
                    help="The file to write (a regular file or a new path, replaced "
                         "atomically; created 0600 with personal data).")
_PERSONAL = click.option("--include-personal-data", is_flag=True,
                         help="Include contact details (name, e-mail, phone, address).")


@export_group.command("jsonl")
@db_option()
@_OUT
@_PERSONAL
@click.pass_obj
def export_jsonl(app: AppContext, db: str, out: str, include_personal_data: bool) -> None:
    """Tagged submission documents, one per line, with their whole history."""
    _export(app, db, out, include_personal_data, "jsonl")


@export_group.command("csv")
@db_option()
@_OUT
@_PERSONAL
@click.pass_obj
def export_csv(app: AppContext, db: str, out: str, include_personal_data: bool) -> None:
    """One row per submission; cells that could start a formula are neutralised."""
    _export(app, db, out, include_personal_data, "csv")


@click.command("erase")
@db_option()
@click.option("--email", help="Erase every contact with this e-mail (any case).")
@click.option("--phone", help="Erase every contact with this phone number (digits compared).")
@click.option("--name", help="Erase every contact with this name (any case; may hit "
              "namesakes: try --dry-run first).")
@click.option("--submission", "submission_id", help="Erase the contact of this submission.")
@click.option("--reason", default="data subject's request", show_default=True,
              help="Kept in the erasure log (no personal data there).")
@click.option("--dry-run", is_flag=True, help="List what would be erased; change nothing.")
@click.pass_obj
def erase_command(app: AppContext, db: str, email: str | None, phone: str | None,
                  name: str | None, submission_id: str | None, reason: str, dry_run: bool) -> None:
    """Erase a person's contact details everywhere (GDPR art. 17); submissions, their
    history and the statistics stay. Contacts matching ANY given detail are erased."""
    with open_db(app, db) as store:
        ids = store.erase_contacts(email=email, phone=phone, name=name,
                                   submission_id=submission_id, reason=reason, dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    click.echo(f"{safe_text(db)}: {verb} the contact details of {len(ids)} submissions")
    for i in ids:
        click.echo(f"  {safe_text(i)}")
    remains = getattr(ids, "remains", None)
    if remains:
        click.echo(f"note: {safe_text(remains)}", err=True)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The store commands."""
    for command in (db_group, import_command, export_group, erase_command):
        cli.add_command(command)
