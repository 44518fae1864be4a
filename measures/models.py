"""Integrity measures and ITA results (filled by the measures issue)."""
