"""Your own data, end to end: every record kind into a store with ``import`` and
``db configure``, the same report from the store as from the folder, and an import of
hostile records that imports every good one and overwrites nothing unasked."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.store import SqliteStore


@pytest.fixture(scope="module")
def cli() -> Any:
    """The command line with the installed plugins (the Bulgarian rules, the surveys),
    so that the demo's data has every record kind."""
    from participation.plugins import get_plugin_manager

    return build_cli(get_plugin_manager())


def run(cli: Any, *args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, cli: Any) -> Path:
    """A small demo year (its data folder is what a user would bring)."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out), "--submissions", "400"])
    assert result.exit_code == 0, result.output
    return out / "data"


def build_registry() -> Any:
    from participation.plugins import get_plugin_manager
    from participation.registry import Registry

    return Registry.from_plugin_manager(get_plugin_manager())


def _tables(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8")
            for name in ("measurements.csv", "scores.csv")}


def test_a_store_built_by_import_and_configure_reports_as_the_folder(
        demo: Path, tmp_path: Path, cli: Any) -> None:
    db = tmp_path / "own.db"
    assert run(cli, "db", "configure", "--db", db,
               "--administration", demo / "administration.json").exit_code == 0
    for name in ("policies.jsonl", "activities.jsonl", "submissions.jsonl",
                 "survey_responses.jsonl"):
        result = run(cli, "import", demo / name, "--db", db)
        assert result.exit_code == 0, result.output
    assert run(cli, "report", "--data", demo, "--period", "2025",
               "--out", tmp_path / "from-folder").exit_code == 0
    result = run(cli, "report", "--db", db, "--period", "2025", "--out", tmp_path / "from-store")
    assert result.exit_code == 0, result.output
    from_folder, from_store = _tables(tmp_path / "from-folder"), _tables(tmp_path / "from-store")
    assert from_store == from_folder
    assert from_folder["measurements.csv"].count("\n") > 10  # a real report, not two empty ones
    with SqliteStore(db) as store:
        counts = store.counts()
    lines = {name: (demo / name).read_text(encoding="utf-8").count("\n") for name in
             ("policies.jsonl", "activities.jsonl", "submissions.jsonl", "survey_responses.jsonl")}
    assert (counts["policies"], counts["activities"], counts["submissions"],
            counts["survey_responses"]) == (lines["policies.jsonl"], lines["activities.jsonl"],
                                            lines["submissions.jsonl"],
                                            lines["survey_responses.jsonl"])


def test_a_data_folder_imports_in_one_command(demo: Path, tmp_path: Path, cli: Any) -> None:
    db = tmp_path / "own.db"
    result = run(cli, "import", demo.parent, "--db", db, "--json")  # the demo's folder: data/ in it
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["rejected"] == 0 and counts["read"] == counts["imported"]
    assert counts["kinds"]["administration"] == 1 and counts["kinds"]["policy"] > 0
    assert run(cli, "report", "--db", db, "--period", "2025",
               "--out", tmp_path / "r").exit_code == 0
    # again: everything is already there, nothing changes
    again = json.loads(run(cli, "import", demo, "--db", db, "--json").stdout)
    assert again["unchanged"] == counts["read"] and again["inserted"] == 0


GOOD = {"schema": "participation.submission/1", "channel": "web_form", "kind": "proposal",
        "received_at": "2025-03-01T09:00:00+02:00", "subject": "benches",
        "contact": {"email": "ana@example.org", "consent": True}}


def _doc(ident: str, **changes: Any) -> str:
    return json.dumps({**GOOD, "id": ident, **changes})


def test_hostile_records_are_rejected_one_by_one(tmp_path: Path, cli: Any) -> None:
    inbox, store_dir = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()
    store_dir.mkdir()
    db = store_dir / "p.db"
    first = inbox / "first.jsonl"
    first.write_text(_doc("S-1") + "\n", encoding="utf-8")
    assert run(cli, "import", first, "--db", db).exit_code == 0
    lines = [
        _doc("S-2"),                                                    # 1 good
        _doc("S-3", received_at="9999-12-31T23:59:59-05:00"),           # 2 beyond the years
        '{"id": "S-4", "n": ' + "7" * 5000 + "}",                       # 3 a 5,000-digit number
        "[" * 100_000 + "]" * 100_000,                                  # 4 100,000 levels deep
        _doc("S-1", channel="email"),                                   # 5 conflicts with the store
        _doc("S-2", subject="again"),                                   # 6 repeats line 1's id
        _doc("S-5"),                                                    # 7 good
        json.dumps({"schema": "participation.policy/1", "id": "P-1", "title": "Plan"}),  # 8 good
    ]
    data = inbox / "hostile.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(cli, "import", data, "--db", db, "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert (report["read"], report["inserted"], report["rejected"], report["conflicts"]) == (8, 3, 5, 1)
    rejects_file = Path(report["rejects_file"])
    assert rejects_file == store_dir / "hostile.jsonl.rejects.jsonl"  # beside the store
    assert stat.S_IMODE(os.stat(rejects_file).st_mode) == 0o600
    assert sorted(p.name for p in inbox.iterdir()) == ["first.jsonl", "hostile.jsonl"]
    rejects = {r["line"]: " ".join(r["reasons"])
               for r in map(json.loads, rejects_file.read_text(encoding="utf-8").splitlines())}
    assert sorted(rejects) == [2, 3, 4, 5, 6]
    assert "outside the supported range (years 1000 to 8999)" in rejects[2]
    assert "5,000 digits is beyond the limit of 18 digits" in rejects[3]
    assert "nested more than 64 levels deep" in rejects[4]
    assert "conflict" in rejects[5] and '"web_form" (stored) / "email" (this record)' in rejects[5]
    assert "--update" in rejects[5]
    assert "repeated id 'S-2'" in rejects[6] and "line 1" in rejects[6]
    with SqliteStore(db) as store:
        assert store.get_submission("S-1").channel == "web_form"  # nothing overwritten
        assert store.get_submission("S-2").subject == "benches"  # the first of the two
        assert [p.id for p in store.iter_policies()] == ["P-1"]
        assert store.counts()["revisions"] == 0
    assert not [p for p in store_dir.iterdir() if p.name.endswith(".tmp")]

    # asked to: the stored record is replaced, and the change is logged
    fix = inbox / "fix.jsonl"
    fix.write_text(_doc("S-1", channel="email") + "\n", encoding="utf-8")
    result = run(cli, "import", fix, "--db", db, "--update", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["updated"] == 1
    with SqliteStore(db) as store:
        assert store.get_submission("S-1").channel == "email"
        assert store.connection.execute("SELECT record_id, fields, source FROM revisions"
                                        ).fetchall() == [("S-1", '["channel"]', str(fix))]


def test_the_same_limits_in_every_reader(tmp_path: Path, cli: Any) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    huge = tmp_path / "huge.json"
    huge.write_text('{"answered_on_time": ' + "1" * 5000 + "}", encoding="utf-8")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "administration.json").write_text(json.dumps({
        "schema": "participation.administration/1", "name": "X", "country": "BG"}))
    (folder / "submissions.jsonl").write_text(_doc("S-1", received_at="9999-12-31T23:59:59-05:00")
                                              + "\n")
    checks = [
        (("validate", deep), "nested more than 64 levels deep"),
        (("validate", huge), "5,000 digits is beyond the limit"),
        (("report", "--data", folder, "--period", "2025", "--out", tmp_path / "r"),
         "outside the supported range (years 1000 to 8999)"),
        (("report", "--data", folder, "--period", "2025", "--out", tmp_path / "r",
          "--targets", huge), "5,000 digits is beyond the limit"),
    ]
    deep_lines = tmp_path / "deep.jsonl"
    deep_lines.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    checks += [
        (("catalogue", "--extra", huge, "list"), "5,000 digits is beyond the limit"),
        (("catalogue", "--extra", deep_lines, "list"), "line 1: $: nested more than 64 levels"),
    ]
    for args, message in checks:
        result = CliRunner().invoke(cli, [str(a) for a in args])
        assert result.exit_code in (1, 2), (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    from participation.serialization import Serializer
    from participation.surveys import read_responses

    registry = build_registry()
    if registry.surveys:  # survey results leave an unreadable line out, with the same reason
        survey = registry.surveys[sorted(registry.surveys)[0]]
        [read] = list(read_responses(deep_lines, survey, Serializer(), registry.question_types))
        assert "nested more than 64 levels deep" in str(read.problems[0])


@pytest.mark.parametrize("kind", ["submission", "policy", "activity", "administration",
                                  "survey_response"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_filled_in_template_imports_as_it_is(tmp_path: Path, cli: Any, kind: str,
                                               fmt: str) -> None:
    out = tmp_path / f"{kind}.{fmt}"
    result = run(cli, "template", kind, "--format", fmt, "--out", out, "--lang", "bg")
    if kind == "survey_response" and fmt == "csv":
        assert result.exit_code == 2 and "--format jsonl" in result.output
        return
    assert result.exit_code == 0, result.output
    if kind != "survey_response":
        assert "задължително" in result.output  # the columns documented in Bulgarian
    result = run(cli, "import", out, "--db", tmp_path / "t.db", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kinds"] == {kind: 1}


def test_csv_with_semicolons_and_a_bom_and_every_kind(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "activities.csv"
    data.write_bytes(("\ufeffid;kind;stage;level;window_start;window_end;participants\r\n"
                      "A-1;round_table;drafting;dialogue;2025-02-01;2025-02-01;12\r\n"
                      "A-2;round_table;drafting;dialogue;2025-02-01;2025-01-01;1\r\n"
                      "A-3;round_table;drafting;dialogue;2025-02-01;;" + "9" * 40 + "\r\n")
                     .encode())
    result = run(cli, "import", data, "--db", tmp_path / "t.db", "--json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert (report["inserted"], report["rejected"]) == (1, 2)
    rejects = [json.loads(x) for x in Path(report["rejects_file"]).read_text().splitlines()]
    assert [r["line"] for r in rejects] == [3, 4]
    assert "before start" in rejects[0]["reasons"][0]
    assert "40 digits is beyond the limit of 18 digits" in rejects[1]["reasons"][0]
    with SqliteStore(tmp_path / "t.db") as store:
        [activity] = store.iter_activities()
    assert activity.participants == 12


def test_a_repeated_csv_column_is_fatal_and_named(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "in.csv"
    data.write_text("id,channel,kind,received_at,subject,subject\r\n"
                    "S-1,web_form,proposal,2025-03-01T09:00:00+02:00,a,b\r\n", encoding="utf-8")
    result = run(cli, "import", data, "--db", tmp_path / "t.db")
    assert result.exit_code == 1
    assert "$.subject: column named more than once" in result.output
    unknown = tmp_path / "x.csv"
    unknown.write_text("a|b|c\r\n1|2|3\r\n", encoding="utf-8")
    result = run(cli, "import", unknown, "--db", tmp_path / "t.db", "--format", "csv")
    assert result.exit_code == 1
    assert "with ';' as the delimiter" in result.output and "with ',' as the delimiter" in result.output


def test_a_killed_import_leaves_nothing_the_next_run_does_not_clean(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "big.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for i in range(12_000):
            fh.write((_doc(f"S-{i}") if i % 7 else '{"broken') + "\n")
    db = tmp_path / "s.db"
    command = [sys.executable, "-m", "participation", "import", str(data), "--db", str(db),
               "--batch-size", "20"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [
            p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.stat().st_size]:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left, "the import ended before it could be killed"
    assert stat.S_IMODE(os.stat(left[0]).st_mode) == 0o600  # it holds citizens' e-mails
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert finished.returncode == 2, finished.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    with SqliteStore(db) as store:
        assert store.counts()["submissions"] == sum(1 for i in range(12_000) if i % 7)


def test_responses_to_a_survey_of_ones_own_are_checked_against_it(tmp_path: Path,
                                                                   cli: Any) -> None:
    from datetime import UTC, datetime, timedelta

    import attrs

    from participation.plugins import get_plugin_manager
    from participation.registry import Registry
    from participation.serialization import Serializer
    from participation.surveys.synthetic import generate

    registry = Registry.from_plugin_manager(get_plugin_manager())
    if not registry.surveys:
        pytest.skip("no survey plugin installed")
    ser = Serializer(get_plugin_manager())
    installed = registry.surveys[sorted(registry.surveys)[0]]
    own = attrs.evolve(installed, key="our_own_survey")
    start = datetime(2025, 5, 1, tzinfo=UTC)
    responses = list(generate(own, 3, 7, start, start + timedelta(days=5), registry.question_types))
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "surveys.jsonl").write_text(ser.dumps(own) + "\n", encoding="utf-8")
    bad = attrs.evolve(responses[2], survey_version=own.version + 1)
    (folder / "survey_responses.jsonl").write_text(
        "".join(ser.dumps(r) + "\n" for r in [*responses[:2], bad]), encoding="utf-8")
    db = tmp_path / "s.db"
    result = run(cli, "import", folder, "--db", db, "--json")
    report = json.loads(result.stdout)
    assert (report["inserted"], report["rejected"]) == (3, 1), result.output
    # later imports check against the survey kept in the store
    (folder / "surveys.jsonl").unlink()
    more = tmp_path / "more.jsonl"
    more.write_text(ser.dumps(attrs.evolve(responses[0], id="another")) + "\n" + ser.dumps(
        attrs.evolve(bad, id="bad-again")) + "\n", encoding="utf-8")
    report = json.loads(run(cli, "import", more, "--db", db, "--json").stdout)
    assert (report["inserted"], report["rejected"]) == (1, 1)
    with SqliteStore(db) as store:
        assert [s.key for s in store.iter_surveys()] == ["our_own_survey"]


def test_stale_temporary_files_are_removed_and_live_ones_kept(tmp_path: Path, cli: Any) -> None:
    inbox, store_dir = tmp_path / "inbox", tmp_path / "store"
    inbox.mkdir()
    store_dir.mkdir()
    data = inbox / "in.jsonl"
    data.write_text(_doc("S-1") + "\n", encoding="utf-8")
    legacy = inbox / ".in.jsonl.rejects.jsonl.k2j4h8zq.tmp"  # what earlier releases left
    dead = store_dir / ".in.jsonl.rejects.jsonl.999999999.abcd1234.tmp"
    live = store_dir / f".in.jsonl.rejects.jsonl.{os.getpid()}.abcd1234.tmp"  # an import running
    for stale in (legacy, dead, live):
        stale.write_text('{"raw": "ana@example.org"}\n', encoding="utf-8")
    assert run(cli, "import", data, "--db", store_dir / "s.db").exit_code == 0
    assert not legacy.exists() and not dead.exists()
    assert live.exists()
    assert sorted(p.name for p in store_dir.iterdir() if not p.name.startswith("s.db")) == [live.name]


def test_db_configure_keeps_and_changes_the_administration(tmp_path: Path, cli: Any) -> None:
    db = tmp_path / "c.db"
    result = run(cli, "db", "configure", "--db", db, "--name", "Община Пример", "--country", "BG",
                 "--jurisdiction", "bg", "--timezone", "Europe/Sofia", "--population", "9000")
    assert result.exit_code == 0, result.output
    result = run(cli, "db", "configure", "--db", db, "--population", "9100")
    assert "changed population" in result.output
    with SqliteStore(db) as store:
        admin = store.administration()
        assert admin is not None and (admin.name, admin.population) == ("Община Пример", 9100)
        assert str(store.timezone) == "Europe/Sofia"
        assert store.connection.execute("SELECT fields FROM revisions").fetchall() == [
            ('["population"]',)]
    bad = tmp_path / "admin.json"
    bad.write_text('{"name": "X", "country": "BG", "jurisdiction": "atlantis"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["db", "configure", "--db", str(db), "--administration",
                                      str(bad)])
    assert result.exit_code == 1 and "admin.json: $.jurisdiction: no calendar" in result.output
    result = CliRunner().invoke(cli, ["db", "configure", "--db", str(tmp_path / "n.db"),
                                      "--name", "Only a name"])
    assert result.exit_code == 2 and "--country" in result.output


def test_sigterm_during_an_import_removes_the_temporary_file(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    data = tmp_path / "big.jsonl"
    data.write_text("".join((_doc(f"S-{i}") if i % 7 else '{"broken') + "\n"
                            for i in range(12_000)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "participation", "import", str(data),
                                "--db", str(tmp_path / "s.db"), "--batch-size", "20"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [
            p for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.stat().st_size]:
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    rejects = tmp_path / "big.jsonl.rejects.jsonl"  # what was rejected before the stop is kept
    assert rejects.exists() and stat.S_IMODE(os.stat(rejects).st_mode) == 0o600


def test_a_plugin_format_may_yield_any_record_kind(tmp_path: Path, register_plugin: Any,
                                                   plugin_manager: Any) -> None:
    """The contract of ``Importer.read``: a result's value is any stored document kind,
    and ``participation import --format`` routes each where it belongs."""
    from collections.abc import Iterator
    from typing import IO

    from participation import hookimpl
    from participation.importers import ImportContext, Importer
    from participation.serialization import LineResult, Serializer

    class Mixed(Importer):
        key = "mixed"
        label = "One record of each kind per line: KIND|JSON"

        def read(self, stream: IO[str], serializer: Serializer,
                 context: ImportContext | None = None) -> Iterator[LineResult]:
            for number, line in enumerate(stream, start=1):
                _kind, _, body = line.partition("|")
                yield LineResult(number, value=serializer.loads(body), raw=line)

    class Plugin:
        @hookimpl
        def register_importers(self) -> list[Importer]:
            return [Mixed()]

    register_plugin(Plugin())
    lines = [
        "a|" + json.dumps({"schema": "participation.administration/1", "name": "X",
                           "country": "BG"}),
        "p|" + json.dumps({"schema": "participation.policy/1", "id": "P-1", "title": "Plan"}),
        "c|" + json.dumps({"schema": "participation.activity/1", "id": "A-1", "policy_id": "P-1",
                           "kind": "round_table", "stage": "drafting", "level": "dialogue",
                           "window": {"start": "2025-02-01", "end": "2025-02-01"}}),
        "s|" + _doc("S-1"),
    ]
    data = tmp_path / "mixed.txt"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(build_cli(plugin_manager), "import", data, "--db", tmp_path / "m.db",
                 "--format", "mixed", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kinds"] == {"administration": 1, "policy": 1,
                                                  "activity": 1, "submission": 1}
    with SqliteStore(tmp_path / "m.db") as store:
        assert store.administration() is not None
        assert [p.id for p in store.iter_policies()] == ["P-1"]
        assert [a.id for a in store.iter_activities()] == ["A-1"]
        assert store.get_submission("S-1").channel == "web_form"
