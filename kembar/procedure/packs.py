"""Rule-pack files shipped with Kembar (kembar/procedure/packs/*.yaml) and the condition sets they name."""

from functools import cache
from pathlib import Path

import yaml

PACK_DIR = Path(__file__).parent / "packs"
PACK_IDS = ("permendagri-3-2008", "permendagri-25-2020")


@cache
def file_pack(pack_id: str) -> dict:
    """The pack as shipped in the repository (version 1 of each)."""
    if pack_id not in PACK_IDS:
        raise KeyError(pack_id)
    return yaml.safe_load((PACK_DIR / f"{pack_id}.yaml").read_text(encoding="utf-8"))


@cache
def condition_sets() -> dict:
    return yaml.safe_load((PACK_DIR / "conditions.yaml").read_text(encoding="utf-8"))["sets"]
