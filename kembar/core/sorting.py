"""Sorting a list by its `?sort=` parameter: each list declares the keys it allows, one function reads the
parameter against them (an unknown key is the default, never an error) and gives the ordering and what the
sortable column headers show."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    """A sortable column header: the key its link asks for, and its aria-sort ("" when not sorted by it)."""

    next: str
    aria: str


@dataclass(frozen=True)
class Sorting:
    key: str
    ordering: tuple
    keys: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        """The header of the column sorted by `name` and `-name`: a first click sorts ascending, the next
        one descending."""
        if self.key == name:
            return Column(next=f"-{name}", aria="ascending")
        if self.key == f"-{name}":
            return Column(next=name, aria="descending")
        return Column(next=name, aria="")

    @property
    def columns(self) -> dict[str, Column]:
        """Every sortable column's header by name, for templates (`sorting.columns.title.next`)."""
        return {key.removeprefix("-"): self.column(key.removeprefix("-")) for key in self.keys}


def sorted_by(
    query: Mapping[str, str], allowed: Mapping[str, Sequence], default: str, *, param: str = "sort"
) -> Sorting:
    """The list's sorting from its query (`request.GET`): the key if `allowed` has it, else `default`, with
    the ordering `allowed` gives it (the arguments of `order_by`)."""
    key = (query.get(param) or "").strip()
    if key not in allowed:
        key = default
    return Sorting(key=key, ordering=tuple(allowed[key]), keys=tuple(allowed))
