"""`positions serve`: a small HTTP server that takes OsmAnd/Traccar position reports.

It parses and checks each request, applies the shared token and the rate limits, and hands
the fix to a `sink` that stores it. A bad request is answered and counted; nothing a client
sends stops the server.

Phones queue: Traccar Client for Android sends its stored fixes one by one, oldest first, and on
any answer but 2xx waits 30 s and sends the same fix again; the iOS client takes any answer with
a body as delivered. So every fix that is valid gets a 2xx: a duplicate (already stored), a fix
from a device nobody has linked yet (kept aside, see services.positions) as well as a new one.
Only a malformed fix, which no retry can mend, gets 400; 429 is kept for floods.
"""
from __future__ import annotations

import hmac
import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from console.domain.errors import NotFound, ValidationError
from console.domain.timeutil import utcnow

from . import DEFAULT_BIND
from .fix import PositionFix
from .osmand import parse_request
from .ratelimit import RateLimiter

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
# A phone on a bad mobile link may take a while; a silent socket must not hold a thread forever.
SOCKET_TIMEOUT_S = 15.0


class SinkResult(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"  # the same device and fix time is stored already
    UNREGISTERED = "unregistered"  # no technician has the device yet; kept until one is linked
    UNKNOWN_DEVICE = "unknown_device"  # no technician has the device and the fix was not kept


# What each result is answered: always 2xx, so the phone deletes the fix and sends the next.
_REPLIES = {
    SinkResult.ACCEPTED: (200, "OK", "accepted"),
    SinkResult.DUPLICATE: (200, "OK (already stored)", "duplicates"),
    SinkResult.UNREGISTERED: (202, "unregistered device: kept until a dispatcher links it", "unregistered"),
    SinkResult.UNKNOWN_DEVICE: (202, "unknown device: not stored", "rejected_unknown"),
}


Sink = Callable[[PositionFix], SinkResult]


class PositionReceiver:
    """Binds on construction (port 0 picks a free port; see `server_address`).

    `sink(fix)` stores the fix and returns a SinkResult. It may also raise NotFound (an
    unknown device, answered as UNKNOWN_DEVICE) or ValidationError (answered 400 with its
    message); any other exception is answered 500 and logged. `limits` holds the token
    buckets (a default RateLimiter on `clock`, monotonic seconds); `utc_now` is the wall
    clock that judges fix times.
    """

    def __init__(
        self,
        sink: Sink,
        bind: tuple[str, int] = DEFAULT_BIND,
        token: str | None = None,
        limits: RateLimiter | None = None,
        clock: Callable[[], float] = time.monotonic,
        utc_now: Callable[[], datetime] = utcnow,
        max_body_bytes: int = MAX_BODY_BYTES,
    ):
        self._sink = sink
        self._token = token or None
        self._limits = limits or RateLimiter(clock=clock)
        self._utc_now = utc_now
        self._max_body_bytes = max_body_bytes
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(
            ("accepted", "duplicates", "unregistered", "rejected_invalid", "rejected_unknown",
             "rate_limited", "unauthorized", "too_large", "errors"),
            0,
        )
        self._state_lock = threading.Lock()
        self._started = False
        self._closed = False
        self._httpd = _Server(bind, _make_handler(self))

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        with self._state_lock:
            if self._closed:
                return
            self._started = True
        self._httpd.serve_forever(poll_interval)

    def shutdown(self) -> None:
        """Stop serving (from another thread) and release the port; safe to call twice."""
        with self._state_lock:
            if self._closed:
                return
            self._closed = True
            started = self._started
        if started:
            self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> PositionReceiver:
        return self

    def __exit__(self, *exc_info) -> None:
        self.shutdown()

    # --- called from request threads -------------------------------------------------

    def _count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def _authorized(self, query: str, authorization: str | None) -> bool:
        if self._token is None:
            return True
        expected = self._token.encode()
        offered = []
        if authorization and authorization[:7].lower() == "bearer ":
            offered.append(authorization[7:].strip())
        try:
            pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=200)
            offered += [value for name, value in pairs if name == "token"]
        except ValueError:
            return False
        return any(hmac.compare_digest(candidate.encode(), expected) for candidate in offered)

    def handle(self, method: str, target: str, headers, body: bytes) -> tuple[int, str, int | None]:
        """Status, plain-text reply and Retry-After seconds (429 only) for one request whose
        body has been read."""
        query = urlsplit(target).query
        if not self._authorized(query, headers.get("Authorization")):
            self._count("unauthorized")
            log.warning("position rejected: missing or wrong token")
            return 401, "missing or wrong token", None
        try:
            fix = parse_request(method, query, headers.get("Content-Type"), body, self._utc_now())
        except ValidationError as exc:
            self._count("rejected_invalid")
            log.warning("position rejected: %s", exc)
            return 400, str(exc), None

        wait = self._limits.take(fix.device_id)
        if wait > 0:
            self._count("rate_limited")
            log.warning("position rejected: device %r reports faster than its limit", fix.device_id)
            return 429, f"too many reports; try again in {math.ceil(wait)} s", math.ceil(wait)

        try:
            result = self._sink(fix)
        except NotFound:
            result = SinkResult.UNKNOWN_DEVICE
        except ValidationError as exc:
            self._count("rejected_invalid")
            log.warning("position rejected for device %r: %s", fix.device_id, exc)
            return 400, str(exc), None
        except Exception:  # noqa: BLE001  (the store failing must not take the server down)
            self._count("errors")
            log.exception("storing a position from device %r failed", fix.device_id)
            return 500, "internal error; the position was not stored", None

        reply = _REPLIES.get(result)
        if reply is None:
            self._count("errors")
            log.error("position sink returned %r, not a SinkResult", result)
            return 500, "internal error; the position was not stored", None
        status, text, counter = reply
        self._count(counter)
        if result in (SinkResult.UNREGISTERED, SinkResult.UNKNOWN_DEVICE):
            log.info("position from unregistered device %r: %s", fix.device_id, result.value)
        return status, text, None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # A restarted receiver must get its port back at once, not after TIME_WAIT.
    allow_reuse_address = True


def _make_handler(receiver: PositionReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "DispatchPositions/1"
        timeout = SOCKET_TIMEOUT_S
        # Headers and body go out in separate writes; with Nagle on, each keep-alive reply
        # waits ~40 ms for the client's delayed ACK.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:  # noqa: N802
            self._report("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._report("POST")

        def _report(self, method: str) -> None:
            body = self._read_body()
            if body is not None:
                self._respond(*receiver.handle(method, self.path, self.headers, body))

        def _read_body(self) -> bytes | None:
            """The request body, or None after answering why it cannot be taken."""
            if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                self.close_connection = True
                self._respond(411, "send Content-Length; chunked bodies are not accepted")
                return None
            try:
                length = int(self.headers.get("Content-Length") or "0")
                if length < 0:
                    raise ValueError
            except ValueError:
                self.close_connection = True
                receiver._count("rejected_invalid")
                self._respond(400, "bad Content-Length")
                return None
            if length > receiver._max_body_bytes:
                # The body stays unread, so the connection cannot be reused.
                self.close_connection = True
                receiver._count("too_large")
                log.warning("position rejected: body of %d bytes", length)
                self._respond(413, f"body larger than {receiver._max_body_bytes} bytes")
                return None
            return self.rfile.read(length) if length else b""

        def _not_allowed(self) -> None:
            self.close_connection = True
            self._respond(405, "use GET or POST", allow=True)

        do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _not_allowed  # noqa: N815

        def _respond(self, status: int, text: str, retry_after: int | None = None, allow: bool = False) -> None:
            payload = (" ".join(text.split()) + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if allow:
                self.send_header("Allow", "GET, POST")
            if retry_after is not None:
                self.send_header("Retry-After", str(max(1, retry_after)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def log_request(self, code="-", size="-") -> None:
            # Rejections are logged with their reason in handle(). The request line is left
            # out because it can carry the shared token.
            log.debug("%s %s -> %s", self.address_string(), self.command, code)

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug("%s %s", self.address_string(), format % args)

    return Handler
