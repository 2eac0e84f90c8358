"""A small web service for an administration's website: citizens post a submission as
JSON to ``/submissions``; the desk receives, checks, registers and dates it in one
transaction, and the service answers 201 with the register number and the due day, or
422 with every problem and the field it is in.

Run it with ``uvicorn intake_service:app`` (after ``pip install starlette uvicorn``).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from participation.desk import Desk
from participation.intake import IntakeError
from participation.registry import Registry
from participation.store import SqliteStore, StoreBusyError, StoreError

#: Bodies larger than this are refused before they are read (the intake limits refuse
#: long texts too, but only once the body is in memory).
MAX_BODY = 64 * 1024


def create_app(store: SqliteStore, registry: Registry) -> Starlette:
    """The service over one store, shared by every thread of the server."""
    desk = Desk(store, registry)

    async def post_submission(request: Request) -> JSONResponse:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"errors": [{"field": "", "path": "$",
                                             "message": "the body is too large"}]}, 413)
        try:
            body = json.loads(await request.body())
        except (UnicodeDecodeError, json.JSONDecodeError):
            return JSONResponse({"errors": [{"field": "", "path": "$",
                                             "message": "not JSON"}]}, 400)
        try:
            # The desk is synchronous: run it in the thread pool, where the threads share
            # the store (each gets its own connection; writes take turns).
            receipt = await run_in_threadpool(desk.intake, body)
        except IntakeError as exc:
            return JSONResponse({"errors": exc.as_json()}, 422)
        except StoreBusyError:
            return JSONResponse({"errors": [{"field": "", "path": "$", "message":
                                             "busy, try again"}]}, 503,
                                headers={"Retry-After": "1"})
        except StoreError:
            return JSONResponse({"errors": [{"field": "", "path": "$", "message":
                                             "the service cannot store submissions now"}]},
                                500)
        submission = receipt.submission
        return JSONResponse({"id": submission.id, "status": submission.status.value,
                             "due": receipt.due,
                             "not_examined": None if receipt.inadmissible is None
                             else receipt.inadmissible.legal_basis}, 201)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    return Starlette(routes=[Route("/submissions", post_submission, methods=["POST"])],
                     lifespan=lifespan)


def __getattr__(name: str) -> Starlette:
    """``intake_service:app`` for uvicorn: the store named by ``PARTICIPATION_DB``."""
    if name == "app":
        return create_app(SqliteStore(os.environ.get("PARTICIPATION_DB", "participation.db")),
                          Registry.default())
    raise AttributeError(name)
