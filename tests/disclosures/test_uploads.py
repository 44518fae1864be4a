"""Content-based upload validation (disclosures.uploads), with Thai error messages."""

import io
import os
import re
import zipfile
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import override_settings
from django.utils import timezone
from PIL import Image, features

from disclosures import uploads
from disclosures.uploads import (
    ALLOWED_KINDS,
    INLINE_KINDS,
    FileKind,
    content_disposition,
    evidence_upload_to,
    kind_by_key,
    mime_for,
    sniff,
    validate_evidence_file,
    validate_logo,
)

# --- builders ----------------------------------------------------------------------------------

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
SVG_BYTES = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def image_bytes(fmt: str, size: tuple[int, int] = (8, 8), noise: bool = False) -> bytes:
    if noise:
        img = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def ooxml_bytes(folder: str, main_part: str, extra: dict[str, bytes] | None = None) -> bytes:
    members = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": b"<Relationships/>",
        f"{folder}/{main_part}": b"<xml/>",
    }
    members.update(extra or {})
    return zip_bytes(members)


def odf_bytes(mimetype: str, stored: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype"),
            mimetype.encode("ascii"),
            compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
        )
        zf.writestr("content.xml", b"<office:document-content/>", zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", b"<manifest/>", zipfile.ZIP_DEFLATED)
    return buf.getvalue()


DOCX_BYTES = ooxml_bytes("word", "document.xml")
XLSX_BYTES = ooxml_bytes("xl", "workbook.xml")
PPTX_BYTES = ooxml_bytes("ppt", "presentation.xml")
ODT_BYTES = odf_bytes("application/vnd.oasis.opendocument.text")
ODS_BYTES = odf_bytes("application/vnd.oasis.opendocument.spreadsheet")
ODP_BYTES = odf_bytes("application/vnd.oasis.opendocument.presentation")


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    # The browser-supplied content type is deliberately misleading: it must be ignored.
    return SimpleUploadedFile(name, content, content_type=content_type)


def error_text(exc_info: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc_info.value.messages)


# --- allowlist ---------------------------------------------------------------------------------


def test_allowlist_covers_expected_kinds():
    keys = {k.key for k in ALLOWED_KINDS}
    assert {"pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "pptx"} <= keys
    assert {"odt", "ods", "odp"} <= keys
    exts = {ext for k in ALLOWED_KINDS for ext in k.extensions}
    assert {"doc", "xls", "ppt", "jpg", "jpeg"} <= exts
    assert not exts & {"svg", "html", "htm", "js", "exe", "php", "sh", "zip"}
    legacy = [k for k in ALLOWED_KINDS if "doc" in k.extensions]
    assert len(legacy) == 1 and set(legacy[0].extensions) == {"doc", "xls", "ppt"}
    assert {"pdf", "png", "jpeg", "gif", "webp"} == INLINE_KINDS
    assert all(isinstance(k, FileKind) for k in ALLOWED_KINDS)
    assert kind_by_key("pdf").mime == "application/pdf"


def test_filekind_is_frozen():
    with pytest.raises(AttributeError):
        ALLOWED_KINDS[0].key = "exe"


# --- sniff -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (PDF_BYTES, "pdf"),
        (image_bytes("PNG"), "png"),
        (image_bytes("JPEG"), "jpeg"),
        (image_bytes("GIF"), "gif"),
        (DOCX_BYTES, "docx"),
        (XLSX_BYTES, "xlsx"),
        (PPTX_BYTES, "pptx"),
        (OLE2_BYTES, "office_legacy"),
        (ODT_BYTES, "odt"),
        (ODS_BYTES, "ods"),
        (ODP_BYTES, "odp"),
    ],
)
def test_sniff_detects_allowed_kinds(content, key):
    f = io.BytesIO(content)
    kind = sniff(f)
    assert kind is not None and kind.key == key
    assert f.tell() == 0


@pytest.mark.skipif(not features.check("webp"), reason="Pillow built without WebP")
def test_sniff_detects_webp():
    assert sniff(io.BytesIO(image_bytes("WEBP"))).key == "webp"


@pytest.mark.parametrize(
    "content",
    [
        HTML_BYTES,
        EXE_BYTES,
        SVG_BYTES,
        b"#!/bin/sh\nrm -rf /\n",
        b"<?php system($_GET['c']); ?>",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
        b"plain text, nothing more",
        zip_bytes({"notes.txt": b"hello"}),  # a zip that is neither OOXML nor ODF
        DOCX_BYTES[: len(DOCX_BYTES) // 2],  # truncated zip
        b"PK\x03\x04" + os.urandom(200),  # zip magic, garbage after
        b"PK\x03\x04" + b"\x00" * 30 + b"PK\x05\x06" + b"\xff" * 18,  # absurd directory
        odf_bytes("application/vnd.oasis.opendocument.text", stored=False),
        odf_bytes("text/html"),
        zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "other/x.xml": b"<x/>"}),
        b"%PD",
        b"",
    ],
)
def test_sniff_refuses_and_never_raises(content):
    f = io.BytesIO(content)
    assert sniff(f) is None
    assert f.tell() == 0


def test_sniff_ignores_file_name_and_rewinds_uploaded_file():
    f = upload("photo.png", PDF_BYTES, content_type="image/png")
    f.seek(5)
    assert sniff(f).key == "pdf"
    assert f.tell() == 0


def test_sniff_caps_zip_member_count():
    many = zip_bytes({f"word/{i}.xml": b"" for i in range(5001)} | {"[Content_Types].xml": b""})
    assert sniff(io.BytesIO(many)) is None


def test_sniff_survives_closed_file():
    f = io.BytesIO(PDF_BYTES)
    f.close()
    assert sniff(f) is None


# --- validate_evidence_file --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("รายงานประจำปี.pdf", PDF_BYTES, "pdf"),
        ("REPORT.PDF", PDF_BYTES, "pdf"),
        ("photo.jpg", image_bytes("JPEG"), "jpeg"),
        ("photo.jpeg", image_bytes("JPEG"), "jpeg"),
        ("chart.png", image_bytes("PNG"), "png"),
        ("anim.gif", image_bytes("GIF"), "gif"),
        ("แผนงาน.docx", DOCX_BYTES, "docx"),
        ("budget.xlsx", XLSX_BYTES, "xlsx"),
        ("slides.pptx", PPTX_BYTES, "pptx"),
        ("old.doc", OLE2_BYTES, "office_legacy"),
        ("old.xls", OLE2_BYTES, "office_legacy"),
        ("old.ppt", OLE2_BYTES, "office_legacy"),
        ("text.odt", ODT_BYTES, "odt"),
        ("sheet.ods", ODS_BYTES, "ods"),
        ("deck.odp", ODP_BYTES, "odp"),
    ],
)
def test_validate_accepts_allowed_files(name, content, key):
    f = upload(name, content)
    assert validate_evidence_file(f).key == key
    assert f.tell() == 0


@pytest.mark.parametrize("name", ["report", "report.bin", "report.exe", "scan.pdf.exe"])
def test_validate_accepts_allowed_content_with_missing_or_unknown_extension(name):
    assert validate_evidence_file(upload(name, PDF_BYTES)).key == "pdf"


def test_validate_empty_file():
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("empty.pdf", b""))
    assert "ไฟล์ว่างเปล่า" in error_text(exc)
    assert exc.value.code == "empty"


@override_settings(ITA_MAX_UPLOAD_MB=1)
def test_validate_file_over_size_limit():
    big = PDF_BYTES + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("big.pdf", big))
    text = error_text(exc)
    assert "ใหญ่เกินกำหนด" in text
    assert "1 MB" in text  # the limit
    assert "1.01 MB" in text  # the file's size, rounded up
    assert exc.value.code == "file_too_large"


@override_settings(ITA_MAX_UPLOAD_MB=1)
def test_validate_file_exactly_at_limit_is_accepted():
    exact = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))
    assert validate_evidence_file(upload("exact.pdf", exact)).key == "pdf"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML_BYTES),
        ("logo.svg", SVG_BYTES),
        ("setup.exe", EXE_BYTES),
        ("run.sh", b"#!/bin/sh\necho hi\n"),
        ("archive.zip", zip_bytes({"a.txt": b"a"})),
        ("noext", HTML_BYTES),
        ("broken.zip", DOCX_BYTES[:-40]),
    ],
)
def test_validate_refuses_content_not_in_allowlist(name, content):
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload(name, content))
    text = error_text(exc)
    assert "ไม่รองรับไฟล์ประเภทนี้" in text
    assert "PDF, รูปภาพ PNG/JPEG/GIF/WebP, Word, Excel, PowerPoint, OpenDocument" in text
    assert exc.value.code == "not_allowed"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", HTML_BYTES, "ไฟล์ชื่อ .pdf แต่เนื้อหาไม่ใช่ PDF"),
        ("report.pdf", EXE_BYTES, "ไฟล์ชื่อ .pdf แต่เนื้อหาไม่ใช่ PDF"),
        ("report.PDF", SVG_BYTES, "ไฟล์ชื่อ .pdf แต่เนื้อหาไม่ใช่ PDF"),
        ("image.png", SVG_BYTES, "ไฟล์ชื่อ .png แต่เนื้อหาไม่ใช่รูปภาพ PNG"),
        ("notes.docx", zip_bytes({"a.txt": b"a"}), "ไฟล์ชื่อ .docx แต่เนื้อหาไม่ใช่ Word"),
        ("corrupt.xlsx", XLSX_BYTES[:100], "ไฟล์ชื่อ .xlsx แต่เนื้อหาไม่ใช่ Excel"),
        ("old.doc", HTML_BYTES, "ไฟล์ชื่อ .doc แต่เนื้อหาไม่ใช่ Word 97-2003"),
    ],
)
def test_validate_refuses_disguised_files(name, content, expected):
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload(name, content))
    assert expected in error_text(exc)
    assert exc.value.code == "disguised"


def test_validate_refuses_allowed_content_under_another_allowed_extension():
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("photo.png", image_bytes("JPEG")))
    text = error_text(exc)
    assert "ไฟล์ชื่อ .png แต่เนื้อหาไม่ใช่รูปภาพ PNG" in text
    assert "เนื้อหาเป็นรูปภาพ JPEG" in text

    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("budget.xlsx", DOCX_BYTES))
    assert "ไฟล์ชื่อ .xlsx แต่เนื้อหาไม่ใช่ Excel (เนื้อหาเป็น Word)" in error_text(exc)


def test_validate_hints_at_password_for_ole2_named_docx():
    # Password-protected OOXML files are OLE2 containers.
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("secret.docx", OLE2_BYTES))
    assert "รหัสผ่าน" in error_text(exc)


def test_validate_refuses_macro_enabled_office_file():
    docm = ooxml_bytes("word", "document.xml", {"word/vbaProject.bin": b"\x00" * 10})
    with pytest.raises(ValidationError) as exc:
        validate_evidence_file(upload("report.docx", docm))
    assert "มาโคร" in error_text(exc)
    assert exc.value.code == "macro"


# --- evidence_upload_to ------------------------------------------------------------------------

PATH_RE = re.compile(r"^evidence/(\d{4})/(\d{2})/[0-9a-f]{32}(\.[a-z]+)?$")


def test_upload_to_uses_sniffed_kind_and_never_original_name():
    f = upload("../../รายงาน ลับ.exe", PDF_BYTES)
    instance = SimpleNamespace(_sniffed_kind=validate_evidence_file(f))
    path = evidence_upload_to(instance, f.name)
    m = PATH_RE.match(path)
    assert m, path
    now = timezone.localtime()
    assert (m.group(1), m.group(2)) == (f"{now:%Y}", f"{now:%m}")
    assert path.endswith(".pdf")
    assert "รายงาน" not in path and ".." not in path and "exe" not in path


def test_upload_to_keeps_matching_extension_of_multi_extension_kind():
    jpeg = kind_by_key("jpeg")
    legacy = kind_by_key("office_legacy")
    assert evidence_upload_to(SimpleNamespace(_sniffed_kind=jpeg), "a.JPEG").endswith(".jpeg")
    assert evidence_upload_to(SimpleNamespace(_sniffed_kind=jpeg), "a.png").endswith(".jpg")
    assert evidence_upload_to(SimpleNamespace(_sniffed_kind=legacy), "b.xls").endswith(".xls")
    assert evidence_upload_to(SimpleNamespace(_sniffed_kind=legacy), "b").endswith(".doc")


def test_upload_to_without_sniffed_kind():
    plain = SimpleNamespace()
    path = evidence_upload_to(plain, "แผนปฏิบัติการ.XLSX")
    assert PATH_RE.match(path) and path.endswith(".xlsx") and "แผน" not in path
    path = evidence_upload_to(plain, "shell.php")
    assert PATH_RE.match(path) and "." not in path.rsplit("/", 1)[-1]
    path = evidence_upload_to(plain, "evil.pdf/../../x")
    assert PATH_RE.match(path) and "." not in path.rsplit("/", 1)[-1]
    assert evidence_upload_to(plain, "a.pdf") != evidence_upload_to(plain, "a.pdf")


def test_mime_for_legacy_office():
    legacy = kind_by_key("office_legacy")
    assert mime_for(legacy, "x.doc") == "application/msword"
    assert mime_for(legacy, "x.xls") == "application/vnd.ms-excel"
    assert mime_for(legacy, "x.ppt") == "application/vnd.ms-powerpoint"
    assert mime_for(kind_by_key("pdf"), "x.doc") == "application/pdf"


# --- content_disposition -----------------------------------------------------------------------


def test_content_disposition_thai_name():
    name = "รายงานผลการดำเนินงาน 2568.pdf"
    value = content_disposition(name, inline=True)
    assert value.startswith('inline; filename="')
    assert f"filename*=UTF-8''{quote(name, safe='')}" in value
    assert value.isascii()
    fallback = re.search(r'filename="([^"]*)"', value).group(1)
    assert fallback.endswith(".pdf") and fallback.isascii()
    assert content_disposition(name, inline=False).startswith("attachment; ")


def test_content_disposition_ascii_name():
    value = content_disposition("annual report.docx", inline=False)
    assert value == (
        "attachment; filename=\"annual report.docx\"; filename*=UTF-8''annual%20report.docx"
    )


@pytest.mark.parametrize(
    "name",
    [
        '../../etc/รายงาน "x".pdf\r\n',
        "..\\..\\windows\\system32\\รายงาน.pdf",
        'a"; filename="evil.exe',
        "report\r\nSet-Cookie: x=1.pdf",
        "abc\u202etxt.exe",
        "\x00\x07...",
        "",
    ],
)
def test_content_disposition_hostile_names(name):
    value = content_disposition(name, inline=False)
    assert value.isascii()
    assert not any(ch in value for ch in "\r\n\x00\x07/\\")
    assert "\u202e" not in value and "%E2%80%AE" not in value
    assert value.count('"') == 2  # only the fallback's own quotes
    assert ".." not in value
    assert re.fullmatch(r"attachment; filename=\"[^\"]+\"; filename\*=UTF-8''[\w%.\-~]+", value)
    HttpResponse(headers={"Content-Disposition": value})  # Django accepts it as a header


def test_content_disposition_hostile_example_keeps_the_readable_part():
    value = content_disposition('../../etc/รายงาน "x".pdf\r\n', inline=True)
    assert f"filename*=UTF-8''{quote('รายงาน x.pdf', safe='')}" in value
    assert "etc" not in value


def test_content_disposition_with_kind_forces_extension_and_attachment():
    pdf = kind_by_key("pdf")
    value = content_disposition("scan.exe", inline=True, kind=pdf)
    assert value.startswith("inline; ") and value.endswith(".exe.pdf")
    docx = kind_by_key("docx")
    assert content_disposition("x.docx", inline=True, kind=docx).startswith("attachment; ")


# --- validate_logo -----------------------------------------------------------------------------


def test_validate_logo_accepts_png_and_rewinds():
    f = upload("logo.png", image_bytes("PNG", (64, 64)), "image/png")
    assert validate_logo(f) is None
    assert f.tell() == 0


def test_validate_logo_accepts_jpeg_without_extension():
    assert validate_logo(upload("logo", image_bytes("JPEG", (64, 64)), "image/jpeg")) is None


def test_validate_logo_refuses_text_file():
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload("logo.png", b"this is not an image at all", "image/png"))
    assert "ไฟล์รูปภาพเสียหายหรือไม่ใช่รูปภาพ" in error_text(exc)


def test_validate_logo_refuses_truncated_png():
    png = image_bytes("PNG", (64, 64), noise=True)
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload("logo.png", png[: len(png) // 2], "image/png"))
    assert "ไฟล์รูปภาพเสียหายหรือไม่ใช่รูปภาพ" in error_text(exc)


def test_validate_logo_refuses_other_raster_formats():
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload("logo.bmp", image_bytes("BMP"), "image/bmp"))
    assert "PNG, JPEG, GIF หรือ WebP" in error_text(exc)


@override_settings(ITA_MAX_LOGO_KB=1)
def test_validate_logo_refuses_oversized_file():
    png = image_bytes("PNG", (64, 64), noise=True)
    assert len(png) > 1024
    f = upload("logo.png", png, "image/png")
    with pytest.raises(ValidationError) as exc:
        validate_logo(f)
    text = error_text(exc)
    assert "ใหญ่เกินกำหนด" in text and "1 KB" in text
    assert f.tell() == 0


def test_validate_logo_refuses_too_many_pixels():
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload("wide.png", image_bytes("PNG", (4001, 1)), "image/png"))
    assert "4000×4000" in error_text(exc)


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_validate_logo_refuses_svg(name):
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload(name, SVG_BYTES, "image/svg+xml"))
    assert "SVG" in error_text(exc)


def test_validate_logo_refuses_empty_file():
    with pytest.raises(ValidationError) as exc:
        validate_logo(upload("logo.png", b"", "image/png"))
    assert "ไฟล์ว่างเปล่า" in error_text(exc)


def test_module_reads_settings_with_defaults(settings):
    del settings.ITA_MAX_UPLOAD_MB
    del settings.ITA_MAX_LOGO_KB
    assert uploads._max_upload_bytes() == 20 * 1024 * 1024
    assert validate_logo(upload("logo.gif", image_bytes("GIF"), "image/gif")) is None


def test_validate_logo_accepts_camera_mpo_jpeg():
    buf = io.BytesIO()
    frames = [Image.new("RGB", (20, 20)), Image.new("RGB", (20, 20))]
    frames[0].save(buf, format="MPO", save_all=True, append_images=frames[1:])
    assert validate_logo(upload("camera.jpg", buf.getvalue(), "image/jpeg")) is None


def test_sniff_reads_zip64_directory(monkeypatch):
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 1)  # force a ZIP64 end record
    docx = ooxml_bytes("word", "document.xml")
    assert b"PK\x06\x06" in docx
    assert sniff(io.BytesIO(docx)).key == "docx"
