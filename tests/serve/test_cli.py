"""``participation serve``: a clear message without the extra or the store; a real
process that answers an Open311 client and stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServeProcess:
    """``participation serve`` as a child process on a free port."""

    def __init__(self, db: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log: str | None = None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "participation", "serve", "--db", str(db), "--port",
             str(self.port), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{self.url}/services.json", timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"participation serve did not start: {self.log}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.log is not None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log = self.process.stderr.read() if self.process.stderr else ""
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()


@pytest.fixture
def process_factory() -> Any:
    started: list[ServeProcess] = []

    def start(db: Path, *args: str) -> ServeProcess:
        started.append(ServeProcess(db, *args))
        return started[-1]

    yield start
    for p in started:
        p.stop()


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
