"""The demo organisation's ITA results and integrity measures (the end of `manage.py demo_data`).

Invented like `disclosures.demo`: อบต.หนองบัวงาม's scores for 2566–2568 (82.40 → 91.38 →
96.30), the analysis, in 2569, of each 2568 indicator, and the measures of 2568 and 2569 with
their methods, owners, periods, results, recommendations and progress, told as of November
2026, when fiscal year 2569 is over. Items are found by words of their titles, never by code:
the catalogue is data that changes every year.

Everything is written through full_clean(), as the back office would, and nothing is random,
so every run writes the same rows. `fill()` runs inside demo_data's transaction, on a
database that demo_data found empty; it still steps aside if measures data already exists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from disclosures.catalog import ensure_structure
from disclosures.demo import SHORT_NAME, WEBSITE
from disclosures.models import FiscalYear, Item

from .models import (
    Analysis,
    Division,
    IndicatorScore,
    InstrumentScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
    YearResult,
)

DONE = Method.Status.DONE
IN_PROGRESS = Method.Status.IN_PROGRESS
CANCELLED = Method.Status.CANCELLED
MAINTAIN = Analysis.Status.MAINTAIN
IMPROVE = Analysis.Status.IMPROVE

OFFICE = "สำนักปลัด"
FINANCE = "กองคลัง"
WORKS = "กองช่าง"
EDUCATION = "กองการศึกษา ศาสนาและวัฒนธรรม"
PLANNING = "งานแผนงานและนโยบาย"  # a section of สำนักปลัด, named on its own in the reports
EVERYONE = "ทุกส่วนราชการ"
DIVISIONS = ((OFFICE, False), (FINANCE, False), (WORKS, False), (EDUCATION, False))
DIVISIONS += ((PLANNING, False), (EVERYONE, True))


def on(day: int, month: int, year_be: int) -> date:
    """A date written the Thai way: on(15, 8, 2568) is 15 August 2025."""
    return date(year_be - 543, month, day)


def news(number: int) -> str:
    return f"{WEBSITE}/news/view/{number}/"


# --- results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearScores:
    """A year's result as the NACC announced it: indicators 1–10, the instruments, the total."""

    year: int
    indicators: tuple[str, ...]  # IIT 1–5, EIT 6–8, OIT 9–10
    instruments: dict[str, str]
    total: str
    band: str
    rating: str = ""  # ratings were published from 2567 on
    announced_on: date | None = None
    note: str = ""


SCORES = (
    YearScores(
        2566,
        ("90.12", "86.45", "88.30", "84.75", "87.38", "85.20", "70.35", "81.45", "86.96", "75.44"),
        {"IIT": "87.40", "EIT": "79.00", "OIT": "81.20"},
        total="82.40",
        band="B",
        note="ปีที่ยังไม่ประกาศผลการประเมินเป็นระดับผ่าน/ไม่ผ่าน",
    ),
    YearScores(
        2567,
        ("95.40", "92.10", "94.35", "90.05", "93.70", "91.35", "83.10", "90.75", "95.65", "88.97"),
        {"IIT": "93.12", "EIT": "88.40", "OIT": "92.31"},
        total="91.38",
        band="A",
        rating="ผ่านดี",
    ),
    YearScores(
        2568,
        ("100", "100", "100", "100", "100", "92.40", "80.21", "90.40", "100", "100"),
        {"IIT": "100", "EIT": "87.67", "OIT": "100"},
        total="96.30",
        band="AA",
        rating="ผ่านดี",
        announced_on=on(15, 8, 2568),
        note=(
            "ประกาศผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568 ลงวันที่ 15 สิงหาคม 2568 "
            "คะแนนรวมระดับ AA แต่ EIT ต่ำกว่า 95 จึงได้ผลการประเมิน “ผ่านดี”"
        ),
    ),
)


# --- the analysis, in 2569, of the 2568 result ----------------------------------------------

IIT_KEPT = (
    "การประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) ทั้ง 5 ตัวชี้วัดได้คะแนนเต็ม "
    f"{SHORT_NAME}จะรักษามาตรฐานการดำเนินงานให้ต่อเนื่อง สร้างความไว้วางใจแก่ประชาชน "
    "และปรับปรุงข้อมูลให้เป็นปัจจุบันเสมอ"
)
OIT_KEPT = (
    "ผ่านตามหลักเกณฑ์ที่กำหนดและได้คะแนนเต็ม จะรักษามาตรฐานการเปิดเผยข้อมูลบนเว็บไซต์หลัก "
    "ให้ครบถ้วนและเป็นปัจจุบัน และดูแลให้ลิงก์ทุกข้อเข้าถึงได้ตลอดช่วงการประเมิน"
)
EIT_PASSED = "ผ่านเกณฑ์แล้ว จะรักษามาตรฐานการให้บริการและพัฒนาต่อเนื่อง โดยติดตามความพึงพอใจของผู้รับบริการทุกไตรมาส"


@dataclass(frozen=True)
class AnalysisText:
    indicator: int
    status: str
    weaknesses: str = ""
    improvements: str = ""
    application: str = ""


ANALYSIS_2569 = (
    *(AnalysisText(number, MAINTAIN, application=IIT_KEPT) for number in range(1, 6)),
    AnalysisText(6, MAINTAIN, application=EIT_PASSED),
    AnalysisText(
        7,
        IMPROVE,
        weaknesses=(
            "1. ผู้รับบริการบางส่วนไม่ทราบช่องทางการติดต่อและขั้นตอนการขอรับบริการ\n"
            "2. ข่าวสารบนเว็บไซต์บางหมวดไม่เป็นปัจจุบัน และไม่ได้เผยแพร่ทางช่องทางอื่นควบคู่กัน\n"
            "3. การตอบคำถามและข้อร้องเรียนผ่านช่องทางออนไลน์ล่าช้า ไม่มีผู้รับผิดชอบชัดเจน"
        ),
        improvements=(
            "ปรับปรุงการสื่อสารกับประชาชนให้เข้าถึงง่าย รวดเร็ว ชัดเจน และเปิดโอกาสให้ประชาชน"
            "แสดงความคิดเห็นต่อการให้บริการ เพื่อยกระดับ EIT ให้ถึง 95 คะแนนขึ้นไป"
        ),
        application=(
            "1. จัดประชุมชี้แจงบุคลากรภายในส่วนราชการเรื่องการให้บริการประชาชนอย่างเท่าเทียมกัน"
            "และเป็นไปตามขั้นตอนที่กำหนด\n"
            "2. เจ้าหน้าที่แต่ละส่วนงานจัดทำคู่มือการให้บริการ ระบุช่องทาง วิธีการ ขั้นตอน "
            "ระยะเวลาที่ใช้ และเผยแพร่บนเว็บไซต์หลักของหน่วยงาน\n"
            "3. ประชาสัมพันธ์ข้อมูลข่าวสารผ่านเว็บไซต์ Facebook และ LINE Official Account "
            "ของ อบต. โดยกำหนดผู้รับผิดชอบในการดำเนินการ\n"
            "4. พัฒนาระบบ E-Service และประชาสัมพันธ์ขั้นตอนการรับบริการออนไลน์ให้ประชาชนใช้มากขึ้น\n"
            "5. เปิดช่องทางรับฟังคำติชมและความคิดเห็นเกี่ยวกับการให้บริการ และตอบกลับภายใน "
            "1 วันทำการ"
        ),
    ),
    AnalysisText(8, MAINTAIN, application=EIT_PASSED),
    AnalysisText(9, MAINTAIN, application=OIT_KEPT),
    AnalysisText(10, MAINTAIN, application=OIT_KEPT),
)


# --- measures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    day: date
    text: str
    url: str = ""
    is_public: bool = True


@dataclass(frozen=True)
class MethodSpec:
    text: str
    units: tuple[str, ...]
    status: str
    period: tuple[int, int, int, int] | None = None  # start month, start year, end month, end year
    period_text: str = ""  # as the organisation wrote it, when it did
    responsible_text: str = ""
    result: str = ""
    recommendation: str = ""
    links: tuple[tuple[str, str], ...] = ()  # evidence of the result: (title, URL)
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True)
class MeasureSpec:
    title: str
    methods: tuple[MethodSpec, ...]
    indicators: tuple[int, ...] = ()
    item_words: tuple[str, ...] = ()  # target items: those whose title contains one of these


WHOLE_2569 = (10, 2568, 9, 2569)

MEASURES_2569 = (
    MeasureSpec(
        "มาตรการเพิ่มประสิทธิภาพการสื่อสารและการเผยแพร่ข้อมูลข่าวสารแก่ประชาชน",
        indicators=(7,),
        item_words=("การติดต่อ", "ข่าวประชาสัมพันธ์", "ขอรับบริการ"),
        methods=(
            MethodSpec(
                "1. จัดประชุมชี้แจงบุคลากรทุกส่วนราชการเรื่องการให้บริการประชาชนอย่างเท่าเทียมกัน"
                "และเป็นไปตามขั้นตอนที่กำหนด\n"
                "2. มอบหมายผู้รับผิดชอบการเผยแพร่ข้อมูลข่าวสารของแต่ละส่วนราชการ",
                (OFFICE,),
                DONE,
                period=(10, 2568, 11, 2568),
                period_text="ต.ค. – พ.ย. ๒๕๖๘",
                result=(
                    "1. จัดประชุมชี้แจงเมื่อวันที่ 28 ตุลาคม 2568 ผู้เข้าร่วม 42 คน\n"
                    f"2. มีคำสั่ง {SHORT_NAME} ที่ 412/2568 แต่งตั้งผู้รับผิดชอบการเผยแพร่ข้อมูล "
                    f"ส่วนราชการละ 1 คน\nหลักฐาน: {news(2291)}"
                ),
                recommendation="ควรทบทวนรายชื่อผู้รับผิดชอบเมื่อมีการโยกย้ายบุคลากร",
                links=(("ภาพการประชุมชี้แจงบุคลากร 28 ต.ค. 2568", news(2291)),),
                updates=(
                    Update(on(28, 10, 2568), "จัดประชุมชี้แจงบุคลากรแล้ว ผู้เข้าร่วม 42 คน", news(2291)),
                    Update(on(14, 11, 2568), "ออกคำสั่งแต่งตั้งผู้รับผิดชอบการเผยแพร่ข้อมูลแล้ว"),
                ),
            ),
            MethodSpec(
                "ปรับปรุงข่าวสารบนเว็บไซต์ให้เป็นปัจจุบัน และเผยแพร่ผ่าน Facebook และ "
                "LINE Official Account อย่างน้อยสัปดาห์ละ 2 ครั้ง",
                (OFFICE, PLANNING),
                DONE,
                period=WHOLE_2569,
                period_text="ต.ค. ๖๘ – ก.ย. ๖๙",
                result=(
                    "1. เผยแพร่ข่าวประชาสัมพันธ์ 186 เรื่อง (เฉลี่ยสัปดาห์ละ 3.6 เรื่อง)\n"
                    "2. ผู้ติดตาม LINE @nongbuangam เพิ่มจาก 1,240 เป็น 2,315 คน\n"
                    f"หลักฐาน: {WEBSITE}/news/"
                ),
                recommendation="ควรจัดทำปฏิทินการเผยแพร่ข่าวรายเดือนล่วงหน้า",
                links=(("หน้าข่าวประชาสัมพันธ์", f"{WEBSITE}/news/"),),
                updates=(
                    Update(on(31, 12, 2568), "ไตรมาสที่ 1 เผยแพร่ข่าว 44 เรื่อง"),
                    Update(on(31, 3, 2569), "ไตรมาสที่ 2 เผยแพร่ข่าว 47 เรื่อง"),
                    Update(on(30, 9, 2569), "ครบปีงบประมาณ เผยแพร่ข่าวรวม 186 เรื่อง"),
                ),
            ),
            MethodSpec(
                "จัดทำคู่มือการให้บริการประชาชนของทุกงานบริการ ระบุช่องทาง ขั้นตอน ระยะเวลา "
                "และเอกสารที่ใช้ แล้วเผยแพร่บนเว็บไซต์หลัก",
                (EVERYONE,),
                DONE,
                period=(1, 2569, 3, 2569),
                result=f"จัดทำคู่มือการให้บริการ 14 งาน เผยแพร่ที่ {WEBSITE}/ita/2569/manual/",
                links=(("คู่มือการให้บริการประชาชน", f"{WEBSITE}/ita/2569/manual/"),),
                updates=(Update(on(27, 3, 2569), "เผยแพร่คู่มือครบ 14 งานบริการแล้ว"),),
            ),
            MethodSpec(
                "เปิดช่องทางรับฟังความคิดเห็นและคำติชมผ่าน LINE Official Account และตอบกลับภายใน 1 วันทำการ",
                (OFFICE,),
                DONE,
                period=WHOLE_2569,
                result="รับความคิดเห็น 63 เรื่อง ตอบกลับภายใน 1 วันทำการ 61 เรื่อง (ร้อยละ 96.8)",
                recommendation="ควรสรุปคำติชมรายไตรมาสเสนอผู้บริหาร",
                updates=(
                    Update(on(15, 1, 2569), "ไตรมาสที่ 1 ได้รับความคิดเห็น 12 เรื่อง ตอบกลับครบ"),
                    Update(
                        on(20, 6, 2569),
                        "ตอบกลับล่าช้า 2 เรื่องช่วงผู้รับผิดชอบลาพัก ให้ตั้งผู้รับผิดชอบสำรอง",
                        is_public=False,
                    ),
                ),
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการส่งเสริมการให้บริการผ่านระบบออนไลน์ (E-Service)",
        indicators=(6, 8),
        item_words=("e-service",),
        methods=(
            MethodSpec(
                "พัฒนาระบบ E-Service ให้ประชาชนยื่นคำร้องทั่วไป ขอรับความช่วยเหลือ "
                "และขออนุญาตต่าง ๆ ได้ทางออนไลน์",
                (OFFICE,),
                DONE,
                period=(10, 2568, 3, 2569),
                period_text="ต.ค. 2568 – มี.ค. 2569",
                result=f"เปิดใช้ระบบเมื่อ 2 กุมภาพันธ์ 2569 รับคำร้อง 218 เรื่อง {WEBSITE}/eservice/",
                links=(("ระบบ E-Service", f"{WEBSITE}/eservice/"),),
                updates=(Update(on(2, 2, 2569), "เปิดใช้ระบบ E-Service", f"{WEBSITE}/eservice/"),),
            ),
            MethodSpec(
                "ประชาสัมพันธ์ขั้นตอนการรับบริการออนไลน์ผ่านหอกระจายข่าวทั้ง 8 หมู่บ้าน "
                "และการประชุมประจำเดือนของผู้นำชุมชน",
                (OFFICE,),
                DONE,
                period=(2, 2569, 6, 2569),
                result=f"ประชาสัมพันธ์ครบทั้ง 8 หมู่บ้าน {news(2418)}",
                links=(("ภาพกิจกรรมประชาสัมพันธ์ E-Service", news(2418)),),
            ),
            MethodSpec(
                "จัดให้มีการชำระภาษีที่ดินและสิ่งปลูกสร้างผ่าน QR Code",
                (FINANCE,),
                IN_PROGRESS,
                period=(4, 2569, 9, 2569),
                result="ทดลองรับชำระผ่าน QR Code ที่จุดบริการแล้ว ยังไม่เปิดให้ชำระจากบ้าน",
                recommendation="ดำเนินการต่อในปีงบประมาณ พ.ศ. 2570 ร่วมกับธนาคาร",
                updates=(
                    Update(on(18, 5, 2569), "ทดลองรับชำระผ่าน QR Code ที่จุดบริการกองคลัง"),
                    Update(
                        on(10, 9, 2569),
                        "รอธนาคารตอบเรื่องบัญชีรับชำระออนไลน์ ยังไม่เผยแพร่",
                        is_public=False,
                    ),
                ),
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้างในรูปแบบที่นำไปใช้ต่อได้",
        indicators=(9,),
        item_words=("จัดซื้อจัดจ้าง",),
        methods=(
            MethodSpec(
                "เผยแพร่สรุปผลการจัดซื้อจัดจ้างรายเดือน (สขร.1) ภายในวันที่ 10 ของเดือนถัดไป "
                "ทั้งไฟล์ PDF และตาราง Excel",
                (FINANCE,),
                DONE,
                period=WHOLE_2569,
                period_text="ต.ค. ๖๘ – ก.ย. ๖๙",
                result=f"เผยแพร่ครบ 12 เดือน ตรงเวลาทุกเดือน {WEBSITE}/ita/2569/procurement/",
                links=(("สรุปผลการจัดซื้อจัดจ้างรายเดือน", f"{WEBSITE}/ita/2569/procurement/"),),
                updates=(
                    Update(on(10, 1, 2569), "เผยแพร่ สขร.1 เดือน ต.ค. – ธ.ค. 2568 ครบแล้ว"),
                    Update(on(10, 4, 2569), "เผยแพร่ สขร.1 เดือน ม.ค. – มี.ค. 2569 ครบแล้ว"),
                ),
            ),
            MethodSpec(
                "จัดทำรายงานผลการจัดซื้อจัดจ้างประจำปีตามแบบ 16 คอลัมน์ของสำนักงาน ป.ป.ช. "
                "เป็นตารางข้อมูลที่ประมวลผลด้วยคอมพิวเตอร์ได้",
                (FINANCE,),
                DONE,
                period=(10, 2568, 12, 2568),
                result="เผยแพร่รายงานประจำปี พ.ศ. 2568 เป็นไฟล์ XLSX เมื่อ 19 ธันวาคม 2568",
            ),
            MethodSpec(
                "ประกาศราคากลางและแบบรูปรายการงานก่อสร้างบนเว็บไซต์ก่อนประกาศเชิญชวน",
                (WORKS,),
                DONE,
                period=WHOLE_2569,
                result="ประกาศราคากลางงานก่อสร้าง 23 โครงการ ครบทุกโครงการ",
                recommendation="ควรแนบแบบรูปรายการเป็น PDF ที่ค้นหาข้อความได้",
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการป้องกันผลประโยชน์ทับซ้อนและไม่รับของขวัญ (No Gift Policy)",
        indicators=(1, 10),
        item_words=("no gift", "จริยธรรม"),
        methods=(
            MethodSpec(
                "นายก อบต. ประกาศเจตนารมณ์ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่",
                (OFFICE,),
                DONE,
                period=(10, 2568, 10, 2568),
                result=f"ประกาศเจตนารมณ์เมื่อ 9 ตุลาคม 2568 {news(2274)}",
                links=(("ประกาศเจตนารมณ์ No Gift Policy", news(2274)),),
            ),
            MethodSpec(
                "1. อบรมคุณธรรม จริยธรรม และการป้องกันผลประโยชน์ทับซ้อนแก่พนักงานส่วนตำบล "
                "และพนักงานจ้าง\n2. ทดสอบความรู้หลังการอบรม",
                (EVERYONE,),
                DONE,
                period=(2, 2569, 3, 2569),
                responsible_text="ทุกส่วนราชการ (งานบริหารทั่วไป สำนักปลัด ประสานงาน)",
                result=("1. อบรมเมื่อ 12 มีนาคม 2569 ผู้เข้ารับการอบรม 58 คน\n2. ผ่านการทดสอบร้อยละ 94.8"),
                updates=(Update(on(12, 3, 2569), "จัดอบรมแล้ว ผู้เข้ารับการอบรม 58 คน", news(2466)),),
            ),
            MethodSpec(
                "ศึกษาดูงานด้านคุณธรรมและความโปร่งใส ณ หน่วยงานต้นแบบ",
                (OFFICE, EDUCATION),
                CANCELLED,
                period=(6, 2569, 6, 2569),
                result="ยกเลิก เนื่องจากโอนงบประมาณไปช่วยเหลือผู้ประสบอุทกภัยเดือนพฤษภาคม 2569",
                recommendation="ตั้งงบประมาณใหม่ในปีงบประมาณ พ.ศ. 2570",
                updates=(Update(on(3, 6, 2569), "ยกเลิกการศึกษาดูงาน โอนงบประมาณช่วยผู้ประสบอุทกภัย"),),
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการกำกับดูแลการใช้ทรัพย์สินของราชการ",
        indicators=(4,),
        methods=(
            MethodSpec(
                "ทบทวนแนวปฏิบัติการยืมพัสดุและการใช้รถยนต์ส่วนกลาง และแจ้งเวียนทุกส่วนราชการ",
                (FINANCE,),
                DONE,
                period=(1, 2569, 3, 2569),
                period_text="ม.ค. – มี.ค. ๖๙",
                result=f"ออกประกาศแนวปฏิบัติเมื่อ 20 กุมภาพันธ์ 2569 {news(2440)}",
                links=(("ประกาศแนวปฏิบัติการใช้ทรัพย์สินของราชการ", news(2440)),),
            ),
            MethodSpec(
                "ตรวจสอบพัสดุประจำปีและรายงานผลต่อนายก อบต.",
                (FINANCE, WORKS),
                DONE,
                period=(9, 2569, 9, 2569),
                result="ตรวจสอบพัสดุครบ 1,482 รายการ พบชำรุด 37 รายการ เสนอจำหน่ายแล้ว",
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการส่งเสริมการมีส่วนร่วมของประชาชนและการจัดการเรื่องร้องเรียน",
        indicators=(5, 6),
        item_words=("มีส่วนร่วม", "สถิติเรื่องร้องเรียน"),
        methods=(
            MethodSpec(
                "จัดประชุมประชาคมหมู่บ้านเพื่อรับฟังความคิดเห็นในการทบทวนแผนพัฒนาท้องถิ่น",
                (PLANNING,),
                DONE,
                period=(2, 2569, 4, 2569),
                result=f"จัดประชาคมครบ 8 หมู่บ้าน ผู้เข้าร่วม 612 คน {news(2431)}",
                links=(("ภาพการประชุมประชาคมหมู่บ้าน", news(2431)),),
                updates=(
                    Update(on(26, 2, 2569), "ประชาคมหมู่ที่ 1–4 แล้ว"),
                    Update(on(9, 4, 2569), "ประชาคมครบ 8 หมู่บ้าน"),
                ),
            ),
            MethodSpec(
                "รายงานสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบต่อผู้บริหาร",
                (OFFICE,),
                DONE,
                period_text="ทุกไตรมาส",
                result="รายงานครบ 4 ไตรมาส ไม่มีเรื่องร้องเรียนการทุจริตในปีงบประมาณ พ.ศ. 2569",
            ),
        ),
    ),
)

WHOLE_2568 = (10, 2567, 9, 2568)

MEASURES_2568 = (
    MeasureSpec(
        "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้างทุกไตรมาส",
        indicators=(9,),
        item_words=("จัดซื้อจัดจ้าง",),
        methods=(
            MethodSpec(
                "เผยแพร่สรุปผลการจัดซื้อจัดจ้างรายเดือนและรายไตรมาสบนเว็บไซต์หลัก",
                (FINANCE,),
                DONE,
                period=WHOLE_2568,
                period_text="ต.ค. ๖๗ – ก.ย. ๖๘",
                result=f"เผยแพร่ครบ 12 เดือน 4 ไตรมาส {WEBSITE}/ita/2568/procurement/",
                recommendation="ควรเผยแพร่เป็นตาราง Excel ควบคู่กับ PDF",
            ),
            MethodSpec(
                "แต่งตั้งเจ้าหน้าที่ตรวจสอบความครบถ้วนของข้อมูลก่อนเผยแพร่",
                (FINANCE,),
                DONE,
                period=(10, 2567, 11, 2567),
                result="มีคำสั่งแต่งตั้งเมื่อ 4 พฤศจิกายน 2567",
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการเพิ่มช่องทางการสื่อสารสองทางกับประชาชน",
        indicators=(7,),
        item_words=("การติดต่อ",),
        methods=(
            MethodSpec(
                "เปิด LINE Official Account และ Messenger สำหรับถาม-ตอบ",
                (OFFICE,),
                DONE,
                period=(10, 2567, 3, 2568),
                period_text="ต.ค. ๖๗ – มี.ค. ๖๘",
                result="เปิด LINE @nongbuangam เมื่อ 1 ธันวาคม 2567 ผู้ติดตาม 1,240 คน ณ สิ้นปี",
                recommendation="ควรกำหนดระยะเวลาตอบกลับให้ชัดเจน",
                updates=(Update(on(1, 12, 2567), "เปิด LINE Official Account แล้ว"),),
            ),
            MethodSpec(
                "ประชาสัมพันธ์ช่องทางการติดต่อผ่านป้ายประกาศและหอกระจายข่าว",
                (OFFICE,),
                DONE,
                period=(11, 2567, 2, 2568),
                result="ติดป้ายประชาสัมพันธ์ครบ 8 หมู่บ้าน",
            ),
        ),
    ),
    MeasureSpec(
        "มาตรการทบทวนแนวปฏิบัติการใช้ทรัพย์สินของราชการ",
        indicators=(4,),
        methods=(
            MethodSpec(
                "1. ทบทวนระเบียบการยืมพัสดุ\n2. จัดทำทะเบียนการใช้รถยนต์ส่วนกลาง",
                (EVERYONE,),
                DONE,
                period=(1, 2568, 3, 2568),
                period_text="ม.ค. – มี.ค. ๖๘",
                result="1. ทบทวนระเบียบแล้ว\n2. ใช้ทะเบียนการใช้รถยนต์ส่วนกลางตั้งแต่ 1 มีนาคม 2568",
                recommendation="ควรแจ้งเวียนแนวปฏิบัติทุกปีงบประมาณ",
            ),
        ),
    ),
)

PROGRAMMES = {
    2568: {
        "foreword": (
            f"{SHORT_NAME}ได้นำผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 มาวิเคราะห์ "
            "และกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ "
            "พ.ศ. 2568 เพื่อใช้เป็นแนวทางการปฏิบัติงานของทุกส่วนราชการ"
        ),
        "analysis_intro": "ผลการประเมิน ITA ปี 2567 คะแนนรวม 91.38 ระดับ A ผ่านดี",
        "measures_item": ("มาตรการส่งเสริมคุณธรรม",),
        "report_item": ("รายงาน", "ส่งเสริมคุณธรรมและความโปร่งใส"),
    },
    2569: {
        "foreword": (
            f"{SHORT_NAME}ตระหนักถึงความสำคัญของการบริหารงานด้วยความซื่อสัตย์ สุจริต โปร่งใส "
            "และตรวจสอบได้ จึงได้นำผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน"
            "ภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2568 มาวิเคราะห์ และกำหนดมาตรการส่งเสริมคุณธรรม"
            "และความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2569 พร้อมผู้รับผิดชอบ ระยะเวลา "
            "และการติดตามผล เพื่อให้ทุกส่วนราชการถือปฏิบัติ\n\n"
            f"{SHORT_NAME}หวังเป็นอย่างยิ่งว่ามาตรการนี้จะช่วยยกระดับการให้บริการประชาชน "
            "และสร้างความไว้วางใจแก่ประชาชนในพื้นที่"
        ),
        "analysis_intro": (
            "สำนักงาน ป.ป.ช. ประกาศผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568 ลงวันที่ "
            f"15 สิงหาคม 2568 {SHORT_NAME}ได้คะแนนรวม 96.30 ระดับ AA ผลการประเมิน “ผ่านดี” "
            "(IIT 100.00 EIT 87.67 OIT 100.00)\n\n"
            "คณะทำงานขับเคลื่อนการสร้างคุณธรรมและความโปร่งใสประชุมวิเคราะห์ผลเมื่อวันที่ "
            "26 กุมภาพันธ์ 2569 พบว่า EIT ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร ได้คะแนนต่ำสุด "
            "และเป็นเหตุให้ไม่ได้ผล “ผ่านดีเยี่ยม” จึงกำหนดมาตรการประจำปี 2569 ดังนี้"
        ),
        "measures_item": ("การนำผลการประเมิน ita",),
        "report_item": ("ส่งเสริมคุณธรรมและความโปร่งใส",),
    },
}


# --- writing it -------------------------------------------------------------------------------


def fill() -> list[str]:
    """Write the demo's results, analysis and measures; return lines for the command's output."""
    if any(
        model.objects.exists()
        for model in (YearResult, IndicatorScore, Analysis, Programme, Measure)
    ):
        return ["มีข้อมูลผลการประเมินหรือมาตรการอยู่แล้ว จึงไม่ได้ใส่ผลการประเมินและมาตรการตัวอย่าง"]
    divisions = _divisions()
    years = {spec.year: _scores(spec) for spec in SCORES}
    years[2569] = FiscalYear.objects.get(year=2569)
    _analysis(years[2569], years[2568])
    lines = [
        "ผลการประเมิน ITA: "
        + " → ".join(f"{spec.year} {spec.total} ({spec.band})" for spec in SCORES)
    ]
    for be, specs in ((2568, MEASURES_2568), (2569, MEASURES_2569)):
        _programme(years[be], PROGRAMMES[be])
        statuses: Counter[str] = Counter()
        for number, spec in enumerate(specs, start=1):
            for method in _measure(years[be], number, spec, divisions):
                statuses[method.get_status_display()] += 1
        counted = " ".join(f"{label} {n}" for label, n in sorted(statuses.items()))
        lines.append(
            f"มาตรการปีงบประมาณ {be}: {len(specs)} มาตรการ "
            f"{sum(statuses.values())} วิธีการ ({counted})"
        )
    return lines


def _saved(obj):
    obj.full_clean()
    obj.save()
    return obj


def _divisions() -> dict[str, Division]:
    divisions = {}
    for order, (name, is_everyone) in enumerate(DIVISIONS, start=1):
        division = Division.objects.filter(name=name).first()
        if division is None:
            division = _saved(Division(name=name, is_everyone=is_everyone, order=order))
        divisions[name] = division
    return divisions


def _scores(spec: YearScores) -> FiscalYear:
    """The year (created, archived, if the demo has no catalogue for it) with its result."""
    year = FiscalYear.objects.filter(year=spec.year).first()
    if year is None:
        year = _saved(FiscalYear(year=spec.year, status=FiscalYear.Status.ARCHIVED))
    ensure_structure(year)
    for number, score in enumerate(spec.indicators, start=1):
        indicator = year.indicators.get(number=number)
        _saved(IndicatorScore(indicator=indicator, score=Decimal(score)))
    for code, score in spec.instruments.items():
        _saved(InstrumentScore(instrument=year.instruments.get(code=code), score=Decimal(score)))
    _saved(
        YearResult(
            year=year,
            official_total=Decimal(spec.total),
            official_band=spec.band,
            official_rating=spec.rating,
            announced_on=spec.announced_on,
            note=spec.note,
        )
    )
    return year


def _analysis(year: FiscalYear, analysed: FiscalYear) -> None:
    for text in ANALYSIS_2569:
        _saved(
            Analysis(
                year=year,
                indicator=analysed.indicators.get(number=text.indicator),
                status=text.status,
                weaknesses=text.weaknesses,
                improvements=text.improvements,
                application=text.application,
            )
        )


def items_titled(year: FiscalYear, *words: str) -> list[Item]:
    """The year's items, in catalogue order, whose title contains every one of `words`."""
    lowered = [word.lower() for word in words]
    return [
        item
        for item in year.items.order_by("order", "code")
        if all(word in item.title_th.lower() for word in lowered)
    ]


def _programme(year: FiscalYear, text: dict) -> Programme:
    measures_item = next(iter(items_titled(year, *text["measures_item"])), None)
    report_item = next(iter(items_titled(year, *text["report_item"])), None)  # none in 2568
    return _saved(
        Programme(
            year=year,
            foreword=text["foreword"],
            analysis_intro=text["analysis_intro"],
            measures_item=measures_item,
            report_item=report_item,
        )
    )


def _measure(
    year: FiscalYear, number: int, spec: MeasureSpec, divisions: dict[str, Division]
) -> list[Method]:
    measure = _saved(Measure(year=year, number=number, title=spec.title))
    measure.indicators.set(year.indicators.filter(number__in=spec.indicators))
    targets = {item.pk: item for word in spec.item_words for item in items_titled(year, word)}
    measure.items.set(targets.values())
    methods = []
    for order, method_spec in enumerate(spec.methods, start=1):
        methods.append(_method(measure, order, method_spec, divisions))
    return methods


def _method(measure: Measure, order: int, spec: MethodSpec, divisions) -> Method:
    start_month = start_year = end_month = end_year = None
    if spec.period is not None:
        start_month, start_year, end_month, end_year = spec.period
    method = _saved(
        Method(
            measure=measure,
            order=order,
            text=spec.text,
            responsible_text=spec.responsible_text,
            period_text=spec.period_text,
            start_month=start_month,
            start_year=start_year,
            end_month=end_month,
            end_year=end_year,
            status=spec.status,
            result=spec.result,
            recommendation=spec.recommendation,
        )
    )
    method.units.set(divisions[name] for name in spec.units)
    for index, (title, url) in enumerate(spec.links, start=1):
        _saved(MethodAttachment(method=method, title=title, url=url, order=index))
    for update in spec.updates:
        _saved(
            ProgressUpdate(
                method=method,
                date=update.day,
                text=update.text,
                url=update.url,
                is_public=update.is_public,
            )
        )
    return method
