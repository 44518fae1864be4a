"""Taking a submission snapshot: the ITAS sheet and every item's public page and evidence.

``take_snapshot(year, user)`` is the only way a submission is created (the admin action on
a fiscal year leads here). What an item looked like is recorded twice:

- its *state*: the item fields a reader sees (code, titles, indicator, explanation, มี/ไม่มี)
  and the list of its published evidence (id, kind, title, date, text, URL, file name and
  the SHA-256 of the stored file). The back office compares this state with today's to say
  whether the item changed and what changed;
- its *public page*: the real item page rendered as an anonymous visitor receives it
  (published content only, the page cache bypassed), stored gzip-compressed with the SHA-256
  of its bytes: the evidence of what assessors were shown.

The page is not what decides "changed": every page also carries the site's header and
footer (the organisation's address, phone, menus) and links to its neighbours, so one edit of
the organisation profile would change every page's bytes and flag every item.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import inspect
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Max, Prefetch
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from disclosures import views as disclosure_views
from disclosures.itas import evidence_url, sheet_rows, sheet_table
from disclosures.models import Evidence, FiscalYear, Item
from ita_portal.sheets import write_csv
from measures import presenters as measures_presenters

from .models import ItemSnapshot, Submission, csv_bytes

# The evidence entry keys that say what a reader sees; "stored_name" (where the file lives
# on disk) only lets a comparison reuse a digest instead of reading the file again.
COMPARED_EVIDENCE_KEYS = (
    "id",
    "kind",
    "title",
    "date",
    "body",
    "text_format",
    "url",
    "link_label",
    "file_name",
    "file_size",
    "file_sha256",
)

# The item page view without its decorators: no page cache, no method check.
_item_page = inspect.unwrap(disclosure_views.item_detail)


class SubmissionRefused(Exception):
    """The year cannot be submitted yet; `problems` says what to do first (Thai)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def refusals(year: FiscalYear) -> list[str]:
    """Why this year cannot be submitted now (empty when it can)."""
    problems = []
    if not year.is_public:
        problems.append(
            _(
                "ปีงบประมาณ พ.ศ. %(year)s ยังอยู่ในสถานะ “กำลังจัดเตรียม” ประชาชนและผู้ประเมินจึงยัง"
                "เปิดหน้าข้อไม่ได้ ให้เปิดเผยแพร่ปีนี้ก่อน แล้วจึงบันทึกการส่ง"
            )
            % {"year": year.year}
        )
    if not year.items.exists():
        problems.append(
            _("ปีงบประมาณ พ.ศ. %(year)s ยังไม่มีรายการข้อ ให้นำเข้ารายการข้อก่อน") % {"year": year.year}
        )
    return problems


# --- an item's state -----------------------------------------------------------------------


def items_with_state(year: FiscalYear):
    """The year's items in sheet order with what their state needs (two queries; whether
    each has content and shows the measures are subqueries of the first)."""
    published = Evidence.objects.filter(is_published=True).order_by("order", "pk")
    return (
        measures_presenters.with_measures_roles(Item.objects.filter(year=year))
        .with_evidence_state()
        .select_related("year", "indicator", "sub_indicator")
        .prefetch_related(Prefetch("evidence", queryset=published, to_attr="published"))
        .order_by("order", "code")
    )


def item_fields(item: Item) -> dict:
    """The item's own fields as its page and the sheet show them (needs items_with_state)."""
    return {
        "code": item.code,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "indicator": str(item.indicator),
        "sub_indicator": str(item.sub_indicator) if item.sub_indicator_id else "",
        "explanation": item.explanation,
        "has_content": bool(item.has_published_evidence),
        "measures_role": measures_role(item),
    }


def measures_role(item: Item) -> str:
    """Which part of the year's integrity measures the item's page shows, if any."""
    roles = []
    if item.carries_measures:
        roles.append("การวิเคราะห์ผลและมาตรการ")
    if item.carries_report:
        roles.append("ผลการดำเนินการตามมาตรการ")
    return " และ ".join(roles)


def file_sha256(evidence: Evidence) -> str:
    """The SHA-256 of the stored file, or "" when it is missing from storage."""
    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return ""


def public_evidence_url(evidence: Evidence) -> str:
    """The evidence's address as the public reads it: in the site's default language, not
    the language of whoever takes or compares the snapshot (an /en/ link would otherwise
    make an unchanged item look changed)."""
    with translation.override(settings.LANGUAGE_CODE):
        return evidence_url(evidence)


def evidence_entry(evidence: Evidence, known_digests: dict[str, str] | None = None) -> dict:
    """One published evidence as recorded. A stored file is read and digested unless its
    stored name is in `known_digests`: stored names are generated once per upload (a new
    file never reuses a name), so the same name means the same content."""
    stored_name = evidence.file.name if evidence.file else ""
    digest = ""
    if stored_name:
        known = (known_digests or {}).get(stored_name)
        digest = known if known is not None else file_sha256(evidence)
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "title": evidence.title,
        "date": evidence.document_date.isoformat() if evidence.document_date else "",
        "body": evidence.body,
        "text_format": evidence.text_format,
        "url": public_evidence_url(evidence),
        "link_label": evidence.link_label,
        "file_name": evidence.original_filename if stored_name else "",
        "file_size": evidence.file_size if stored_name else 0,
        "file_sha256": digest,
        "stored_name": stored_name,
    }


def canonical_digest(value) -> str:
    """SHA-256 of a JSON value written one way only (sorted keys, no spaces)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(fields: dict, evidence: list[dict]) -> str:
    """The digest two states are compared by: what a reader sees, nothing else."""
    compared = [{key: entry.get(key) for key in COMPARED_EVIDENCE_KEYS} for entry in evidence]
    return canonical_digest({"fields": fields, "evidence": compared})


# --- the public page -----------------------------------------------------------------------


def anonymous_request(path: str) -> HttpRequest:
    """A plain GET of `path` by a visitor who is not logged in, on the public site's host."""
    base = urlsplit(settings.ITA_PUBLIC_BASE_URL)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {
        "REQUEST_METHOD": "GET",
        "SERVER_NAME": base.hostname or "localhost",
        "SERVER_PORT": str(base.port or (443 if base.scheme == "https" else 80)),
    }
    request.user = AnonymousUser()
    return request


def render_public_page(item: Item) -> tuple[int, str]:
    """(HTTP status, HTML) of the item's public page for an anonymous Thai reader, rendered
    now by the real view and templates, never taken from the page cache."""
    with translation.override(settings.LANGUAGE_CODE):
        request = anonymous_request(item.get_absolute_url())
        try:
            response = _item_page(request, year=item.year.year, code=item.code)
        except Http404:
            return 404, ""
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
    return response.status_code, response.content.decode(response.charset or "utf-8")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the sheet -----------------------------------------------------------------------------


def sheet_csv(table: list[list[str]]) -> str:
    """The ITAS table (header first) as CSV text, written by the shared sheet engine (cells
    a spreadsheet would run as formulas neutralised); csv_bytes() gives the file back."""
    return write_csv(table[0], table[1:]).decode("utf-8-sig")


# --- taking the snapshot -------------------------------------------------------------------


def submitter_name(user) -> str:
    full = user.get_full_name().strip()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def build_item_snapshot(item: Item, position: int) -> ItemSnapshot:
    fields = item_fields(item)
    evidence = [evidence_entry(e) for e in item.published]
    status, html = render_public_page(item)
    page = html.encode("utf-8")
    return ItemSnapshot(
        item_pk=item.pk,
        position=position,
        code=item.code,
        title_th=item.title_th,
        fields=fields,
        evidence=evidence,
        evidence_sha256=canonical_digest(evidence),
        content_sha256=content_digest(fields, evidence),
        page_status=status,
        page_gzip=gzip.compress(page, mtime=0),
        page_sha256=hashlib.sha256(page).hexdigest(),
        page_size=len(page),
    )


def take_snapshot(year: FiscalYear, user, note: str = "") -> Submission:
    """Record the year's submission now: the sheet, then every item's state and page.

    All in one transaction: the sheet and the pages are read from the same state, and a
    failure leaves nothing behind. Raises SubmissionRefused when the year cannot be
    submitted (see refusals()).
    """
    with transaction.atomic():
        # Serialises two submissions of one year, so that their numbers differ.
        year = FiscalYear.objects.select_for_update().get(pk=year.pk)
        problems = refusals(year)
        if problems:
            raise SubmissionRefused(problems)
        rows = sheet_rows(year)
        text = sheet_csv(sheet_table(rows))
        snapshots = [
            build_item_snapshot(item, position)
            for position, item in enumerate(items_with_state(year), start=1)
        ]
        last = year.submissions.aggregate(last=Max("number"))["last"] or 0
        submission = Submission.objects.create(
            year=year,
            number=last + 1,
            submitted_by=user,
            submitted_by_name=submitter_name(user),
            note=note.strip(),
            public_base_url=settings.ITA_PUBLIC_BASE_URL,
            sheet_csv=text,
            sheet_rows=[dataclasses.asdict(row) for row in rows],
            sheet_sha256=hashlib.sha256(csv_bytes(text)).hexdigest(),
            item_count=len(snapshots),
            ready_count=sum(1 for row in rows if row.has_content),
        )
        for snapshot in snapshots:
            snapshot.submission = submission
        ItemSnapshot.objects.bulk_create(snapshots)
    return submission
