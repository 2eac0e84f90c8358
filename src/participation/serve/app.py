"""The Open311 GeoReport v2 service: a Starlette application over one desk.

Routes (``{format}`` is ``json`` or ``xml``):

====================================  ============================================
``GET /services.{format}``            the channel types served
``GET /services/{code}.{format}``     a service's definition (its attributes)
``POST /requests.{format}``           a citizen's request, through the desk's intake
``GET /requests.{format}``            requests, filtered
``GET /requests/{id}.{format}``       one request (a list of one, as the spec says)
``GET /request/{id}.{format}``        one request as an object (the official
                                      ``swagger.json`` spells the path this way)
``GET /tokens/{token}.{format}``      404: ids are given at once, never tokens
====================================  ============================================

Store work runs in Starlette's thread pool; the threads share one store (see the store's
concurrency model in ``docs/store.md``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation.desk import Desk, IntakeReceipt
from participation.errors import FieldError, InvalidDocumentError, ParticipationError, UnknownKeyError
from participation.intake import IntakeError, IntakeLimits, IntakeRequest
from participation.model import Status, Submission
from participation.registry import Registry
from participation.serve.config import ServeConfig
from participation.serve.formats import FORMATS, Open311Error, error_response, render
from participation.serve.limits import LimitsMiddleware, RateLimiter, response_format
from participation.serve.posting import check_api_key, intake_fields, open311_problems, parse_form
from participation.serve.requests import RequestQuery, request_view, service_notice, utc_now
from participation.serve.services import definition, served_channels, service
from participation.store.errors import StoreBusyError, StoreFullError, StoreReadOnlyError

__all__ = ["Open311Service", "create_app"]

log = logging.getLogger("participation.serve")
access_log = logging.getLogger("participation.serve.access")

Handler = Callable[[Request], Awaitable[Response]]


def _query(request: Request) -> dict[str, str]:
    """The query arguments; one given twice is refused (which would count?)."""
    params: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in params and not key.startswith("attribute["):
            raise Open311Error(400, f"{key[:40]}: given twice")
        params[key] = value
    return params


class Open311Service:
    """What the routes share: the desk (store and registry), the settings and the
    services (channel types) offered.

    :param clock: gives "now" (the default window of ``GET /requests``, and the
        desk's moments).
    """

    def __init__(self, desk: Desk, config: ServeConfig,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.desk = desk
        self.config = config
        self.clock = clock
        self.channels = {c.key: c for c in served_channels(desk.registry, config.services)}
        self.agency = config.agency if config.agency is not None else self._administration_name()
        #: What intake accepts: the desk's defaults, with GeoReport's 4,000 characters of
        #: description.
        self.limits = IntakeLimits(max_text=4000)

    @property
    def registry(self) -> Registry:
        """The registry of the desk."""
        return self.desk.registry

    def _administration_name(self) -> str | None:
        administration = getattr(self.desk.store, "administration", None)
        found = administration() if callable(administration) else None
        return getattr(found, "name", None)

    # checks shared by every route ---------------------------------------------------
    def _format(self, request: Request) -> str:
        fmt = str(request.path_params.get("format", ""))
        if fmt not in FORMATS:
            raise Open311Error(404, f"unknown response format {fmt[:20]!r} "
                                    f"(use .{' or .'.join(FORMATS)})")
        return fmt

    def _jurisdiction(self, params: Mapping[str, str]) -> None:
        wanted = self.config.jurisdiction_id
        given = params.get("jurisdiction_id")
        if wanted is not None and given is not None and given != wanted:
            raise Open311Error(404, f"jurisdiction_id {given[:60]!r} not found "
                                    f"(this endpoint serves {wanted!r})")

    def endpoint(self, work: Callable[[Request, str, dict[str, str]], Awaitable[Response]]) -> Handler:
        """A route handler around ``work(request, format, query)`` that answers every
        failure in the GeoReport error format, never with a traceback."""
        async def handle(request: Request) -> Response:
            fmt = response_format(request.url.path)
            try:
                fmt = self._format(request)
                params = _query(request)
                self._jurisdiction(params)
                return await work(request, fmt, params)
            except Open311Error as exc:
                return error_response(exc, fmt)
            except StoreBusyError:
                return error_response(Open311Error(503, "the store is busy; try again",
                                                   headers={"Retry-After": "1"}), fmt)
            except (StoreReadOnlyError, StoreFullError):
                log.exception("Open311 %s %s: the store cannot be written", request.method,
                              request.url.path)
                return error_response(Open311Error(503, "requests cannot be stored at the "
                                                        "moment; the server log says why"), fmt)
            except (FieldError, InvalidDocumentError, UnknownKeyError) as exc:
                return error_response(Open311Error(400, str(exc)), fmt)
            except ParticipationError:
                log.exception("Open311 %s %s failed", request.method, request.url.path)
                return error_response(Open311Error(500, "the request could not be handled; "
                                                        "the server log says why"), fmt)
            except Exception:
                log.exception("Open311 %s %s failed", request.method, request.url.path)
                return error_response(Open311Error(500, "internal error; the server log "
                                                        "says why"), fmt)
        return handle

    # services ------------------------------------------------------------------------
    async def services(self, request: Request, fmt: str, params: dict[str, str]) -> Response:
        """``GET /services``."""
        data = [service(c, self.registry, self.config.lang) for c in self.channels.values()]
        return render(fmt, "services", data)

    async def service_definition(self, request: Request, fmt: str,
                                 params: dict[str, str]) -> Response:
        """``GET /services/{code}``."""
        code = str(request.path_params["code"])
        channel = self.channels.get(code)
        if channel is None:
            raise Open311Error(404, f"service_code {code[:60]!r} not found (see GET /services)")
        return render(fmt, "service_definition", definition(channel, self.config.lang))

    # posting -------------------------------------------------------------------------
    async def _body(self, request: Request) -> bytes:
        """The body, refused (413) past ``max_body`` bytes however it is sent."""
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.config.max_body:
                raise Open311Error(413, f"the request body is larger than "
                                        f"{self.config.max_body} bytes")
        return bytes(body)

    def _intake(self, form: dict[str, str]) -> IntakeReceipt:
        code = form.get("service_code", "").strip()
        channel = self.channels.get(code)
        if channel is None:
            raise Open311Error(400, f"service_code: {code[:60]!r} is not a service here (see "
                                    "GET /services)" if code else "service_code: required")
        try:
            request = IntakeRequest.from_mapping(intake_fields(form, channel), self.desk.tz)
            return self.desk.intake(request, limits=self.limits)
        except IntakeError as exc:
            raise Open311Error(400, open311_problems(exc)) from None

    def notice(self, receipt: IntakeReceipt) -> str:
        """The ``service_notice`` of a request just taken in: registered when, and due by
        when under which law (or why it opens no proceeding)."""
        submission = receipt.submission
        registered = submission.entered(Status.REGISTERED) or submission.received_at
        name = self.registry.channel_label(submission.channel, self.config.lang)
        text = f"Registered on {registered.astimezone(self.desk.tz).date().isoformat()} as {name}."
        if receipt.inadmissible is not None:
            finding = receipt.inadmissible
            return f"{text} Not examined: {finding.reason} ({finding.legal_basis})."
        due = service_notice(submission, receipt.deadline, self.registry, self.desk.tz,
                             self.config.lang)
        return f"{text} {due}"

    async def post_request(self, request: Request, fmt: str, params: dict[str, str]) -> Response:
        """``POST /requests``: the desk's intake, in one transaction."""
        body = await self._body(request)
        form = parse_form(body, request.headers.get("content-type"),
                          request.query_params.multi_items())
        self._jurisdiction(form)
        check_api_key(form, self.config.api_keys)
        receipt = await run_in_threadpool(self._intake, form)
        answer = {"service_request_id": receipt.submission.id, "service_notice": self.notice(receipt)}
        return render(fmt, "service_requests", [answer])

    # requests ------------------------------------------------------------------------
    def _fetch(self, submission_id: str) -> Submission | None:
        try:
            return self.desk.store.get_submission(submission_id, with_contact=False)
        except UnknownKeyError:
            return None

    def _view(self, submission: Submission) -> dict[str, Any]:
        return request_view(submission, computation=self._deadline(submission),
                            registry=self.registry, tz=self.desk.tz, agency=self.agency,
                            lang=self.config.lang, details=self.config.publish_details)

    def _deadline(self, submission: Submission) -> Any:
        try:
            return self.desk.deadline(submission)
        except UnknownKeyError:  # a rule of a plugin that is not installed
            return None

    def _list(self, params: dict[str, str]) -> list[dict[str, Any]]:
        query = RequestQuery.parse(params, served=tuple(self.channels), now=self.clock(),
                                   tz=self.desk.tz, max_days=self.config.max_days,
                                   limit=self.config.max_results)
        return [self._view(s) for s in query.run(self.desk.store, self.desk.tz, self._fetch)]

    async def list_requests(self, request: Request, fmt: str, params: dict[str, str]) -> Response:
        """``GET /requests``."""
        data = await run_in_threadpool(self._list, params)
        return render(fmt, "service_requests", data)

    def _one(self, submission_id: str) -> dict[str, Any]:
        found = self._fetch(submission_id)
        if found is None or found.channel not in self.channels:
            raise Open311Error(404, f"service_request_id {submission_id[:60]!r} not found")
        return self._view(found)

    async def get_request(self, request: Request, fmt: str, params: dict[str, str]) -> Response:
        """``GET /requests/{id}``: a list of one."""
        data = await run_in_threadpool(self._one, str(request.path_params["id"]))
        return render(fmt, "service_requests", [data])

    async def get_request_object(self, request: Request, fmt: str,
                                 params: dict[str, str]) -> Response:
        """``GET /request/{id}``: the request itself."""
        data = await run_in_threadpool(self._one, str(request.path_params["id"]))
        return render(fmt, "request", data)

    async def token(self, request: Request, fmt: str, params: dict[str, str]) -> Response:
        """``GET /tokens/{token}``: this service gives ids at once, never tokens."""
        raise Open311Error(404, "no such token: this service answers a POST with its "
                                "service_request_id, never with a token")

    # the application -----------------------------------------------------------------
    def routes(self) -> list[Route]:
        """The application's routes."""
        e = self.endpoint
        return [
            Route("/services.{format}", e(self.services), methods=["GET"]),
            Route("/services/{code}.{format}", e(self.service_definition), methods=["GET"]),
            Route("/requests.{format}", e(self.list_requests), methods=["GET"]),
            Route("/requests.{format}", e(self.post_request), methods=["POST"]),
            Route("/requests/{id}.{format}", e(self.get_request), methods=["GET"]),
            Route("/request/{id}.{format}", e(self.get_request_object), methods=["GET"]),
            Route("/tokens/{token}.{format}", e(self.token), methods=["GET"]),
        ]


class AccessLog:
    """Logs each answer (method, path, status, milliseconds) to
    ``participation.serve.access``, without the query string or the client address: a
    POST may carry personal data in its query arguments."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            access_log.info("%s %s %d %.1f ms", scope.get("method"), scope.get("path"), status,
                            (time.perf_counter() - start) * 1000)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    fmt = response_format(request.url.path)
    words = {404: "no such resource (see GET /services.json)",
             405: f"method {request.method} not allowed here"}
    error = Open311Error(exc.status_code, words.get(exc.status_code, str(exc.detail)),
                         headers=exc.headers)
    return error_response(error, fmt)


def create_app(desk: Desk, config: ServeConfig | None = None, *,
               clock: Callable[[], datetime] = utc_now) -> Starlette:
    """The Open311 application over ``desk``.

    :raises UnknownKeyError: a configured service is not a channel type.
    """
    settings = config if config is not None else ServeConfig()
    open311 = Open311Service(desk, settings, clock)
    middleware = [Middleware(AccessLog), Middleware(LimitsMiddleware, max_body=settings.max_body,
                             post=RateLimiter(settings.post_rate, settings.burst),
                             get=RateLimiter(settings.get_rate, settings.burst))]
    if settings.cors_origins:
        middleware.insert(1, Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                        allow_methods=["GET", "POST"],
                                        allow_headers=["Content-Type"]))
    app = Starlette(routes=open311.routes(), middleware=middleware,
                    exception_handlers={HTTPException: _http_error})
    app.state.open311 = open311
    return app
