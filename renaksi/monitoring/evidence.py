"""Evidence files: what a file is (by its content), how it is named and where it is stored.

Plain helpers without database access; the upload use case is ``services.evidence_upload``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Only [Content_Types].xml is read from an OOXML package; anything bigger is not an Office file.
_CONTENT_TYPES_MAX = 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The main part's content type names the application and excludes macro-enabled variants
# (.docm/.xlsm/.pptm use different main content types).
_OOXML_MAIN_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}

# Legacy Office files are OLE compound files; the directory names the application's main stream.
_OLE_STREAMS = {
    "doc": "WordDocument".encode("utf-16-le"),
    "xls": "Workbook".encode("utf-16-le"),
    "ppt": "PowerPoint Document".encode("utf-16-le"),
}
_OLE_XLS_OLD = "Book".encode("utf-16-le") + b"\x00\x00"


@dataclass(frozen=True)
class FileKind:
    code: str  # Evidence.FileType value
    mime: str
    extension: str


KINDS = {
    "pdf": FileKind("pdf", "application/pdf", "pdf"),
    "png": FileKind("png", "image/png", "png"),
    "jpeg": FileKind("jpeg", "image/jpeg", "jpg"),
    "gif": FileKind("gif", "image/gif", "gif"),
    "webp": FileKind("webp", "image/webp", "webp"),
    "docx": FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": FileKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "pptx": FileKind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    "doc": FileKind("doc", "application/msword", "doc"),
    "xls": FileKind("xls", "application/vnd.ms-excel", "xls"),
    "ppt": FileKind("ppt", "application/vnd.ms-powerpoint", "ppt"),
}


def sniff(data: bytes) -> FileKind | None:
    """The evidence type of ``data`` judged by its content only, or None when not accepted."""
    if data.startswith(b"%PDF-"):
        return KINDS["pdf"]
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return KINDS["png"]
    if data.startswith(b"\xff\xd8\xff"):
        return KINDS["jpeg"]
    if data.startswith((b"GIF87a", b"GIF89a")):
        return KINDS["gif"]
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return KINDS["webp"]
    if data.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(data)
    if data.startswith(_OLE_MAGIC):
        return _sniff_ole(data)
    return None


def _sniff_ooxml(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _CONTENT_TYPES_MAX:
                return None
            content_types = archive.read(info)
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError, OSError):
        return None
    for code, main_type in _OOXML_MAIN_TYPES.items():
        match = re.search(
            rb'PartName="/([^"]+)"[^>]*ContentType="' + re.escape(main_type) + rb'"',
            content_types,
        ) or re.search(
            rb'ContentType="' + re.escape(main_type) + rb'"[^>]*PartName="/([^"]+)"',
            content_types,
        )
        if match and match.group(1).decode("utf-8", "replace") in names:
            return KINDS[code]
    return None


def _sniff_ole(data: bytes) -> FileKind | None:
    # A byte search of the directory names is enough to tell Word, Excel and PowerPoint apart
    # and to refuse other compound files (MSI installers, Outlook messages, …).
    for code, stream in _OLE_STREAMS.items():
        if stream in data:
            return KINDS[code]
    if _OLE_XLS_OLD in data:
        return KINDS["xls"]
    return None


_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def display_name_clean(name: str, *, fallback_extension: str) -> str:
    """A harmless display name: the last path component, no control or reserved characters.

    Only ever shown to people and used as a download name; never used as a storage path.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE_CHARS.sub("", name).strip().lstrip(".").strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or f"berkas.{fallback_extension}"


def title_clean(title: str) -> str:
    """A one-line title without control characters, at most 255 characters."""
    title = unicodedata.normalize("NFC", title or "")
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", title).split())[:255]


def storage_path(*, unit_id: int, sha256: str, kind: FileKind) -> str:
    """Content-addressed, per unit: the same file in one unit is stored once.

    Per unit (not global) so that the unique (unit, sha256) row serialises every writer of a path
    and a failed upload can delete what it wrote without hurting another unit.
    """
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("sha256 must be 64 lowercase hex digits")
    return f"evidence/{int(unit_id)}/{sha256[:2]}/{sha256}.{kind.extension}"


def storage_write_if_missing(path: str, data: bytes) -> bool:
    """Write ``data`` at ``path`` unless it is already there; True when this call wrote it."""
    if default_storage.exists(path):
        return False
    saved = default_storage.save(path, ContentFile(data))
    if saved != path:
        # Another writer got there between exists() and save(): keep theirs (same content).
        default_storage.delete(saved)
        return False
    return True
