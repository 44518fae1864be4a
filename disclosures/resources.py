"""The admin's import (preview, then confirm) and export of a year's catalogue items and of
its evidence links, through disclosures.bulk and the shared ita_portal.sheet_admin glue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ita_portal.sheet_admin import SheetAdminMixin, SheetResource
from ita_portal.sheets import Problem, SheetError, SheetReport

from . import bulk
from .models import FiscalYear


class ItemSheetResource(SheetResource):
    """A year's OIT catalogue, loaded as the catalogue loader loads a file."""

    layout = bulk.ITEM_FULL_LAYOUT  # the import reads the date rule and owners too
    display_name = _("รายการข้อของปีงบประมาณ")
    file_label = _("ไฟล์รายการข้อ (.csv หรือ .xlsx)")
    noun = "รายการข้อ"
    what = "รายการข้อ"
    year_help = _(
        "ไฟล์คือรายการข้อทั้งปี: ข้อที่ไม่มีในไฟล์และยังไม่มีหลักฐานหรือคำอธิบายจะถูกลบ"
        " ข้อที่มีแล้วจะคงไว้ หากยังไม่มีปีนี้ ระบบจะสร้างให้"
    )
    export_help = _("ส่งออกรายการข้อทั้งปี แก้ไขแล้วนำกลับเข้ามาได้ (จับคู่ตามรหัสข้อ)")

    def import_rows(self, rows, year, dry_run) -> SheetReport:
        if year is None:
            raise SheetError([Problem(None, None, "ไม่ได้ระบุปีงบประมาณ")])
        return bulk.import_items(rows, year, dry_run=dry_run)

    def exporter(self, year: FiscalYear) -> bulk.ItemSheet:
        return bulk.ItemSheet(year)


class EvidenceLinkResource(SheetResource):
    """A year's link evidence, matched by item code and URL."""

    layout = bulk.LINK_LAYOUT
    display_name = _("ลิงก์หลักฐานของปีงบประมาณ")
    file_label = _("ไฟล์ลิงก์หลักฐาน (.csv หรือ .xlsx)")
    noun = "ลิงก์หลักฐาน"
    what = "รายการลิงก์"
    year_help = _("จับคู่ตามรหัสข้อและลิงก์: ลิงก์ใหม่เป็นฉบับร่างเว้นแต่คอลัมน์เผยแพร่เป็น “ใช่” ไม่มีการลบหลักฐานใด ๆ")
    export_help = _("ส่งออกหลักฐานประเภทลิงก์ทั้งปี แก้ไขแล้วนำกลับเข้ามาได้")
    year_filter = "item__year__id__exact"

    @classmethod
    def check_year(cls, year_be: int) -> str | None:
        if not FiscalYear.objects.filter(year=year_be).exists():
            return f"ยังไม่มีปีงบประมาณ {year_be}: สร้างปีและนำเข้ารายการข้อก่อน"
        return None

    def import_rows(self, rows, year, dry_run) -> SheetReport:
        found = FiscalYear.objects.filter(year=year).first() if year else None
        if found is None:
            raise SheetError([Problem(None, None, self.check_year(year or 0) or "")])
        return bulk.import_links(rows, found, dry_run=dry_run)

    def exporter(self, year: FiscalYear) -> bulk.EvidenceLinkSheet:
        return bulk.EvidenceLinkSheet(year)


class ItemSheetAdminMixin(SheetAdminMixin):
    """Import and export of a year's items. The import adds, changes and removes items, so
    it needs all three permissions (as the year's catalogue upload does)."""

    resource_classes = [ItemSheetResource]
    import_also_needs = ("change", "delete")


class EvidenceLinkAdminMixin(SheetAdminMixin):
    """Import and export of a year's evidence links; the import adds and changes evidence."""

    resource_classes = [EvidenceLinkResource]
    import_also_needs = ("change",)
