"""Give WeasyPrint's PDFs a text layer that reads back as the source Thai.

WeasyPrint 70 writes one ToUnicode entry per glyph: the text of the first cluster that used
the glyph. Thai shaping splits SARA AM (ำ) into NIKHAHIT plus the glyph of SARA AA (า), so once
"ดำ" has been drawn, every later า in the document extracts as ำ: "ดำเนินการ รายงาน" comes back
as "ดำเนินกำร รำยงำน" (upstream issue 2841, unfixed in 70.0).

The fix marks every line that WeasyPrint draws as a marked-content span carrying the line's
real text (``/Span <</ActualText …>> BDC … EMC``, PDF 32000-1 §14.9.4). PDF readers, poppler's
pdftotext and search use that text instead of the glyphs' ToUnicode entries. The glyphs and
the layout are untouched.

It wraps ``weasyprint.draw.text.draw_first_line``, an internal function, so it is applied only
to the WeasyPrint version it was tested against (``TESTED_VERSION``);
tests/reports/test_text_layer.py extracts a report with pdftotext and compares it with its
source. Upgrading WeasyPrint means running that test and moving the pin.
"""

from __future__ import annotations

import logging

import pydyf
import weasyprint
from weasyprint.draw import text as draw_text

TESTED_VERSION = "70.0"
logger = logging.getLogger(__name__)

_original = draw_text.draw_first_line


def _line_text(textbox) -> str:
    """The text WeasyPrint draws for this textbox. Layout splits text into one textbox per
    line, so the layout's text is the line (checked over every line of the three reports;
    asking Pango for the first line again would double the cost of Thai line breaking)."""
    return textbox.pango_layout.text


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """WeasyPrint's draw_first_line, inside a span that carries the line's real text."""
    if not textbox.text.strip() or textbox.style["font_size"] < 1e-6:
        return _original(stream, textbox, text_overflow, block_ellipsis, matrix)
    actual = _line_text(textbox)
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual)}))
    try:
        return _original(stream, textbox, text_overflow, block_ellipsis, matrix)
    finally:
        stream.end_marked_content()


def install() -> bool:
    """Apply the fix if WeasyPrint is the tested version; say so in the log either way."""
    if draw_text.draw_first_line is draw_first_line:
        return True
    if weasyprint.__version__ != TESTED_VERSION:
        logger.warning(
            "WeasyPrint %s is not the version the Thai text-layer fix was tested with (%s): "
            "the fix is not applied and copied Thai text may be wrong.",
            weasyprint.__version__,
            TESTED_VERSION,
        )
        return False
    draw_text.draw_first_line = draw_first_line
    return True
