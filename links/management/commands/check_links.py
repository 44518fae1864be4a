"""Check every evidence link, method attachment link and public item page, and record the
result per URL in LinkCheck."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from disclosures.models import Evidence, FiscalYear, Item
from links.checker import Result, check_urls, is_checkable
from links.models import LinkCheck
from measures.models import MethodAttachment


def collect_urls(year: int | None = None) -> tuple[list[str], list[str]]:
    """(URLs to check, URLs skipped because they are not http/https), each distinct.

    Evidence links and method attachment links of every year (or of `year`), and the
    public pages of the items of public years (or of `year` when it is public).
    """
    evidence = Evidence.objects.filter(kind=Evidence.Kind.LINK).exclude(url="")
    attachments = MethodAttachment.objects.exclude(url="")
    years = FiscalYear.objects.public()
    if year is not None:
        evidence = evidence.filter(item__year__year=year)
        attachments = attachments.filter(method__measure__year__year=year)
        years = years.filter(year=year)
    items = Item.objects.filter(year__in=years).select_related("year")

    found = [
        *evidence.values_list("url", flat=True),
        *attachments.values_list("url", flat=True),
        *(item.public_url for item in items),
    ]
    urls: dict[str, None] = {}
    skipped: dict[str, None] = {}
    for url in (u.strip() for u in found):
        (urls if is_checkable(url) else skipped)[url] = None
    return sorted(urls), sorted(skipped)


class Command(BaseCommand):
    help = "ตรวจสอบลิงก์หลักฐานและหน้าข้อ OIT สาธารณะ แล้วบันทึกผลไว้ในระบบ"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="เฉพาะปีงบประมาณ (พ.ศ.) นี้")
        parser.add_argument("--workers", type=int, default=8, help="จำนวนการตรวจพร้อมกัน")
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="วินาทีที่รอการเชื่อมต่อและการตอบกลับ"
        )

    def handle(self, *args, year: int | None, workers: int, timeout: float, **options) -> None:
        if workers < 1:
            raise CommandError("--workers ต้องมากกว่า 0")
        if timeout <= 0:
            raise CommandError("--timeout ต้องมากกว่า 0")
        if year is not None and not FiscalYear.objects.filter(year=year).exists():
            raise CommandError(f"ไม่พบปีงบประมาณ {year}")

        urls, skipped = collect_urls(year)
        for url in skipped:
            self.stdout.write(self.style.WARNING(f"ข้าม (ไม่ใช่ http/https): {url}"))
        results = check_urls(urls, workers=workers, timeout=timeout)
        LinkCheck.record(results)
        self._summary(results, skipped)

    def _summary(self, results: list[Result], skipped: list[str]) -> None:
        for result in results:
            if result.outcome == LinkCheck.Outcome.BROKEN:
                self.stdout.write(self.style.ERROR(f"เสีย   {result.url}: {result.reason}"))
            elif result.outcome == LinkCheck.Outcome.ERROR:
                self.stdout.write(self.style.ERROR(f"ผิดพลาด {result.url}: {result.reason}"))
        counts = {o: sum(r.outcome == o for r in results) for o in LinkCheck.Outcome.values}
        self.stdout.write(
            f"ตรวจ {len(results)} ลิงก์: ใช้งานได้ {counts['ok']}, ลิงก์เสีย {counts['broken']}, "
            f"ผิดพลาด {counts['error']}, ข้าม {len(skipped)}"
        )
        slowest = sorted(results, key=lambda r: r.elapsed_ms, reverse=True)[:5]
        if slowest:
            self.stdout.write("ช้าที่สุด:")
            for result in slowest:
                self.stdout.write(f"  {result.elapsed_ms:>6} ms  {result.url}")
        style = self.style.SUCCESS if counts["ok"] == len(results) else self.style.WARNING
        self.stdout.write(style("ตรวจลิงก์เสร็จแล้ว"))
