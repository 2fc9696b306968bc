"""Reads for the conditions checklist. Stub: the conditions work fills it in."""


def blocking_unmet(*, cooperation) -> list:
    """Blocking conditions not met for this cooperation (each with its text and source). Stub: none."""
    return []
