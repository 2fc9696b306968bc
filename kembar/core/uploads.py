"""Upload checks: the type is read from the file's content, never trusted from its name or header."""

import hashlib
import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Content type → label shown to users. DOCX and XLSX are ZIP files; filetype looks inside.
ALLOWED = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}


#: The name a stored file ends with: that of the type its content was checked to be, never the uploader's
#: (a PDF sent as "laporan.html" is stored as ….pdf, and served as what it is).
EXTENSIONS = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


def extension(content_type: str) -> str:
    """The stored file's extension for a checked content type ("" for one not accepted)."""
    return EXTENSIONS.get(content_type, "")


#: Another spelling of a type's extension that a name may keep ("foto.JPEG" is a JPEG's name as it is).
SPELLINGS = {".jpeg": ".jpg"}


def named_as_checked(name: str, content_type: str) -> str:
    """The name a file is shown and offered for download under: the name it was sent with (its last 255
    characters, "file" when it had none), ending with the extension of the type its content was checked to be.
    A PDF sent as "x.exe" is "x.pdf"; "Foto.JPEG" holding a JPEG stays as it is."""
    ext = extension(content_type)
    stem, given = os.path.splitext(name or "file")
    if not ext or SPELLINGS.get(given.lower(), given.lower()) == ext:
        return (name or "file")[-255:]
    return (stem or "file")[-(255 - len(ext)) :] + ext


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return settings.KEMBAR_UPLOAD_MAX_MB * 1024 * 1024


def megabytes(size: int) -> str:
    """A size in megabytes as the page's language writes it: "30,0" in Indonesian, "30.0" in English."""
    return number_format(round(size / 1024 / 1024, 1), decimal_pos=1)


def limit_megabytes(limit: int) -> str:
    """A limit in megabytes: whole ("20"), or with one decimal when it is not a whole number of them."""
    mb = limit / 1024 / 1024
    return number_format(mb, decimal_pos=0) if mb.is_integer() else megabytes(limit)


def too_large(size: int, limit: int) -> ValidationError:
    """The refusal of a file over the limit; core.forms.LimitedFileInput gives the browser the same words."""
    return ValidationError(
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": megabytes(size), "limit": limit_megabytes(limit)},
        code="too_large",
    )


def check_upload(uploaded) -> CheckedUpload:
    """Validate size and content type of an uploaded file; hash it. Raises ValidationError in the UI language."""
    limit = max_upload_bytes()
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if uploaded.size > limit:
        raise too_large(uploaded.size, limit)
    uploaded.seek(0)
    head = uploaded.read(8192)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            _("This file type is not accepted. Upload a PDF, DOCX, XLSX, JPEG or PNG file."),
            code="bad_type",
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(content_type=kind.mime, size=uploaded.size, sha256=digest.hexdigest())
