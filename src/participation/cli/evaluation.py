"""``participation demo`` and ``participation report``: the main job."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from participation.cli import AppContext, parse_moment
from participation.plugins import hookimpl

T = TypeVar("T")


def _progress(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    """Show a progress bar on standard error while ``items`` is consumed (redrawn about a
    thousand times in all: drawing it for each of a million items would cost seconds)."""
    with click.progressbar(items, length=length, label=label, file=sys.stderr,
                           show_pos=True, update_min_steps=max(1, length // 1000)) as bar:
        yield from bar


def _steps(bar: Any) -> Callable[[int], None]:
    """``bar.update`` (a :func:`click.progressbar`), that also takes a step back: a read
    in several processes that gave up starts over in one (see
    :class:`~participation.parallel.ParallelFeed`), and the bar goes back with it instead
    of sitting at its end. Click's ``update`` only moves forward, so the position is set
    (where the bar has one: otherwise the step back is left out)."""

    def step(n: int) -> None:
        if n >= 0:
            bar.update(n)
        elif hasattr(bar, "pos") and hasattr(bar, "render_progress"):
            bar.update(0)  # what click holds back first, then the step back
            bar.pos = max(0, bar.pos + n)
            bar.finished = False
            bar.render_progress()

    return step


def _check_lang(app: AppContext, lang: str) -> None:
    if lang != "en" and lang not in app.registry.languages():
        click.echo(f"Warning: no translations for {lang!r} are installed; the report is in "
                   f"English (known: {', '.join(app.registry.languages())}).", err=True)


def _summary(result: Any) -> None:
    report = result.report
    click.echo(f"\n{report['title']} — {report['administration']['name']} — {report['period']}")
    for score in report["scores"]:
        value = "no data" if score["value"] is None else f"{score['value']:.1f}"
        click.echo(f"  {score['label']}: {value}")
    composite = next((s for s in report["scores"] if s["scorer"] == "composite"), None)
    if composite:
        click.echo("")
        width = max((len(a["label"]) for a in composite["areas"]), default=10)
        for area in composite["areas"]:
            bar = "█" * round((area["value"] or 0) / 5)
            click.echo(f"  {area['label']:<{width}}  {area['value']:6.1f}  {bar}")
    weakest = ", ".join(a["label"] for a in report["weakest_areas"])
    labels = report["labels"]
    click.echo(f"\n  {labels.get('weakest_areas', 'Weakest areas')}: {weakest or '–'}")
    met = sum(1 for m in report["measurements"] if m["met"] is True)
    judged = sum(1 for m in report["measurements"] if m["met"] is not None)
    click.echo(f"  {labels.get('met', 'Target met')}: {met} / {judged}")
    click.echo("\nWritten:")
    for path in result.written:
        click.echo(f"  {path}")



@click.command("demo")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("demo-output"),
              show_default=True, help="Folder to write the data and the report into.")
@click.option("--lang", default="en", show_default=True, help="Language of the report (e.g. bg).")
@click.option("--submissions", type=click.IntRange(1, 1_000_000), default=3000, show_default=True,
              help="How many submissions to generate.")
@click.option("--seed", type=int, default=2025, show_default=True, help="Random seed (same seed, same data).")
@click.pass_obj
def demo_command(app: AppContext, out: Path, lang: str, submissions: int, seed: int) -> None:
    """Generate a realistic synthetic year (2025) for a regional administration of
    200,000 inhabitants, write it as JSON Lines under OUT/data/ and into the store
    OUT/participation.db, assess it and write OUT/report.html, report.md, report.json
    and the CSV tables measurements.csv, scores.csv and trends.csv.

    The same seed gives byte-identical output. Every step streams (the data are written as
    they are made, then read back for the report and, at the same time by another
    process, into the store), so memory stays flat up to a million submissions.
    """
    from participation.demo import write
    from participation.model import Period
    from participation.report.run import make_report
    from participation.sources import DirectorySource

    _check_lang(app, lang)
    registry, ser = app.registry, app.serializer
    click.echo(f"Generating a synthetic year: {submissions:,} submissions …", err=True)
    folder = out / "data"
    # written as it is made, then read back streaming: memory does not grow with the count
    admin = write(registry, folder, ser, seed=seed, submissions=submissions, progress=_progress)
    click.echo(f"Assessing {submissions:,} submissions and loading the store …", err=True)
    from participation.parallel import ParallelFeed, available_jobs

    # the report and the store each read the data folder once, side by side; the store's
    # process has a processor of its own (on two, the report reads in one process: a
    # third would only share them, holding its own memory)
    jobs = max(1, available_jobs() - 1)
    with _aside(lambda: _demo_store(app, admin, folder, out, submissions),
                cleanup=lambda: _remove_building(out)) as store_built:
        source = DirectorySource(folder, ser, registry)
        result = make_report(admin, Period.parse("2025"), source, registry, out,
                             lang=lang, check=source.check, feed=ParallelFeed(jobs))
        db = store_built()
    _summary(result)
    click.echo(f"  {db}")


@contextlib.contextmanager
def _aside(work: Callable[[], T], cleanup: Callable[[], object]) -> Iterator[Callable[[], T]]:
    """Run ``work`` in a forked process while the block runs; the block calls the function
    it is given to wait for ``work`` and get its result (its error, if it failed, is
    raised as a :class:`click.ClickException` with the same message). If the block
    raises (or is interrupted), the process is stopped and ``cleanup`` run. Where
    processes cannot be forked, ``work`` runs when waited for, in this process.

    The process is forked before the block starts any thread or opens any database, so
    the fork copies nothing that is half in use; a demo is a single-threaded command.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - not POSIX
        yield work
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, work()))
        except KeyboardInterrupt:  # Ctrl-C reaches both: the parent says so
            raise SystemExit(130) from None
        except click.ClickException as exc:
            send.send((False, exc.format_message()))
        except Exception as exc:  # handed to the parent, which reports it
            send.send((False, str(exc) or type(exc).__name__))

    for stream in (sys.stdout, sys.stderr):  # or the child would write their buffers again
        if stream is not None:
            stream.flush()
    process = context.Process(target=child, name="participation-demo-store", daemon=True)
    process.start()
    send.close()

    def wait() -> T:
        try:
            ok, value = receive.recv()
        except EOFError:  # it ended without a word: killed
            ok, value = False, f"the process loading the store ended with code {process.exitcode}"
        process.join()
        if not ok:
            cleanup()
            raise click.ClickException(value)
        return value  # type: ignore[no-any-return]

    try:
        yield wait
    except BaseException:
        if process.is_alive():
            process.terminate()
        process.join()
        cleanup()
        raise
    finally:
        receive.close()


def _demo_store(app: AppContext, admin: Any, folder: Path, out: Path, count: int) -> Path:
    """The store ``out/participation.db`` holding the data folder ``folder``: its files read
    back streaming and bulk-loaded with :func:`participation.store.load`, with a progress
    bar. (``participation import``'s path would check the demo's own data again and, with
    its repeated-id table and bulk-load page cache, peak about 55 MB higher at a million
    submissions.) It is built aside and renamed into place, so that it holds exactly what
    the report was made from (not also an earlier run's data)."""
    from participation.files import utf8_lines
    from participation.model import Activity, Policy, Submission
    from participation.sources import DATA_FILES
    from participation.store import load, open_store

    ser = app.serializer
    db = out / "participation.db"
    building = _remove_building(out)
    store = open_store(building, create=True, serializer=ser)
    try:
        with contextlib.ExitStack() as files:
            def read(name: str, cls: type | None) -> Iterator[Any]:
                path = folder / DATA_FILES[name]
                if not path.is_file():
                    return iter(())
                fh = files.enter_context(path.open("rb"))
                items: Iterator[Any] = ser.read_jsonl(utf8_lines(fh, path), cls, source=str(path))
                return items

            responses = read("survey_responses", None)  # tagged: any survey's responses
            load(store, administration=admin,
                 submissions=_progress(read("submissions", Submission), count, "Loading the store"),
                 policies=read("policies", Policy), activities=read("activities", Activity),
                 survey_responses=(ser.dump(r) for r in responses))
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    try:
        os.replace(building, db)
    except OSError as exc:
        raise click.ClickException(f"{db}: cannot put the store there ({exc.strerror}); "
                                   "the report was written") from None
    return db


def _remove_building(out: Path) -> Path:
    """Remove what an unfinished build of the demo's store left in ``out``; returns the
    path the store is built at."""
    building = out / ".participation.db.building"
    for stale in (building, building.with_name(building.name + "-wal"),
                  building.with_name(building.name + "-shm")):
        stale.unlink(missing_ok=True)
    return building


@click.command("report")
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder with administration.json and the JSON Lines files "
                   "(submissions.jsonl, policies.jsonl, activities.jsonl, survey_responses.jsonl); "
                   "the folder a demo wrote, or its data/ subfolder.")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read from this store instead (see `participation db`); the administration "
                   "is the one kept in the store.")
@click.option("--period", required=True, help="2025, 2025-Q3, 2025-07 or 2025-01-01..2025-06-30.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write the report into.")
@click.option("--as-of", "as_of", default=None,
              help="Take the figures as of this moment (ISO date or date-time; default: the end "
                   "of the period).")
@click.option("--lang", default="en", show_default=True, help="Language of the report.")
@click.option("--targets", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON file of targets by indicator key.")
@click.option("--scorer", "scorers", multiple=True, metavar="KEY",
              help="Show only this score (repeatable, in this order; e.g. composite).")
@click.option("--format", "formats", multiple=True, metavar="KEY",
              help="Write only this format (repeatable; json, markdown, html, csv, scores-csv, "
                   "trends-csv or a plugin's).")
@click.option("--engine", type=click.Choice(["default", "duckdb"]), default="default",
              show_default=True,
              help="Compute the indicators over submissions with DuckDB (the same figures, for "
                   'large data; needs pip install "participation[duckdb]"). Indicators without '
                   "an SQL form are computed by the default engine in the same run.")
@click.option("--no-check", "no_check", is_flag=True, default=False,
              help="With --engine duckdb and --data: do not check submissions.jsonl line by "
                   "line with the library first (faster; only for a file participation wrote "
                   "and nobody edited: a record the library would refuse is then counted).")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="With the default engine: read submissions.jsonl (or the store's "
                   "submissions, by ranges of ids) in this many processes at once (the same "
                   "figures; default: one per processor, for a file of more than 8 MB or a "
                   "store of more than 8,000 submissions).")
@click.pass_obj
def report_command(app: AppContext, data: Path | None, db: Path | None, period: str, out: Path,
                   as_of: str | None, lang: str, targets: Path | None, scorers: tuple[str, ...],
                   formats: tuple[str, ...], engine: str, no_check: bool, jobs: int | None) -> None:
    """Assess your own data (a data folder, or a store) for a period and write the
    report (HTML, Markdown, JSON, and CSV tables of measurements, scores and trends).

    Every input line is checked; if any is invalid, every problem is listed with its
    file, line and field, and no report is written.

    With --engine duckdb, DuckDB computes the indicators over submissions (see the
    evaluation guide, "The DuckDB engine"); the report is the same.
    """
    from participation.model import Period
    from participation.report.run import load_targets, make_report
    from participation.sources import (
        DATA_FILES,
        DirectorySource,
        StoreSource,
        load_administration,
        with_store_surveys,
    )

    if (data is None) == (db is None):
        raise click.UsageError("give either --data FOLDER or --db PATH")
    if no_check and (engine != "duckdb" or data is None):
        raise click.UsageError("--no-check goes with --engine duckdb and --data")
    if jobs is not None and engine != "default":
        raise click.UsageError("--jobs goes with the default engine")
    if engine == "duckdb":
        from participation.duckdb_engine import import_duckdb

        import_duckdb()  # not installed: one line naming the install command, before any work
    _check_lang(app, lang)
    registry, ser = app.registry, app.serializer
    the_period = Period.parse(period)
    target_map = load_targets(targets, registry) if targets else None
    if db is not None:
        from participation.store import open_store

        store = open_store(db, create=False, serializer=ser)
        try:
            admin = store.administration()
            if admin is None:
                raise click.ClickException(f"{db}: no administration is kept in this store "
                                           "(load one with the demo, or `participation db configure`)")
            moment = None if as_of is None else parse_moment(as_of, admin.tzinfo, "as_of")
            store_source = StoreSource(store, ser, the_period, admin)
            feed: Any = None
            if engine == "duckdb":
                from participation.duckdb_engine import DuckDBFeed, store_loader

                feed = DuckDBFeed(store_loader(store_source), check_source=False)
            else:
                from participation.parallel import StoreFeed

                feed = StoreFeed(jobs)
            result = make_report(admin, the_period, store_source,
                                 with_store_surveys(registry, store, ser), out, lang=lang,
                                 as_of=moment, targets=target_map,
                                 formats=formats or None, scorers=scorers or None, feed=feed)
        finally:
            store.close()
        _engine_notes(feed)
        _summary(result)
        return
    assert data is not None
    if not (data / DATA_FILES["administration"]).exists() and (data / "data").is_dir():
        data = data / "data"
    admin = load_administration(data, ser)
    moment = None if as_of is None else parse_moment(as_of, admin.tzinfo, "as_of")
    source = DirectorySource(data, ser, registry)
    feed = None
    if engine == "duckdb":
        from participation.duckdb_engine import DuckDBFeed, folder_loader

        feed = DuckDBFeed(folder_loader(data / DATA_FILES["submissions"]), check_source=not no_check)
    else:
        from participation.parallel import ParallelFeed

        feed = ParallelFeed(jobs)
    with click.progressbar(length=source.size(), label="Reading and assessing", file=sys.stderr) as bar:
        source.progress = _steps(bar)
        result = make_report(admin, the_period, source, source.registry, out, lang=lang,
                             as_of=moment, targets=target_map, check=source.check,
                             formats=formats or None, scorers=scorers or None, feed=feed)
    _engine_notes(feed)
    _summary(result)


def _engine_notes(feed: Any) -> None:
    """What the DuckDB engine left to the default engine, on standard error."""
    if feed is None or not hasattr(feed, "by_default_engine"):
        return
    if feed.fell_back:
        click.echo(f"Note: {feed.fell_back}; the default engine computed the report.", err=True)
    elif feed.by_default_engine:
        click.echo("Note: computed by the default engine (no SQL form): "
                   f"{', '.join(feed.by_default_engine)}.", err=True)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The main job: ``demo`` and ``report``."""
    cli.add_command(demo_command)
    cli.add_command(report_command)
