"""A live Open311 server on a store seeded with a few submissions, and the official
GeoReport v2 schemas to check its answers against."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from participation.desk import Desk  # noqa: E402
from participation.model import Contact, Outcome, Response, Submission, SubmissionKind  # noqa: E402
from participation.registry import Registry  # noqa: E402
from participation.serve import ServeConfig, create_app  # noqa: E402
from participation.store import SqliteStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / ".." / "shared" / "realdata" / "open311" / "georeport-v2-schema"

#: Personal data seeded into the store: none of it may appear in a GET answer.
PERSONAL = ("Ana Petrova", "ana.petrova@example.org", "+359 88 123 4567", "12 Rakovski St")
NOW = datetime.now(UTC).replace(microsecond=0)


class Official:
    """Validators of the official GeoReport v2 JSON schemas (the files beside the
    checkout), with the date-time and uri formats checked."""

    def __init__(self, folder: Path) -> None:
        jsonschema = pytest.importorskip("jsonschema")
        referencing = pytest.importorskip("referencing")
        pytest.importorskip("rfc3339_validator")
        self.documents = {p.name: json.loads(p.read_text(encoding="utf-8"))
                          for p in folder.glob("*.json") if p.name != "swagger.json"}
        registry: Any = referencing.Registry().with_resources(
            (name, referencing.Resource.from_contents(
                doc, default_specification=referencing.jsonschema.DRAFT7))
            for name, doc in self.documents.items())
        self.validators = {
            name: jsonschema.Draft7Validator(doc, registry=registry,
                                             format_checker=jsonschema.FormatChecker())
            for name, doc in self.documents.items()}

    def check(self, name: str, data: Any) -> None:
        """Fail with every schema error of ``data`` against ``name`` (``services.json`` …)."""
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in self.validators[name].iter_errors(data)]
        assert not errors, f"{name}: " + "; ".join(errors[:10])


@pytest.fixture(scope="session")
def official() -> Official:
    if not SCHEMA_DIR.is_dir():
        pytest.skip(f"the official GeoReport v2 schemas are not at {SCHEMA_DIR}")
    return Official(SCHEMA_DIR)


@pytest.fixture(scope="session")
def swagger_path() -> Path:
    path = SCHEMA_DIR / "swagger.json"
    if not path.is_file():
        pytest.skip(f"the official GeoReport v2 swagger.json is not at {path}")
    return path


def seed(desk: Desk) -> dict[str, Submission]:
    """A few submissions received in the last days: open, answered and closed (with a
    published answer), on a channel that is not served, and one with contact details."""
    t = NOW - timedelta(days=5)
    made = {
        "S-OPEN": Submission("S-OPEN", "web_form", SubmissionKind.SIGNAL, t, "Broken light",
                             "The street light at the corner is broken <b>again</b>",
                             extra={"lat": "42.6977", "long": "23.3219",
                                    "address_string": "Vitosha Blvd 1"}),
        "S-ANSWERED": Submission("S-ANSWERED", "information_request",
                                 SubmissionKind.INFORMATION_REQUEST, t + timedelta(hours=1),
                                 "Budget", "The 2025 budget, please"),
        "S-PHONE": Submission("S-PHONE", "phone", SubmissionKind.QUESTION, t + timedelta(hours=2),
                              "Hours", "When are you open?"),
        "S-CONTACT": Submission("S-CONTACT", "email", SubmissionKind.COMPLAINT,
                                t + timedelta(hours=3), "Noise", "Loud music every night",
                                contact=Contact(name=PERSONAL[0], email=PERSONAL[1],
                                                phone=PERSONAL[2], address=PERSONAL[3])),
    }
    for submission in made.values():
        desk.receive(submission)
        desk.register(submission.id, at=submission.received_at + timedelta(minutes=5))
    answered = t + timedelta(days=2)
    desk.answer("S-ANSWERED", Response(answered, Outcome.GRANTED, published=True,
                                       legal_basis="Regulation (EC) No 1049/2001 art. 7(1)",
                                       text="Published on the website."))
    desk.close("S-ANSWERED", at=answered + timedelta(hours=1))
    return {k: desk.store.get_submission(k, with_contact=False) for k in made}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    store = SqliteStore(tmp_path / "desk.db", create=True)
    yield Desk(store, Registry.default())
    store.close()


@pytest.fixture
def seeded(desk: Desk) -> dict[str, Submission]:
    return seed(desk)


class LiveServer:
    """A uvicorn server in a thread, on a free port of 127.0.0.1."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.url, timeout=10)

    def stop(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def serve(desk: Desk) -> Iterator[Callable[..., LiveServer]]:
    """``serve(**settings)``: a live server of ``desk`` with those ServeConfig settings."""
    started: list[LiveServer] = []

    def start(**settings: Any) -> LiveServer:
        server = LiveServer(create_app(desk, ServeConfig(**settings)))
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live(serve: Callable[..., LiveServer], seeded: dict[str, Submission]) -> LiveServer:
    """A live server with the default settings over the seeded store."""
    return serve()


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
        # a file, not a pipe: a pipe nobody reads would fill up and stop the server
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "participation", "serve", "--db", str(db), "--port",
             str(self.port), *args], stdout=self.output, stderr=subprocess.STDOUT, text=True,
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
        self.output.seek(0)
        self.log = self.output.read()
        self.output.close()


@pytest.fixture
def process_factory() -> Any:
    started: list[ServeProcess] = []

    def start(db: Path, *args: str) -> ServeProcess:
        started.append(ServeProcess(db, *args))
        return started[-1]

    yield start
    for p in started:
        p.stop()
