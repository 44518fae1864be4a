"""Two app servers behind one load balancer: what one does, the other serves at once.

Two real gunicorn processes share the test's database and one media folder and nothing else:
each keeps its own local-memory page cache (no REDIS_URL). Staff work through server A's
admin; citizens read from server B, whose cache was warm, and must see the change at once
(the page cache is keyed by the content version stored in the database). The session made
on A is good on B, and an import previewed on A is confirmed on B.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from disclosures.models import Evidence, FiscalYear
from tests.deploy.databases import shared_database_url
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db(transaction=True)  # the servers must see committed data

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PASSWORD = "pw-for-tests-123"
ITEM_URL = "/ita/2569/O1/"
START_SECONDS = 20
LINKS_CSV = (
    "รหัสข้อ,ชื่อเรื่อง,ลิงก์,ข้อความของลิงก์,วันที่,เผยแพร่\n"
    "O1,ระบบรับเรื่องร้องเรียนออนไลน์,https://www.example.go.th/complaints,,1/11/2568,ใช่\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class AppServer:
    """One gunicorn process (one worker, so one page cache) on a free loopback port."""

    def __init__(self, name: str, env: dict[str, str], log_dir: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log_dir / f"server-{name}.log"
        # Its own temporary folder, as on its own machine: nothing may wait there for the
        # next request, which the load balancer may send to the other server. gunicorn's
        # control socket goes there too.
        private = log_dir / f"tmp-{name}"
        private.mkdir()
        env = {**env, "TMPDIR": str(private), "XDG_RUNTIME_DIR": str(private)}
        command = [GUNICORN, "ita_portal.wsgi", "--workers", "1", "--bind", self.url[7:]]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_until_up(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server {self.name} exited:\n{self.log.read_text()}")
            try:
                with build_opener().open(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        pytest.fail(f"server {self.name} did not answer in time:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_servers(tmp_path):
    """Start servers A and B on the test's database; stopped before the database is flushed."""
    if not GUNICORN.exists():
        pytest.skip(f"cannot start app processes: no gunicorn at {GUNICORN}")
    try:
        free_port()
    except OSError as exc:
        pytest.skip(f"cannot start app processes: no loopback port to listen on ({exc})")
    servers: list[AppServer] = []

    def start() -> tuple[AppServer, AppServer]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "MEDIA_ROOT", "ITA_MEDIA_STORAGE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="tests.deploy.server_settings",
            DATABASE_URL=shared_database_url(tmp_path),
            DATABASE_CONN_MAX_AGE="0",  # no connection left open when the test flushes
            MEDIA_ROOT=str(tmp_path / "media"),  # the shared mount (or bucket) of the servers
            ITA_VAR_DIR=str(tmp_path / "var"),
            SECRET_KEY=f"two-servers-{uuid.uuid4().hex}" * 2,  # one secret for both
            ITA_PAGE_CACHE_SECONDS="600",
        )
        servers.extend(AppServer(name, env, tmp_path) for name in ("A", "B"))
        deadline = time.monotonic() + START_SECONDS
        for server in servers:
            server.wait_until_up(deadline)
        return servers[0], servers[1]

    yield start
    for server in servers:
        server.stop()


class Browser:
    """A person's browser: its own cookies, sent to whichever server answers the request."""

    def __init__(self):
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def open(self, url: str, data: bytes | None = None, headers: dict | None = None):
        request = Request(url, data=data, headers=headers or {})  # noqa: S310 (http only)
        try:
            response = self.opener.open(request, timeout=30)
        except HTTPError as error:
            response = error
        with response:
            return response.status, dict(response.headers), response.read(), response.url

    def get(self, url: str):
        return self.open(url)

    def post(self, url: str, fields: dict[str, str], files: dict | None = None):
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.open(url, body, {"Content-Type": content_type})

    def csrf_token(self, url: str) -> str:
        """The token of the form on the page at `url` (the page also sets the CSRF cookie)."""
        page = self.get(url)[2]
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        header = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{header}\r\n\r\n{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def hidden_inputs(html: bytes) -> dict[str, str]:
    """The hidden fields of a page (the import's confirm form), by name."""
    return {
        name.decode(): value.decode()
        for name, value in re.findall(rb'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    }


def read_item(citizen: Browser, server: AppServer) -> tuple[str, str]:
    """The public item page as a citizen gets it: (its text, whether it came from the cache)."""
    status, headers, body, _url = citizen.get(server.url + ITEM_URL)
    assert status == 200
    return body.decode(), headers.get("X-Page-Cache", "")


@pytest.fixture
def old_evidence(factory) -> Evidence:
    """Item O1 of 2569 with one published evidence, and the coordinator who edits it."""
    factory.superuser("coordinator")
    year = factory.year(2569, status=FiscalYear.Status.OPEN, is_current=True)
    item = factory.item(year, code="O1", title_th="โครงสร้างหน่วยงาน")
    return factory.evidence(item, title="แผนผังโครงสร้างฉบับเดิม")


def log_in(staff: Browser, server: AppServer) -> None:
    login = server.url + "/admin/login/?next=/admin/"
    fields = {
        "csrfmiddlewaretoken": staff.csrf_token(login),
        "username": "coordinator",
        "password": PASSWORD,
        "next": "/admin/",
    }
    status, _headers, _body, landed = staff.post(login, fields)
    assert (status, landed) == (200, server.url + "/admin/"), f"no login on {server.name}"


def test_a_change_made_on_one_server_is_served_fresh_by_the_other(old_evidence, start_servers):
    a, b = start_servers()
    citizen, staff = Browser(), Browser()

    # Both servers have the page in their own cache.
    for server in (a, b):
        read_item(citizen, server)
        page, cache = read_item(citizen, server)
        assert cache == "hit"
        assert "แผนผังโครงสร้างฉบับเดิม" in page

    # Staff log in on A; the load balancer sends their next request to B: still logged in.
    log_in(staff, a)
    status, _headers, body, landed = staff.get(b.url + "/admin/")
    assert (status, landed) == (200, b.url + "/admin/")
    assert b'name="password"' not in body

    # On A: a new file published on the item. On B: the old evidence unpublished.
    add = a.url + "/admin/disclosures/evidence/add/"
    status, _headers, _body, landed = staff.post(
        add,
        {
            "csrfmiddlewaretoken": staff.csrf_token(add),
            "item": str(old_evidence.item_id),
            "order": "0",
            "kind": Evidence.Kind.FILE,
            "title": "แผนผังโครงสร้างฉบับใหม่",
            "document_date": "1/11/2568",
            "text_format": Evidence.TextFormat.PLAIN,
            "status": "published",
            "_save": "บันทึก",
        },
        files={"file": ("แผนผังโครงสร้าง.pdf", MINIMAL_PDF, "application/pdf")},
    )
    assert (status, landed) == (200, a.url + "/admin/disclosures/evidence/")
    changelist = b.url + "/admin/disclosures/evidence/"
    status, *_ = staff.post(
        changelist,
        {
            "csrfmiddlewaretoken": staff.csrf_token(changelist),
            "action": "unpublish",
            "_selected_action": str(old_evidence.pk),
            "index": "0",
        },
    )
    assert status == 200

    # A citizen reading B, whose cache still holds the old page, gets the new one at once.
    page, cache = read_item(citizen, b)
    assert cache == "miss"
    assert "แผนผังโครงสร้างฉบับใหม่" in page
    assert "แผนผังโครงสร้างฉบับเดิม" not in page
    assert read_item(citizen, a)[0] == page

    # The file saved by A downloads from B, byte for byte.
    link = re.search(r'href="(/files/\d+/[^"]+)"', page)[1]
    status, headers, content, _url = citizen.get(b.url + link)
    assert (status, content) == (200, MINIMAL_PDF)
    assert headers["Content-Type"] == "application/pdf"


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(old_evidence, start_servers):
    a, b = start_servers()
    citizen, staff = Browser(), Browser()
    log_in(staff, a)

    preview = a.url + "/admin/disclosures/evidence/import/"
    status, _headers, page, _url = staff.post(
        preview,
        {"csrfmiddlewaretoken": staff.csrf_token(preview), "resource": "0", "year": "2569"},
        files={"import_file": ("links.csv", LINKS_CSV.encode(), "text/csv")},
    )
    assert status == 200
    confirm = hidden_inputs(page)
    assert confirm.get("import_file_name"), "no confirm form after the preview"

    # The load balancer sends the confirm to B: the file waits in the shared media storage.
    status, _headers, _page, landed = staff.post(
        b.url + "/admin/disclosures/evidence/process_import/", confirm
    )
    assert (status, landed) == (200, b.url + "/admin/disclosures/evidence/")
    assert "ระบบรับเรื่องร้องเรียนออนไลน์" in read_item(citizen, a)[0]
