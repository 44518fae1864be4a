"""Personas of the back office: a coordinator, a division editor, a viewer, a superuser.

Two divisions share the year's items: กองคลัง owns O1, กองช่าง owns O2; the editor works for
กองคลัง only. The personas get their rights from the role groups alone, as staff do.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from measures.models import Division, Measure, Method
from workflow import roles


def person(username: str, role: str | None = None, *divisions: Division) -> User:
    user = User.objects.create_user(
        username, email=f"{username}@example.go.th", password="pw-for-tests-123", is_staff=True
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    for division in divisions:
        division.members.add(user)
    return user


@pytest.fixture
def office(factory):
    factory.organisation()
    year = factory.year(2569)
    finance = Division.objects.create(name="กองคลัง")
    works = Division.objects.create(name="กองช่าง")
    own = factory.item(year, "O1", title_th="โครงสร้างหน่วยงาน", owner_division=finance)
    other = factory.item(year, "O2", title_th="ข้อมูลผู้บริหาร", owner_division=works)
    measure = Measure.objects.create(year=year, number=1, title="มาตรการเปิดเผยข้อมูล")
    own_method = Method.objects.create(
        measure=measure, order=1, text="ประชุมชี้แจง", owner_division=finance, result="ผลเดิม"
    )
    other_method = Method.objects.create(
        measure=measure, order=2, text="ตรวจสอบเว็บไซต์", owner_division=works
    )
    return {
        "year": year,
        "finance": finance,
        "works": works,
        "own": own,
        "other": other,
        "own_method": own_method,
        "other_method": other_method,
        "coordinator": person("coordinator", roles.COORDINATOR),
        "editor": person("editor", roles.DIVISION_EDITOR, finance),
        "viewer": person("viewer", roles.VIEWER),
    }
