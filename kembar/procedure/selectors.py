"""Reads for the legal procedure."""

from kembar.cooperations.models import Cooperation

from .packs import file_pack


def pack_data_for(*, cooperation: Cooperation) -> dict | None:
    """The rule pack (as data) the cooperation follows, or None when it follows none.

    Other apps (plans, conditions) read the pack through this function only.
    """
    if not cooperation.rule_pack:
        return None
    return file_pack(cooperation.rule_pack)
