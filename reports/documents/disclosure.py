"""Context of templates/reports/disclosure.html (being written)."""

from __future__ import annotations

from disclosures.models import FiscalYear, Organisation


def context(year: FiscalYear, organisation: Organisation | None) -> dict:
    return {"year": year, "organisation": organisation}
