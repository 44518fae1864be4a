"""A year as the organisation submits it: three items, evidence of every kind, one draft.

Personas: `coordinator` may submit (and so read submissions), `auditor` may only read
submissions, `clerk` is staff who may see fiscal years but neither submit nor read them.
"""

from __future__ import annotations

import pytest

from disclosures.models import Evidence, FiscalYear
from submissions.snapshot import take_snapshot


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    year = factory.year(2569, is_current=True)
    structure = factory.item(year, code="O1", title_th="โครงสร้าง", order=1)
    factory.evidence(structure, title="แผนผังโครงสร้างองค์กร", kind=Evidence.Kind.FILE)
    factory.evidence(structure, title="อำนาจหน้าที่", body="ดูแลทางหลวงท้องถิ่น")
    contacts = factory.item(year, code="O2", title_th="ข้อมูลการติดต่อ", order=2)
    factory.evidence(contacts, title="แผนที่สำนักงาน", kind=Evidence.Kind.LINK)
    factory.evidence(contacts, title="ร่างประกาศที่ยังไม่เผยแพร่", is_published=False)
    factory.item(year, code="O3", title_th="ข่าวประชาสัมพันธ์", order=3)
    return year


@pytest.fixture
def coordinator(factory):
    return factory.staff(
        "coordinator",
        perms=("submissions.submit_fiscalyear", "disclosures.view_fiscalyear"),
    )


@pytest.fixture
def auditor(factory):
    return factory.staff("auditor", perms=("submissions.view_submission",))


@pytest.fixture
def clerk(factory):
    return factory.staff("clerk", perms=("disclosures.view_fiscalyear",))


@pytest.fixture
def submission(year, coordinator):
    return take_snapshot(year, coordinator, note="ส่งรอบแรก")
