"""``participation serve``: a clear message without the extra or the store; a real
process that answers an Open311 client and stops."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.desk import Desk

from .conftest import httpx, seed


def test_without_the_extra_the_message_names_it(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    result = CliRunner().invoke(build_cli(), ["serve", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "needs the 'serve' extra" in result.output
    assert "pip install 'participation[serve]'" in result.output
    assert "Traceback" not in result.output


def test_a_missing_store_is_a_clean_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_cli(), ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no store there" in result.output
    assert not (tmp_path / "none.db").exists()


def test_an_empty_api_keys_file_is_refused(tmp_path: Path, desk: Desk) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text("# no keys yet\n\n", encoding="utf-8")
    result = CliRunner().invoke(build_cli(), ["serve", "--db", str(desk.store.path),
                                              "--api-keys", str(keys)])
    assert result.exit_code == 1
    assert "holds no key" in result.output


def test_an_unknown_service_is_refused(desk: Desk) -> None:
    result = CliRunner().invoke(build_cli(), ["serve", "--db", str(desk.store.path),
                                              "--service", "carrier_pigeon"])
    assert result.exit_code == 1
    assert "unknown channel type 'carrier_pigeon'" in result.output


@pytest.mark.slow
def test_serve_answers_and_stops_cleanly(desk: Desk, process_factory: Any) -> None:
    seed(desk)
    server = process_factory(Path(desk.store.path), "--jurisdiction-id", "test.example")
    services = httpx.get(f"{server.url}/services.json").json()
    assert "web_form" in [s["service_code"] for s in services]
    one = httpx.get(f"{server.url}/requests/S-OPEN.json?jurisdiction_id=test.example").json()
    assert one[0]["status"] == "open" and one[0]["expected_datetime"]
    server.stop()
    assert server.process.returncode == 0
    assert server.log is not None
    assert "Open311 service of" in server.log and "Traceback" not in server.log
