"""Keeping the search index (models.SearchEntry) equal to the records it describes.

Every save or delete of a searchable record writes its entry in the writer's transaction (the signals below):
a live record has one, a soft-deleted one none (its restore writes it again), and a cooperation soft-deleted
or restored takes its dossier's entries with it. Writers that bypass save() (the spreadsheet import, the
national benchmark) call `write_records` with what they inserted; `rebuild` writes every entry from scratch
(`kembar search rebuild`, the migration that made the index).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save

from kembar.core import fts

#: The kinds of record found, in the order a results page shows them.
COOPERATION, PARTNER, ACTIVITY, OBLIGATION, DOCUMENT, FINDING = 1, 2, 3, 4, 5, 6
KINDS = (COOPERATION, PARTNER, DOCUMENT, ACTIVITY, OBLIGATION, FINDING)

_REGION_SHIFT, _KIND_SHIFT = 32, 58
_RECORD_MAX = (1 << _REGION_SHIFT) - 1
#: The most text an entry keeps of one record (a summary longer than this is found by its beginning).
TEXT_MAX = 4000


def key(kind: int, region_id: int, record_id: int) -> int:
    """An entry's primary key: kind, then region, then the record reversed (a region's entries of a kind are
    one range, newest first in ascending order: an FTS5 range read in descending order loses matches on
    SQLite 3.40)."""
    return (kind << _KIND_SHIFT) | (region_id << _REGION_SHIFT) | (_RECORD_MAX - record_id)


def key_range(kind: int, region_id: int | None) -> tuple[int, int]:
    """The first and last key of a region's entries of a kind (every region's with None)."""
    if region_id is None:
        return kind << _KIND_SHIFT, ((kind + 1) << _KIND_SHIFT) - 1
    return key(kind, region_id, _RECORD_MAX), key(kind, region_id, 0)


# The CJK pairs live in kembar.core.fts, shared with the catalogue's search.
CJK_RUN, CJK_CHAR, cjk_pairs = fts.CJK_RUN, fts.CJK_CHAR, fts.cjk_pairs


def _strings(value) -> list[str]:
    """The text in a JSON value (a list of names, of {"name": …, "office": …}, of outcomes)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _join(*parts) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _cooperation(c) -> tuple[str, str]:
    return c.title, _join(*_strings(c.fields), c.goals, c.legal_basis, c.person_in_charge)


def _partner(p) -> tuple[str, str]:
    country = p.country
    names = [country.name_id, country.name_en, country.name_ko, country.name_ja] if country else []
    title = f"{p.name} ({p.name_local})" if p.name_local else p.name
    return title, _join(p.admin_region, *names, p.note, p.contacts)


def _activity(a) -> tuple[str, str]:
    outcomes = [o.get("text", "") if isinstance(o, dict) else o for o in a.outcomes or []]
    return a.title, _join(a.field, *_strings(outcomes))


def _obligation(o) -> tuple[str, str]:
    return o.text, o.text if len(o.text) > 300 else ""


def _document(d) -> tuple[str, str]:
    return d.title, _join(d.summary, *_strings(d.signatories), d.language)


def _finding(f) -> tuple[str, str]:
    return f.text, _join(f.text if len(f.text) > 300 else "", f.topic.replace("_", " "))


#: What each kind of record contributes, by model name (app label, model): kind, builder, fields it reads.
BUILDERS = {
    ("cooperations", "Cooperation"): (
        COOPERATION,
        _cooperation,
        ("title", "fields", "goals", "legal_basis", "person_in_charge"),
    ),
    ("partners", "Partner"): (
        PARTNER,
        _partner,
        ("name", "name_local", "admin_region", "note", "contacts", "country"),
    ),
    ("cooperations", "Activity"): (ACTIVITY, _activity, ("title", "field", "outcomes", "cooperation_id")),
    ("cooperations", "Obligation"): (OBLIGATION, _obligation, ("text", "cooperation_id")),
    ("cooperations", "Document"): (
        DOCUMENT,
        _document,
        ("title", "summary", "signatories", "language", "cooperation_id"),
    ),
    ("cooperations", "Finding"): (FINDING, _finding, ("topic", "text", "cooperation_id")),
}


def _builders(apps=None) -> dict:
    """{model: (kind, builder)} of the searchable models (of a migration's `apps` when given)."""
    if apps is None:
        from django.apps import apps
    return {apps.get_model(label, name): spec[:2] for (label, name), spec in BUILDERS.items()}


def entry_of(record, kind: int | None = None, build=None, entry_model=None):
    """The entry of a live record (unsaved)."""
    if entry_model is None:
        from .models import SearchEntry as entry_model
    if build is None:
        kind, build = _builders()[type(record)]
    title, body = build(record)
    title = " ".join(title.split())[:300]
    text = _join(title, body)[:TEXT_MAX]
    return entry_model(
        id=key(kind, record.region_id, record.pk),
        region_id=record.region_id,
        kind=kind,
        record_id=record.pk,
        cooperation_id=record.pk if kind == COOPERATION else getattr(record, "cooperation_id", None),
        title=title,
        text=text,
        cjk=cjk_pairs(text),
    )


_COLUMNS = ("id", "region_id", "kind", "record_id", "cooperation_id", "title", "text", "cjk")


def _store(entries: list, entry_model=None, *, new: bool = False) -> None:
    """Insert the entries, or replace those there (`new`: into an emptied table). As many rows a statement
    as the database takes (Django's bulk_create assumes SQLite's old limit of 999 parameters): a batch
    of imported rows costs one statement, like its insert."""
    from django.db import connection

    from kembar.imports.bulk import insert_rows

    table = (entry_model or _entry_model())._meta.db_table
    replace = () if new else ("title", "text", "cjk", "cooperation_id")
    insert_rows(connection, table, _COLUMNS, entries, replace=replace, most=1000)


def write_records(records: Iterable) -> None:
    """Write the entries of these saved records (of one model or several), or remove those soft-deleted."""
    live, gone = [], []
    for record in records:
        (gone if record.deleted_at is not None else live).append(record)
    if live:
        _store([entry_of(r) for r in live])
    if gone:
        remove(gone)


def remove(records: Iterable) -> None:
    from .models import SearchEntry

    builders = _builders()
    keys = [key(builders[type(r)][0], r.region_id, r.pk) for r in records]
    for i in range(0, len(keys), 500):
        SearchEntry.objects.filter(pk__in=keys[i : i + 500]).delete()


def _dossier_models():
    from kembar.cooperations.models import Activity, Document, Finding, Obligation

    return (Activity, Obligation, Document, Finding)


def _cooperation_written(cooperation) -> None:
    """A cooperation deleted or restored takes its dossier's entries out of the index or back in."""
    from .models import SearchEntry

    if cooperation.deleted_at is not None:
        SearchEntry.objects.filter(cooperation_id=cooperation.pk).delete()
        return
    # Not in the index yet: new, or restored (by whatever door), its dossier back with it.
    restored = not SearchEntry.objects.filter(pk=key(COOPERATION, cooperation.region_id, cooperation.pk)).exists()
    write_records([cooperation])
    if restored:
        for model in _dossier_models():
            write_records(model.objects.filter(cooperation_id=cooperation.pk))


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # fixtures
    from kembar.cooperations.models import Cooperation

    if isinstance(instance, Cooperation):
        _cooperation_written(instance)
        return
    cooperation_id = getattr(instance, "cooperation_id", None)
    if cooperation_id is not None and instance.deleted_at is None:
        # An item of a deleted cooperation is not found (its page is gone); it comes back with the restore.
        if Cooperation.all_objects.filter(pk=cooperation_id, deleted_at__isnull=False).exists():
            return
    write_records([instance])


def _deleted(sender, instance, **kwargs):
    remove([instance])


def connect() -> None:
    """Write a record's entry on every save or delete of it (called once, by SearchConfig.ready)."""
    for model in _builders():
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-{model._meta.label}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-{model._meta.label}-delete")


def rebuild(*, region_ids=None, batch: int = 2000, apps=None) -> int:
    """Every entry (of the regions given) written again from the records; how many there are. A migration
    passes its `apps`. Every region's at once, the search structures are built once at the end."""
    from django.db import connection

    from . import storage

    builders = _builders(apps)
    entry_model = apps.get_model("search", "SearchEntry") if apps else _entry_model()
    if region_ids is not None:
        entry_model.objects.filter(region_id__in=region_ids).delete()
        return _write_all(builders, entry_model, region_ids, batch)
    with storage.bulk_load(connection):
        entry_model.objects.all().delete()
        return _write_all(builders, entry_model, None, batch)


def _write_all(builders: dict, entry_model, region_ids, batch: int) -> int:
    written = 0
    for model, (kind, build) in builders.items():
        fields = BUILDERS[(model._meta.app_label, model._meta.object_name)][2]
        qs = model._base_manager.filter(deleted_at__isnull=True).only("region_id", *fields).order_by("pk")
        if kind != COOPERATION and kind != PARTNER:
            qs = qs.filter(cooperation__deleted_at__isnull=True)
        if kind == PARTNER:
            qs = qs.select_related("country")
        if region_ids is not None:
            qs = qs.filter(region_id__in=region_ids)
        last = 0
        while True:
            chunk = list(qs.filter(pk__gt=last)[:batch])
            if not chunk:
                break
            _store([entry_of(r, kind, build, entry_model) for r in chunk], entry_model, new=True)
            written += len(chunk)
            last = chunk[-1].pk
    return written


def _entry_model():
    from .models import SearchEntry

    return SearchEntry
