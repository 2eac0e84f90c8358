"""``report --engine duckdb``: the same report as the default engine, to the last digit.

The demo's data at two sizes through the command line (a data folder and a store; the
year with its quarters, a quarter with its months, a month with its series, an as-of
moment inside the period), generated histories that reach every branch of the facts
(extensions, anchors that come late or never, minimum-length rules, answers without a
response, adjustments, contacts that differ only in case or spaces, unknown channels),
a plugin indicator without an SQL form, invalid input and a missing DuckDB.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.cli import build_cli
from participation.evaluation import Evaluation, InMemorySource, assess, trend_periods
from participation.indicators import (
    Area,
    Direction,
    IndicatorSpec,
    Measurement,
    SubmissionFacts,
    Unit,
    submission_share,
)
from participation.model import (
    Administration,
    Contact,
    Event,
    GovernmentLevel,
    Outcome,
    Period,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.model.status import TRANSITIONS
from participation.plugins import get_plugin_manager, hookimpl
from participation.registry import Registry
from participation.serialization import Serializer

duckdb = pytest.importorskip("duckdb")

from participation.duckdb_engine import DuckDBFeed, folder_loader  # noqa: E402
from participation.indicators.sql import SqlShare  # noqa: E402

CLI = build_cli(get_plugin_manager())
OUTPUTS = ("report.json", "measurements.csv", "scores.csv", "trends.csv")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(CLI, list(args))
    return result.exit_code, result.stdout, result.stderr


_DEMOS: dict[int, Path] = {}


def _demo(n: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's output with ``n`` submissions, written once per test session."""
    if n not in _DEMOS:
        out = tmp_path_factory.mktemp(f"demo_n{n}_")
        code, _, stderr = run("demo", "--out", str(out), "--submissions", str(n))
        assert code == 0, stderr
        _DEMOS[n] = out
    return _DEMOS[n]


@pytest.fixture(scope="module", params=[300, 3000])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _demo(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _demo(300, tmp_path_factory)


@pytest.fixture(scope="module")
def large_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _demo(3000, tmp_path_factory)


def _same_report(demo: Path, tmp_path: Path, *args: str) -> dict[str, object]:
    code, _, stderr = run("report", *args, "--out", str(tmp_path / "default"))
    assert code == 0, stderr
    code, _, stderr = run("report", *args, "--out", str(tmp_path / "duckdb"), "--engine", "duckdb")
    assert code == 0, stderr
    assert "Note:" not in stderr  # every built-in indicator over submissions ran in SQL
    for name in OUTPUTS:
        assert (tmp_path / "duckdb" / name).read_bytes() == (tmp_path / "default" / name).read_bytes(), name
    report: dict[str, object] = json.loads((tmp_path / "duckdb" / "report.json").read_text())
    return report


@pytest.mark.parametrize("source", ["--data", "--db"])
def test_the_demo_report_is_identical(demo: Path, tmp_path: Path, source: str) -> None:
    where = demo / ("data" if source == "--data" else "participation.db")
    report = _same_report(demo, tmp_path, source, str(where), "--period", "2025")
    figures = {m["indicator"]: m for m in report["measurements"]}  # type: ignore[attr-defined]
    # the comparison compares something: the figures over submissions have data
    for key in ("answered_on_time", "median_days_to_answer", "participants_per_1000",
                "channel_diversity", "acknowledged_within_7_days", "overdue_open"):
        assert figures[key]["value"] is not None, key


@pytest.mark.parametrize(("period", "as_of"), [
    ("2025-Q3", None),                          # a quarter and its months
    ("2025-06", None),                          # a month and its series of six
    ("2025", "2025-08-14T16:30:00+03:00"),      # as of mid-year: cut-back histories, open cases
])
def test_other_periods_and_moments_are_identical(large_demo: Path, tmp_path: Path, period: str,
                                                 as_of: str | None) -> None:
    demo = large_demo
    args = ["--data", str(demo / "data"), "--period", period]
    _same_report(demo, tmp_path, *args, *(["--as-of", as_of] if as_of else []))


# generated histories --------------------------------------------------------------------

_CHANNELS = ["web_form", "email", "phone", "in_person", "media_monitoring", "survey",
             "information_request", "bg.apia.request", "bg.whistleblower", "bg.apc.signal",
             "no.such_channel"]
_RULES = ["bg.apc.signal", "bg.apia", "eu.whistleblower.feedback", "eu.consultation.minimum",
          "generic.answer"]
_EXTENSIONS = ["bg.apia.volume", "bg.apia.third_party", "generic.extension",
               "bg.apc.signal.extension", "eu.access.extension", "unknown.extension"]
_ZONES = [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=3)),
          timezone(timedelta(hours=-5))]
_WHO = ["ana@example.org", " Ana@Example.org ", "+359888123456", "İlker Şahin", "ilker şahin",
        "Bob", "  "]


#: steps between events (minutes): at once, within the hour, days, around a week
_STEPS = [0, 1, 60, 600, 1440 * 2, 1440 * 7 - 60, 1440 * 7 + 60, 1440 * 8, 1440 * 20, 1440 * 45]
_SOFIA = ZoneInfo("Europe/Sofia")


def _month_start(i: int) -> datetime:
    """The first moment of the i-th month from October 2024, in Sofia."""
    year, month = divmod(9 + i, 12)
    return datetime(2024 + year, month + 1, 1, tzinfo=_SOFIA)


@st.composite
def histories(draw: st.DrawFn, n: int) -> Submission:
    if draw(st.booleans()):  # anywhere, on the hour or a little after
        received = datetime(2024, 10, 1, tzinfo=UTC) + timedelta(
            hours=draw(st.integers(0, 470 * 24)), minutes=draw(st.sampled_from([0, 0, 17])))
    else:  # at or around a month's first moment: where periods end and cut-offs fall
        received = _month_start(draw(st.integers(0, 15))) + timedelta(
            minutes=draw(st.sampled_from([-2880, -60, -1, 0, 0, 1, 60])))
    received = received.astimezone(draw(st.sampled_from(_ZONES)))
    status, at, events = Status.RECEIVED, received, []
    for _ in range(draw(st.integers(0, 6))):
        at = at + timedelta(minutes=draw(st.sampled_from(_STEPS)))
        if draw(st.integers(0, 9)) == 0:  # a correction outside the lifecycle
            status = draw(st.sampled_from(sorted(Status, key=lambda s: s.value)))
            events.append(Event(at, status, note="corrected", adjustment=True))
            continue
        allowed = sorted(TRANSITIONS[status], key=lambda s: s.value)
        if not allowed:
            break
        status = draw(st.sampled_from(allowed))
        extension = None
        if status is Status.EXTENDED:  # each extension once (a rule allows each once)
            extension = draw(st.sampled_from(_EXTENSIONS))
            if any(e.extension == extension for e in events):
                extension = None
        events.append(Event(at, status, extension=extension))
    response = None
    if draw(st.booleans()):
        answered = at if draw(st.booleans()) else received + timedelta(
            minutes=draw(st.sampled_from(_STEPS)) * draw(st.integers(1, 4)))
        response = Response(answered, draw(st.sampled_from(Outcome)),
                            reasoned=draw(st.booleans()), published=draw(st.booleans()))
    contact = None
    if draw(st.booleans()):
        email, phone, name = (draw(st.none() | st.sampled_from(_WHO)) for _ in range(3))
        if any((email, phone, name)):
            contact = Contact(name=name, email=email, phone=phone, consent=True)
    return Submission(f"S-{n}", draw(st.sampled_from(_CHANNELS)),
                      draw(st.sampled_from(SubmissionKind)), received, "subject",
                      contact=contact, events=events, response=response,
                      deadline_rule=draw(st.none() | st.sampled_from(_RULES)))


def _at_the_cutoff(cutoff: datetime) -> list[Submission]:
    """Steps taken at the very moment figures are taken at (not seen yet, as a period
    excludes its end): an answer, the step a deadline counts from, an extension."""
    day = timedelta(days=1)
    reg = Event(cutoff - 29 * day, Status.REGISTERED)
    return [
        Submission("EDGE-1", "web_form", SubmissionKind.SIGNAL, cutoff - 30 * day, "answered then",
                   events=[reg, Event(cutoff - 20 * day, Status.IN_REVIEW),
                           Event(cutoff, Status.ANSWERED)]),
        Submission("EDGE-2", "bg.apia.request", SubmissionKind.INFORMATION_REQUEST,
                   cutoff - 30 * day, "registered then", events=[Event(cutoff, Status.REGISTERED)]),
        Submission("EDGE-3", "bg.apia.request", SubmissionKind.INFORMATION_REQUEST,
                   cutoff - 20 * day, "extended then",
                   events=[Event(cutoff - 20 * day, Status.REGISTERED),
                           Event(cutoff, Status.EXTENDED, extension="bg.apia.volume")]),
        Submission("EDGE-4", "email", SubmissionKind.QUESTION, cutoff - 3 * day, "closed then",
                   events=[Event(cutoff - 2 * day, Status.REGISTERED),
                           Event(cutoff, Status.REJECTED)]),
    ]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


def _measure(registry: Registry, admin: Administration, periods: Sequence[Period],
             as_of: datetime, submissions: Sequence[Submission], folder: Path | None
             ) -> tuple[dict[Period, dict[str, Measurement]], dict[str, int], list[int]]:
    ev = Evaluation(admin, periods, as_of, registry)
    if folder is None:
        ev.add_submissions(submissions)
    else:
        feed = DuckDBFeed(folder_loader(folder / "submissions.jsonl"), check_source=False)
        feed(ev, InMemorySource(submissions))
        assert feed.fell_back is None and feed.by_default_engine == ()
    return ev.finish(), ev.counts, [ctx.tally["submissions"] for ctx in ev.contexts]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(data=st.data(), hours=st.none() | st.integers(0, 380 * 24) | st.integers(0, 15),
       period=st.sampled_from(["2025", "2025-Q2", "2025-Q3", "2025-06", "2025-02-10..2025-05-20"]))
def test_generated_histories_give_identical_measurements(registry: Registry, tmp_path_factory:
                                                         pytest.TempPathFactory, data: st.DataObject,
                                                         hours: int | None, period: str) -> None:
    submissions = [data.draw(histories(i)) for i in range(data.draw(st.integers(0, 60)))]
    admin = Administration("Test", "BG", GovernmentLevel.REGIONAL, 2_000, jurisdiction="bg",
                           timezone="Europe/Sofia")
    the_period = Period.parse(period)
    periods = list(dict.fromkeys([the_period, the_period.previous(), *trend_periods(the_period)]))
    if hours is None:
        as_of = the_period.end_at(admin.tzinfo)
    elif hours <= 15:  # at a month's first moment
        as_of = _month_start(hours)
    else:
        as_of = datetime(2025, 1, 1, tzinfo=admin.tzinfo) + timedelta(hours=hours)
    submissions += _at_the_cutoff(min(as_of, the_period.end_at(admin.tzinfo)))
    folder = tmp_path_factory.mktemp("histories")
    with (folder / "submissions.jsonl").open("w", encoding="utf-8") as fh:
        Serializer(registry.plugin_manager).write_jsonl(submissions, fh)
    expected = _measure(registry, admin, periods, as_of, submissions, None)
    assert _measure(registry, admin, periods, as_of, submissions, folder) == expected


# what the engine leaves to the default engine -------------------------------------------------


def _answered_by_phone(f: SubmissionFacts, _ctx: object) -> bool | None:
    return f.submission.channel == "phone" if f.received_in_period else None


def _open_overdue(f: SubmissionFacts, _ctx: object) -> bool | None:
    return f.overdue_at_cutoff if f.open_at_cutoff else False


class _PhonePlugin:
    @hookimpl
    def register_indicators(self) -> list[IndicatorSpec]:
        return [IndicatorSpec(
            "phone_share", Area.REACH, {"en": "Phone share"}, Unit.SHARE, Direction.NEUTRAL,
            "Of the submissions received in the period, the share that came by phone, "
            "a plugin's indicator without an SQL form.",
            "phone / all", "test", submission_share(_answered_by_phone,
                                                    needs="received_in_period")),
            # with an SQL form, over every submission by the cut-off (no `needs`)
            IndicatorSpec(
                "overdue_of_all", Area.RESPONSIVENESS, {"en": "Overdue of all"}, Unit.SHARE,
                Direction.LOWER, "Of every submission received by the cut-off, the share "
                "still open and past its due day at the cut-off, whenever received.",
                "overdue / all", "test", submission_share(_open_overdue),
                sql=SqlShare("CASE WHEN open_at_cutoff THEN overdue_at_cutoff ELSE FALSE END"))]


def test_an_indicator_without_sql_form_is_computed_by_the_default_engine(tmp_path: Path) -> None:
    pm = get_plugin_manager()
    pm.register(_PhonePlugin(), name="phone_plugin")
    registry = Registry.from_plugin_manager(pm)
    ser = Serializer(pm)
    from participation.demo import write
    from participation.sources import DirectorySource

    admin = write(registry, tmp_path, ser, seed=3, submissions=400)
    results = []
    for engine in ("default", "duckdb"):
        source = DirectorySource(tmp_path, ser, registry)
        feed = None
        if engine == "duckdb":
            feed = DuckDBFeed(folder_loader(tmp_path / "submissions.jsonl"), check_source=True)
        results.append(assess(admin, Period.parse("2025"), source, source.registry, feed=feed))
        source.check()
    assert feed is not None and feed.by_default_engine == ("phone_share",)
    default, duck = results
    assert duck.measurements == default.measurements and duck.trends == default.trends
    assert duck.previous == default.previous and duck.counts == default.counts
    assert duck.measurements["phone_share"].n > 0
    assert duck.measurements["overdue_of_all"].n > duck.measurements["answered_on_time"].n
    # through the command line, the note names it
    cli = build_cli(pm)
    result = CliRunner().invoke(cli, ["report", "--data", str(tmp_path), "--period", "2025",
                                      "--out", str(tmp_path / "out"), "--engine", "duckdb"])
    assert result.exit_code == 0, result.stderr
    assert "computed by the default engine (no SQL form): phone_share" in result.stderr


def test_a_moment_duckdb_cannot_read_falls_back_with_the_same_figures(tmp_path: Path,
                                                                      registry: Registry) -> None:
    ser = Serializer(registry.plugin_manager)
    from participation.demo import write
    from participation.sources import DirectorySource

    admin = write(registry, tmp_path, ser, seed=5, submissions=200)
    path = tmp_path / "submissions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    moment = datetime.fromisoformat(first["received_at"])
    first["received_at"] = moment.strftime("%Y%m%dT%H%M%S%z")  # ISO 8601 basic: Python reads it
    path.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    results = []
    # unchecked, DuckDB reads the file alone and stops at the moment: the default engine
    # computes the figures; checked, the library reads that line (SQL does not vouch for
    # it) and writes it back in the form DuckDB reads
    unchecked = DuckDBFeed(folder_loader(path), check_source=False)
    checked = DuckDBFeed(folder_loader(path), check_source=True)
    for engine_feed in (None, unchecked, checked):
        source = DirectorySource(tmp_path, ser, registry)
        results.append(assess(admin, Period.parse("2025"), source, source.registry, feed=engine_feed))
        source.check()
    assert unchecked.fell_back is not None and "DuckDB could not read" in unchecked.fell_back
    assert checked.fell_back is None and checked.by_library == 1
    for done in results[1:]:
        assert done.measurements == results[0].measurements
        assert done.counts == results[0].counts and done.trends == results[0].trends


def test_invalid_input_is_refused_as_by_the_default_engine(small_demo: Path, tmp_path: Path) -> None:
    demo = small_demo
    folder = tmp_path / "data"
    folder.mkdir()
    for f in (demo / "data").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    path = folder / "submissions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[5])
    bad["channel"] = "no_such_channel"
    lines[5] = json.dumps(bad)
    lines[9] = lines[9][:40]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for engine in ("default", "duckdb"):
        code, _, stderr = run("report", "--data", str(folder), "--period", "2025", "--out",
                              str(tmp_path / engine), "--engine", engine)
        assert code != 0
        assert not (tmp_path / engine / "report.json").exists()
        outputs.append(stderr.replace("Reading and assessing", ""))
    assert outputs[0] == outputs[1]
    assert "line 6" in outputs[1] and "line 10" in outputs[1]


def test_no_check_reads_the_file_with_duckdb_alone(small_demo: Path, tmp_path: Path) -> None:
    demo = small_demo
    args = ["report", "--data", str(demo / "data"), "--period", "2025"]
    code, _, stderr = run(*args, "--out", str(tmp_path / "default"))
    assert code == 0, stderr
    code, _, stderr = run(*args, "--out", str(tmp_path / "fast"), "--engine", "duckdb",
                          "--no-check")
    assert code == 0, stderr
    for name in OUTPUTS:
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "default" / name).read_bytes()
    code, _, stderr = run(*args, "--out", str(tmp_path / "x"), "--no-check")
    assert code == 2 and "--no-check goes with --engine duckdb and --data" in stderr


def test_without_duckdb_the_engine_is_refused_in_one_line(demo: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now fails
    code, stdout, stderr = run("report", "--data", str(demo / "data"), "--period", "2025",
                               "--out", str(tmp_path), "--engine", "duckdb")
    assert code == 1
    assert 'pip install "participation[duckdb]"' in stderr
    assert "Traceback" not in stdout + stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "report.json").exists()


def test_the_core_imports_without_duckdb() -> None:
    code = ("import sys; sys.modules['duckdb'] = None\n"
            "import participation, participation.evaluation, participation.report.run\n"
            "from participation.cli import build_cli\n"
            "from participation.plugins import get_plugin_manager\n"
            "build_cli(get_plugin_manager())\n"
            "assert 'participation.duckdb_engine' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_demo_jsonl_written_in_memory_reads_the_same(registry: Registry) -> None:
    # the serializer's JSON Lines are what DuckDB's read_json is given: a round trip of
    # one document through DuckDB keeps every field the facts read
    from participation.duckdb_engine import JSON_COLUMNS

    s = Submission("S-1", "email", SubmissionKind.QUESTION,
                   datetime(2025, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5))), "Q",
                   contact=Contact(email="a@example.org"),
                   events=[Event(datetime(2025, 3, 2, 9, tzinfo=UTC), Status.REGISTERED)],
                   response=Response(datetime(2025, 3, 5, 9, tzinfo=UTC), Outcome.INFORMATIONAL))
    buffer = io.StringIO()
    Serializer(registry.plugin_manager).write_jsonl([s], buffer)
    document = json.loads(buffer.getvalue())
    assert set(JSON_COLUMNS) <= set(document)


@pytest.mark.parametrize("where", ["check", "facts"])
def test_duckdb_running_out_of_memory_gives_the_same_figures(tmp_path: Path, registry: Registry,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             where: str) -> None:
    """DuckDB out of memory (or its spill folder full): the library reads the lines it
    would have vouched for, or the default engine computes the figures."""
    import duckdb

    from participation import duckdb_engine
    from participation.demo import write
    from participation.sources import DirectorySource

    ser = Serializer(registry.plugin_manager)
    admin = write(registry, tmp_path, ser, seed=9, submissions=200)

    def out_of_memory(*_args: object) -> None:
        raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")

    monkeypatch.setattr(duckdb_engine, "read_checked" if where == "check" else "_run", out_of_memory)
    feed = DuckDBFeed(folder_loader(tmp_path / "submissions.jsonl"), check_source=True)
    results = []
    for engine_feed in (None, feed):
        source = DirectorySource(tmp_path, ser, registry)
        results.append(assess(admin, Period.parse("2025"), source, source.registry, feed=engine_feed))
        source.check()
    assert results[1].measurements == results[0].measurements
    assert results[1].counts == results[0].counts
    if where == "facts":
        assert feed.fell_back == "DuckDB could not read the submissions (Out of Memory Error: " \
                                 "could not allocate block)"
    else:
        assert feed.fell_back is None and feed.by_library is None
