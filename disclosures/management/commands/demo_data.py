"""python manage.py demo_data: fill an empty database with the fictional demo organisation.

Creates องค์การบริหารส่วนตำบลหนองบัวงาม (invented) with its logo and contact channels, loads
the reference catalogues of 2568 and 2569 when those years have no items, archives 2568,
opens 2569 as the current year, and publishes evidence for their items as described in
`disclosures.demo`. Files (logo, charts, PDF announcements, spreadsheets) are drawn here.

Refuses to touch a database that already has an organisation or any evidence.
"""

from __future__ import annotations

import io
import random
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import translation
from PIL import Image, ImageDraw, ImageFont

from disclosures import demo
from disclosures.catalog import CatalogError, load_catalog_file
from disclosures.models import Channel, Evidence, FiscalYear, Item, Organisation
from ita_portal.thai import format_date

YEARS = ((2568, FiscalYear.Status.ARCHIVED), (2569, FiscalYear.Status.OPEN))
CURRENT_YEAR = 2569
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
GREEN, PALE, GOLD, INK = "#1f6f43", "#e8f3ec", "#c99a2e", "#1d1d1d"


class Command(BaseCommand):
    help = (
        "ใส่ข้อมูลหน่วยงานตัวอย่าง (สมมติ) พร้อมหลักฐานปีงบประมาณ 2568 และ 2569 "
        "ลงในฐานข้อมูลว่าง (ไม่ทำอะไรหากมีข้อมูลหน่วยงานหรือหลักฐานอยู่แล้ว)"
    )

    def handle(self, *args, **options):
        self.rng = random.Random(2569)  # noqa: S311 - demo content, not security
        self.stored: list[FieldFile] = []
        try:
            with translation.override("th"), transaction.atomic():
                summary = self._fill()
        except Exception:
            # The rows are rolled back; the files written so far must go too.
            for stored in self.stored:
                stored.storage.delete(stored.name)
            raise
        if summary is None:
            self.stdout.write(
                self.style.WARNING(
                    "ฐานข้อมูลมีข้อมูลหน่วยงานหรือหลักฐานอยู่แล้ว จึงไม่ได้ใส่ข้อมูลตัวอย่าง "
                    "และไม่มีการเปลี่ยนแปลงใด ๆ (demo_data ใช้กับฐานข้อมูลว่างเท่านั้น)"
                )
            )
            return
        organisation, years = summary
        self.stdout.write(self.style.SUCCESS(f"สร้างหน่วยงานตัวอย่าง (สมมติ): {organisation}"))
        for line in years:
            self.stdout.write(line)

    # --- database -------------------------------------------------------------------------

    def _fill(self) -> tuple[Organisation, list[str]] | None:
        if Organisation.objects.exists() or Evidence.objects.exists():
            return None
        organisation = self._organisation()
        lines = []
        for year_be, status in YEARS:
            year = self._year(year_be, status)
            lines.append(self._publish(year))
        # The ITA results and the integrity measures (imported here: measures builds on
        # disclosures, not the other way round).
        from measures import demo as measures_demo

        lines.extend(measures_demo.fill())
        from procurement import demo as procurement_demo

        lines.extend(procurement_demo.fill())
        # Owners, due dates, demo staff and work in review (needs the measures' methods).
        from workflow import demo as workflow_demo

        lines.extend(workflow_demo.fill())
        return organisation, lines

    def _organisation(self) -> Organisation:
        organisation = Organisation(**demo.ORGANISATION)
        organisation.logo = ContentFile(logo_png(), name="logo-nongbuangam.png")
        organisation.full_clean()
        organisation.save()
        self.stored.append(organisation.logo)
        for order, fields in enumerate(demo.CHANNELS, start=1):
            channel = Channel(organisation=organisation, order=order, **fields)
            channel.full_clean()
            channel.save()
        return organisation

    def _year(self, year_be: int, status: str) -> FiscalYear:
        """The year with its reference catalogue (loaded only if it has no items yet)."""
        if not Item.objects.filter(year__year=year_be).exists():
            path = Path(settings.BASE_DIR) / "catalogs" / f"catalog-{year_be}.yaml"
            try:
                load_catalog_file(path, year_be)
            except (CatalogError, OSError) as exc:
                raise CommandError(f"โหลดรายการข้อปี {year_be} จาก {path} ไม่สำเร็จ: {exc}") from exc
        year = FiscalYear.objects.get(year=year_be)
        year.status = status
        year.is_current = year_be == CURRENT_YEAR  # save() unmarks any other current year
        year.save()
        return year

    def _publish(self, year: FiscalYear) -> str:
        """Evidence and explanations for every item of the year; returns a summary line."""
        context = demo.YearContext(
            year.year, is_open=year.status == FiscalYear.Status.OPEN, rng=self.rng
        )
        kinds: Counter[str] = Counter()
        drafts = items_done = 0
        items = list(year.items.order_by("order", "code"))
        for item in items:
            specs = demo.evidence_for(item.title_th, context)
            for order, spec in enumerate(specs, start=1):
                self._evidence(item, spec, order)
                kinds[spec.kind] += 1
                drafts += not spec.is_published
            if specs:
                items_done += 1
                if not item.explanation:
                    item.explanation = item.navigation_path()
                    item.save(update_fields=["explanation", "updated_at"])
        total = sum(kinds.values())
        per_kind = ", ".join(f"{kind.label} {kinds[kind]}" for kind in Evidence.Kind if kinds[kind])
        return (
            f"ปีงบประมาณ {year.year} ({year.get_status_display()}): หลักฐาน {total} รายการ "
            f"(ฉบับร่าง {drafts}) ใน {items_done} จาก {len(items)} ข้อ: {per_kind}"
        )

    def _evidence(self, item: Item, spec: demo.Spec, order: int) -> Evidence:
        evidence = Evidence(item=item, order=order, **spec.model_fields())
        if spec.document is not None:
            # The model records this name as the original file name; storage gets its own.
            evidence.file = ContentFile(render(spec.document), name=spec.document.name)
        evidence.full_clean()  # the same validation the admin applies, files included
        evidence.save()
        if evidence.file:
            self.stored.append(evidence.file)
        return evidence


# --- files -----------------------------------------------------------------------------------


@lru_cache(maxsize=128)  # documents are immutable: a second run (tests) reuses the bytes
def render(document: demo.Document) -> bytes:
    if isinstance(document, demo.Pdf):
        return pdf_page(document)
    if isinstance(document, demo.Sheet):
        return spreadsheet(document)
    if document.kind == "structure":
        return structure_chart(document.year)
    return executives_board(document.year)


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Sarabun (shipped for the site) so that Thai renders; Pillow's own font otherwise."""
    try:
        return ImageFont.truetype(str(FONTS / f"Sarabun-{'Bold' if bold else 'Regular'}.ttf"), size)
    except OSError:
        return ImageFont.load_default(size)


def wrap(draw: ImageDraw.ImageDraw, text: str, face, width: float) -> list[str]:
    """Lines that fit `width`: break at spaces, or inside a long Thai run between clusters."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if draw.textlength(candidate, font=face) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while draw.textlength(word, font=face) > width:
                cut = len(word) - 1
                while cut > 1 and draw.textlength(word[:cut], font=face) > width:
                    cut -= 1
                # Never start a line with a vowel or tone mark, nor end one on a leading vowel.
                while cut > 1 and (
                    unicodedata.category(word[cut]) == "Mn"
                    or word[cut] in "ะาำๅ"
                    or word[cut - 1] in "เแโใไ"
                ):
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def centred(draw: ImageDraw.ImageDraw, cx: float, y: float, text: str, face, fill=INK) -> float:
    draw.text((cx, y), text, font=face, fill=fill, anchor="ma")
    return y + face.size * 1.45


@lru_cache(maxsize=1)
def logo_png() -> bytes:
    """A round emblem: a white lotus over water on green, in a gold ring."""
    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), fill=GOLD)
    draw.ellipse((26, 26, size - 26, size - 26), fill=GREEN)
    draw.ellipse((44, 44, size - 44, size - 44), outline=GOLD, width=4)
    pivot = (size // 2, 318)
    for angle in (-66, 66, -33, 33, 0):
        petal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        ImageDraw.Draw(petal).ellipse(
            (pivot[0] - 40, 140, pivot[0] + 40, pivot[1]), fill="white", outline=GREEN, width=5
        )
        image.alpha_composite(petal.rotate(angle, center=pivot, resample=Image.Resampling.BICUBIC))
    for offset in (0, 22):
        draw.arc((150, 300 + offset, 362, 360 + offset), 20, 160, fill="#9fd3e6", width=6)
    centred(draw, size / 2, 380, demo.SHORT_NAME, font(36, bold=True), fill="white")
    return png(image)


def pdf_page(document: demo.Pdf) -> bytes:
    """An A4 page at 150 dpi: emblem, title block, paragraphs, table and signature."""
    width, height = (1754, 1240) if document.landscape else (1240, 1754)
    margin = 110
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    emblem = Image.open(io.BytesIO(logo_png())).convert("LA").resize((120, 120))
    page.paste(emblem.getchannel("L"), ((width - 120) // 2, 60), emblem.getchannel("A"))
    y = centred(draw, width / 2, 200, demo.ORGANISATION["name_th"], font(34, bold=True))
    for line in wrap(draw, document.title, font(30, bold=True), width - 2 * margin):
        y = centred(draw, width / 2, y, line, font(30, bold=True))
    y += 30
    for paragraph in document.lines:
        for line in wrap(draw, paragraph, font(26), width - 2 * margin - 60):
            draw.text((margin + 60, y), line, font=font(26), fill=INK)
            y += 40
    if document.table:
        y = table(draw, document.table, margin, y + 10, width - 2 * margin)
    if document.on is not None:
        y = max(y + 60, height - 360)
        cx = width - margin - 300
        y = centred(draw, cx, y, f"ณ วันที่ {format_date(document.on)}", font(26))
        y = centred(draw, cx, y + 50, f"({demo.ORGANISATION['head_name']})", font(26))
        centred(draw, cx, y, demo.ORGANISATION["head_position"], font(26))
    note = "เอกสารตัวอย่างของหน่วยงานสมมติ สร้างโดยคำสั่ง demo_data ของ ITA Portal"
    centred(draw, width / 2, height - 70, note, font(20))
    buffer = io.BytesIO()
    when = document.on.timetuple() if document.on else None  # PdfParser wants struct_time
    extra = {"creationDate": when, "modDate": when} if when else {}
    page.point(lambda v: 255 if v > 150 else 0, mode="1").save(
        buffer,
        "PDF",
        resolution=150,
        title=document.title,
        author=demo.ORGANISATION["name_th"],
        creator="ITA Portal demo_data",
        **extra,
    )
    return buffer.getvalue()


def table(draw: ImageDraw.ImageDraw, rows, left: int, top: float, width: int) -> float:
    """Draw a grid with a bold header row; columns are sized by their longest cell."""
    body, head = font(22), font(22, bold=True)
    columns = list(zip(*rows, strict=True))
    # A column is at least as wide as its longest word (Thai breaks badly inside one) and
    # would like to hold its longest cell on one line; the spare width goes to that wish.
    need = [
        max(draw.textlength(w, font=head) for c in col for w in str(c).split()) + 24
        for col in columns
    ]
    want = [
        max(n, min(max(draw.textlength(str(c), font=head) for c in col), 420) + 24)
        for n, col in zip(need, columns, strict=True)
    ]
    spare, wish = width - sum(need), sum(want) - sum(need)
    if spare < 0 or not wish:
        widths = [n * width / sum(need) for n in need]
    else:
        widths = [n + (w - n) * spare / wish for n, w in zip(need, want, strict=True)]
    y = top
    for index, row in enumerate(rows):
        face = head if index == 0 else body
        cells = [wrap(draw, str(cell), face, w - 16) for cell, w in zip(row, widths, strict=True)]
        row_height = max(len(lines) for lines in cells) * 32 + 14
        x = left
        for lines, w in zip(cells, widths, strict=True):
            draw.rectangle((x, y, x + w, y + row_height), outline=INK, width=2)
            for n, line in enumerate(lines):
                draw.text((x + 8, y + 7 + n * 32), line, font=face, fill=INK)
            x += w
        y += row_height
    return y


def spreadsheet(sheet: demo.Sheet) -> bytes:
    from openpyxl import Workbook  # installed with django-import-export[xlsx]
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet.title[:31]
    worksheet.append([f"{demo.ORGANISATION['name_th']}: {sheet.title}"])
    worksheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.rows:
        worksheet.append(list(row))
    for cell in worksheet[2]:
        cell.font = Font(bold=True)
        worksheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    worksheet.append([])
    worksheet.append(["ข้อมูลสมมติของหน่วยงานตัวอย่าง สำหรับสาธิตระบบ ITA Portal"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def box(draw: ImageDraw.ImageDraw, cx: float, top: float, width: int, lines, fill=PALE) -> float:
    """A rounded box centred on `cx` holding (text, font) lines; returns its bottom."""
    height = sum(face.size * 1.45 for _text, face in lines) + 24
    draw.rounded_rectangle(
        (cx - width / 2, top, cx + width / 2, top + height), 14, fill=fill, outline=GREEN, width=3
    )
    y = top + 12
    for text, face in lines:
        y = centred(draw, cx, y, text, face)
    return top + height


def short(position: str) -> str:
    return position.replace("หนองบัวงาม", "")


def structure_chart(year: int) -> bytes:
    """Both sides of a local organisation, as ITA asks: political and civil service."""
    image = Image.new("RGB", (1900, 1080), "white")
    draw = ImageDraw.Draw(image)
    bold, regular, small = font(26, bold=True), font(24), font(21)
    y = centred(draw, 950, 30, f"โครงสร้าง{demo.ORGANISATION['name_th']}", font(40, bold=True))
    centred(draw, 950, y, f"ประจำปีงบประมาณ พ.ศ. {year}", font(30))

    def person(cx, top, p, width=340):
        return box(draw, cx, top, width, [(short(p.position), bold), (p.name, regular)])

    for cx, label in ((330, "ฝ่ายการเมือง"), (1290, "ฝ่ายข้าราชการประจำ")):
        box(draw, cx, 150, 300, [(label, font(30, bold=True))], fill=GOLD)
    mayor, deputy1, deputy2, secretary = demo.POLITICAL
    bottom = person(330, 250, mayor)
    draw.line((330, bottom, 330, 560), fill=GREEN, width=3)
    draw.line((175, 375, 485, 375), fill=GREEN, width=3)
    for cx in (175, 485):
        draw.line((cx, 375, cx, 400), fill=GREEN, width=3)
    person(175, 400, deputy1, 290)
    person(485, 400, deputy2, 290)
    person(330, 560, secretary)
    chair, vice = demo.COUNCIL
    centred(draw, 330, 690, f"สภา{demo.SHORT_NAME}", font(28, bold=True), fill=GREEN)
    bottom = person(330, 740, chair)
    draw.line((330, bottom, 330, 880), fill=GREEN, width=3)
    bottom = person(330, 880, vice)
    centred(draw, 330, bottom + 20, f"สมาชิกสภา อบต. {len(demo.VILLAGES)} คน", regular)

    clerk, deputy_clerk = demo.CIVIL
    draw.line((1290, 300, 1290, 560), fill=GREEN, width=3)
    person(1290, 250, clerk)
    person(1290, 400, deputy_clerk)
    centres = [1290 + 290 * (n - (len(demo.DIVISIONS) - 1) / 2) for n in range(len(demo.DIVISIONS))]
    draw.line((centres[0], 560, centres[-1], 560), fill=GREEN, width=3)
    for cx, (name, head, units) in zip(centres, demo.DIVISIONS, strict=True):
        draw.line((cx, 560, cx, 600), fill=GREEN, width=3)
        lines = [(line, bold) for line in wrap(draw, name, bold, 250)] + [(head.name, small)]
        bottom = box(draw, cx, 600, 275, lines)
        for n, unit in enumerate(units):
            centred(draw, cx, bottom + 16 + n * 34, unit, small)
    return png(image)


def executives_board(year: int) -> bytes:
    """Cards with a photo placeholder, name, position and phone, political side first."""
    sections = (
        ("ฝ่ายการเมือง", demo.POLITICAL),
        ("ฝ่ายข้าราชการประจำ", demo.CIVIL + tuple(head for _n, head, _u in demo.DIVISIONS)),
    )
    columns, card_w, card_h = 4, 380, 360
    rows = sum(-(-len(people) // columns) for _label, people in sections)
    image = Image.new("RGB", (60 + columns * 410, 200 + rows * 390 + len(sections) * 80), "white")
    draw = ImageDraw.Draw(image)
    y = centred(draw, image.width / 2, 30, f"ทำเนียบผู้บริหาร {demo.SHORT_NAME}", font(40, True))
    y = centred(draw, image.width / 2, y, f"ประจำปีงบประมาณ พ.ศ. {year}", font(28)) + 10
    for label, people in sections:
        box(draw, image.width / 2, y, 360, [(label, font(30, bold=True))], fill=GOLD)
        y += 90
        for index, p in enumerate(people):
            x = 40 + (index % columns) * 410
            top = y + (index // columns) * 390
            draw.rounded_rectangle((x, top, x + card_w, top + card_h), 16, fill=PALE, outline=GREEN)
            cx = x + card_w / 2
            draw.ellipse((cx - 50, top + 24, cx + 50, top + 124), fill="#b8c4bd")
            draw.chord((cx - 90, top + 130, cx + 90, top + 290), 180, 360, fill="#b8c4bd")
            text_y = centred(draw, cx, top + 220, p.name, font(24, bold=True))
            for line in wrap(draw, short(p.position), font(21), card_w - 30):
                text_y = centred(draw, cx, text_y, line, font(21))
            centred(draw, cx, text_y, f"โทร. {p.phone}", font(21))
        y += -(-len(people) // columns) * 390
    return png(image)
