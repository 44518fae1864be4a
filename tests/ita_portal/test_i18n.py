"""The English site under /en/: every interface string is translated, Thai content stays as is.

Thai is the source language, so an untranslated string does not fail loudly: it just shows
in Thai on an English page. These tests catch that, both on rendered pages and in the
catalogue itself (locale/en/LC_MESSAGES/django.po and its compiled django.mo).
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from disclosures.models import Evidence

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"

THAI_RUN = re.compile(r"[\u0E00-\u0E7F]+(?:[\s\u0E00-\u0E7F]*[\u0E00-\u0E7F])?")
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]")

ITEM_TITLE = "โครงสร้างหน่วยงาน"
NOTHING_REASON = "ไม่มีเรื่องร้องเรียนในรอบ 6 เดือนแรก"


# --- Reading the catalogue ----------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgstrs: list[str]
    flags: set[str] = field(default_factory=set)
    msgid_plural: str | None = None
    msgctxt: str | None = None
    references: list[str] = field(default_factory=list)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # PO escapes (\n, \t, \", \\) are Python's too


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header included; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") or line.startswith("#") for line in lines):
            continue
        flags: set[str] = set()
        references: list[str] = []
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#:"):
                references += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                assert key is not None, f"continuation line without a keyword in {block!r}"
                fields[key] += _unquote(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = _unquote(value)
        msgstrs = [fields[k] for k in sorted(fields) if k == "msgstr" or k.startswith("msgstr[")]
        entries.append(
            Entry(
                msgid=fields["msgid"],
                msgstrs=msgstrs,
                flags=flags,
                msgid_plural=fields.get("msgid_plural"),
                msgctxt=fields.get("msgctxt"),
                references=references,
            )
        )
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run makemessages -l en"
    return read_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    """The translatable messages (the header, with its empty msgid, left out)."""
    return [entry for entry in po_entries if entry.msgid]


# --- Strings used in templates ------------------------------------------------------------------

TRANSLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1[^%]*%\}""")
UNDERSCORE_CALL = re.compile(r"""\b_\((["'])(.*?)\1\)""")
BLOCK_TAG = re.compile(
    r"\{%\s*blocktrans(?:late)?\b([^%]*)%\}(.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.DOTALL
)
PLURAL_TAG = re.compile(r"\{%\s*plural\s*%\}")
TEMPLATE_VAR = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _block_msgid(body: str, options: str) -> str:
    """The msgid makemessages writes for a {% blocktranslate %} body."""
    text = body.replace("%", "%%")
    text = TEMPLATE_VAR.sub(lambda m: f"%({m.group(1)})s", text)
    if "trimmed" in options.split():
        text = " ".join(line.strip() for line in text.strip().splitlines() if line.strip())
    return text


def template_msgids() -> set[str]:
    """Every message a template asks to translate (singular forms; plural ones too)."""
    found: set[str] = set()
    for path in TEMPLATES_DIR.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        found |= {m.group(2) for m in TRANSLATE_TAG.finditer(source)}
        found |= {m.group(2) for m in UNDERSCORE_CALL.finditer(source)}
        for m in BLOCK_TAG.finditer(source):
            for form in PLURAL_TAG.split(m.group(2)):
                found.add(_block_msgid(form, m.group(1)))
    return found


# --- The catalogue ------------------------------------------------------------------------------


def test_catalogue_has_a_good_number_of_messages(messages):
    assert len(messages) > 150


def test_no_message_is_left_untranslated(messages):
    untranslated = [e.msgid for e in messages if not e.msgstrs or not all(s for s in e.msgstrs)]
    assert untranslated == [], "translate these in locale/en/LC_MESSAGES/django.po"


def test_no_entry_is_fuzzy(po_entries):
    fuzzy = [e.msgid or "(header)" for e in po_entries if "fuzzy" in e.flags]
    assert fuzzy == [], "check these translations and remove their #, fuzzy flag"


def test_plural_messages_have_both_english_forms(messages):
    plurals = [e for e in messages if e.msgid_plural is not None]
    assert plurals, "the search page's result counts are plural messages"
    for entry in plurals:
        assert len(entry.msgstrs) == 2, entry.msgid
        assert entry.msgstrs[0] != entry.msgstrs[1], entry.msgid


def test_translations_keep_their_placeholders(messages):
    for entry in messages:
        expected = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural is not None:
            expected |= set(PLACEHOLDER.findall(entry.msgid_plural))
        for msgstr in entry.msgstrs:
            assert set(PLACEHOLDER.findall(msgstr)) == expected, (entry.msgid, msgstr)


def test_translations_are_english(messages):
    still_thai = [e.msgid for e in messages if any(THAI_RUN.search(s) for s in e.msgstrs)]
    assert still_thai == []


def test_every_template_string_is_in_the_catalogue(messages):
    translated = {e.msgid for e in messages} | {e.msgid_plural for e in messages if e.msgid_plural}
    used = template_msgids()
    assert len(used) > 50  # the scan itself works
    missing = sorted(used - translated)
    assert missing == [], "run makemessages -l en and translate the new strings"


def test_the_compiled_catalogue_matches_the_po_file(messages):
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run compilemessages -l en"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        prefix = f"{entry.msgctxt}\x04" if entry.msgctxt else ""
        if entry.msgid_plural is None:
            got = compiled._catalog.get(prefix + entry.msgid)
            if got != entry.msgstrs[0]:
                stale.append(entry.msgid)
        else:
            got = [compiled._catalog.get((prefix + entry.msgid, n)) for n in range(2)]
            if got != entry.msgstrs:
                stale.append(entry.msgid)
    assert stale == [], "run compilemessages -l en: django.mo is older than django.po"


# --- Rendered pages -----------------------------------------------------------------------------


@pytest.fixture
def site(db, factory):
    organisation = factory.organisation()
    year = factory.year(2569, is_current=True)
    item = factory.item(year, code="O1", title_th=ITEM_TITLE)
    factory.evidence(item, kind=Evidence.Kind.NOTHING, title="รายงานเรื่องร้องเรียน")
    factory.evidence(item, kind=Evidence.Kind.TEXT, title="คำอธิบายโครงสร้าง")
    return organisation, year, item


def _content_strings(organisation, year, item) -> list[str]:
    """What the organisation typed in (or the catalogue holds): shown in Thai in both languages."""
    strings = [
        organisation.name_th,
        organisation.full_address,
        organisation.district,
        organisation.province,
        ITEM_TITLE,
        *year.indicators.values_list("name_th", flat=True),
        *Evidence.objects.values_list("title", flat=True),
        *Evidence.objects.values_list("body", flat=True),
    ]
    return sorted((s for s in strings if s), key=len, reverse=True)


def thai_chrome(html: str, content: list[str]) -> list[str]:
    """Thai text left on a page once the Thai content and the link to the Thai page are removed."""
    html = re.sub(r"<a [^>]*\blang=\"th\"[^>]*>.*?</a>", "", html, flags=re.DOTALL)
    for text in content:
        html = html.replace(text, "")
    return THAI_RUN.findall(html)


def assert_english_page(response, content: list[str]) -> None:
    html = response.text
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "ข้ามไปยังเนื้อหาหลัก" not in html
    assert thai_chrome(html, content) == []


def test_english_year_page(client, site):
    response = client.get("/en/ita/2569/")
    assert response.status_code == 200
    assert_english_page(response, _content_strings(*site))
    html = response.text
    assert (
        "<h1>Open Data Integrity and Transparency Assessment (OIT): Fiscal year B.E. 2569</h1>"
        in html
    )
    assert "1 of 1 items published" in html
    assert "Available" in html
    assert "Main menu" in html
    assert "เมือง District, ขอนแก่น Province" in html  # words kept apart from the Thai names
    # what the organisation entered stays in Thai
    assert ITEM_TITLE in html
    assert "/en/ita/2569/O1/" in html


def test_thai_year_page_keeps_thai_chrome(client, site):
    response = client.get("/ita/2569/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="th">' in html
    assert "ข้ามไปยังเนื้อหาหลัก" in html
    assert "ปีงบประมาณ พ.ศ. 2569" in html
    assert ITEM_TITLE in html
    assert "Skip to main content" not in html
    assert "Fiscal year" not in html
    # and the check the English pages rely on does see Thai interface text here
    assert "ข้ามไปยังเนื้อหาหลัก" in thai_chrome(html, _content_strings(*site))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/en/", ["Fiscal year B.E. 2569", "Contact the organization", "EIT"]),
        ("/en/ita/", ["Integrity and Transparency Assessment (ITA)", "Current year"]),
        ("/en/search/?q=O1", ["1 item found", ITEM_TITLE]),
        ("/en/search/?q=x", ["Please type at least 2 characters."]),
        ("/en/ita/2569/O1/", ["Nothing to report", NOTHING_REASON, "Published information"]),
    ],
)
def test_english_pages(client, site, url, expected):
    response = client.get(url)
    assert response.status_code == 200
    assert_english_page(response, _content_strings(*site))
    for text in expected:
        assert text in response.text


def test_thai_item_page_says_nothing_to_report_in_thai(client, site):
    html = client.get("/ita/2569/O1/").text
    assert "ไม่มีข้อมูลที่ต้องรายงาน" in html
    assert "Nothing to report" not in html


@pytest.mark.parametrize("url", ["/en/no-such-page/", "/en/ita/2569/O999/", "/en/ita/2500/"])
def test_english_not_found_page(client, site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert_english_page(response, _content_strings(*site))
    assert "Page not found" in response.text


def test_thai_not_found_page(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.text


def test_english_pages_link_back_to_thai(client, site):
    html = client.get("/en/ita/2569/").text
    assert '<a href="/ita/2569/" lang="th" hreflang="th">ภาษาไทย</a>' in html


def test_language_links_switch_the_prefix():
    from ita_portal.context_processors import language_path

    assert language_path("/ita/2569/O1/", "en") == "/en/ita/2569/O1/"
    assert language_path("/en/ita/2569/O1/", "th") == "/ita/2569/O1/"
    assert language_path("/en/", "en") == "/en/"
    assert language_path("/", "th") == "/"


def test_the_english_link_of_a_search_keeps_the_query_and_drops_stray_parameters(client, db):
    html = client.get("/search/", {"q": "O1", "utm_source": "line"}).text
    assert 'href="/en/search/?q=O1"' in html
    assert "utm_source" not in html
