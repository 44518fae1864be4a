"""Upload validation for evidence files and organisation logos.

Files are classified by their *content* (magic bytes, ZIP member names), never by the
name or the browser-supplied content type. The original file name is only used to
catch disguised files (``report.pdf`` that is really HTML) and, for display, in the
``Content-Disposition`` header; it never becomes part of a storage path.

Typical use in a form or view::

    kind = validate_evidence_file(upload)      # raises ValidationError (Thai message)
    evidence._sniffed_kind = kind              # lets evidence_upload_to pick the extension
    evidence.file = upload
    evidence.save()
"""

from __future__ import annotations

import contextlib
import math
import struct
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

__all__ = [
    "ACCEPTED_SUMMARY",
    "ALLOWED_KINDS",
    "INLINE_KINDS",
    "FileKind",
    "content_disposition",
    "evidence_upload_to",
    "kind_by_key",
    "kind_for_extension",
    "mime_for",
    "sniff",
    "validate_evidence_file",
    "validate_logo",
]


@dataclass(frozen=True)
class FileKind:
    """An allowed file type. ``extensions`` are lower-case, without the dot; first is default."""

    key: str
    label: str
    mime: str
    extensions: tuple[str, ...]

    @property
    def default_extension(self) -> str:
        """The extension (with dot) used when storing a file of this kind."""
        return "." + self.extensions[0]


PDF = FileKind("pdf", "PDF", "application/pdf", ("pdf",))
PNG = FileKind("png", "รูปภาพ PNG", "image/png", ("png",))
JPEG = FileKind("jpeg", "รูปภาพ JPEG", "image/jpeg", ("jpg", "jpeg"))
GIF = FileKind("gif", "รูปภาพ GIF", "image/gif", ("gif",))
WEBP = FileKind("webp", "รูปภาพ WebP", "image/webp", ("webp",))
DOCX = FileKind(
    "docx",
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX = FileKind(
    "xlsx",
    "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
PPTX = FileKind(
    "pptx",
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ("pptx",),
)
# OLE2 compound files: the container does not say which application wrote it, so one
# kind covers all three extensions; mime_for() picks the precise type by extension.
OFFICE_LEGACY = FileKind(
    "office_legacy",
    "Word/Excel/PowerPoint รุ่นเก่า (97-2003)",
    "application/octet-stream",
    ("doc", "xls", "ppt"),
)
ODT = FileKind(
    "odt", "OpenDocument ข้อความ (ODT)", "application/vnd.oasis.opendocument.text", ("odt",)
)
ODS = FileKind(
    "ods",
    "OpenDocument ตารางคำนวณ (ODS)",
    "application/vnd.oasis.opendocument.spreadsheet",
    ("ods",),
)
ODP = FileKind(
    "odp",
    "OpenDocument งานนำเสนอ (ODP)",
    "application/vnd.oasis.opendocument.presentation",
    ("odp",),
)

ALLOWED_KINDS: tuple[FileKind, ...] = (
    PDF,
    PNG,
    JPEG,
    GIF,
    WEBP,
    DOCX,
    XLSX,
    PPTX,
    OFFICE_LEGACY,
    ODT,
    ODS,
    ODP,
)

#: Keys of kinds a browser may render inline; everything else is sent as an attachment.
INLINE_KINDS: frozenset[str] = frozenset({"pdf", "png", "jpeg", "gif", "webp"})

#: Human summary of the allowlist, used in error messages.
ACCEPTED_SUMMARY = "PDF, รูปภาพ PNG/JPEG/GIF/WebP, Word, Excel, PowerPoint, OpenDocument"

_KIND_BY_KEY: dict[str, FileKind] = {k.key: k for k in ALLOWED_KINDS}
_KIND_BY_EXT: dict[str, FileKind] = {ext: k for k in ALLOWED_KINDS for ext in k.extensions}
_LEGACY_MIME = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
_LEGACY_LABEL = {"doc": "Word 97-2003", "xls": "Excel 97-2003", "ppt": "PowerPoint 97-2003"}
_ODF_BY_MIME = {k.mime.encode("ascii"): k for k in (ODT, ODS, ODP)}

# Safety caps for sniffing hostile input.
_HEAD_BYTES = 64
_ZIP_MAX_MEMBERS = 5000
_ZIP_MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
_EOCD_SIG = b"PK\x05\x06"
_EOCD64_LOCATOR_SIG = b"PK\x06\x07"
_EOCD64_SIG = b"PK\x06\x06"
_EOCD_MAX_SEARCH = 22 + 0xFFFF  # fixed record + longest possible comment

_LOGO_DECODERS = ("PNG", "JPEG", "GIF", "WEBP")  # the only Pillow plugins tried on logos
_LOGO_FORMATS = {*_LOGO_DECODERS, "MPO"}  # the JPEG decoder reports camera files as MPO
_LOGO_MAX_PIXELS = 4000

# --- Thai messages -------------------------------------------------------------------------
MSG_EMPTY = "ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ที่มีเนื้อหา"
MSG_NOT_ALLOWED = f"ไม่รองรับไฟล์ประเภทนี้ รับเฉพาะไฟล์ {ACCEPTED_SUMMARY}"
MSG_MACRO = "ไม่รับไฟล์ Office ที่มีมาโคร (VBA) กรุณาบันทึกเป็นไฟล์แบบไม่มีมาโครก่อนอัปโหลด"
MSG_ENCRYPTED_HINT = "หากไฟล์ตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกก่อนอัปโหลด"
MSG_LOGO_BROKEN = "ไฟล์รูปภาพเสียหายหรือไม่ใช่รูปภาพ"
MSG_LOGO_FORMAT = "โลโก้ต้องเป็นไฟล์รูปภาพ PNG, JPEG, GIF หรือ WebP เท่านั้น"
MSG_LOGO_PIXELS = f"รูปภาพมีขนาดใหญ่เกินไป (สูงสุด {_LOGO_MAX_PIXELS}×{_LOGO_MAX_PIXELS} พิกเซล)"
MSG_LOGO_SVG = "ไม่รับไฟล์ SVG สำหรับโลโก้ กรุณาใช้ไฟล์รูปภาพ PNG, JPEG, GIF หรือ WebP"


# --- lookups -----------------------------------------------------------------------------------
def kind_by_key(key: str) -> FileKind | None:
    """Return the allowed kind with this key (e.g. one stored in the database)."""
    return _KIND_BY_KEY.get(key)


def kind_for_extension(ext: str) -> FileKind | None:
    """Return the allowed kind that owns an extension (``"pdf"``, ``".PDF"``), if any."""
    return _KIND_BY_EXT.get(ext.lower().lstrip("."))


def mime_for(kind: FileKind, filename: str = "") -> str:
    """The Content-Type to serve; for legacy Office it is refined by the stored extension."""
    if kind is OFFICE_LEGACY:
        return _LEGACY_MIME.get(_extension(filename), kind.mime)
    return kind.mime


def _extension(name: str | None) -> str:
    """Lower-case extension of a (client-supplied) name, without the dot; '' if none."""
    if not name:
        return ""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(". ")
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem:
        return ""
    return ext.strip().lower()


# --- sniffing ----------------------------------------------------------------------------------
def sniff(fileobj: IO[bytes] | Any) -> FileKind | None:
    """Classify a file by content only; ``None`` if it is not in the allowlist.

    Reads at most a few bytes of header plus the ZIP central directory (capped), never
    raises on malformed input, and leaves the file rewound to position 0.
    """
    return _sniff(fileobj)[0]


def _sniff(fileobj: Any) -> tuple[FileKind | None, str | None]:
    """Like :func:`sniff` but also returns a reason code for refusals worth explaining."""
    try:
        fileobj.seek(0)
        head = fileobj.read(_HEAD_BYTES) or b""
        if not isinstance(head, bytes):
            return None, None
        return _classify(fileobj, head)
    except Exception:  # hostile input must never crash validation
        return None, None
    finally:
        with contextlib.suppress(Exception):
            fileobj.seek(0)


def _classify(fileobj: Any, head: bytes) -> tuple[FileKind | None, str | None]:
    if head.startswith(b"%PDF-"):
        return PDF, None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, None
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG, None
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF, None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP, None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OFFICE_LEGACY, None
    if head.startswith(b"PK\x03\x04"):
        return _classify_zip(fileobj)
    return None, None


def _file_size(fileobj: Any) -> int:
    fileobj.seek(0, 2)
    return int(fileobj.tell())


def _zip_directory_within_limits(fileobj: Any) -> bool:
    """Check the end-of-central-directory record before letting zipfile parse it.

    zipfile builds one object per member, so a small file with a huge directory would
    cost a lot of memory; refuse such archives up front.
    """
    size = _file_size(fileobj)
    tail_len = min(size, _EOCD_MAX_SEARCH)
    tail_start = size - tail_len
    fileobj.seek(tail_start)
    tail = fileobj.read(tail_len)
    pos = tail.rfind(_EOCD_SIG)
    if pos < 0 or len(tail) - pos < 22:
        return False
    _sig, _disk, _cd_disk, _n_disk, entries, cd_size, _cd_off, _clen = struct.unpack(
        "<4sHHHHIIH", tail[pos : pos + 22]
    )
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: real values live elsewhere
        locator_at = tail_start + pos - 20
        if locator_at < 0:
            return False
        fileobj.seek(locator_at)
        locator = fileobj.read(20)
        if len(locator) != 20 or locator[:4] != _EOCD64_LOCATOR_SIG:
            return False
        (eocd64_at,) = struct.unpack("<Q", locator[8:16])
        if eocd64_at >= size:
            return False
        fileobj.seek(eocd64_at)
        record = fileobj.read(56)
        if len(record) != 56 or record[:4] != _EOCD64_SIG:
            return False
        entries, cd_size = struct.unpack("<QQ", record[32:48])
    return 0 < entries <= _ZIP_MAX_MEMBERS and cd_size <= _ZIP_MAX_DIRECTORY_BYTES


def _classify_zip(fileobj: Any) -> tuple[FileKind | None, str | None]:
    """OpenDocument (stored ``mimetype`` first member) or OOXML (``[Content_Types].xml``)."""
    if not _zip_directory_within_limits(fileobj):
        return None, None
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as zf:
        infos = zf.infolist()
        if not infos or len(infos) > _ZIP_MAX_MEMBERS:
            return None, None
        first = infos[0]
        if (
            first.filename == "mimetype"
            and first.compress_type == zipfile.ZIP_STORED
            and first.header_offset == 0
            and first.file_size <= 128
        ):
            with zf.open(first) as member:
                mimetype = member.read(128).strip()
            return _ODF_BY_MIME.get(mimetype), None

        names = [info.filename for info in infos]
        if "[Content_Types].xml" not in names:
            return None, None
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return None, "macro"
        found = [
            kind
            for prefix, kind in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
            if any(n.startswith(prefix) for n in names)
        ]
        if len(found) == 1:
            return found[0], None
        return None, None


# --- evidence files ----------------------------------------------------------------------------
def _max_upload_bytes() -> int:
    return int(float(getattr(settings, "ITA_MAX_UPLOAD_MB", 20)) * 1024 * 1024)


def _size_of(uploaded_file: Any) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        try:
            size = _file_size(uploaded_file)
        finally:
            uploaded_file.seek(0)
    return int(size)


def _fmt_units(num_bytes: int, unit: int) -> str:
    """Size in the given unit, rounded *up* to 2 decimals so 'over the limit' never reads
    as equal to it."""
    value = math.ceil(num_bytes * 100 / unit) / 100
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _thai_join(prefix: str, label: str) -> str:
    """Join Thai text and a label, with a space only before Latin script."""
    return f"{prefix} {label}" if label[:1].isascii() else f"{prefix}{label}"


def _disguise_message(ext: str, expected: FileKind, found: FileKind | None) -> str:
    expected_label = _LEGACY_LABEL.get(ext, expected.label)
    message = f"ไฟล์ชื่อ .{ext} แต่{_thai_join('เนื้อหาไม่ใช่', expected_label)}"
    if found is not None:
        message += f" ({_thai_join('เนื้อหาเป็น', found.label)})"
        message += " กรุณาแก้นามสกุลไฟล์ให้ตรงกับเนื้อหา"
        if found is OFFICE_LEGACY and expected in (DOCX, XLSX, PPTX):
            message += " " + MSG_ENCRYPTED_HINT
    else:
        message += " ไฟล์อาจเสียหายหรือถูกเปลี่ยนนามสกุล"
    return message


def validate_evidence_file(uploaded_file: Any) -> FileKind:
    """Validate an evidence upload and return its sniffed kind.

    Raises :class:`ValidationError` (Thai message) for an empty file, a file over
    ``settings.ITA_MAX_UPLOAD_MB``, content outside the allowlist, or a disguised file
    (allowed extension, different content). Unknown or missing extensions are fine when
    the content is allowed: the stored name gets the right extension from the kind.
    """
    size = _size_of(uploaded_file)
    if size <= 0:
        raise ValidationError(MSG_EMPTY, code="empty")
    limit = _max_upload_bytes()
    if size > limit:
        limit_mb = f"{float(getattr(settings, 'ITA_MAX_UPLOAD_MB', 20)):g}"
        raise ValidationError(
            f"ไฟล์มีขนาดใหญ่เกินกำหนด: ไฟล์นี้มีขนาด {_fmt_units(size, 1024 * 1024)} MB "
            f"แต่ขนาดสูงสุดที่รับได้คือ {limit_mb} MB",
            code="file_too_large",
        )

    kind, reason = _sniff(uploaded_file)
    if reason == "macro":
        raise ValidationError(MSG_MACRO, code="macro")
    ext = _extension(getattr(uploaded_file, "name", ""))
    expected = _KIND_BY_EXT.get(ext)
    if expected is not None and kind is not expected:
        raise ValidationError(_disguise_message(ext, expected, kind), code="disguised")
    if kind is None:
        raise ValidationError(MSG_NOT_ALLOWED, code="not_allowed")
    return kind


def evidence_upload_to(instance: Any, filename: str) -> str:
    """``upload_to`` callable: ``evidence/<YYYY>/<MM>/<uuid4 hex><ext>``.

    The extension comes from ``instance._sniffed_kind`` (set after validation) when
    present, otherwise from the original name if it is an allowed extension, else none.
    The original name itself is never used.
    """
    original_ext = _extension(filename)
    kind = getattr(instance, "_sniffed_kind", None)
    if isinstance(kind, FileKind):
        ext = "." + original_ext if original_ext in kind.extensions else kind.default_extension
    elif original_ext in _KIND_BY_EXT:
        ext = "." + original_ext
    else:
        ext = ""
    now = timezone.now()
    if timezone.is_aware(now):
        now = timezone.localtime(now)
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{ext}"


# --- logos -------------------------------------------------------------------------------------
def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def validate_logo(image_file: Any) -> None:
    """Validate an organisation logo: PNG/JPEG/GIF/WebP verified by Pillow.

    Enforces ``settings.ITA_MAX_LOGO_KB`` (default 1024) and at most 4000×4000 pixels,
    refuses SVG explicitly. The file is rewound to position 0 afterwards.
    """
    from PIL import Image

    size = _size_of(image_file)
    if size <= 0:
        raise ValidationError(MSG_EMPTY, code="empty")
    limit_kb = float(getattr(settings, "ITA_MAX_LOGO_KB", 1024))
    if size > limit_kb * 1024:
        raise ValidationError(
            f"ไฟล์โลโก้มีขนาดใหญ่เกินกำหนด: ไฟล์นี้มีขนาด {_fmt_units(size, 1024)} KB "
            f"แต่ขนาดสูงสุดที่รับได้คือ {limit_kb:g} KB",
            code="logo_too_large",
        )
    try:
        image_file.seek(0)
        head = image_file.read(1024) or b""
        if _extension(getattr(image_file, "name", "")) in ("svg", "svgz") or _looks_like_svg(head):
            raise ValidationError(MSG_LOGO_SVG, code="svg")
        image_file.seek(0)
        try:
            # Only the allowed decoders are tried: less parser surface for hostile input.
            with Image.open(image_file, formats=_LOGO_DECODERS) as img:
                fmt = img.format
                width, height = img.size
                if fmt in _LOGO_FORMATS and max(width, height) <= _LOGO_MAX_PIXELS:
                    img.verify()
        except Image.DecompressionBombError as exc:
            raise ValidationError(MSG_LOGO_PIXELS, code="logo_dimensions") from exc
        except Exception as exc:  # Pillow raises many types on malformed input
            raise ValidationError(
                f"{MSG_LOGO_BROKEN} (รองรับเฉพาะไฟล์ PNG, JPEG, GIF หรือ WebP)",
                code="invalid_image",
            ) from exc
        if fmt not in _LOGO_FORMATS:
            raise ValidationError(MSG_LOGO_FORMAT, code="logo_format")
        if width > _LOGO_MAX_PIXELS or height > _LOGO_MAX_PIXELS:
            raise ValidationError(
                f"{MSG_LOGO_PIXELS}: รูปนี้มีขนาด {width}×{height} พิกเซล",
                code="logo_dimensions",
            )
    finally:
        image_file.seek(0)


# --- downloads ---------------------------------------------------------------------------------
_STRIP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_MAX_NAME_CHARS = 150


def _clean_name(name: str) -> str:
    """Basename only, no control/format characters, quotes, or leading dots."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(
        " " if unicodedata.category(ch) in _STRIP_CATEGORIES or ch.isspace() else ch for ch in name
    )
    for sep in "\\\u2215\u2044\uff0f\uff3c":  # backslash and slash look-alikes
        name = name.replace(sep, "/")
    name = name.rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch not in "\"'`<>:|?*")
    name = " ".join(name.split()).strip(". ")
    if len(name) > _MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 10:
            name = stem[: _MAX_NAME_CHARS - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:_MAX_NAME_CHARS]
    return name


def _ascii_fallback(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""

    def to_ascii(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        text = "".join(ch if ch.isalnum() or ch in " ._-()[]" else "_" for ch in text)
        return " ".join(text.split()).strip("._ ")

    stem, ext = to_ascii(stem), to_ascii(ext)
    if not stem:
        stem = "download"
    return f"{stem}.{ext}" if ext else stem


def content_disposition(original_name: str, inline: bool, *, kind: FileKind | None = None) -> str:
    """Build a safe ``Content-Disposition`` value with an ASCII ``filename`` fallback and an
    RFC 5987 ``filename*=UTF-8''...`` for Thai names.

    Path components, quotes, control/bidi characters and CR/LF are removed. When ``kind``
    is given the download name is forced to carry one of its extensions, and ``inline``
    is only honoured for kinds in :data:`INLINE_KINDS`.
    """
    name = _clean_name(original_name)
    if kind is not None:
        if _extension(name) not in kind.extensions:
            name = (name or "download") + kind.default_extension
        inline = inline and kind.key in INLINE_KINDS
    if not name:
        name = "download"
    disposition = "inline" if inline else "attachment"
    return (
        f'{disposition}; filename="{_ascii_fallback(name)}"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
