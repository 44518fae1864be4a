"""The reports: for each, the template and the function that gathers what it shows.

Each module's ``context(year, organisation)`` reads published content only, in a fixed number
of queries, and returns plain values for its template (templates/reports/<kind>.html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from disclosures.models import FiscalYear, Organisation

from . import disclosure, measures, score


@dataclass(frozen=True)
class Report:
    template: str
    context: Callable[[FiscalYear, Organisation | None], dict]
    title: str


REPORTS: dict[str, Report] = {
    "report": Report(
        "reports/disclosure.html", disclosure.context, "รายงานการเปิดเผยข้อมูลสาธารณะ (OIT)"
    ),
    "measures": Report(
        "reports/measures.html",
        measures.context,
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
    "score": Report("reports/score.html", score.context, "ผลการประเมิน ITA และการวิเคราะห์ผล"),
}
