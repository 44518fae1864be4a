"""The home page: the organisation, the current year's progress, channels and the EIT survey."""

import pytest

from disclosures.models import Channel, Evidence, FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(factory):
    organisation = factory.organisation()
    Channel.objects.create(
        organisation=organisation,
        kind=Channel.Kind.LINE,
        label="LINE @banthotsop",
        url="https://line.me/R/ti/p/@banthotsop",
        is_two_way=True,
    )
    return organisation


def test_it_shows_the_organisation_and_its_channels(client, org):
    r = client.get("/")
    assert r.status_code == 200
    assert "<h1>องค์การบริหารส่วนตำบลบ้านทดสอบ</h1>" in r.text
    assert 'href="https://line.me/R/ti/p/@banthotsop"' in r.text
    assert "LINE @banthotsop" in r.text
    assert "สื่อสารสองทาง" in r.text
    assert 'href="mailto:saraban@banthotsop.go.th"' in r.text


def test_it_shows_the_current_year_and_its_progress(client, factory, org):
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    year = factory.year(2569, is_current=True)
    ready = factory.item(year)
    factory.evidence(ready)
    factory.evidence(ready)  # two pieces of evidence still make one item ready
    drafted = factory.item(year)
    factory.evidence(drafted, is_published=False)
    factory.item(year)

    r = client.get("/")
    assert "ปีงบประมาณ พ.ศ. 2569" in r.text
    assert "เผยแพร่ข้อมูลแล้ว 1 จาก 3 ข้อ" in r.text
    assert 'href="/ita/2569/"' in r.text


def test_it_falls_back_to_the_latest_public_year(client, factory, org):
    factory.year(2568)
    factory.year(2569, status=FiscalYear.Status.PREPARING, is_current=True)

    r = client.get("/")
    assert "ปีงบประมาณ พ.ศ. 2568" in r.text
    assert "ปีงบประมาณ พ.ศ. 2569" not in r.text


def test_it_links_the_eit_survey_with_an_inline_qr_code(client, org):
    r = client.get("/")
    assert 'href="https://itas.nacc.go.th/go/eit/test"' in r.text
    figure = r.text.split('<figure class="qr">')[1].split("</figure>")[0]
    assert "<svg" in figure
    assert "<path" in figure


def test_it_leaves_out_the_eit_section_without_a_survey_url(client, factory):
    factory.organisation(eit_survey_url="")
    r = client.get("/")
    assert "<svg" not in r.text
    assert "ร่วมประเมินหน่วยงาน (EIT)" not in r.text


def test_it_escapes_organisation_text(client, factory):
    factory.organisation(name_th="<script>alert(1)</script>")
    r = client.get("/")
    assert "<script>alert(1)</script>" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_it_renders_before_the_organisation_is_set_up(client):
    r = client.get("/")
    assert r.status_code == 200
    assert "<h1>ITA Portal</h1>" in r.text
    assert "ยังไม่มีปีงบประมาณที่เผยแพร่" in r.text


def test_it_counts_only_published_evidence_towards_progress(client, factory, org):
    year = factory.year(2569, is_current=True)
    item = factory.item(year)
    factory.evidence(item, kind=Evidence.Kind.LINK, is_published=False)

    r = client.get("/")
    assert "เผยแพร่ข้อมูลแล้ว 0 จาก 1 ข้อ" in r.text
