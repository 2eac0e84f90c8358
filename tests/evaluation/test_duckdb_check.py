"""``report --engine duckdb --data``: SQL vouches for the lines it can, the library reads
the others, and whatever it vouched for, the library accepts with the same values.

The property: for generated documents, valid and broken in every way we know DuckDB and
Python read differently (a repeated key, a trailing comma, a number for a text, an odd
moment, an unknown channel …), whenever SQL vouches for a line, the library's own reader
accepts it with the values DuckDB read. Then the whole path: the same problems, exit
status and no report on a broken folder; the same report when lines are valid but not in
the form the library writes (read by the library instead).
"""

from __future__ import annotations

import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from participation.cli import build_cli
from participation.evaluation import assess
from participation.model import Period, Submission
from participation.plugins import get_plugin_manager
from participation.registry import Registry
from participation.serialization import Serializer
from participation.sources import DirectorySource
from participation.testing.strategies import submissions
from participation.validation import check_references

duckdb = pytest.importorskip("duckdb")

from participation import duckdb_check  # noqa: E402
from participation.duckdb_engine import DuckDBFeed, folder_loader  # noqa: E402

REGISTRY = Registry.default()
SER = Serializer(REGISTRY.plugin_manager)
CLI = build_cli(get_plugin_manager())
OUTPUTS = ("report.json", "measurements.csv", "scores.csv", "trends.csv")
_CHANNELS = [*sorted(REGISTRY.channel_types)[:6], "bg.apia.request", "bg.whistleblower",
             "no.such_channel"]
_RULES = [None, None, "bg.apia", "generic.answer", "eu.whistleblower.feedback", "no.such_rule"]
_EXTENSIONS = ["bg.apia.volume", "bg.apia.third_party", "generic.extension", "unknown.extension"]


def _vouch(tmp_path: Path, lines: list[str], *, final_newline: bool = True) -> list[tuple[Any, ...]]:
    """Each line's number, whether SQL vouches for it and the values DuckDB read."""
    path = tmp_path / "submissions.jsonl"
    path.write_text("\n".join(lines) + ("\n" if final_newline else ""), encoding="utf-8")
    con = duckdb.connect()
    try:
        for statement in duckdb_check._macros():
            con.execute(statement)
        con.execute("SET TimeZone = 'UTC'")
        duckdb_check._docs(con, "docs", path, REGISTRY)
        return con.execute("SELECT rn, vouched, id, channel, kind, received_at, deadline_rule, "
                           "contact, events, response FROM docs ORDER BY rn").fetchall()
    finally:
        con.close()


def _library(line: str) -> Submission | None:
    """What the library makes of ``line``: the submission it accepts, or ``None``."""
    results = list(SER.iter_jsonl([line + "\n"], Submission))
    if len(results) != 1 or not results[0].ok:
        return None
    value = results[0].value
    return None if check_references(value, REGISTRY) else value


def _as_read(s: Submission) -> tuple[Any, ...]:
    """The values the facts read, as DuckDB gives them."""
    contact = None if s.contact is None else {"name": s.contact.name, "email": s.contact.email,
                                              "phone": s.contact.phone}
    response = None if s.response is None else {
        "answered_at": s.response.answered_at, "outcome": s.response.outcome.value,
        "reasoned": s.response.reasoned, "published": s.response.published}
    return (s.id, s.channel, s.kind.value, s.received_at, s.deadline_rule, contact,
            [{"at": e.at, "status": e.status.value, "extension": e.extension} for e in s.events],
            response)


def _check_vouched(tmp_path: Path, lines: list[str]) -> int:
    rows = _vouch(tmp_path, lines)
    assert [row[0] for row in rows] == list(range(1, len(lines) + 1))  # a row per line
    vouched = 0
    for line, (_rn, ok, *values) in zip(lines, rows, strict=True):
        if ok:
            vouched += 1
            accepted = _library(line)
            assert accepted is not None, line
            assert tuple(values) == _as_read(accepted), line
    return vouched


# generated documents ------------------------------------------------------------------

_ODD = [None, "", " ", "x", 0, 1, 1.5, True, False, [], {}, {"a": "b"}, "2025-01-02",
        "2025-01-02T09:00:00", "2025-01-02T09:00:00Z", "2025-01-02T09:00:00.123+02:00",
        "2025-01-02T09:00:00.123456+02:00", "20250102T090000+0200", "2025-01-02T24:00:00+02:00",
        "1000-06-01T00:30:00+01:00", "1001-06-01T00:30:00+01:00", "8998-12-31T23:00:00+01:00",
        "8999-01-01T00:00:00+00:00", "2025-02-30T10:00:00+02:00", "2025-01-02 09:00:00+02:00",
        "2025-01-02T09:00:00+24:00", "question", "answered", "extended", "accepted", "Web Form",
        "web_form", "bg.apia", "bg.apia.volume", "\u3000", " S-1 ", "S\\1", 'S"1', "é",
        {"name": "A", "consent": True}, {"name": "", "consent": True}, {"email": "a@b.c"},
        {"answered_at": "2025-01-01T00:00:00+02:00", "outcome": "accepted"}]
_FIELDS = ["schema", "id", "channel", "kind", "received_at", "subject", "text", "policy_id",
           "topic", "anonymous", "contact", "events", "response", "deadline_rule", "occurred_on",
           "extra", "unknown"]
_EVENT_FIELDS = ["at", "status", "note", "actor", "extension", "adjustment", "unknown"]


def _text_change(text: str, how: str, rng: random.Random) -> str:
    """Changes only the text can carry: a repeated key, a trailing comma, other spacing."""
    if how == "repeat" and text.startswith("{"):
        key = rng.choice(["id", "channel", "kind", "deadline_rule", "received_at", "contact"])
        return text[:-1] + f', "{key}": ' + json.dumps(rng.choice(_ODD)) + "}"
    if how == "repeat first" and text.startswith("{"):
        return '{"id": "X-9", ' + text[1:]
    if how == "repeat in event":
        return text.replace('"status": ', '"status": "closed", "status": ', 1)
    if how == "trailing comma":
        at = rng.choice([i for i, c in enumerate(text) if c in "}]"] or [len(text)])
        return text[:at] + "," + text[at:].replace(", ", ",", 1)
    if how == "escaped key":
        return text.replace('"channel"', '"ch\\u0061nnel"', 1)
    if how == "compact":
        return json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)
    if how == "ascii":
        return json.dumps(json.loads(text))
    if how == "blank":
        return rng.choice(["", " ", "\t", "\x0c"])
    if how == "cut":
        return text[: rng.randrange(len(text) + 1)]
    return text


@st.composite
def lines(draw: st.DrawFn) -> str:
    sub = draw(submissions(channels=st.sampled_from(_CHANNELS), max_events=4))
    doc = SER.dump(sub)
    doc["deadline_rule"] = draw(st.sampled_from(_RULES))
    for event in doc["events"]:
        if event["status"] == "extended" and draw(st.booleans()):
            event["extension"] = draw(st.sampled_from(_EXTENSIONS))
    for _ in range(draw(st.integers(0, 2))):
        value = draw(st.sampled_from(_ODD))
        events = doc.get("events")
        if isinstance(events, list) and events and isinstance(events[0], dict) and draw(st.booleans()):
            doc["events"][draw(st.integers(0, len(doc["events"]) - 1))][
                draw(st.sampled_from(_EVENT_FIELDS))] = value
        else:
            doc[draw(st.sampled_from(_FIELDS))] = value
    for key in draw(st.sets(st.sampled_from(_FIELDS), max_size=2)):
        doc.pop(key, None)
    text = json.dumps(doc, ensure_ascii=False)
    how = draw(st.sampled_from(["none", "none", "none", "repeat", "repeat first",
                                "repeat in event", "trailing comma", "escaped key", "compact",
                                "ascii", "blank", "cut"]))
    return _text_change(text, how, random.Random(draw(st.integers(0, 1000))))


@settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(lines(), min_size=1, max_size=25))
def test_what_sql_vouches_for_the_library_accepts_alike(tmp_path_factory: pytest.TempPathFactory,
                                                        batch: list[str]) -> None:
    _check_vouched(tmp_path_factory.mktemp("vouch"), batch)


def test_the_demo_lines_are_vouched_for_and_the_traps_are_not(tmp_path: Path) -> None:
    sub = SER.dump(next(iter(_demo_submissions(tmp_path, 30))))
    good = json.dumps(sub, ensure_ascii=False)
    traps = [_text_change(good, how, random.Random(1)) for how in
             ("repeat first", "repeat in event", "trailing comma", "escaped key")]
    traps += [good.replace('"received_at": "', '"received_at": "x', 1),
              good[:-1] + ', "unknown": null}', good.replace('"subject": ', '"subject": null, "s": ', 1)]
    # a null inside a step: list_bool_and skips NULLs, so the step's test must not be NULL
    # (found by the property below: a null status once passed)
    assert sub["events"], "the demo submission has a history"
    for key, value in (("status", None), ("note", None), ("adjustment", None)):
        broken = json.loads(good)
        broken["events"][0][key] = value
        traps.append(json.dumps(broken, ensure_ascii=False))
    broken = json.loads(good)
    broken["events"][0] = None
    traps.append(json.dumps(broken, ensure_ascii=False))
    rows = _vouch(tmp_path, [good, *traps, good.replace(sub["id"], sub["id"] + "-2")])
    assert [row[1] for row in rows] == [True] + [False] * len(traps) + [True]
    assert _check_vouched(tmp_path, [good]) == 1


def _demo_submissions(folder: Path, n: int) -> list[Submission]:
    from participation.demo import write

    folder = folder / "demo"
    write(REGISTRY, folder, SER, seed=2, submissions=n)
    with (folder / "submissions.jsonl").open(encoding="utf-8") as fh:
        return list(SER.read_jsonl(fh, Submission))


# the whole path: numbering, problems, reports ------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from participation.demo import write

    folder = tmp_path_factory.mktemp("demo_check")
    write(REGISTRY, folder, SER, seed=4, submissions=400)
    return folder


def _copy(demo: Path, folder: Path, lines: list[str], ending: str = "\n") -> Path:
    folder.mkdir()
    for f in demo.iterdir():
        if f.is_file():
            (folder / f.name).write_bytes(f.read_bytes())
    (folder / "submissions.jsonl").write_bytes(ending.encode().join(
        line.encode("utf-8", "surrogateescape") for line in lines))
    return folder


def _both(folder: Path, out: Path) -> list[tuple[int, str]]:
    found = []
    for engine in ("default", "duckdb"):
        result = CliRunner().invoke(CLI, ["report", "--data", str(folder), "--period", "2025",
                                          "--out", str(out / engine), "--engine", engine])
        found.append((result.exit_code, result.stderr.replace("Reading and assessing", "")))
    return found


def _feed(folder: Path) -> DuckDBFeed:
    source = DirectorySource(folder, SER, REGISTRY)
    feed = DuckDBFeed(folder_loader(folder / "submissions.jsonl"), check_source=True)
    assess(_admin(folder), Period.parse("2025"), source, source.registry, feed=feed)
    return feed


def _admin(folder: Path) -> Any:
    from participation.sources import load_administration

    return load_administration(folder, SER)


def test_broken_lines_are_reported_as_by_the_default_engine(demo: Path, tmp_path: Path) -> None:
    lines = (demo / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    broken = [
        "\ufeff" + lines[0],                                        # a byte-order mark: line 1
        "",                                                         # a blank line counts
        "   ",
        lines[1][:-1] + ',}',                                       # a trailing comma
        lines[2].replace('"id": ', '"id": "DUP-1", "id": ', 1),     # a repeated key
        json.dumps(dict(first, channel="no.such_channel")),         # unknown channel
        json.dumps(dict(first, id=json.loads(lines[3])["id"])),      # repeats line 8's id …
        *lines[3:40],                                               # … which SQL would vouch for
        lines[40].replace('"kind": "', '"kind": "x', 1),
        json.dumps(dict(first, id="S-late", received_at="2025-01-02T09:00:00")),  # naive
        "not json",
        *lines[41:60],
        lines[60],                                                  # the last line, no newline
    ]
    folder = _copy(demo, tmp_path / "data", broken)
    (default_code, default_err), (duck_code, duck_err) = _both(folder, tmp_path)
    assert default_code == duck_code != 0
    assert duck_err == default_err
    for line in (4, 6, 8, 45, 46, 47):
        assert f"line {line}:" in duck_err, line
    assert not (tmp_path / "duckdb" / "report.json").exists()
    feed = _feed(folder)
    assert feed.by_library is not None and feed.by_library < 20  # SQL vouched for the rest


def test_a_folder_duckdb_cannot_read_a_row_per_line_is_read_by_the_library(demo: Path,
                                                                             tmp_path: Path) -> None:
    lines = (demo / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    broken = [*lines[:5], lines[5][:-1] + ", \"x\": 1}", "\udce9 not UTF-8", *lines[6:30]]
    for ending, name in (("\r\n", "crlf"), ("\n", "utf8")):
        folder = _copy(demo, tmp_path / name, broken, ending)
        (default_code, default_err), (duck_code, duck_err) = _both(folder, tmp_path / name)
        assert default_code == duck_code != 0 and duck_err == default_err
        assert "line 7" in duck_err


def test_valid_lines_sql_does_not_vouch_for_give_the_same_report(demo: Path, tmp_path: Path) -> None:
    lines = (demo / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    odd = [json.dumps(json.loads(line), separators=(",", ":")) if i % 7 == 0 else line
           for i, line in enumerate(lines)]
    folder = _copy(demo, tmp_path / "data", ["", *odd, "  "])
    (default_code, _), (duck_code, duck_err) = _both(folder, tmp_path)
    assert default_code == duck_code == 0, duck_err
    for name in OUTPUTS:
        assert (tmp_path / "duckdb" / name).read_bytes() == (tmp_path / "default" / name).read_bytes()
    feed = _feed(folder)
    assert feed.by_library == (len(lines) + 6) // 7 + 2 and feed.fell_back is None


def test_a_changed_model_turns_vouching_off(monkeypatch: pytest.MonkeyPatch, demo: Path) -> None:
    assert duckdb_check.can_vouch(SER)
    monkeypatch.setattr(duckdb_check, "model_as_written", lambda: False)
    assert not duckdb_check.can_vouch(SER)
    feed = _feed(demo)
    assert feed.by_library is None  # the library read every line


def test_moments_read_alike(tmp_path: Path) -> None:
    # the moments SQL takes are read as the same instants by both
    base = SER.dump(_demo_submissions(tmp_path, 5)[0])
    moments = ["2025-01-02T09:00:00Z", "2025-01-02T09:00:00.123456-05:30", "1001-01-01T00:00:00+14:00",
               "8998-12-31T23:59:59-12:00", "2024-02-29T23:59:59+00:00"]
    docs = [json.dumps(dict(base, received_at=m, events=[], response=None, id=f"M-{i}", occurred_on=None),
                       ensure_ascii=False) for i, m in enumerate(moments)]
    rows = _vouch(tmp_path, docs)
    for moment, row in zip(moments, rows, strict=True):
        assert row[1] is True and row[5] == datetime.fromisoformat(moment), moment


def test_an_id_duckdb_reads_otherwise_is_still_found_repeated(demo: Path, tmp_path: Path) -> None:
    # line 3 names an id twice: DuckDB reads the first ("X-1"), Python the last, which is
    # line 10's id; SQL would vouch for line 10, the library must see both
    lines = (demo / "submissions.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    tenth = json.loads(lines[9])["id"]
    lines[2] = lines[2].replace('"id": ', '"id": "X-1", "id": ', 1).replace(
        json.loads(lines[2])["id"], tenth, 1)
    folder = _copy(demo, tmp_path / "data", lines)
    (default_code, default_err), (duck_code, duck_err) = _both(folder, tmp_path)
    assert default_code == duck_code != 0 and duck_err == default_err
    assert f"line 10: $.id: repeated id {tenth!r} (first on line 3)" in duck_err


def test_many_problems_are_cut_short_alike(demo: Path, tmp_path: Path) -> None:
    lines = (demo / "submissions.jsonl").read_text(encoding="utf-8").splitlines()[:50]
    folder = _copy(demo, tmp_path / "data", [*lines[:20], *(["{"] * 600), *lines[20:]])
    (default_code, default_err), (duck_code, duck_err) = _both(folder, tmp_path)
    assert default_code == duck_code != 0 and duck_err == default_err
    assert "and 100 more problems" in duck_err
