"""Reads for evaluation. Stub: the evaluation work fills it in; keep this signature."""

import datetime as dt


def dormancy_alerts(*, region, as_of: dt.date) -> list[dict]:
    """Cooperations of the region that are quiet or dormant at `as_of`, or about to be.

    Each dict: {"cooperation": Cooperation, "level": "approaching" | "quiet" | "dormant",
    "since": date (last certain activity end), "months": int (certain silent months)}.
    """
    return []
