"""Numbers read from a query or a form's list of ticked rows, within the range the database can hold: a
link's `?year=99999999999999999999` or a forged row id must be refused or ignored, never reach SQL as an
integer no column holds (OverflowError, a server error)."""

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
