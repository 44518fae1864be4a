"""Check URLs over HTTP with the standard library only: HEAD first (GET when HEAD is
refused), redirects followed by hand (at most MAX_REDIRECTS, http/https only, loops caught),
a socket timeout per operation and a total deadline per URL, many URLs in a thread pool.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

MAX_REDIRECTS = 5
ALLOWED_SCHEMES = ("http", "https")
USER_AGENT = "ITA-Portal-LinkChecker/1.0"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HEAD_REFUSED = {405, 501}

OK, BROKEN, ERROR = "ok", "broken", "error"  # the values of LinkCheck.Outcome


@dataclass(frozen=True)
class Result:
    url: str
    outcome: str
    status: int | None
    reason: str
    elapsed_ms: int
    final_url: str


class _Failure(Exception):
    """A check that ended without an HTTP answer; the message is the Thai reason."""


def is_checkable(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in ALLOWED_SCHEMES and bool(urlsplit(url).netloc)


def _target(parts) -> str:
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return path + (f"?{query}" if query else "")


def _request(method: str, url: str, timeout: float, deadline: float) -> tuple[int, str]:
    """One request without following redirects: (status, Location header or "")."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    parts = urlsplit(url)
    socket_timeout = min(timeout, remaining)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname,
            parts.port,
            timeout=socket_timeout,
            context=ssl.create_default_context(),
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=socket_timeout)
    # The socket timeout bounds each wait; a server that trickles bytes could still stretch
    # a request, so a watchdog cuts the connection when the URL's deadline passes.
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(remaining, cut)
    watchdog.daemon = True
    watchdog.start()
    try:
        conn.request(method, _target(parts), headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = conn.getresponse()
        return response.status, response.getheader("Location", "")
    except (OSError, http.client.HTTPException):
        if expired.is_set():
            raise TimeoutError from None
        raise
    finally:
        watchdog.cancel()
        conn.close()


def _reason_for(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, _Failure):
        return str(exc)
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"หมดเวลารอ (เกิน {timeout:g} วินาที)"
    if isinstance(exc, socket.gaierror):
        return "ไม่พบชื่อโดเมน (DNS)"
    if isinstance(exc, ConnectionRefusedError):
        return "เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "ใบรับรอง TLS ไม่ถูกต้อง"
    if isinstance(exc, ssl.SSLError):
        return "การเชื่อมต่อ TLS ล้มเหลว"
    if isinstance(exc, ConnectionResetError):
        return "เซิร์ฟเวอร์ตัดการเชื่อมต่อ"
    if isinstance(exc, http.client.HTTPException):
        return "เซิร์ฟเวอร์ตอบกลับไม่ถูกต้องตามรูปแบบ HTTP"
    return f"เชื่อมต่อไม่สำเร็จ ({type(exc).__name__})"


def _broken_reason(status: int) -> str:
    if status == 404:
        return "ไม่พบหน้า (HTTP 404)"
    if status in (401, 403):
        return f"ไม่อนุญาตให้เข้าถึง (HTTP {status})"
    if status >= 500:
        return f"เซิร์ฟเวอร์ขัดข้อง (HTTP {status})"
    return f"ลิงก์เสีย (HTTP {status})"


def _follow(url: str, timeout: float, deadline: float) -> tuple[int, str]:
    """(final status, final URL), following redirects."""
    seen = {url}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        status, location = _request("HEAD", current, timeout, deadline)
        if status in HEAD_REFUSED:
            status, location = _request("GET", current, timeout, deadline)
        if status not in REDIRECT_STATUSES or not location:
            return status, current
        target = urljoin(current, location)
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise _Failure(f"เปลี่ยนเส้นทางไปยังโปรโตคอลที่ไม่รองรับ ({scheme or '?'})")
        if target in seen:
            raise _Failure("เปลี่ยนเส้นทางวนซ้ำ (redirect loop)")
        seen.add(target)
        current = target
    raise _Failure(f"เปลี่ยนเส้นทางเกิน {MAX_REDIRECTS} ครั้ง")


def check_url(url: str, timeout: float = 10.0) -> Result:
    """Check one URL; never raises. The whole check (redirects and the GET fallback
    included) ends within twice the timeout."""
    started = time.monotonic()
    deadline = started + 2 * timeout

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    if not is_checkable(url):
        return Result(url, ERROR, None, "ไม่ใช่ลิงก์ http/https", 0, "")
    try:
        status, final_url = _follow(url, timeout, deadline)
    except Exception as exc:  # every failure becomes a recorded error
        return Result(url, ERROR, None, _reason_for(exc, timeout), elapsed(), "")
    if status >= 400:
        return Result(url, BROKEN, status, _broken_reason(status), elapsed(), final_url)
    return Result(url, OK, status, "", elapsed(), final_url)


def check_urls(
    urls: Iterable[str],
    workers: int = 8,
    timeout: float = 10.0,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Check the URLs with at most `workers` at a time; results in the order given."""
    urls = list(urls)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(check_url, url, timeout) for url in urls]
        results = []
        for future in futures:
            result = future.result()
            if on_result:
                on_result(result)
            results.append(result)
    return results
