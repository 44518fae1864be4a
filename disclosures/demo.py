"""The fictional demo organisation and what it publishes (used by `manage.py demo_data`).

Everything here is invented: องค์การบริหารส่วนตำบลหนองบัวงาม, its district, people, phone
numbers and web addresses. Evidence is chosen per item by keywords in the item's title,
never by item code, because the catalogue is data that changes every year.

This module only describes: documents are declared (`Pdf`, `Sheet`, `Chart`) and the
command renders them into real files.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from ita_portal.review import ReviewStatus
from ita_portal.thai import THAI_MONTHS_ABBR, be_year, fiscal_year_range

SHORT_NAME = "อบต.หนองบัวงาม"
WEBSITE = "https://www.nongbuangam-demo.go.th"
NACC = "https://www.nacc.go.th"

ORGANISATION = {
    "name_th": "องค์การบริหารส่วนตำบลหนองบัวงาม",
    "name_en": "Nong Bua Ngam Subdistrict Administrative Organization",
    "org_type": "sao",
    "address": "เลขที่ 99 หมู่ที่ 1 บ้านหนองบัวงาม",
    "subdistrict": "หนองบัวงาม",
    "district": "ภูแก้วใส",
    "province": "ขอนแก่น",
    "postal_code": "40999",
    "phone": "043-000-569, 043-000-570",
    "fax": "043-000-571",
    "email": "saraban@nongbuangam-demo.go.th",
    "website": WEBSITE + "/",
    "eit_survey_url": "https://itas.nacc.go.th/go/eit/nbgdemo",
    "head_name": "นายประเสริฐ ศรีบุญเรือง",
    "head_position": "นายกองค์การบริหารส่วนตำบลหนองบัวงาม",
    "officer_name": "นางสาวกนกวรรณ ทองดี",
    "officer_position": "นักวิเคราะห์นโยบายและแผนชำนาญการ งานแผนงานและนโยบาย สำนักปลัด",
}

LINE_OA = "https://line.me/R/ti/p/@nongbuangam"

# The contact page and the items on channels show these; two-way ones answer questions (Q&A).
CHANNELS = [
    {"kind": "line", "label": "LINE @nongbuangam", "url": LINE_OA, "is_two_way": True},
    {
        "kind": "facebook",
        "label": "เพจ อบต.หนองบัวงาม",
        "url": "https://www.facebook.com/nongbuangam.demo",
    },
    {
        "kind": "messenger",
        "label": "สอบถามผ่าน Messenger",
        "url": "https://m.me/nongbuangam.demo",
        "is_two_way": True,
    },
    {
        "kind": "webboard",
        "label": "กระดานถาม-ตอบ",
        "url": WEBSITE + "/webboard/",
        "is_two_way": True,
    },
    {"kind": "complaint", "label": "แจ้งเรื่องร้องเรียนการทุจริต", "url": WEBSITE + "/complaint/"},
]


@dataclass(frozen=True)
class Person:
    name: str
    position: str
    phone: str


POLITICAL = (
    Person("นายประเสริฐ ศรีบุญเรือง", "นายก อบต.หนองบัวงาม", "081-000-2569"),
    Person("นายบุญมี ทองคำแสน", "รองนายก อบต.หนองบัวงาม", "089-000-1168"),
    Person("นางสาวอรุณี แก้วมณีวงศ์", "รองนายก อบต.หนองบัวงาม", "086-000-3344"),
    Person("นายวิชัย พรหมสุวรรณ", "เลขานุการนายก อบต.หนองบัวงาม", "087-000-5521"),
)
COUNCIL = (
    Person("นายสุพจน์ บุญประคอง", "ประธานสภา อบต.หนองบัวงาม", "088-000-7410"),
    Person("นางบัวผัน ศรีทองคำ", "รองประธานสภา อบต.หนองบัวงาม", "085-000-2290"),
)
CIVIL = (
    Person("นางสุกัญญา วงศ์ไพศาล", "ปลัด อบต.หนองบัวงาม", "043-000-569 ต่อ 101"),
    Person("นายธีระพงษ์ ศรีสมบูรณ์", "รองปลัด อบต.หนองบัวงาม", "043-000-569 ต่อ 102"),
)

# Divisions: name, head, the head's position, and its sections (งาน).
DIVISIONS = (
    (
        "สำนักปลัด",
        Person("นางสาวพิมพ์ชนก จันทร์แก้ว", "หัวหน้าสำนักปลัด", "043-000-569 ต่อ 103"),
        ("งานบริหารทั่วไป", "งานแผนงานและนโยบาย", "งานป้องกันฯ", "งานสวัสดิการสังคม"),
    ),
    (
        "กองคลัง",
        Person("นางจิราพร สายทอง", "ผู้อำนวยการกองคลัง", "043-000-569 ต่อ 104"),
        ("งานการเงินและบัญชี", "งานพัฒนาและจัดเก็บรายได้", "งานพัสดุและทรัพย์สิน"),
    ),
    (
        "กองช่าง",
        Person("นายอนุชา พลศรี", "ผู้อำนวยการกองช่าง", "043-000-569 ต่อ 105"),
        ("งานก่อสร้าง", "งานออกแบบและควบคุมอาคาร", "งานไฟฟ้าสาธารณะ"),
    ),
    (
        "กองการศึกษา ศาสนาและวัฒนธรรม",
        Person("นางรัชนี คำภูแก้ว", "ผู้อำนวยการกองการศึกษาฯ", "043-000-569 ต่อ 106"),
        ("งานส่งเสริมการศึกษา", "ศูนย์พัฒนาเด็กเล็ก", "งานศาสนาและวัฒนธรรม"),
    ),
)

VILLAGES = (
    "บ้านหนองบัวงาม",
    "บ้านโนนสว่าง",
    "บ้านโคกกลาง",
    "บ้านหนองบัวพัฒนา",
    "บ้านดอนแดง",
    "บ้านห้วยทราย",
    "บ้านโนนสะอาด",
    "บ้านหนองบัวงามเหนือ",
)

VENDORS = (
    "ร้านบัวงามพาณิชย์",
    "หจก.ภูแก้วใสก่อสร้าง",
    "ร้านโนนสว่างการพิมพ์",
    "หจก.ดอนแดงวัสดุ",
    "ร้านห้วยทรายการไฟฟ้า",
    "สหกรณ์โคนมภูแก้วใส จำกัด",
)


# --- documents (declared here, rendered by the command) --------------------------------------


@dataclass(frozen=True)
class Pdf:
    """A one-page announcement or report: title block, paragraphs, optional table, signature."""

    name: str
    title: str
    lines: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header
    landscape: bool = False
    on: date | None = None  # the signature date, filled in from the evidence


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet (xlsx): a title row, a header row, data rows."""

    name: str
    title: str
    rows: tuple[tuple[str | int | float, ...], ...]  # first row is the header


@dataclass(frozen=True)
class Chart:
    """A drawn image: "structure" (the organisation chart) or "executives" (their photos)."""

    name: str
    kind: str
    year: int


Document = Pdf | Sheet | Chart


@dataclass
class Spec:
    """One evidence to create: the Evidence fields (values of its choices), and a document
    to render into its file."""

    kind: str
    title: str
    document_date: date
    body: str = ""
    text_format: str = "plain"
    url: str = ""
    link_label: str = ""
    is_published: bool = True
    document: Document | None = None

    def model_fields(self) -> dict:
        fields = {
            name: value
            for name, value in vars(self).items()
            if name not in ("document", "is_published")
        }
        fields["status"] = ReviewStatus.PUBLISHED if self.is_published else ReviewStatus.DRAFT
        return fields


@dataclass
class YearContext:
    """What a recipe needs to write for one fiscal year."""

    year: int  # B.E.
    is_open: bool  # the year under assessment: some work is still a draft or not started
    rng: random.Random  # seeded by the command, so every run writes the same data

    def on(self, month: int, day: int) -> date:
        """A date inside this fiscal year (October–December fall in the year before)."""
        start, end = fiscal_year_range(self.year)
        return date(start.year if month >= 10 else end.year, month, day)

    @property
    def prev(self) -> int:
        return self.year - 1

    @property
    def half(self) -> str:
        """The first half of the fiscal year, as Thai reports write it."""
        return f"{THAI_MONTHS_ABBR[10]} {self.prev} – {THAI_MONTHS_ABBR[3]} {self.year}"

    def page(self, slug: str) -> str:
        return f"{WEBSITE}/ita/{self.year}/{slug}/"

    def news(self) -> str:
        return f"{WEBSITE}/news/view/{self.rng.randint(1200, 4800)}/"


def text(title: str, on: date, body: str, markdown: bool = False, **kw) -> Spec:
    text_format = "markdown" if markdown else "plain"
    return Spec("text", title, on, body=body.strip(), text_format=text_format, **kw)


def link(title: str, on: date, url: str, label: str = "", **kw) -> Spec:
    return Spec("link", title, on, url=url, link_label=label, **kw)


def attach(title: str, on: date, document: Document, **kw) -> Spec:
    if isinstance(document, Pdf):
        document = replace(document, on=on)
    return Spec("file", title, on, document=document, **kw)


def nothing(title: str, on: date, reason: str, **kw) -> Spec:
    return Spec("nothing", title, on, body=reason, **kw)


def pdf_name(title: str, year: int) -> str:
    """A file name as staff would give it: Thai, with the organisation and the year."""
    suffix = "" if re.search(r"25\d\d", title) else f" {year}"
    return f"{title.replace('/', '-')} {SHORT_NAME}{suffix}.pdf"


def prose(text: str) -> str:
    """Paragraphs written over several source lines, joined: a blank line separates them."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


# --- recipes: what the organisation publishes for an item ------------------------------------


def structure(c: YearContext) -> list[Spec]:
    divisions = "\n".join(
        f"- **{name}** ({head.position} {head.name}): {' '.join(units)}"
        for name, head, units in DIVISIONS
    )
    body = f"""
**ฝ่ายการเมือง**

- นายก อบต. 1 คน รองนายก อบต. 2 คน และเลขานุการนายก อบต. 1 คน
- สภา อบต.หนองบัวงาม สมาชิกสภาหมู่บ้านละ 1 คน รวม {len(VILLAGES)} คน

**ฝ่ายข้าราชการประจำ** มีปลัด อบต. เป็นผู้บังคับบัญชาพนักงานส่วนตำบล

{divisions}

**หน้าที่และอำนาจ** (สรุปตาม พ.ร.บ.สภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537 มาตรา 66–68
และ พ.ร.บ.กำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น พ.ศ. 2542 มาตรา 16)

1. จัดให้มีและบำรุงรักษาทางน้ำและทางบก ไฟฟ้าสาธารณะ และแหล่งน้ำเพื่อการเกษตร
2. รักษาความสะอาดของถนน ทางเดิน ที่สาธารณะ และจัดการขยะมูลฝอย
3. ป้องกันโรคและระงับโรคติดต่อ ป้องกันและบรรเทาสาธารณภัย
4. ส่งเสริมการศึกษา ศาสนา วัฒนธรรม และดูแลศูนย์พัฒนาเด็กเล็ก
5. ส่งเสริมการพัฒนาสตรี เด็ก เยาวชน ผู้สูงอายุ และผู้พิการ
6. คุ้มครอง ดูแล และบำรุงรักษาทรัพยากรธรรมชาติและสิ่งแวดล้อม
"""
    return [
        attach(
            f"แผนผังโครงสร้างองค์กร {SHORT_NAME} ประจำปีงบประมาณ พ.ศ. {c.year}",
            c.on(10, 3),
            Chart(f"แผนผังโครงสร้างองค์กร {SHORT_NAME} {c.year}.png", "structure", c.year),
        ),
        text("โครงสร้างการแบ่งส่วนราชการ และหน้าที่และอำนาจ", c.on(10, 3), body, markdown=True),
    ]


def executives(c: YearContext) -> list[Spec]:
    def listing(people) -> str:
        return "\n".join(f"- {p.name} {p.position} โทร. {p.phone}" for p in people)

    heads = tuple(head for _name, head, _units in DIVISIONS)
    body = f"""
**ฝ่ายการเมือง (คณะผู้บริหาร)**

{listing(POLITICAL)}

**ฝ่ายข้าราชการประจำ**

{listing(CIVIL + heads)}
"""
    return [
        text(f"ข้อมูลผู้บริหาร {SHORT_NAME}", c.on(10, 3), body, markdown=True),
        attach(
            f"ทำเนียบผู้บริหาร ประจำปีงบประมาณ พ.ศ. {c.year}",
            c.on(10, 3),
            Chart(f"ทำเนียบผู้บริหาร {SHORT_NAME} {c.year}.png", "executives", c.year),
        ),
    ]


def contact(c: YearContext) -> list[Spec]:
    o = ORGANISATION
    body = f"""
{o["name_th"]}
{o["address"]} ตำบล{o["subdistrict"]} อำเภอ{o["district"]} จังหวัด{o["province"]} {o["postal_code"]}

โทรศัพท์ {o["phone"]}  โทรสาร {o["fax"]}
อีเมล {o["email"]}
เว็บไซต์ {WEBSITE}

เปิดให้บริการวันจันทร์ – วันศุกร์ เวลา 08.30 – 16.30 น. (เว้นวันหยุดราชการ)
สอบถามและได้รับคำตอบได้ทาง LINE Official Account @nongbuangam และ Messenger ของเพจ อบต.
"""
    return [
        text("ที่อยู่และช่องทางการติดต่อ", c.on(10, 3), body),
        link("ช่องทางถาม-ตอบ LINE Official Account", c.on(10, 3), LINE_OA, "@nongbuangam"),
        link("แผนที่ตั้งสำนักงาน", c.on(10, 3), WEBSITE + "/contact/map/", "แผนที่ตั้ง อบต."),
    ]


NEWS = (
    ((10, 23), "กิจกรรมวันปิยมหาราช วางพวงมาลาถวายราชสักการะ"),
    ((11, 14), "โครงการส่งเสริมการปลูกผักปลอดสารพิษในครัวเรือน"),
    ((12, 19), "ตั้งจุดบริการประชาชนช่วงเทศกาลปีใหม่ ถนนสายหนองบัวงาม–โนนสว่าง"),
    ((1, 10), "กิจกรรมวันเด็กแห่งชาติ ศูนย์พัฒนาเด็กเล็ก อบต.หนองบัวงาม"),
    ((2, 6), "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง"),
    ((3, 18), "กิจกรรมวันท้องถิ่นไทย"),
    ((4, 9), "อบต.สัญจร หน่วยบริการเคลื่อนที่ หมู่ที่ 5 บ้านดอนแดง"),
)


def news(c: YearContext) -> list[Spec]:
    # In fiscal-year order: October comes first.
    chosen = sorted(c.rng.sample(NEWS, 4), key=lambda news: (news[0][0] < 10, news[0]))
    # News is dated by the calendar (B.E.) year, not the fiscal year.
    return [
        link(f"{title} ประจำปี {be_year(c.on(*when).year)}", c.on(*when), c.news())
        for when, title in chosen
    ]


def strategic_plan(c: YearContext) -> list[Spec]:
    lines = (
        "วิสัยทัศน์ “หนองบัวงามน่าอยู่ เศรษฐกิจชุมชนเข้มแข็ง บริหารโปร่งใส”",
        "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐานและแหล่งน้ำ",
        "ยุทธศาสตร์ที่ 2 การพัฒนาคุณภาพชีวิต การศึกษา และสาธารณสุข",
        "ยุทธศาสตร์ที่ 3 การส่งเสริมเศรษฐกิจชุมชนและการเกษตร",
        "ยุทธศาสตร์ที่ 4 การบริหารจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "ยุทธศาสตร์ที่ 5 การบริหารกิจการบ้านเมืองที่ดี",
    )
    title = "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)"
    return [
        attach(title, c.on(10, 20), Pdf(pdf_name(title, c.year), title, lines)),
        link("แผนพัฒนาท้องถิ่น เพิ่มเติม/เปลี่ยนแปลง", c.on(12, 2), c.page("local-plan")),
    ]


def operating_plan(c: YearContext) -> list[Spec]:
    rows = (("ยุทธศาสตร์", "จำนวนโครงการ", "งบประมาณ (บาท)"),) + tuple(
        (f"ยุทธศาสตร์ที่ {n}", str(c.rng.randint(6, 18)), f"{c.rng.randint(8, 60) * 100_000:,}")
        for n in range(1, 6)
    )
    title = f"แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {c.year}"
    budget = (("ไตรมาส", "งบประมาณ (บาท)", "เบิกจ่าย (บาท)", "ร้อยละ"),) + tuple(
        (f"ไตรมาส {q}", 6_500_000, spent, round(spent * 100 / 6_500_000, 2))
        for q, spent in ((1, 1_480_250), (2, 1_976_400))
    )
    return [
        attach(title, c.on(10, 28), Pdf(pdf_name(title, c.year), title, table=rows)),
        attach(
            f"รายงานผลการใช้จ่ายงบประมาณ รอบ 6 เดือน ({c.half})",
            c.on(4, 8),
            Sheet(f"รายงานการใช้จ่ายงบประมาณ 6 เดือน {c.year}.xlsx", "การใช้จ่ายงบประมาณ", budget),
        ),
    ]


def annual_report(c: YearContext) -> list[Spec]:
    title = f"รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. {c.prev}"
    body = prose(f"""
ในปีงบประมาณ พ.ศ. {c.prev} {SHORT_NAME} ดำเนินโครงการตามแผนพัฒนาท้องถิ่น 47 โครงการ
จากที่บรรจุในแผนการดำเนินงาน 61 โครงการ คิดเป็นร้อยละ 77.05

ผลสำคัญ ได้แก่ ถนนคอนกรีตเสริมเหล็ก 3 สาย ระยะทางรวม 1.2 กิโลเมตร ขุดลอกหนองน้ำสาธารณะ
2 แห่ง และจ่ายเบี้ยยังชีพผู้สูงอายุ ผู้พิการ และผู้ป่วยเอดส์ครบทุกเดือน
""")
    return [
        attach(title, c.on(12, 15), Pdf(pdf_name(title, c.year), title, (body,))),
        text(f"สรุปผลการดำเนินงาน ปีงบประมาณ พ.ศ. {c.prev}", c.on(12, 15), body),
    ]


def staff_manual(c: YearContext) -> list[Spec]:
    specs = []
    for month, (topic, division) in zip(
        (10, 11),
        (("การจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง", "กองคลัง"), ("การขออนุญาตก่อสร้างอาคาร", "กองช่าง")),
        strict=True,
    ):
        title = f"คู่มือการปฏิบัติงาน{topic}"
        lines = (f"ผู้รับผิดชอบ: {division}", "ขั้นตอน ระยะเวลา และแบบฟอร์มที่ใช้ในการปฏิบัติงาน")
        specs.append(attach(title, c.on(month, 12), Pdf(pdf_name(title, c.year), title, lines)))
    return specs


def service_manual(c: YearContext) -> list[Spec]:
    body = """
คู่มือสำหรับประชาชนที่ อบต.หนองบัวงาม จัดทำตาม พ.ร.บ.การอำนวยความสะดวกในการพิจารณาอนุญาต
ของทางราชการ พ.ศ. 2558

- การลงทะเบียนและยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ (สำนักปลัด)
- การขอรับการสงเคราะห์ผู้ป่วยเอดส์ (สำนักปลัด)
- การชำระภาษีที่ดินและสิ่งปลูกสร้าง และภาษีป้าย (กองคลัง)
- การขออนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร (กองช่าง)
- การรับนักเรียนเข้าศูนย์พัฒนาเด็กเล็ก (กองการศึกษา ศาสนาและวัฒนธรรม)
"""
    title = "คู่มือสำหรับประชาชน การลงทะเบียนและยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ"
    lines = ("หลักเกณฑ์ เอกสารที่ต้องใช้ ขั้นตอนและระยะเวลา", "ค่าธรรมเนียม: ไม่มี")
    return [
        text("คู่มือสำหรับประชาชน", c.on(10, 15), body, markdown=True),
        attach(title, c.on(10, 15), Pdf(pdf_name("คู่มือประชาชน เบี้ยยังชีพ", c.year), title, lines)),
        link("ศูนย์รวมข้อมูลเพื่อติดต่อราชการ", c.on(10, 15), "https://www.info.go.th"),
    ]


def e_service(c: YearContext) -> list[Spec]:
    body = """
ยื่นคำร้องออนไลน์ได้ตลอด 24 ชั่วโมง เจ้าหน้าที่ตอบกลับภายใน 1 วันทำการ

- คำร้องทั่วไป
- แจ้งซ่อมไฟฟ้าสาธารณะ
- ขอรับบริการรถบรรทุกน้ำอุปโภคบริโภค
- ขอรับถังขยะ
- ลงทะเบียนเบี้ยยังชีพผู้สูงอายุและผู้พิการ
"""
    return [
        link("ระบบบริการออนไลน์ (E-Service)", c.on(10, 5), WEBSITE + "/eservice/", "E-Service"),
        text("บริการที่ยื่นผ่าน E-Service ได้", c.on(10, 5), body, markdown=True),
    ]


def service_statistics(c: YearContext) -> list[Spec]:
    rows = (("งานบริการ", "ไตรมาส 1", "ไตรมาส 2"),) + tuple(
        (service, c.rng.randint(5, 80), c.rng.randint(5, 80))
        for service in ("ภาษีที่ดินและสิ่งปลูกสร้าง", "เบี้ยยังชีพ", "ขออนุญาตก่อสร้าง", "E-Service")
    )
    name = f"สถิติการให้บริการ {SHORT_NAME} {c.year}.xlsx"
    title = f"ข้อมูลสถิติการให้บริการ ({c.half})"
    return [attach(title, c.on(4, 5), Sheet(name, "สถิติการให้บริการ", rows))]


def _procurements(c: YearContext, months: tuple[int, ...]) -> list[tuple]:
    works = (
        ("จัดซื้อวัสดุสำนักงาน", 18_500),
        ("จ้างเหมาซ่อมแซมถนนลูกรัง หมู่ที่ 3 บ้านโคกกลาง", 96_000),
        ("จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก", 248_760),
        ("จ้างเหมาซ่อมแซมไฟฟ้าสาธารณะ หมู่ที่ 6 บ้านห้วยทราย", 42_300),
        ("ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 2 บ้านโนนสว่าง", 495_000),
    )
    rows = []
    for number, month in enumerate(months, start=1):
        work, budget = works[(number - 1) % len(works)]
        price = budget - c.rng.randint(0, 40) * 100
        vendor = c.rng.choice(VENDORS)
        day = c.rng.randint(2, 27)
        when = f"{day} {THAI_MONTHS_ABBR[month]} {be_year(c.on(month, day).year)}"
        signed = f"{number}/{c.year} ลว. {when}"
        rows.append((number, work, budget, budget, "เฉพาะเจาะจง", vendor, price, signed))
    return rows


SKR1_HEADER = (
    "ที่",
    "งานที่จัดซื้อหรือจัดจ้าง",
    "วงเงิน (บาท)",
    "ราคากลาง (บาท)",
    "วิธีซื้อหรือจ้าง",
    "ผู้ได้รับการคัดเลือก",
    "ราคาที่ตกลง (บาท)",
    "เลขที่และวันที่ของสัญญา",
)


def _skr1(c: YearContext, label: str, months: tuple[int, ...], on: date, **kw) -> Spec:
    rows = tuple(
        tuple(f"{v:,}" if isinstance(v, int) else v for v in row)
        for row in _procurements(c, months)
    )
    title = f"สรุปผลการจัดซื้อจัดจ้าง (แบบ สขร.1) {label}"
    document = Pdf(
        pdf_name(f"สขร.1 {label}", c.year), title, table=(SKR1_HEADER, *rows), landscape=True
    )
    return attach(title, on, document, **kw)


def procurement_monthly(c: YearContext) -> list[Spec]:
    specs = [
        _skr1(c, f"ไตรมาส 1 (ต.ค. – ธ.ค. {c.prev})", (10, 11, 11, 12), c.on(1, 9)),
        _skr1(c, f"ไตรมาส 2 (ม.ค. – มี.ค. {c.year})", (1, 2, 3, 3), c.on(4, 7)),
        attach(
            f"ข้อมูลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. {c.year} (ตารางข้อมูล)",
            c.on(4, 7),
            Sheet(
                f"ข้อมูลการจัดซื้อจัดจ้าง {c.year}.xlsx",
                "จัดซื้อจัดจ้าง",
                (SKR1_HEADER, *_procurements(c, (10, 11, 12, 1, 2, 3))),
            ),
        ),
        link("ประกาศจัดซื้อจัดจ้างในระบบ e-GP", c.on(4, 7), "https://www.gprocurement.go.th"),
    ]
    if c.is_open:
        label = f"ไตรมาส 3 (เม.ย. – มิ.ย. {c.year})"
        specs.append(_skr1(c, label, (4, 5, 6), c.on(7, 8), is_published=False))
    return specs


def procurement_annual(c: YearContext) -> list[Spec]:
    title = f"รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. {c.prev}"
    rows = _procurements(c, (10, 12, 2, 4, 6, 8, 9))
    return [
        _skr1(c, f"ประจำปีงบประมาณ พ.ศ. {c.prev}", (10, 12, 2, 4, 6, 8, 9), c.on(10, 30)),
        attach(title, c.on(10, 30), Sheet(f"{title}.xlsx", "สรุปประจำปี", (SKR1_HEADER, *rows))),
    ]


def hr_plan(c: YearContext) -> list[Spec]:
    body = """
หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคลของ อบต.หนองบัวงาม

1. การสรรหาและบรรจุแต่งตั้ง ตามประกาศ ก.อบต.จังหวัดขอนแก่น
2. การประเมินผลการปฏิบัติงาน ปีละ 2 รอบ (1 ต.ค. – 31 มี.ค. และ 1 เม.ย. – 30 ก.ย.)
3. การเลื่อนขั้นเงินเดือน ตามผลการประเมินและหลักคุณธรรม
4. การพัฒนาบุคลากร ตามแผนพัฒนาบุคลากร 3 ปี และการให้คุณให้โทษอย่างเป็นธรรม
"""
    title = "แผนพัฒนาบุคลากร ประจำปีงบประมาณ พ.ศ. 2567 – 2569"
    lines = ("การฝึกอบรมตามสายงาน", "การอบรมด้านคุณธรรม จริยธรรม และการป้องกันการทุจริต")
    return [
        text("หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล", c.on(10, 10), body, markdown=True),
        attach(title, c.on(10, 10), Pdf(pdf_name("แผนพัฒนาบุคลากร", c.year), title, lines)),
    ]


def hr_report(c: YearContext) -> list[Spec]:
    title = f"รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {c.prev}"
    lines = (
        "บุคลากรได้รับการพัฒนาตามแผน 31 คน จาก 34 คน คิดเป็นร้อยละ 91.18",
        "จัดอบรมคุณธรรม จริยธรรม และการป้องกันผลประโยชน์ทับซ้อน 1 ครั้ง",
    )
    return [
        attach(title, c.on(11, 20), Pdf(pdf_name("รายงานผลการพัฒนาบุคลากร", c.year), title, lines))
    ]


def ethics(c: YearContext) -> list[Spec]:
    title = "ประมวลจริยธรรมของพนักงานส่วนตำบล"
    lines = ("ยึดมั่นในสถาบันหลักของประเทศ", "ซื่อสัตย์สุจริต มีจิตสำนึกที่ดี และรับผิดชอบ")
    return [
        attach(title, c.on(10, 7), Pdf(pdf_name(title, c.year), title, lines)),
        link(f"กิจกรรมส่งเสริมคุณธรรมจริยธรรม ประจำปี {c.year}", c.on(2, 20), c.news()),
    ]


def complaint_handling(c: YearContext) -> list[Spec]:
    body = """
ขั้นตอนการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ

1. รับเรื่องและลงทะเบียน (ศูนย์รับเรื่องร้องเรียน สำนักปลัด)
2. เสนอนายก อบต. พิจารณาภายใน 1 วันทำการ
3. แต่งตั้งคณะกรรมการตรวจสอบข้อเท็จจริง
4. แจ้งผลการดำเนินการให้ผู้ร้องทราบภายใน 15 วัน
"""
    title = "คู่มือการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    return [
        attach(title, c.on(10, 14), Pdf(pdf_name(title, c.year), title, (body.strip(),))),
        text("ขั้นตอนการจัดการเรื่องร้องเรียน", c.on(10, 14), body, markdown=True),
    ]


def complaint_channels(c: YearContext) -> list[Spec]:
    body = f"""
แจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ได้ทาง

- ด้วยตนเอง ที่ศูนย์รับเรื่องร้องเรียน สำนักปลัด {SHORT_NAME}
- ทางโทรศัพท์ {ORGANISATION["phone"]}
- ทางไปรษณีย์ หรือตู้รับเรื่องร้องเรียนหน้าสำนักงาน
- ทางอีเมล {ORGANISATION["email"]}
- แบบฟอร์มออนไลน์ {WEBSITE}/complaint/
- LINE Official Account @nongbuangam

ข้อมูลของผู้ร้องเรียนจะถูกเก็บเป็นความลับ
"""
    return [
        text("ช่องทางแจ้งเรื่องร้องเรียนการทุจริต", c.on(10, 14), body, markdown=True),
        link("แบบฟอร์มแจ้งเรื่องร้องเรียนออนไลน์", c.on(10, 14), WEBSITE + "/complaint/"),
        link("แจ้งเบาะแสการทุจริตต่อสำนักงาน ป.ป.ช.", c.on(10, 14), NACC, "สำนักงาน ป.ป.ช."),
    ]


def complaint_statistics(c: YearContext) -> list[Spec]:
    rows = (("ประเภทเรื่องร้องเรียน", "จำนวน (เรื่อง)", "ดำเนินการแล้วเสร็จ"),) + tuple(
        (kind, 0, 0) for kind in ("การทุจริตและประพฤติมิชอบ", "การจัดซื้อจัดจ้าง", "การปฏิบัติหน้าที่")
    )
    reason = (
        f"ในรอบ 6 เดือนแรกของปีงบประมาณ พ.ศ. {c.year} ({c.half}) "
        f"{SHORT_NAME} ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    )
    title = f"สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ({c.half})"
    name = f"สถิติเรื่องร้องเรียนการทุจริต 6 เดือน {c.year}.xlsx"
    return [
        nothing(f"ไม่มีเรื่องร้องเรียนการทุจริต ({c.half})", c.on(4, 3), reason),
        attach(title, c.on(4, 3), Sheet(name, "สถิติเรื่องร้องเรียน", rows)),
    ]


def participation(c: YearContext) -> list[Spec]:
    body = prose(f"""
{SHORT_NAME} จัดประชุมประชาคมหมู่บ้านครบทั้ง {len(VILLAGES)} หมู่บ้าน
เพื่อรับฟังปัญหาและความต้องการของประชาชนในการจัดทำแผนพัฒนาท้องถิ่น
มีผู้เข้าร่วม 412 คน ข้อเสนอที่ได้รับถูกบรรจุในแผนพัฒนาท้องถิ่นเพิ่มเติม 9 โครงการ
""")
    draft = {"is_published": not c.is_open}
    return [
        text("ผลการจัดประชุมประชาคมหมู่บ้าน", c.on(2, 27), body, **draft),
        link("ภาพกิจกรรมประชุมประชาคมหมู่บ้าน", c.on(2, 27), c.news(), **draft),
    ]


def no_gift(c: YearContext) -> list[Spec]:
    title = "ประกาศเจตนารมณ์การไม่รับของขวัญและของกำนัลจากการปฏิบัติหน้าที่ (No Gift Policy)"
    lines = (
        "ผู้บริหารและพนักงานทุกคนจะไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่",
        "การรับทรัพย์สินโดยธรรมจรรยาต้องเป็นไปตามประกาศคณะกรรมการ ป.ป.ช. และรายงานทุกครั้ง",
    )
    return [
        attach(title, c.on(10, 2), Pdf(pdf_name("ประกาศ No Gift Policy", c.year), title, lines)),
        link(f"กิจกรรมประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ {c.year}", c.on(10, 2), c.news()),
    ]


def gift_report(c: YearContext) -> list[Spec]:
    reason = (
        f"ในรอบ 6 เดือนแรกของปีงบประมาณ พ.ศ. {c.year} ({c.half}) ผู้บริหารและพนักงานของ"
        f"{SHORT_NAME} ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา"
    )
    return [nothing("รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด", c.on(4, 3), reason)]


RISKS = (
    ("การพิจารณาอนุญาตก่อสร้างอาคาร", "สูง", "กองช่าง"),
    ("การตรวจรับพัสดุในงานจ้างก่อสร้าง", "สูง", "กองช่าง"),
    ("การเบิกจ่ายค่าตอบแทนนอกเวลาราชการ", "ปานกลาง", "กองคลัง"),
    ("การใช้รถยนต์ส่วนกลางนอกภารกิจ", "ปานกลาง", "สำนักปลัด"),
)


def risk_assessment(c: YearContext) -> list[Spec]:
    title = f"รายงานการประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. {c.year}"
    table = (("กระบวนงานที่เสี่ยง", "ระดับความเสี่ยง", "ผู้รับผิดชอบ"), *RISKS)
    body = "\n".join(f"- {risk} (ระดับ{level}) ผู้รับผิดชอบ {who}" for risk, level, who in RISKS)
    return [
        attach(
            title, c.on(11, 18), Pdf(pdf_name("ประเมินความเสี่ยงการทุจริต", c.year), title, table=table)
        ),
        text("ประเด็นความเสี่ยงการทุจริตที่สำคัญ", c.on(11, 18), body, markdown=True),
    ]


def risk_report(c: YearContext) -> list[Spec]:
    title = f"รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยงการทุจริต ({c.half})"
    lines = tuple(f"{risk}: ดำเนินการตามมาตรการควบคุมครบถ้วน" for risk, _level, _who in RISKS)
    return [
        attach(title, c.on(4, 20), Pdf(pdf_name("รายงานผลจัดการความเสี่ยง", c.year), title, lines))
    ]


def anticorruption_plan(c: YearContext) -> list[Spec]:
    title = f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {c.year}"
    table = (
        ("มิติ", "โครงการ/กิจกรรม", "งบประมาณ (บาท)"),
        ("1 สร้างสังคมที่ไม่ทนต่อการทุจริต", "อบรมคุณธรรมจริยธรรมพนักงาน", "20,000"),
        ("2 บริหารราชการเพื่อป้องกันการทุจริต", "เผยแพร่ข้อมูลการจัดซื้อจัดจ้าง", "ไม่ใช้งบประมาณ"),
        ("3 ส่งเสริมบทบาทภาคประชาชน", "ประชุมประชาคมหมู่บ้าน", "15,000"),
        ("4 เสริมสร้างกลไกการตรวจสอบ", "ตรวจสอบภายในประจำปี", "ไม่ใช้งบประมาณ"),
    )
    return [
        attach(
            title, c.on(10, 9), Pdf(pdf_name("แผนปฏิบัติการป้องกันการทุจริต", c.year), title, table=table)
        )
    ]


def anticorruption_report(c: YearContext) -> list[Spec]:
    if c.is_open:
        title = f"รายงานผลการดำเนินการป้องกันการทุจริต รอบ 6 เดือน ({c.half})"
        on, is_published = c.on(4, 24), False
    else:
        title = f"รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {c.prev}"
        on, is_published = c.on(11, 25), True
    lines = ("ดำเนินการตามแผน 11 โครงการ จาก 12 โครงการ", "ปัญหาและอุปสรรค และข้อเสนอแนะ")
    name = pdf_name("รายงานผลป้องกันการทุจริต", c.year)
    return [attach(title, on, Pdf(name, title, lines), is_published=is_published)]


def ita_analysis(c: YearContext) -> list[Spec]:
    # The same figures as the score page: the demo scores live with the measures.
    from measures.demo import SCORES

    scores = next(s for s in SCORES if s.year == c.prev)
    band = f" ระดับ {scores.band}" if scores.band else ""
    rows = "\n".join(
        f"| {code} {name} | {scores.instruments[code]} |"
        for code, name in (
            ("IIT", "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"),
            ("EIT", "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก"),
            ("OIT", "การเปิดเผยข้อมูล"),
        )
    )
    body = f"""
ผลการประเมิน ITA ปี {c.prev} ของ{SHORT_NAME}: คะแนนรวม {scores.total}{band}

| เครื่องมือ | คะแนน |
|---|---|
{rows}

**จุดที่ต้องพัฒนา**

1. การสื่อสารกับประชาชน (EIT): เพิ่มช่องทาง LINE Official Account และตอบคำถามภายใน 1 วันทำการ
2. การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง: เผยแพร่เป็นตารางข้อมูลทุกไตรมาส
3. การใช้ทรัพย์สินของราชการ: ทบทวนแนวปฏิบัติการยืมพัสดุและรถยนต์ส่วนกลาง

ที่ประชุมพนักงานเมื่อเดือนกุมภาพันธ์ {c.year} มอบหมายผู้รับผิดชอบและกำหนดมาตรการตามประเด็นข้างต้น
"""
    return [
        text(f"การวิเคราะห์ผลการประเมิน ITA ปี {c.prev}", c.on(2, 26), body, markdown=True),
        link(f"ประชุมวิเคราะห์ผลการประเมิน ITA ปี {c.prev}", c.on(2, 26), c.news()),
    ]


def integrity_measures(c: YearContext) -> list[Spec]:
    title = f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {c.year}"
    table = (
        ("มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"),
        ("เปิดเผยข้อมูลการจัดซื้อจัดจ้างทุกไตรมาส", "กองคลัง", f"ต.ค. {c.prev} – ก.ย. {c.year}"),
        ("เพิ่มช่องทางสื่อสารสองทาง", "สำนักปลัด", f"ต.ค. {c.prev} – มี.ค. {c.year}"),
        ("ทบทวนแนวปฏิบัติการใช้ทรัพย์สินของราชการ", "ทุกส่วนราชการ", f"ม.ค. – มี.ค. {c.year}"),
    )
    return [
        attach(title, c.on(3, 6), Pdf(pdf_name("มาตรการส่งเสริมคุณธรรม", c.year), title, table=table))
    ]


def generic(c: YearContext, title: str) -> list[Spec]:
    """For an item no recipe knows: a short statement and a document named after it."""
    body = f"{SHORT_NAME} เผยแพร่ข้อมูล{title} ประจำปีงบประมาณ พ.ศ. {c.year} ตามเอกสารแนบ"
    document = Pdf(pdf_name(title[:80], c.year), f"{title} ประจำปีงบประมาณ พ.ศ. {c.year}")
    return [text(title[:300], c.on(11, 2), body), attach(title[:300], c.on(11, 2), document)]


@dataclass(frozen=True)
class Recipe:
    """Evidence for items whose title contains every keyword of one of `matches`.

    `open_year` says how far the work is in the year under assessment: "published",
    or "missing" (nothing yet: a report that is due later). Drafts are the recipe's own.
    """

    matches: tuple[tuple[str, ...], ...]
    build: Callable[[YearContext], list[Spec]]
    open_year: str = "published"

    def matches_title(self, title: str) -> bool:
        lowered = title.lower()
        return any(all(word.lower() in lowered for word in group) for group in self.matches)


# First match wins, so the more specific keywords come first.
RECIPES = (
    Recipe((("สถิติ", "ร้องเรียน"),), complaint_statistics),
    Recipe((("ช่องทาง", "ร้องเรียน"),), complaint_channels),
    Recipe((("ร้องเรียน",),), complaint_handling),
    Recipe((("สถิติการให้บริการ",),), service_statistics),
    Recipe((("โครงสร้าง",),), structure),
    Recipe((("ผู้บริหาร",),), executives),
    Recipe((("ขอรับบริการ",), ("ผู้รับบริการ",)), service_manual),
    Recipe((("คู่มือ",),), staff_manual),
    Recipe((("การติดต่อ",),), contact),
    Recipe((("ข่าว",),), news),
    Recipe((("e-service",),), e_service),
    Recipe((("แผนยุทธศาสตร์",), ("แผนพัฒนาหน่วยงาน",), ("แผนพัฒนาท้องถิ่น",)), strategic_plan),
    Recipe((("ทรัพยากรบุคคล", "รายงาน"),), hr_report),
    Recipe((("ทรัพยากรบุคคล",),), hr_plan),
    Recipe((("จัดซื้อจัดจ้าง", "ประจำปี"),), procurement_annual),
    Recipe((("จัดซื้อจัดจ้าง",),), procurement_monthly),
    Recipe((("แผนดำเนินงาน",), ("การใช้งบประมาณ",)), operating_plan),
    Recipe((("รายงานผลการดำเนินงาน",),), annual_report),
    Recipe((("รับทรัพย์สิน", "รายงาน"),), gift_report),
    Recipe((("no gift",),), no_gift),
    Recipe((("จริยธรรม",),), ethics),
    Recipe((("มีส่วนร่วม",),), participation),
    Recipe((("ความเสี่ยง", "รายงาน"), ("ความเสี่ยง", "จัดการ")), risk_report, "missing"),
    Recipe((("ความเสี่ยง",),), risk_assessment),
    Recipe((("ป้องกันการทุจริต", "รายงาน"),), anticorruption_report),
    Recipe((("ป้องกันการทุจริต",),), anticorruption_plan),
    Recipe((("ส่งเสริมคุณธรรม", "รายงาน"),), integrity_measures, "missing"),
    Recipe((("ผลการประเมิน",), ("ita",)), ita_analysis),
    Recipe((("ส่งเสริมคุณธรรม",), ("มาตรการ",)), integrity_measures),
)


def evidence_for(title: str, context: YearContext) -> list[Spec]:
    """What the demo organisation publishes for an item with this title in this year."""
    for recipe in RECIPES:
        if recipe.matches_title(title):
            if context.is_open and recipe.open_year == "missing":
                return []
            return recipe.build(context)
    return generic(context, title)
