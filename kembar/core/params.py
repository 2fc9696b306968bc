"""Values as sent, read or checked before anything uses them. Numbers from a query or a form's list of ticked rows,
within the range the database can hold: a link's `?year=99999999999999999999` or a forged row id must be refused
or ignored, never reach SQL as an integer no column holds (OverflowError, a server error). Text, as a person
types it: no control characters."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: The largest id a row can have (a signed 64-bit integer, in every database Kembar runs on).
MAX_ID = 2**63 - 1


def record_id(value) -> int | None:
    """A row id as sent ("42"), or None when it is not one (not ASCII digits, zero, too large)."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 19):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def record_ids(values) -> list[int] | None:
    """Row ids as sent, or None when any is not one."""
    ids = [record_id(v) for v in values]
    return None if any(i is None for i in ids) else ids


def year(value) -> int | None:
    """A calendar year as sent ("2024"), or None when it is not one from 1 to 9999."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        return None
    return int(text) or None


def typed_text(value: str, *, lines: bool = True) -> bool:
    """Whether `value` is text a person can type: no control character but (with `lines`) line breaks and tabs.
    A NUL (which databases refuse), an escape code or a backspace is not; each caller says so in its own words."""
    return not (_CONTROL if lines else _CONTROL_OR_LINE).search(value or "")


def typed(value) -> None:
    """A validator: text as a person types it, no control characters but line breaks and tabs (typed_text). Every
    record checks its texts with it (core.models.TimeStamped.clean_fields); a form field that is saved in no
    record names it (core.forms.typed)."""
    if isinstance(value, str) and not typed_text(value):
        raise ValidationError(_("The text contains characters that cannot be kept: type it again."), code="control")


#: The characters typed_text refuses (NUL to US but tab and line breaks, and DEL); without `lines`, those too.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_LINE = re.compile("[\x00-\x1f\x7f]")


def printable(value: str) -> str:
    """`value` without the characters typed_text refuses: text saved before records refused them, written into a
    format that cannot hold them (XML: a feed, a workbook)."""
    return _CONTROL.sub("", value)
