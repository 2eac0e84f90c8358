"""Limits on what one client may send: request rate and body size.

Rates are counted per client address with a token bucket: a client may send ``burst``
requests at once, then one every ``60 / per_minute`` seconds. Behind a reverse proxy
the client address is the one the proxy forwards (``participation serve
--forwarded-allow-ips``). The buckets of the least recently seen clients are dropped
beyond ``max_clients``, so many addresses cannot exhaust memory.

>>> clock = iter([0.0, 0.0, 0.0, 30.0]).__next__
>>> limiter = RateLimiter(per_minute=2, burst=2, clock=clock)
>>> limiter.wait("10.0.0.1"), limiter.wait("10.0.0.1"), limiter.wait("10.0.0.1")
(0.0, 0.0, 30.0)
>>> limiter.wait("10.0.0.1")  # half a minute later: one more token
0.0
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from participation.serve.formats import Open311Error, error_response

__all__ = ["LimitsMiddleware", "RateLimiter", "response_format"]


class RateLimiter:
    """A token bucket per client; ``per_minute`` 0 means no limit."""

    def __init__(self, per_minute: float, burst: int, *, max_clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_clients = max_clients
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def wait(self, client: str) -> float:
        """Take a token for ``client``: 0 when the request may go ahead, else how many
        seconds until it may."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        tokens, seen = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - seen) * self.rate)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            wait = 0.0
        else:
            self._buckets[client] = (tokens, now)
            wait = (1.0 - tokens) / self.rate
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait


def response_format(path: str) -> str:
    """``xml`` when the path asks for it (``/requests.xml``), else ``json``."""
    return "xml" if path.endswith(".xml") else "json"


class LimitsMiddleware:
    """Refuses, in the GeoReport error format, a request whose declared body is larger
    than ``max_body`` bytes (413) and a client over its rate (429 with
    ``Retry-After``). ``POST`` and other methods have their own buckets."""

    def __init__(self, app: ASGIApp, *, max_body: int, post: RateLimiter,
                 get: RateLimiter) -> None:
        self.app = app
        self.max_body = max_body
        self.post = post
        self.get = get

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        error = self._refusal(scope)
        if error is not None:
            response = error_response(error, response_format(scope.get("path", "")))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _refusal(self, scope: Scope) -> Open311Error | None:
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                return Open311Error(400, "Content-Length is not a number")
            if size > self.max_body:
                return Open311Error(413, f"the request body has {size} bytes; at most "
                                         f"{self.max_body} are accepted")
        if scope.get("method") == "OPTIONS":
            return None
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        limiter = self.post if scope.get("method") == "POST" else self.get
        wait = limiter.wait(address)
        if wait > 0:
            seconds = max(1, int(wait + 0.999))
            return Open311Error(429, f"too many requests from this address; try again in "
                                     f"{seconds} s", headers={"Retry-After": str(seconds)})
        return None
