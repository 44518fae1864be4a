"""Plain builders for test data: each returns a saved object with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosures.catalog import ensure_structure
from disclosures.models import Evidence, FiscalYear, Item, Organisation

_counter = itertools.count(1)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class Factory:
    @staticmethod
    def organisation(**kwargs) -> Organisation:
        values = {
            "name_th": "องค์การบริหารส่วนตำบลบ้านทดสอบ",
            "name_en": "Ban Thotsop Subdistrict Administrative Organization",
            "district": "เมือง",
            "province": "ขอนแก่น",
            "phone": "043-000-000",
            "email": "saraban@banthotsop.go.th",
            "eit_survey_url": "https://itas.nacc.go.th/go/eit/test",
        }
        values.update(kwargs)
        return Organisation.objects.create(**values)

    @staticmethod
    def year(year: int = 2569, status: str = FiscalYear.Status.OPEN, **kwargs) -> FiscalYear:
        fiscal_year = FiscalYear.objects.create(year=year, status=status, **kwargs)
        ensure_structure(fiscal_year)
        return fiscal_year

    @staticmethod
    def item(year: FiscalYear, code: str | None = None, indicator: int = 9, **kwargs) -> Item:
        number = next(_counter)
        values = {
            "code": code or f"O{number}",
            "title_th": f"ข้อทดสอบที่ {number}",
            "order": number,
            "indicator": year.indicators.get(number=indicator),
        }
        values.update(kwargs)
        return Item.objects.create(year=year, **values)

    @staticmethod
    def evidence(item: Item, kind: str = Evidence.Kind.TEXT, **kwargs) -> Evidence:
        values = {
            "kind": kind,
            "title": "หลักฐานทดสอบ",
            "status": "published",
            "document_date": date(2025, 11, 1),
        }
        if kind == Evidence.Kind.TEXT:
            values["body"] = "ข้อความหลักฐาน"
        elif kind == Evidence.Kind.LINK:
            values["url"] = "https://www.example.go.th/doc"
        elif kind == Evidence.Kind.NOTHING:
            values["body"] = "ไม่มีเรื่องร้องเรียนในรอบ 6 เดือนแรก"
        elif kind == Evidence.Kind.FILE:
            values["file"] = SimpleUploadedFile("รายงาน.pdf", MINIMAL_PDF, "application/pdf")
        if "is_published" in kwargs:  # the tests' shorthand for a draft or a published one
            values["status"] = "published" if kwargs.pop("is_published") else "draft"
        values.update(kwargs)
        return Evidence.objects.create(item=item, **values)

    @staticmethod
    def staff(
        username: str = "staff", perms: tuple[str, ...] = (), scoped: bool = False, **kwargs
    ) -> User:
        """A staff user holding the given "app_label.codename" permissions.

        Unless `scoped`, one who may change items, evidence or methods does so for every
        division and may publish them, as a coordinator does (the tests of division editors
        use the role groups or `scoped=True`).
        """
        user = User.objects.create_user(username, password="pw-for-tests-123", is_staff=True)
        if not scoped:
            implied = {
                "disclosures.change_item": ("edit_all_divisions", "publish_item"),
                "disclosures.change_evidence": ("edit_all_divisions", "publish_evidence"),
                "disclosures.add_evidence": ("edit_all_divisions",),
                "measures.change_method": ("publish_method",),
                "measures.change_measure": ("publish_method",),
            }
            extra = {
                f"disclosures.{code}"
                if not code.startswith("publish_method")
                else f"measures.{code}"
                for perm in perms
                for code in implied.get(perm, ())
            }
            perms = (*perms, *sorted(extra - set(perms)))
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return user

    @staticmethod
    def superuser(username: str = "admin") -> User:
        return User.objects.create_superuser(username, password="pw-for-tests-123")
