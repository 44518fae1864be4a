"""Context of templates/reports/measures.html: the report on carrying out a year's integrity
measures (รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน).

Published measures only, each with its methods in order, their owners and their evidence;
the foreword comes from the year's Programme. Five queries whatever the size of the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.encoding import uri_to_iri

from disclosures.models import FiscalYear, Organisation
from measures.models import Measure, Method, MethodAttachment, Programme


@dataclass(frozen=True)
class EvidenceLink:
    """A method's evidence as printed: its title, the file's name (for files), and the full
    address a reader of the paper copy can type (`address`, readable Thai) or click (`href`)."""

    title: str
    filename: str
    href: str
    address: str


@dataclass
class MethodRow:
    """One row of the table. Owners and period are read from the method while the template
    renders, so that parsed periods follow the report's digits."""

    method: Method
    evidence: list[EvidenceLink] = field(default_factory=list)


@dataclass
class MeasureRows:
    measure: Measure
    methods: list[MethodRow]


def evidence_links(attachments: list[MethodAttachment]) -> list[EvidenceLink]:
    """Files first under their public download address, links as staff typed them."""
    links = []
    for attachment in attachments:
        if attachment.file:
            # The report's URLs are Thai pages: no /en/ prefix, whatever the request's language.
            with translation.override(settings.LANGUAGE_CODE):
                href = settings.ITA_PUBLIC_BASE_URL + attachment.get_download_url()
            name = attachment.original_filename or "file"
            links.append(EvidenceLink(attachment.title, name, href, uri_to_iri(href)))
        if attachment.url:
            links.append(EvidenceLink(attachment.title, "", attachment.url, attachment.url))
    return links


def published_measures(year: FiscalYear) -> list[Measure]:
    """The year's published measures by number, each with its methods (in their order),
    their divisions and their evidence: four queries."""
    methods = Method.objects.order_by("order", "pk").prefetch_related("units", "attachments")
    return list(
        Measure.objects.published()
        .filter(year=year)
        .prefetch_related(Prefetch("methods", queryset=methods))
        .order_by("number")
    )


def last_change(measures: list[Measure]) -> datetime | None:
    """When the published measures or their methods last changed: the date of the data."""
    moments = [measure.updated_at for measure in measures]
    moments += [method.updated_at for measure in measures for method in measure.methods.all()]
    return max(moments, default=None)


def foreword_paragraphs(programme: Programme | None) -> list[str]:
    """The foreword's paragraphs: every line staff typed is one, indented as in official
    letters; blank lines only separate them."""
    if programme is None:
        return []
    return [line.strip() for line in programme.foreword.splitlines() if line.strip()]


def context(year: FiscalYear, organisation: Organisation | None) -> dict:
    programme = Programme.objects.filter(year=year).select_related("report_item").first()
    measures = published_measures(year)
    rows = [
        MeasureRows(
            measure,
            [
                MethodRow(method, evidence_links(list(method.attachments.all())))
                for method in measure.methods.all()
            ],
        )
        for measure in measures
    ]
    return {
        "year": year,
        "organisation": organisation,
        "programme": programme,
        "foreword": foreword_paragraphs(programme),
        "measures": rows,
        "data_date": last_change(measures),
    }
