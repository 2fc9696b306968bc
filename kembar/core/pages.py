"""Page bodies kept in one shared cache, for the pages many people read between writes (docs/adr/0023).

A kept body is the HTML of a page's main content, the same for everyone who may see it: it is stored under
the page's name, the region and its `version`, the language, the day, the reader's access level and the
query string, and read back by every user those describe. Everything personal (the header, the user's
name, CSRF tokens) is rendered around it on each request, so a kept body holds no form that posts.

`Region.changed_at` is when the region's records were last written: a save or delete of any tenant row (the
signal below, in the writer's transaction), a bulk write (`bump`) and a change of the shared reference data
(every region). A write therefore makes the next visit build the body again; a new day does too. A time, not a
counter: a database made again (the demo) or restored never meets the bodies kept of another one.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kembar.regions.models import Region

from .models import TenantModel

#: A kept body lives at most a day (the day is in its key as well).
TIMEOUT = 24 * 3600

try:
    RELEASE = metadata.version("kembar")
except metadata.PackageNotFoundError:  # pragma: no cover — run from a checkout without installing
    RELEASE = "dev"

#: The files a kept body is made from: Kembar's code, templates and data (frameworks, rule packs), the translations.
MADE_FROM = (".py", ".html", ".txt", ".yaml", ".json", ".mo")


def code_digest(roots) -> str:
    """A digest of the contents (not the times) of the files under `roots` a body is made from, tests left out:
    the same on every server running the same code, another after an upgrade that changes any of them."""
    digest = hashlib.blake2b(digest_size=8)
    for root in map(Path, roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in MADE_FROM and "tests" not in path.relative_to(root).parts and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def release() -> str:
    """The release in every kept body's key: the version and the digest of the code, templates and translations,
    so that an upgrade never serves a body (or a menu) that the code before it rendered, even when the version
    number stays the same (read once per process: some tens of milliseconds)."""
    return f"{RELEASE}-{code_digest([Path(__file__).resolve().parents[1], *settings.LOCALE_PATHS])}"


def bump(region_ids) -> None:
    """Note a write to these regions' records (their kept bodies are not read again)."""
    ids = {pk for pk in region_ids if pk is not None}
    if ids:
        Region.objects.filter(pk__in=ids).update(changed_at=timezone.now())


def bump_all() -> None:
    """Note a write to the data every region's pages show (countries, regions)."""
    Region.objects.update(changed_at=timezone.now())


def version(region) -> str:
    """The version of a region's kept bodies."""
    return region.changed_at.isoformat()


def national_version() -> str:
    """The version of the pages that read every region: the last write to any, and how many regions there
    are (one query)."""
    row = Region.objects.aggregate(last=Max("changed_at"), regions=Count("pk"))
    return f"{row['regions']}:{row['last'].isoformat() if row['last'] else ''}"


def kept(request, name: str, build, *, version: str, scope: str = "", access: str = ""):
    """The body of page `name` (a string of HTML) from the shared cache, or `build()` rendered and kept.

    `scope` names whose data it shows (a region's code, "" for the nation), `version` that data's version
    (`version(region)`, `national_version()`), `access` what the reader may do that changes the page (e.g.
    "edit"); the language, the day and the query string are added here."""
    digest = hashlib.blake2b(request.GET.urlencode().encode(), digest_size=12).hexdigest()
    return _kept([name, scope, version, access], digest, build)


def kept_part(name: str, build, *, access: str):
    """A part of every page that shows no records, only what `access` describes (the header's menu: the links
    a reader's roles open): kept for every reader it describes, in their language, for the day."""
    return _kept([name, access], "", build)


def _kept(parts: list[str], digest: str, build):
    key = ":".join(["page", release(), *parts, get_language() or "", timezone.localdate().isoformat(), digest])
    body = cache.get(key)
    if body is None:
        body = str(build())
        cache.set(key, body, TIMEOUT)
    return mark_safe(body)  # noqa: S308 — rendered by the templates, escaped there


def _tenant_written(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures
    bump([instance.region_id])


def _reference_written(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    bump_all()


def watch_reference(model) -> None:
    """Count every write to `model` (reference data every region's pages may show) as a write to every
    region. Its app calls this in its AppConfig.ready."""
    post_save.connect(_reference_written, sender=model, dispatch_uid=f"pages-{model._meta.label}-save")
    post_delete.connect(_reference_written, sender=model, dispatch_uid=f"pages-{model._meta.label}-delete")


def connect() -> None:
    """Count every write to a tenant row and to the regions (called once, by CoreConfig.ready)."""
    from django.apps import apps

    for model in apps.get_models():
        if issubclass(model, TenantModel) and not model._meta.abstract:
            post_save.connect(_tenant_written, sender=model, dispatch_uid=f"pages-{model._meta.label}-save")
            post_delete.connect(_tenant_written, sender=model, dispatch_uid=f"pages-{model._meta.label}-delete")
    watch_reference(Region)
