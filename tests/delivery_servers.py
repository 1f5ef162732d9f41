"""Real local servers for notice delivery: an SMTP server (aiosmtpd) and an HTTP server speaking
the 46elks-style SMS API (`POST /sms`, Basic auth, form fields from/to/message).

Both record what they accepted, so a test counts what customers actually received.
A server can also be told to refuse: SMTP recipients in `refuse` get 550; SMS numbers in
`sms_status` get that HTTP status instead of 200.
"""
from __future__ import annotations

import base64
import email
import socket
import ssl
import subprocess
import threading
from contextlib import contextmanager
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.local_servers import serving, url_of


class Inbox:
    """What the SMTP server accepted: (recipient, subject, body) in arrival order."""

    def __init__(self, refuse=()):
        self.refuse = {a.lower(): reason for a, reason in dict(refuse).items()}
        self.messages: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reason = self.refuse.get(address.lower())
        if reason:
            return reason
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        body = parsed.get_body(("plain",)).get_content().strip()
        with self.arrived:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, str(parsed["Subject"]), body))
            self.arrived.notify_all()
        return "250 Message accepted"

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def _authenticator(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return check


@contextmanager
def smtp_server(refuse=(), tls_folder: Path | None = None, user: str = "", password: str = ""):
    """An SMTP server on loopback; with `tls_folder` it offers STARTTLS and requires a login over TLS."""
    inbox = Inbox(refuse)
    kwargs = {}
    if tls_folder is not None:
        cert, key = self_signed(tls_folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs = dict(tls_context=context, require_starttls=True, auth_required=True, auth_require_tls=True,
                      authenticator=_authenticator(user, password))
        inbox.cafile = cert
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), **kwargs)
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


class SmsApi(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        wanted = "Basic " + base64.b64encode(f"{server.user}:{server.password}".encode()).decode()
        if self.path != "/a1/sms":
            return self._reply(404, "not found")
        if self.headers.get("Authorization") != wanted:
            return self._reply(401, "Unauthorized")
        status = server.sms_status.get(form.get("to", ""), 200)
        if status != 200:
            return self._reply(status, f"refused {status}")
        with server.arrived:
            server.sms.append((form.get("from"), form.get("to"), form.get("message")))
            server.arrived.notify_all()
        self._reply(200, '{"status": "created"}')

    def _reply(self, status: int, text: str) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def sms_server(user: str = "u123", password: str = "secret", sms_status=None):
    lock = threading.Lock()
    with serving(SmsApi, user=user, password=password, sms_status=dict(sms_status or {}), sms=[],
                 arrived=threading.Condition(lock)) as server:
        server.api_url = url_of(server) + "/a1"
        yield server
