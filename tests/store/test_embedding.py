"""The web service of docs/embedding.md (docs/examples/intake_service.py), driven by a
real HTTP client (httpx, through its ASGI transport)."""

from __future__ import annotations

import asyncio
import importlib.util
import sqlite3
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
httpx = pytest.importorskip("httpx")

from participation.store import SqliteStore  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "intake_service.py"


def _service() -> Any:
    spec = importlib.util.spec_from_file_location("intake_service", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Client:
    """Posts to the app over HTTP (httpx's ASGI transport), one event loop per call."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def _run(self, work: Callable[[Any], Coroutine[Any, Any, Any]]) -> Any:
        async def main() -> Any:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await work(c)
        return asyncio.run(main())

    def post(self, path: str, **kw: Any) -> Any:
        return self._run(lambda c: c.post(path, **kw))

    def post_many(self, path: str, bodies: list[Any]) -> list[Any]:
        async def work(c: Any) -> list[Any]:
            return list(await asyncio.gather(*(c.post(path, json=b) for b in bodies)))
        return list(self._run(work))


@pytest.fixture
def client(db_path: Path, registry: Any) -> Any:
    store = SqliteStore(db_path)
    yield Client(_service().create_app(store, registry))
    store.close()


def test_a_post_is_stored_registered_and_dated(client: Any, db_path: Path) -> None:
    response = client.post("/submissions", json={
        "channel": "web_form", "kind": "question", "subject": "Opening hours?",
        "email": "ana@example.org"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "registered" and body["due"] and body["not_examined"] is None
    with SqliteStore(db_path) as store:
        assert store.get_submission(body["id"]).contact.email == "ana@example.org"


def test_bad_input_is_a_422_with_field_paths(client: Any, db_path: Path) -> None:
    response = client.post("/submissions", json={
        "channel": "web_form", "kind": "question", "subject": "nul\u0000",
        "email": "not-an-email", "status": "answered"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["status"]
    response = client.post("/submissions", json={
        "channel": "web_form", "kind": "question", "subject": "nul\u0000",
        "email": "not-an-email"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == ["subject", "email"]
    assert "not-an-email" not in response.text
    with SqliteStore(db_path) as store:
        assert store.count_submissions() == 0


def test_not_json_and_too_large_bodies(client: Any) -> None:
    assert client.post("/submissions", content=b"{nope").status_code == 400
    huge = b'{"text": "' + b"x" * 70_000 + b'"}'
    assert client.post("/submissions", content=huge).status_code == 413


def test_a_locked_store_is_a_503_with_retry_after(db_path: Path, registry: Any) -> None:
    store = SqliteStore(db_path, busy_timeout=0.05, retries=0)
    app = Client(_service().create_app(store, registry))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = app.post("/submissions", json={
            "channel": "web_form", "kind": "question", "subject": "Q"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    assert response.status_code == 503 and response.headers["retry-after"] == "1"


def test_concurrent_clients_share_the_service(client: Any, db_path: Path) -> None:
    """200 posts at once: the desk runs in the server's thread pool, whose threads share
    the one store."""
    responses = client.post_many("/submissions", [
        {"channel": "web_form", "kind": "proposal", "subject": f"Idea {i}"} for i in range(200)])
    assert [r.status_code for r in responses] == [201] * 200
    assert len({r.json()["id"] for r in responses}) == 200
    with SqliteStore(db_path) as store:
        assert store.count_submissions() == 200
