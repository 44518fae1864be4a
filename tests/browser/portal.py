"""The small but complete portal the browser tests visit.

Every public page type has real content: evidence of each kind (a PDF, an image, a link, a
text, a "nothing to report" statement), the item that carries the measures, scores of two
years (so the score page draws its trend chart), measures with methods, progress and an
attachment, and procurement rows. Built with the test factory: a tenth of a second, where
`demo_data` takes seconds.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disclosures.models import Evidence, FiscalYear, Item
from measures.models import (
    Analysis,
    Division,
    IndicatorScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
)
from procurement.models import ProcurementMethod, ProcurementRow, ProcurementStatus
from tests.factory import MINIMAL_PDF
from workflow import roles

PASSWORD = "pw-for-tests-123"  # the factory's and these personas' password

# Indicator 1–10 scores: 2567 totals 86.50, 2568 totals 90.50 (weights 30/30/40).
SCORES = {
    2567: ["85", "85", "85", "85", "85", "80", "80", "80", "92.5", "92.5"],
    2568: ["90", "90", "90", "90", "90", "85", "85", "85", "95", "95"],
}


@dataclass(frozen=True)
class Portal:
    year: FiscalYear  # 2569, the current year
    evidence_item: Item  # O1: a PDF, an image, a link and a text
    nothing_item: Item  # O2: a "nothing to report" statement
    empty_item: Item  # O3: nothing published yet
    measures_item: Item  # O25: carries the analysis and the measures
    measure: Measure
    division: Division  # กองคลัง owns O1
    editor: User  # a division editor of กองคลัง
    coordinator: User


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), "#0b4f8a").save(buffer, format="PNG")
    return buffer.getvalue()


def person(username: str, role: str, first_name: str, *divisions: Division) -> User:
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=role))
    for division in divisions:
        division.members.add(user)
    return user


def record_scores(year: FiscalYear, scores: list[str]) -> None:
    for indicator in year.indicators.all():
        IndicatorScore.objects.create(
            indicator=indicator, score=Decimal(scores[indicator.number - 1])
        )


def add_evidence(factory, item: Item) -> None:
    factory.evidence(item, Evidence.Kind.FILE, title="รายงานผลการดำเนินงานประจำปี", order=1)
    factory.evidence(
        item,
        Evidence.Kind.FILE,
        title="แผนผังโครงสร้างหน่วยงาน",
        order=2,
        file=SimpleUploadedFile("แผนผัง.png", png_bytes(), "image/png"),
    )
    factory.evidence(
        item,
        Evidence.Kind.LINK,
        title="ประกาศบนเว็บไซต์จังหวัด",
        link_label="ประกาศจังหวัดขอนแก่น",
        order=3,
    )
    factory.evidence(item, Evidence.Kind.TEXT, title="ช่องทางการติดต่อ", order=4)


def add_measures(year: FiscalYear, division: Division, target: Item) -> Measure:
    measure = Measure.objects.create(year=year, number=1, title="มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง")
    measure.indicators.add(year.indicators.get(number=9))
    measure.items.add(target)
    done = Method.objects.create(
        measure=measure,
        order=1,
        text="เผยแพร่แผนการจัดซื้อจัดจ้างบนเว็บไซต์",
        period_text="ต.ค. ๖๘ – ก.ย. ๖๙",
        status=Method.Status.DONE,
        result="เผยแพร่ครบทุกเดือน",
    )
    done.units.add(division)
    ProgressUpdate.objects.create(method=done, date=date(2025, 12, 5), text="ประชุมชี้แจง")
    MethodAttachment.objects.create(
        method=done,
        title="รายงานการประชุม",
        file=SimpleUploadedFile("ประชุม.pdf", MINIMAL_PDF, "application/pdf"),
    )
    later = Method.objects.create(measure=measure, order=2, text="สรุปผลการจัดซื้อจัดจ้างรายไตรมาส")
    later.units.add(division)
    return measure


def add_procurement(year: FiscalYear) -> None:
    for number, month in enumerate((10, 11, 12), start=1):
        ProcurementRow.objects.create(
            year=year,
            number=number,
            month=date(2025, month, 1),
            work_name=f"จัดซื้อวัสดุสำนักงาน ครั้งที่ {number}",
            method=ProcurementMethod.SPECIFIC,
            status=ProcurementStatus.COMPLETED,
            budget=Decimal("12000.00"),
            reference_price=Decimal("12000.00"),
            agreed_price=Decimal("11850.00"),
            supplier="ร้านศึกษาภัณฑ์",
            egp_number=f"6801900000{number}",
        )


def build_portal(factory) -> Portal:
    factory.organisation(name_en="Ban Thotsop SAO")
    for past, scores in SCORES.items():
        record_scores(factory.year(past, status=FiscalYear.Status.ARCHIVED), scores)
    year = factory.year(2569, is_current=True)
    division = Division.objects.create(name="กองคลัง")

    evidence_item = factory.item(
        year, "O1", order=1, title_th="โครงสร้างหน่วยงาน", owner_division=division
    )
    add_evidence(factory, evidence_item)
    nothing_item = factory.item(year, "O2", order=2, title_th="ข้อมูลผู้บริหาร")
    factory.evidence(nothing_item, Evidence.Kind.NOTHING, title="ไม่มีการเปลี่ยนแปลงผู้บริหาร")
    empty_item = factory.item(year, "O3", order=3, title_th="อำนาจหน้าที่")
    measures_item = factory.item(
        year, "O25", order=25, indicator=10, title_th="การดำเนินการเพื่อจัดการความเสี่ยง"
    )
    Programme.objects.create(
        year=year, measures_item=measures_item, analysis_intro="ผลคะแนนปี 2568 และการประชุม"
    )
    previous = FiscalYear.objects.get(year=2568)
    Analysis.objects.create(
        year=year, indicator=previous.indicators.get(number=9), weaknesses="ข้อมูลบางข้อล่าช้า"
    )
    measure = add_measures(year, division, evidence_item)
    add_procurement(year)
    return Portal(
        year=year,
        evidence_item=evidence_item,
        nothing_item=nothing_item,
        empty_item=empty_item,
        measures_item=measures_item,
        measure=measure,
        division=division,
        editor=person("somsri", roles.DIVISION_EDITOR, "สมศรี", division),
        coordinator=person("wichai", roles.COORDINATOR, "วิชัย"),
    )
