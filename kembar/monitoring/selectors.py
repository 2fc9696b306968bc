"""Reads for monitoring. Stub: the obligations work fills it in; keep this signature."""

import datetime as dt


def obligations_due(*, region, as_of: dt.date, within_days: int = 30) -> list[dict]:
    """Obligation occurrences due within `within_days` after `as_of`, or overdue at `as_of`, in the region.

    Each dict: {"cooperation": Cooperation, "obligation": Obligation, "due": date, "overdue": bool,
    "text": str}.
    """
    return []
