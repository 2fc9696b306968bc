"""The report's structure as data (kembar/reports/sections/*.yaml): loaded, checked, cached."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

SECTIONS_DIR = Path(__file__).resolve().parent / "sections"
ANNUAL = "annual-v1"
COLUMN_TYPES = ("text", "int", "date")


class StructureError(ValueError):
    pass


@lru_cache(maxsize=8)
def load_structure(name: str = ANNUAL, *, builders: frozenset[str] | None = None) -> dict:
    """The structure file, checked: every section has a sheet name and typed columns, and a builder among
    `builders` when they are given (the selectors that build the report pass theirs)."""
    data = yaml.safe_load((SECTIONS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    problems = []
    for key in ("id", "title", "source", "sections", "follow_up"):
        if key not in data:
            problems.append(f"{name}: missing {key}")
    sheets = set()
    for s in data.get("sections", []):
        where = f"{name}/{s.get('id')}"
        if builders is not None and s.get("builder") not in builders:
            problems.append(f"{where}: unknown builder {s.get('builder')}")
        sheet = s.get("sheet", "")
        if not sheet or len(sheet) > 31 or sheet in sheets or sheet == "README":
            problems.append(f"{where}: sheet name must be unique, not README, 1–31 characters")
        sheets.add(sheet)
        for c in s.get("columns", []):
            if c.get("type") not in COLUMN_TYPES or not c.get("id") or not c.get("title"):
                problems.append(f"{where}/{c.get('id')}: a column needs an id, a title and a type {COLUMN_TYPES}")
    if problems:
        raise StructureError("; ".join(problems))
    return data


def text(value: dict | str, lang: str = "id") -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("id") or value.get("en") or ""
    return value or ""
