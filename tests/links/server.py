"""A local HTTP server whose paths answer as the link checker's cases need."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANG_SECONDS = 3  # longer than the tests' --timeout 1


class Handler(BaseHTTPRequestHandler):
    flaky_up = False  # whether /flaky answers 200 (else 503); tests switch it

    def _answer(self, status: int, location: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        path = self.path
        if path == "/ok":
            self._answer(200)
        elif path == "/missing":
            self._answer(404)
        elif path == "/fails":
            self._answer(500)
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            self._answer(302, f"/chain/{step + 1}" if step < 3 else "/ok")
        elif path == "/loop/a":
            self._answer(301, "/loop/b")
        elif path == "/loop/b":
            self._answer(301, "/loop/a")
        elif path == "/to-file":
            self._answer(302, "file:///etc/passwd")
        elif path == "/hangs":
            time.sleep(HANG_SECONDS)
            self._answer(200)
        elif path == "/no-head":
            self._answer(405)
        elif path == "/flaky":
            self._answer(200 if Handler.flaky_up else 503)
        else:
            self._answer(404)

    def do_GET(self) -> None:
        if self.path == "/no-head":
            self._answer(200)
        else:
            self.do_HEAD()

    def log_message(self, format, *args) -> None:  # keep test output quiet
        pass


@contextmanager
def serving() -> Iterator[str]:
    """The base URL of a server running in a thread, shut down afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def refused_url() -> str:
    """A URL on a local port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
