"""Context of templates/reports/disclosure.html: the OIT disclosure report of a fiscal year.

The report is what an assessor checks item by item: a cover (logo, organisation, fiscal
year, date of the data), a table of contents, then for each item its code, title and
indicator, how to reach it from the home page, its public URL with a QR code of that URL,
and its published evidence. Items with nothing published are marked; the items that carry
the year's integrity measures list the published measures and point at the measures report.

Published content only (drafts never appear, not even in a staff download of a year in
preparation), read in a fixed number of queries whatever the number of items and evidence:
the items with their indicator and role (1), their published evidence (1), and the year's
published measures as the public pages read them (1, plus 6 prefetches when there are any).

The report ends with the ITAS submission sheet (disclosures.itas.sheet_rows, two more
queries): one row per item with มี/ไม่มี, its URLs and explanation, as the organisation enters
them in the ITAS form. It comes last, as an appendix listed in the contents, so that the
contents and the items keep their pages, and an assessor checking the form against the
report finds the whole answer on a few pages.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import uri_to_iri
from django.utils.safestring import SafeString, mark_safe

from disclosures import itas, presenters
from disclosures.models import Evidence, FiscalYear, Item, Organisation
from disclosures.templatetags.evidence import evidence_body
from disclosures.uploads import INLINE_KINDS, sniff
from measures import presenters as measures_presenters


@dataclass(frozen=True)
class EvidenceEntry:
    """One published piece of evidence as the report prints it."""

    kind: str  # Evidence.Kind value
    kind_label: str
    title: str
    document_date: object  # date | None
    body_html: SafeString  # sanitised when saved (Evidence.body_html)
    url: str = ""  # a link's URL, or a file's public download URL
    url_text: str = ""  # the URL as a reader types it (Thai file names unescaped)
    link_label: str = ""
    file_name: str = ""
    file_kind: str = ""
    file_size: int = 0


@dataclass(frozen=True)
class ItasLink:
    url: str
    text: str  # as a reader types it (Thai file names unescaped)


@dataclass(frozen=True)
class ItasEntry:
    """One row of the ITAS submission sheet as the report prints it."""

    code: str
    title: str
    has_content: bool
    has_label: str  # มี / ไม่มี
    links: list[ItasLink]  # the item's page first
    explanation: str


@dataclass(frozen=True)
class CarriedMeasure:
    number: int
    title: str


@dataclass
class ReportItem:
    code: str
    title: str
    anchor: str
    indicator_number: int
    indicator_name: str
    explanation: str
    explanation_generated: bool  # staff wrote none: the path the website itself gives
    public_url: str
    qr_svg: SafeString
    evidence: list[EvidenceEntry]
    carries_measures: bool = False  # shows the analysis and the measures
    carries_report: bool = False  # shows the report on carrying them out
    shows_measures: bool = False  # carries them, and some are published

    @property
    def ready(self) -> bool:
        """Something published to show (the year page's "มีข้อมูล")."""
        return bool(self.evidence or self.shows_measures)

    @property
    def keep_whole(self) -> bool:
        """Short enough (a third of a page at most) to move whole to the next page rather
        than split it; longer items flow, their heading kept with their first entry."""
        return len(self.evidence) <= 5 and not any(e.body_html for e in self.evidence)


@dataclass
class SubGroup:
    label: str
    items: list[ReportItem] = field(default_factory=list)


@dataclass
class IndicatorGroup:
    number: int
    name: str
    anchor: str
    subgroups: list[SubGroup] = field(default_factory=list)

    @property
    def items(self) -> list[ReportItem]:
        return [item for sub in self.subgroups for item in sub.items]


def public_url(path: str) -> str:
    return settings.ITA_PUBLIC_BASE_URL + path


def thai_public_url(name: str, *args) -> str:
    """The absolute URL of a public page, without the /en/ prefix whatever the language."""
    with translation.override(settings.LANGUAGE_CODE):
        return public_url(reverse(name, args=args))


def qr_svg(url: str) -> SafeString:
    """A QR code of ``url`` that the stylesheet sizes."""
    return mark_safe(presenters.qr_svg(url, scale=1, omitsize=True))  # noqa: S308 - segno output


def evidence_entry(evidence: Evidence) -> EvidenceEntry:
    url = url_text = ""
    if evidence.kind == Evidence.Kind.LINK:
        url = evidence.url
        url_text = uri_to_iri(evidence.url)
    elif evidence.kind == Evidence.Kind.FILE and evidence.file:
        url = public_url(evidence.get_download_url())
        url_text = uri_to_iri(url)
    return EvidenceEntry(
        kind=evidence.kind,
        kind_label=evidence.get_kind_display(),
        title=evidence.title,
        document_date=evidence.document_date,
        body_html=evidence_body(evidence),
        url=url,
        url_text=url_text,
        link_label=evidence.link_label if evidence.link_label != evidence.url else "",
        file_name=evidence.original_filename if evidence.kind == Evidence.Kind.FILE else "",
        file_kind=evidence.file_kind if evidence.kind == Evidence.Kind.FILE else "",
        file_size=evidence.file_size if evidence.kind == Evidence.Kind.FILE else 0,
    )


def report_item(item: Item, measures_published: bool) -> ReportItem:
    url = item.public_url
    staff_explanation = item.explanation.strip()
    return ReportItem(
        code=item.code,
        title=item.title_th,
        anchor=f"item-{item.code}",
        indicator_number=item.indicator.number,
        indicator_name=item.indicator.name_th,
        explanation=staff_explanation or item.navigation_path(),
        explanation_generated=not staff_explanation,
        public_url=url,
        qr_svg=qr_svg(url),
        evidence=[evidence_entry(e) for e in item.published_evidence],
        carries_measures=item.carries_measures,
        carries_report=item.carries_report,
        shows_measures=measures_published and (item.carries_measures or item.carries_report),
    )


def outline(items: list[Item], measures_published: bool) -> list[IndicatorGroup]:
    """Items (in catalogue order) grouped by indicator, then by consecutive sub-indicator,
    as the public year page groups them."""
    groups: dict[int, IndicatorGroup] = {}
    for item in items:
        indicator = item.indicator
        group = groups.setdefault(
            indicator.number,
            IndicatorGroup(indicator.number, indicator.name_th, f"indicator-{indicator.number}"),
        )
        label = str(item.sub_indicator) if item.sub_indicator else ""
        if not group.subgroups or group.subgroups[-1].label != label:
            group.subgroups.append(SubGroup(label))
        group.subgroups[-1].items.append(report_item(item, measures_published))
    return [groups[number] for number in sorted(groups)]


def year_items(year: FiscalYear) -> list[Item]:
    """The year's items in catalogue order with their published evidence (two queries)."""
    published = Evidence.objects.filter(is_published=True).order_by("order", "pk")
    items = (
        Item.objects.filter(year=year)
        .select_related("year", "indicator", "sub_indicator")
        .prefetch_related(Prefetch("evidence", queryset=published, to_attr="published_evidence"))
        .order_by("order", "code")
    )
    return list(measures_presenters.with_measures_roles(items))


def data_date(items: list[Item], measures_changed: datetime | None) -> datetime | None:
    """When the published content of the report last changed: as the public item pages
    compute "ปรับปรุงล่าสุด", the latest of the published evidence and, when an item
    carries the measures, of the published measures."""
    carried = any(item.carries_measures or item.carries_report for item in items)
    moments = [e.updated_at for item in items for e in item.published_evidence]
    return measures_presenters.latest(
        max(moments, default=None), measures_changed if carried else None
    )


def itas_entries(year: FiscalYear) -> list[ItasEntry]:
    """The ITAS sheet's rows, from the same sheet_rows() as the CSV and XLSX downloads."""
    return [
        ItasEntry(
            code=row.code,
            title=row.title,
            has_content=row.has_content,
            has_label=row.has_label,
            links=[ItasLink(url, uri_to_iri(url)) for url in row.urls],
            explanation=row.explanation,
        )
        for row in itas.sheet_rows(year)
    ]


def logo_uri(organisation: Organisation | None) -> str:
    """The logo as a data: URI the PDF renderer may load, or "" (no logo, file missing).

    Read through the storage API, never a local path, so that the logo also reaches the
    report when media live in a bucket shared by several app servers.
    """
    if organisation is None or not organisation.logo:
        return ""
    try:
        with organisation.logo.open("rb") as handle:
            kind = sniff(handle)
            content = handle.read()
    except FileNotFoundError:
        return ""
    if kind is None or kind.key not in INLINE_KINDS:
        return ""
    return f"data:{kind.mime};base64,{base64.b64encode(content).decode('ascii')}"


def context(year: FiscalYear, organisation: Organisation | None) -> dict:
    items = year_items(year)
    measures = measures_presenters.year_measures(year.pk, preview=False)
    groups = outline(items, bool(measures))
    report_items = [item for group in groups for item in group.items]
    carried = [CarriedMeasure(m.number, m.title) for m in measures]
    return {
        "year": year,
        "organisation": organisation,
        "logo_uri": logo_uri(organisation),
        "groups": groups,
        "item_count": len(report_items),
        "ready_count": sum(1 for item in report_items if item.ready),
        "empty_items": [item for item in report_items if not item.ready],
        "evidence_count": sum(len(item.evidence) for item in report_items),
        "data_date": data_date(items, measures_presenters.last_change(measures)),
        "year_url": public_url(year.get_absolute_url()),
        "measures": carried,
        "measures_report_url": public_url(reverse("reports:measures", args=[year.year])),
        "itas_rows": itas_entries(year),
        "itas_xlsx_url": thai_public_url("disclosures:itas_xlsx", year.year),
        "itas_csv_url": thai_public_url("disclosures:itas_csv", year.year),
    }
