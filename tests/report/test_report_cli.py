"""The main job as a user runs it: demo, report for a quarter, bad input, hostile text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.plugins import get_plugin_manager

CLI = build_cli(get_plugin_manager(load_entrypoints=False))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(CLI, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    code, stdout, stderr = run("demo", "--out", str(out), "--submissions", "600")
    assert code == 0, stderr
    assert "Weakest areas:" in stdout and "Target met: " in stdout
    return out


def test_demo_writes_data_and_every_report(demo: Path) -> None:
    for name in ("data/administration.json", "data/submissions.jsonl", "data/policies.jsonl",
                 "data/activities.jsonl", "report.json", "report.md", "report.html", "measurements.csv",
                 "scores.csv", "trends.csv"):
        assert (demo / name).is_file(), name
    assert len((demo / "data/submissions.jsonl").read_text().splitlines()) == 600
    report = json.loads((demo / "report.json").read_text())
    assert report["period"] == "2025"
    assert len(report["measurements"]) >= 15
    for m in report["measurements"]:
        assert {"indicator", "value", "n", "numerator", "denominator", "target", "met"} <= set(m)
        if m["unit"] == "share" and m["value"] is not None:
            assert 0 <= m["value"] <= 1
    assert len(report["weakest_areas"]) == 3
    assert {s["scorer"] for s in report["scores"]} >= {"composite", "quintile"}
    assert report["trends"]["periods"] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]


def test_demo_is_byte_identical(demo: Path, tmp_path: Path) -> None:
    code, _, _ = run("demo", "--out", str(tmp_path), "--submissions", "600")
    assert code == 0
    assert (tmp_path / "report.json").read_bytes() == (demo / "report.json").read_bytes()
    assert (tmp_path / "data/submissions.jsonl").read_bytes() == \
        (demo / "data/submissions.jsonl").read_bytes()


def test_report_for_a_quarter_of_the_demo_data(demo: Path, tmp_path: Path) -> None:
    code, _, stderr = run("report", "--data", str(demo / "data"), "--period", "2025-Q3",
                               "--out", str(tmp_path))
    assert code == 0, stderr
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["period"] == "2025-Q3" and report["previous_period"] == "2025-Q2"
    assert report["trends"]["periods"] == ["2025-07", "2025-08", "2025-09"]
    year = json.loads((demo / "report.json").read_text())
    by_key = {m["indicator"]: m for m in report["measurements"]}
    year_by_key = {m["indicator"]: m for m in year["measurements"]}
    # a quarter counts fewer submissions than the year
    assert 0 < by_key["answered_on_time"]["n"] < year_by_key["answered_on_time"]["n"]
    assert by_key["answered_on_time"]["change"] is not None


def test_html_is_self_contained_and_shows_definitions(demo: Path) -> None:
    html = (demo / "report.html").read_text()
    assert "<script" not in html.lower()
    # nothing is loaded from elsewhere: no src= at all, no <link>; the only external
    # references are links a reader may follow (the practices' sources), opened safely
    assert not re.search(r"""src\s*=""", html) and "<link" not in html.lower()
    for anchor in re.findall(r"<a [^>]*>", html):
        assert re.fullmatch(r'<a href="https?://[^"]+" rel="noopener noreferrer">', anchor), anchor
    assert "@import" not in html and "url(" not in html
    assert html.count("<svg") >= 4  # targets, days, matrix, trends
    assert '<meta name="viewport"' in html and "@media print" in html
    report = json.loads((demo / "report.json").read_text())
    for m in report["measurements"]:
        assert m["definition"][:40].replace("'", "&#x27;").replace('"', "&quot;") in html


def _write(folder: Path, name: str, lines: list[str]) -> None:
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_bad_input_lists_every_error_and_writes_nothing(demo: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "administration.json").write_text((demo / "data/administration.json").read_text())
    lines = (demo / "data/submissions.jsonl").read_text().splitlines()[:20]
    lines[4] = lines[4].replace('"channel": "', '"channel": "x', 1)
    lines[9] = lines[9].replace("+02:00", "", 1).replace("+03:00", "", 1)
    lines[14] = "{oops"
    _write(data, "submissions.jsonl", lines)
    out = tmp_path / "out"
    code, _, stderr = run("report", "--data", str(data), "--period", "2025", "--out", str(out))
    assert code == 1
    assert "submissions.jsonl:line 5: $.channel: unknown channel type" in stderr
    assert "submissions.jsonl:line 10: $.received_at: naive datetime" in stderr
    assert "submissions.jsonl:line 15: $: not JSON" in stderr
    assert "Traceback" not in stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2025-13"], "period: '2025-13' is not a period"),
    (["--period", "2025", "--as-of", "yesterday"], "as_of: 'yesterday' is not an ISO 8601 date"),
])
def test_bad_options_are_clean_errors(demo: Path, tmp_path: Path, args: list[str], message: str) -> None:
    code, _, stderr = run("report", "--data", str(demo), "--out", str(tmp_path / "o"), *args)
    assert code != 0 and message in stderr and "Traceback" not in stderr


def test_missing_data_folder(tmp_path: Path) -> None:
    code, _, stderr = run("report", "--data", str(tmp_path / "nope"), "--period", "2025",
                          "--out", str(tmp_path / "o"))
    assert code == 1 and "administration.json: $: file not found" in stderr


def test_targets_file(demo: Path, tmp_path: Path) -> None:
    targets = tmp_path / "targets.json"
    targets.write_text(json.dumps({"answered_on_time": 0.5, "median_days_to_answer": {"value": 60}}))
    code, _, stderr = run("report", "--data", str(demo), "--period", "2025", "--out", str(tmp_path / "o"),
                          "--targets", str(targets))
    assert code == 0, stderr
    by_key = {m["indicator"]: m for m in json.loads((tmp_path / "o/report.json").read_text())["measurements"]}
    assert by_key["answered_on_time"]["target"] == 0.5 and by_key["answered_on_time"]["met"] is True
    assert by_key["median_days_to_answer"]["target"] == 60
    targets.write_text(json.dumps({"answerd_on_time": 0.5}))
    code, _, stderr = run("report", "--data", str(demo), "--period", "2025", "--out", str(tmp_path / "p"),
                          "--targets", str(targets))
    assert code == 1 and "$.answerd_on_time: unknown indicator" in stderr


def test_demo_writes_a_store_and_report_from_it_matches(demo: Path, tmp_path: Path) -> None:
    db = demo / "participation.db"
    assert db.is_file()
    code, _, stderr = run("report", "--db", str(db), "--period", "2025", "--out", str(tmp_path))
    assert code == 0, stderr
    from_files = json.loads((demo / "report.json").read_text())
    from_store = json.loads((tmp_path / "report.json").read_text())
    assert [(m["indicator"], m["value"], m["n"]) for m in from_store["measurements"]] == \
        [(m["indicator"], m["value"], m["n"]) for m in from_files["measurements"]]


def test_the_demo_store_holds_every_record_of_its_data(plugin_demo: Path) -> None:
    """The store is imported from the data folder the report read, record for record (the
    survey responses too), with the administration's settings and no rejects left over."""
    from participation.store import SqliteStore

    data = plugin_demo / "data"
    with SqliteStore(plugin_demo / "participation.db") as store:
        counts = store.counts()
        admin = store.administration()
    for table in ("submissions", "policies", "activities", "survey_responses"):
        lines = (data / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()
        assert counts[table] == len(lines) > 0, table
    assert admin is not None and admin.name == json.loads(
        (data / "administration.json").read_text(encoding="utf-8"))["name"]
    assert not list(plugin_demo.glob("*rejects*")) and not list(plugin_demo.glob(".*building*"))


def test_report_needs_exactly_one_source(tmp_path: Path) -> None:
    code, _, stderr = run("report", "--period", "2025", "--out", str(tmp_path))
    assert code == 2 and "either --data FOLDER or --db PATH" in stderr


@pytest.mark.parametrize(("content", "message"), [
    ('{"answered_on_time": NaN}', "t.json: $: NaN is not a number JSON allows"),
    ('{"answered_on_time": Infinity}', "t.json: $: Infinity is not a number JSON allows"),
    ('{"answered_on_time": 1.7}', "a share is between 0 and 1"),
    ('{"median_days_to_answer": -5}', "must not be negative"),
    ('{"answered_on_time": {"value": 0.9, "baseline": true}}', "$.answered_on_time.baseline"),
])
def test_bad_targets_are_clean_errors(demo: Path, tmp_path: Path, content: str, message: str) -> None:
    targets = tmp_path / "t.json"
    targets.write_text(content)
    code, _, stderr = run("report", "--data", str(demo), "--period", "2025", "--out", str(tmp_path / "o"),
                          "--targets", str(targets))
    assert code == 1 and message in stderr and "Traceback" not in stderr
    assert not (tmp_path / "o").exists()


def test_a_second_demo_in_the_same_folder_leaves_a_store_of_that_run(tmp_path: Path) -> None:
    from participation.store import SqliteStore

    assert run("demo", "--out", str(tmp_path), "--submissions", "300")[0] == 0
    assert run("demo", "--out", str(tmp_path), "--submissions", "100", "--seed", "7")[0] == 0
    with SqliteStore(tmp_path / "participation.db") as store:
        assert store.counts()["submissions"] == 100
    assert not list(tmp_path.glob(".*building*"))


def test_a_repeated_submission_id_is_refused(demo: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "administration.json").write_text((demo / "data/administration.json").read_text())
    lines = (demo / "data/submissions.jsonl").read_text().splitlines()[:10]
    _write(data, "submissions.jsonl", [*lines, lines[3]])
    code, _, stderr = run("report", "--data", str(data), "--period", "2025", "--out", str(tmp_path / "o"))
    assert code == 1 and "submissions.jsonl:line 11: $.id: repeated id" in stderr
    assert "(first on line 4)" in stderr


def test_a_baseline_from_the_targets_file_reaches_the_report(demo: Path, tmp_path: Path) -> None:
    targets = tmp_path / "t.json"
    targets.write_text('{"answered_on_time": {"value": 0.95, "baseline": 0.8, "source": "plan 2025"}}')
    code, _, stderr = run("report", "--data", str(demo), "--period", "2025", "--out", str(tmp_path / "o"),
                          "--targets", str(targets))
    assert code == 0, stderr
    by_key = {m["indicator"]: m for m in json.loads((tmp_path / "o/report.json").read_text())["measurements"]}
    assert (by_key["answered_on_time"]["target"], by_key["answered_on_time"]["baseline"]) == (0.95, 0.8)
    assert by_key["median_days_to_answer"]["baseline"] is None
    assert "baseline" in (tmp_path / "o/measurements.csv").read_text().splitlines()[0]


def test_scores_and_trends_tables(demo: Path) -> None:
    import csv
    import io

    scores = list(csv.DictReader(io.StringIO((demo / "scores.csv").read_text(encoding="utf-8"))))
    composite = [r for r in scores if r["scorer"] == "composite"]
    total = next(r for r in composite if r["area"] == "total")
    areas = [r for r in composite if r["area"] != "total"]
    assert abs(sum(float(r["contribution"]) for r in areas) - float(total["value"])) < 0.05
    trends = list(csv.reader(io.StringIO((demo / "trends.csv").read_text(encoding="utf-8"))))
    assert trends[0] == ["indicator", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert any(row[0] == "answered_on_time" for row in trends[1:])


def test_a_store_that_cannot_be_put_in_place_is_a_clean_error(tmp_path: Path) -> None:
    """The store is built by another process while the report is made: its failure is
    reported like any other (no traceback), and nothing of the unfinished store is left."""
    (tmp_path / "participation.db").mkdir()
    (tmp_path / "participation.db" / "keep").write_text("mine")
    code, _, stderr = run("demo", "--out", str(tmp_path), "--submissions", "50")
    assert code == 1 and "Traceback" not in stderr
    assert f"{tmp_path / 'participation.db'}: cannot put the store there" in stderr
    assert (tmp_path / "participation.db" / "keep").read_text() == "mine"
    assert not list(tmp_path.glob(".*building*"))
