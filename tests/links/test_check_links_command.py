from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from disclosures.models import Evidence, FiscalYear
from links.models import LinkCheck
from measures.models import Measure, Method, MethodAttachment

from .server import Handler, refused_url, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_url():
    with serving() as url:
        yield url


@pytest.fixture
def year(factory):
    # A year in preparation: its item pages are not public, so only evidence links count.
    return factory.year(2569, status=FiscalYear.Status.PREPARING)


def link(factory, year, url: str) -> Evidence:
    return factory.evidence(factory.item(year), kind=Evidence.Kind.LINK, url=url)


def run(*args: str) -> str:
    out = StringIO()
    call_command("check_links", "--timeout", "1", *args, stdout=out)
    return out.getvalue()


def check(url: str) -> LinkCheck:
    return LinkCheck.objects.get(url=url)


def test_each_kind_of_answer_is_recorded(factory, year, base_url):
    cases = ["ok", "missing", "fails", "chain/1", "loop/a", "hangs", "no-head", "to-file"]
    for path in cases:
        link(factory, year, f"{base_url}/{path}")
    refused = refused_url()
    link(factory, year, refused)

    output = run()

    ok = check(f"{base_url}/ok")
    assert (ok.outcome, ok.status_code, ok.reason) == ("ok", 200, "")
    assert ok.final_url == f"{base_url}/ok"
    missing = check(f"{base_url}/missing")
    assert (missing.outcome, missing.status_code) == ("broken", 404)
    assert "404" in missing.reason
    fails = check(f"{base_url}/fails")
    assert (fails.outcome, fails.status_code) == ("broken", 500)
    assert "ขัดข้อง" in fails.reason
    chain = check(f"{base_url}/chain/1")
    assert (chain.outcome, chain.status_code) == ("ok", 200)
    assert chain.final_url == f"{base_url}/ok"
    loop = check(f"{base_url}/loop/a")
    assert (loop.outcome, loop.status_code) == ("error", None)
    assert "วนซ้ำ" in loop.reason
    hangs = check(f"{base_url}/hangs")
    assert hangs.outcome == "error"
    assert "หมดเวลา" in hangs.reason
    no_head = check(f"{base_url}/no-head")
    assert (no_head.outcome, no_head.status_code) == ("ok", 200)
    to_file = check(f"{base_url}/to-file")
    assert to_file.outcome == "error"
    assert "file" in to_file.reason
    refused_check = check(refused)
    assert refused_check.outcome == "error"
    assert "ปฏิเสธ" in refused_check.reason
    assert "ตรวจ 9 ลิงก์: ใช้งานได้ 3, ลิงก์เสีย 2, ผิดพลาด 4" in output
    assert "ช้าที่สุด" in output


def test_a_long_redirect_chain_is_an_error(factory, year, base_url, monkeypatch):
    monkeypatch.setattr("links.checker.MAX_REDIRECTS", 2)
    link(factory, year, f"{base_url}/chain/1")

    run()

    assert check(f"{base_url}/chain/1").outcome == "error"
    assert "เกิน 2 ครั้ง" in check(f"{base_url}/chain/1").reason


def test_unresolvable_host_is_a_dns_error(factory, year):
    link(factory, year, "http://no-such-host.invalid/")

    run()

    assert check("http://no-such-host.invalid/").reason == "ไม่พบชื่อโดเมน (DNS)"


def test_year_limits_the_urls(factory, year, base_url):
    link(factory, year, f"{base_url}/ok")
    other = factory.year(2568, status=FiscalYear.Status.PREPARING)
    link(factory, other, f"{base_url}/missing")

    run("--year", "2569")

    assert list(LinkCheck.objects.values_list("url", flat=True)) == [f"{base_url}/ok"]


def test_unknown_year_is_refused(factory, year):
    with pytest.raises(CommandError, match="2570"):
        run("--year", "2570")


def test_method_attachment_links_are_checked(factory, year, base_url):
    measure = Measure.objects.create(year=year, number=1, title="มาตรการ")
    method = Method.objects.create(measure=measure)
    MethodAttachment.objects.create(method=method, title="รายงาน", url=f"{base_url}/missing")

    run()

    assert check(f"{base_url}/missing").outcome == "broken"


def test_public_item_pages_are_checked(factory, base_url):
    public_year = factory.year(2569, status=FiscalYear.Status.OPEN)
    item = factory.item(public_year, code="O1")

    with override_settings(ITA_PUBLIC_BASE_URL=base_url):
        run()
        url = item.public_url

    assert url.startswith(f"{base_url}/")
    assert check(url).outcome == "broken"  # the test server knows no item pages


def test_a_shared_url_is_one_row(factory, year, base_url):
    link(factory, year, f"{base_url}/ok")
    link(factory, year, f"{base_url}/ok")

    output = run()

    assert LinkCheck.objects.count() == 1
    assert "ตรวจ 1 ลิงก์" in output


def test_rerun_counts_failures_in_a_row_and_resets_on_success(factory, year, base_url, monkeypatch):
    url = f"{base_url}/flaky"
    link(factory, year, url)
    monkeypatch.setattr(Handler, "flaky_up", False)
    run()
    first_checked = check(url).checked_at
    run()
    row = check(url)
    assert (row.outcome, row.status_code, row.consecutive_failures) == ("broken", 503, 2)

    monkeypatch.setattr(Handler, "flaky_up", True)
    run()

    row = check(url)
    assert (row.outcome, row.status_code, row.consecutive_failures) == ("ok", 200, 0)
    assert row.checked_at > first_checked
    assert LinkCheck.objects.count() == 1


def test_non_http_urls_are_skipped(factory, year, base_url):
    # The URL field validator refuses these, so they come from old data written around it.
    evidence = link(factory, year, f"{base_url}/ok")
    Evidence.objects.filter(pk=evidence.pk).update(url="ftp://files.example.go.th/doc.pdf")

    output = run()

    assert not LinkCheck.objects.exists()
    assert "ข้าม (ไม่ใช่ http/https): ftp://files.example.go.th/doc.pdf" in output


def test_for_urls_finds_checks_of_those_urls(factory, year, base_url):
    link(factory, year, f"{base_url}/ok")
    link(factory, year, f"{base_url}/missing")
    run()

    found = LinkCheck.objects.for_urls([f"{base_url}/missing", "https://never.checked/"])

    assert [c.url for c in found] == [f"{base_url}/missing"]
