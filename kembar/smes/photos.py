"""Product photos: the type is read from the content (filetype, then Pillow opens and verifies it), the size
and the number of pixels are bounded, and a JPEG thumbnail is made with Pillow.

A photo's files are written to the store before its row is saved; when the transaction they are part of rolls
back (a later photo refused, the form's transaction), kembar.core.files removes them again, so the store keeps
no file without its row."""

import hashlib
import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kembar.core.uploads import too_large

from .models import PHOTO_TYPES

#: Longest side of a thumbnail, in pixels.
THUMB_SIDE = 480
#: Most pixels of a photo (a decompression bomb is refused before it is decoded).
MAX_PIXELS = 40_000_000
#: Fewest pixels on the shorter side: a catalogue half page needs a photo at least this large.
MIN_SIDE = 200


def max_photo_bytes() -> int:
    return getattr(settings, "KEMBAR_SME_PHOTO_MAX_MB", 8) * 1024 * 1024


@dataclass(frozen=True)
class CheckedPhoto:
    content_type: str
    size: int
    sha256: str
    width: int
    height: int


def check_photo(uploaded) -> CheckedPhoto:
    """Size, type (from the content) and dimensions of an uploaded photo, or a ValidationError in the UI language."""
    limit = max_photo_bytes()
    size = uploaded.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > limit:
        raise too_large(size, limit)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    uploaded.seek(0)
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise ValidationError(
            _("This is not a photo Kembar accepts. Upload a JPEG, PNG or WebP image."), code="bad_type"
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has %(mp)s megapixels; the limit is %(limit)s.")
                    % {"mp": round(width * height / 1_000_000), "limit": MAX_PIXELS // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The photo could not be read; it may be damaged."), code="unreadable") from exc
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("The photo is %(w)s×%(h)s pixels; it needs at least %(min)s pixels on each side.")
            % {"w": width, "h": height, "min": MIN_SIDE},
            code="too_small",
        )
    return CheckedPhoto(
        content_type=kind.mime, size=size, sha256=hashlib.sha256(data).hexdigest(), width=width, height=height
    )


def thumbnail(uploaded, *, side: int = THUMB_SIDE) -> ContentFile:
    """A JPEG of at most `side` pixels on its longer side, turned upright by its EXIF orientation."""
    uploaded.seek(0)
    with Image.open(uploaded) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((side, side))
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    uploaded.seek(0)
    return ContentFile(out.getvalue(), name="thumb.jpg")
