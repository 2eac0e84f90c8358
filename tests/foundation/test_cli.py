"""The core commands, as a user meets them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation import __version__
from participation.cli import build_cli
from participation.plugins import get_plugin_manager

CLI = build_cli(get_plugin_manager(load_entrypoints=False))


def invoke(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(CLI, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert __version__ in out


def test_channels_json_lists_builtins() -> None:
    code, out, _ = invoke("channels", "--json")
    keys = {c["key"]: c for c in json.loads(out)}
    assert code == 0
    assert {"web_form", "email", "phone", "in_person", "post", "anticorruption_box",
            "information_request", "public_consultation", "survey", "round_table",
            "open_doors_day", "social_media", "media_monitoring"} <= set(keys)
    assert keys["anticorruption_box"]["anonymous"] is True


def test_plugins_json() -> None:
    code, out, _ = invoke("plugins", "--json")
    names = [p["name"] for p in json.loads(out)]
    assert code == 0
    assert "participation.builtins.channels" in names


GOOD = ('{"schema": "participation.submission/1", "id": "S-1", "channel": "email", '
        '"kind": "question", "received_at": "2025-02-03T10:00:00+02:00", "subject": "Hours?"}')


def test_validate_valid_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text(GOOD + "\n" + GOOD.replace("S-1", "S-2") + "\n")
    code, out, _ = invoke("validate", str(f))
    assert code == 0
    assert "valid (2 documents)" in out


def test_validate_lists_every_error_with_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text("\n".join([
        GOOD,
        GOOD.replace('"email"', '"fax"').replace('"S-1"', '"S-2"'),
        GOOD.replace("+02:00", "").replace('"S-1"', '"S-3"'),
        "{broken",
        GOOD.replace('"question"', '"riddle"').replace('"S-1"', '"S-5"'),
    ]) + "\n")
    code, _, err = invoke("validate", str(f))
    assert code == 1
    assert f"{f}:line 2: $.channel: unknown channel type 'fax'" in err
    assert f"{f}:line 3: $.received_at: naive datetime" in err
    assert f"{f}:line 4: $: not JSON" in err
    assert f"{f}:line 5: $.kind: unknown SubmissionKind 'riddle'" in err
    assert "4 problems in 5 documents" in err


def test_validate_reports_a_repeated_id_with_both_lines(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    lines = [GOOD, GOOD.replace('"S-1"', '"S-2"'), GOOD]
    f.write_bytes(b"\xef\xbb\xbf" + "".join(x + "\n" for x in lines).encode())
    code, _, err = invoke("validate", str(f))
    assert code == 1  # a byte-order mark is fine; the repeat is not
    assert f"{f}:line 3: $.id: repeated id 'S-1' (first at line 1)" in err


def test_validate_names_the_line_of_a_non_utf8_byte(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_bytes((GOOD + "\n").encode() + GOOD.replace("Hours?", "Heures\xe9").encode("latin-1") + b"\n")
    code, _, err = invoke("validate", str(f))
    assert code == 1 and f"{f}:line 2: $: not UTF-8 text" in err
    assert "Traceback" not in err


def test_validate_json_array(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text("[" + GOOD + "," + GOOD.replace('"email"', '"fax"') + "]")
    code, _, err = invoke("validate", str(f))
    assert code == 1
    assert "$[1].channel: unknown channel type 'fax'" in err


@pytest.mark.parametrize("args", [["validate", "/no/such/file.jsonl"], ["nope"]])
def test_usage_errors_are_clean(args: list[str]) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert "Traceback" not in err
    assert "Error" in err


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "participation", "--version"], capture_output=True,
                         text=True, check=False, timeout=60)
    assert out.returncode == 0
    assert __version__ in out.stdout


def test_validate_checks_extensions_and_jurisdiction(tmp_path: Path) -> None:
    ext = ('{"schema": "participation.submission/1", "id": "S-9", "channel": "email", '
           '"kind": "question", "received_at": "2025-02-03T10:00:00+02:00", "events": ['
           '{"at": "2025-02-03T11:00:00+02:00", "status": "registered"}, '
           '{"at": "2025-02-04T11:00:00+02:00", "status": "extended", "extension": "typo"}, '
           '{"at": "2025-02-05T11:00:00+02:00", "status": "extended", "extension": "generic.extension"}, '
           '{"at": "2025-02-06T11:00:00+02:00", "status": "extended", "extension": "generic.extension"}]}')
    admin = ('{"schema": "participation.administration/1", "name": "X", "country": "BG", '
             '"jurisdiction": "mars"}')
    f = tmp_path / "s.jsonl"
    f.write_text(ext + "\n" + admin + "\n")
    code, _, err = invoke("validate", str(f))
    assert code == 1
    assert "line 1: $.events[1].extension: 'typo' is not an extension of 'generic.answer'" in err
    assert "line 1: $.events[3].extension: extension 'generic.extension' is applied twice" in err
    assert "line 2: $.jurisdiction: no calendar for jurisdiction 'mars'" in err


@pytest.mark.parametrize(("field", "value", "message"), [
    ("id", "123", "expected text"), ("subject", '["a"]', "expected text"),
    ("anonymous", '"no"', "expected true or false")])
def test_wrong_types_are_not_converted(tmp_path: Path, field: str, value: str, message: str) -> None:
    doc = GOOD[:-1] + f', "{field}": {value}}}' if field != "id" else GOOD.replace('"S-1"', value)
    f = tmp_path / "s.jsonl"
    f.write_text(doc + "\n")
    code, _, err = invoke("validate", str(f))
    assert code == 1 and f"$.{field}: {message}" in err


def test_deeply_nested_json_is_a_clean_error(tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    code, _, err = invoke("validate", str(f))
    assert code == 1 and "nested more than 64 levels deep" in err
