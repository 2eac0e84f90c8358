"""The concurrency model (docs/store.md): one store object shared by the threads of a
web service; several processes on one file are in test_crash_and_concurrency.py."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from participation.desk import Desk
from participation.intake import IntakeRequest
from participation.model import Status
from participation.store import SqliteStore, StoreError


def test_twenty_threads_share_one_store_for_5000_intakes(db_path: Path, registry: Any) -> None:
    store = SqliteStore(db_path)
    desk = Desk(store, registry)
    errors: list[BaseException] = []

    def post(i: int) -> str:
        try:
            request = IntakeRequest("web_form", "question", f"Question {i}",
                                    email=f"person{i}@example.org")
            return desk.intake(request).submission.id
        except BaseException as exc:  # counted, not hidden
            errors.append(exc)
            raise

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = list(pool.map(post, range(5000)))
    assert errors == []
    assert len(set(ids)) == 5000
    assert store.count_submissions() == 5000
    statuses = {s.status for s in store.iter_submissions()}
    assert statuses == {Status.REGISTERED}
    store.close()
    with SqliteStore(db_path) as again:  # and what is in the file, from a fresh connection
        assert again.connection.execute("SELECT COUNT(DISTINCT id), COUNT(*) FROM submissions"
                                        ).fetchone() == (5000, 5000)
        assert again.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 5000
        assert again.integrity() == "ok"


def test_readers_and_writers_share_a_store(db_path: Path, registry: Any) -> None:
    store = SqliteStore(db_path)
    desk = Desk(store, registry)
    stop = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                seen.append(sum(1 for _ in store.iter_submissions()))
        except BaseException as exc:
            failures.append(exc)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for r in readers:
        r.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: desk.intake({"channel": "web_form", "kind": "question",
                                             "subject": f"Q{i}"}), range(400)))
    stop.set()
    for r in readers:
        r.join()
    assert failures == []
    assert seen and all(0 <= n <= 400 for n in seen)  # each a committed state
    assert store.count_submissions() == 400
    store.close()


def test_each_thread_gets_its_own_connection_and_close_closes_them_all(db_path: Path) -> None:
    store = SqliteStore(db_path)
    main_conn = store.connection
    other: list[Any] = []
    thread = threading.Thread(target=lambda: other.append(store.connection))
    thread.start()
    thread.join()
    assert other[0] is not main_conn
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_submissions()


def test_connections_of_ended_threads_are_released(db_path: Path) -> None:
    store = SqliteStore(db_path)
    for _ in range(30):
        thread = threading.Thread(target=store.count_submissions)
        thread.start()
        thread.join()
    assert len(store._connections) <= 2  # this thread's and the last one's
    store.close()


def test_a_memory_store_is_serialised_between_threads(registry: Any) -> None:
    store = SqliteStore(":memory:")
    desk = Desk(store, registry)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: desk.intake({"channel": "web_form", "kind": "question",
                                             "subject": f"Q{i}"}), range(200)))
    assert store.count_submissions() == 200


_WORKER = """
import sys
from concurrent.futures import ThreadPoolExecutor
from participation.desk import Desk
from participation.registry import Registry
from participation.store import SqliteStore

store = SqliteStore(sys.argv[1])
desk = Desk(store, Registry.default(load_entrypoints=False))
with ThreadPoolExecutor(4) as pool:
    list(pool.map(lambda i: desk.intake({"channel": "web_form", "kind": "question",
                                         "subject": f"{sys.argv[2]} {i}"}), range(150)))
store.close()
"""


def test_several_processes_with_threads_share_one_store_file(db_path: Path) -> None:
    import subprocess
    import sys

    SqliteStore(db_path).close()
    workers = [subprocess.Popen([sys.executable, "-c", _WORKER, str(db_path), f"p{n}"],
                                stderr=subprocess.PIPE, text=True) for n in range(3)]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    with SqliteStore(db_path) as store:
        assert store.connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT id), COUNT(DISTINCT subject) FROM submissions"
        ).fetchone() == (450, 450, 450)
