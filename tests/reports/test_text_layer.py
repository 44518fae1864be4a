"""The PDF text layer gives back the source Thai (WeasyPrint 70 alone does not: issue 2841).

Extraction goes through poppler's pdftotext, as a reader's copy and search would."""

from __future__ import annotations

import shutil

import pytest
import weasyprint

from reports import pdf, textlayer

from .pdftext import extract_text, squeeze

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

# SARA AM after consonants and tone marks, SARA AA after it, stacked marks, Thai digits, ฯลฯ.
SOURCE = (
    "ดำเนินการ รายงาน ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
    "น้ำท่วม ท่าน ก้าวหน้า กำหนดการ ผู้บริหาร ฯลฯ ๑๒๓ ปีงบประมาณ พ.ศ. ๒๕๖๙"
)


def html(body: str, width: str = "16cm") -> str:
    return f"""<html lang="th"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: Sarabun; src: url("{pdf.font_dir_url()}Sarabun-Regular.ttf"); }}
      @font-face {{ font-family: Sarabun; font-weight: 700;
                   src: url("{pdf.font_dir_url()}Sarabun-Bold.ttf"); }}
      body {{ font-family: Sarabun; font-size: 11pt; width: {width}; }}
    </style></head><body>{body}</body></html>"""


def test_the_fix_is_installed_for_the_tested_weasyprint():
    assert weasyprint.__version__ == textlayer.TESTED_VERSION
    assert textlayer.install() is True


def test_extracted_text_is_the_source_text_sara_am_tone_marks_and_all(tmp_path):
    document = html(f"<p>{SOURCE}</p><p><b>ดำเนินการ</b> รายงาน <i>ท่าน</i></p>")

    text = extract_text(weasyprint.HTML(string=document).write_pdf())

    assert squeeze(SOURCE) in squeeze(text)
    assert "ดำเนินการรายงานท่าน" in squeeze(text)
    assert "กำร" not in text  # the upstream bug turns every า after a ำ into ำ


def test_wrapped_lines_still_extract_word_for_word(tmp_path):
    document = html(f"<p>{SOURCE}</p>", width="3cm")

    text = extract_text(weasyprint.HTML(string=document).write_pdf())

    assert squeeze(text) == squeeze(SOURCE)
    assert len(text.strip().splitlines()) > 5  # it really wrapped


def test_without_the_fix_weasyprint_garbles_sara_aa(tmp_path, monkeypatch):
    """Proves the test above can fail: the upstream behaviour the fix is for."""
    from weasyprint.draw import text as draw_text

    monkeypatch.setattr(draw_text, "draw_first_line", textlayer._original)
    document = html(f"<p>{SOURCE}</p>")

    text = extract_text(weasyprint.HTML(string=document).write_pdf())

    assert "ดำเนินกำร" in text


def test_thai_lines_break_between_words_and_keep_paiyannoi_together(tmp_path):
    source = "คำสั่งประกาศฯลฯให้ครบถ้วน " * 8
    document = pdf.keep_together(
        html(f"<p>{source}</p>", width="2.4cm").replace(
            "</style>", ".nowrap { white-space: nowrap; }</style>"
        )
    )

    lines = extract_text(weasyprint.HTML(string=document).write_pdf()).split()

    words = {"คำสั่ง", "ประกาศฯลฯ", "ให้ครบถ้วน", "ประกาศ", "ฯลฯ", "ให้", "ครบถ้วน"}
    assert len(lines) > 8
    for line in lines:
        # every line is made of whole words: never a broken word or a split ฯลฯ
        rest = line
        for word in sorted(words, key=len, reverse=True):
            rest = rest.replace(word, "")
        assert rest == "", f"line {line!r} breaks inside a word"


def test_keep_together_touches_text_only_never_attributes():
    page = '<p title="ระเบียบ ฯลฯ">คำสั่ง ฯลฯ</p>'

    assert pdf.keep_together(page) == (
        '<p title="ระเบียบ ฯลฯ">คำสั่ง <span class="nowrap">ฯลฯ</span></p>'
    )
