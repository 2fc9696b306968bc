"""The region dashboard's kept figures, shared by the workers and kept across restarts (docs/adr/0019).

Each worker keeps a region's figures in its own memory (`kembar.core.pagecache.latest_value`, ADR 0018). A
worker that has none — just started, or the other worker of the pair — would compute every cooperation
again (0.3–0.7 s for the largest region). So figures computed in bulk are also written to the `figures`
cache (CACHES["figures"]: files under var/figures by default, one directory every worker of a host reads),
and a worker without figures of its own starts from those. They are only a starting point: each
cooperation's figures are taken while its data stamp is the one they were computed under, and the basis
(day, language, region settings) must match, so a stale entry costs computation, never a wrong figure.

`kembar dashboards warm` (cron, shortly after midnight: docs/deploy.md) computes every region's figures for
the day ahead of the first visit.

An entry is keyed by the region, the language, the day and a digest of Kembar's code and translations: a
deploy never reads figures an older version computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from kembar.core import pagecache
from kembar.core.memory import collector_paused
from kembar.evaluation.scoring import Settings

from . import selectors

log = logging.getLogger(__name__)

ALIAS = "figures"
#: A computation that made at least this many cooperations' figures is shared; fewer (one write's worth) is
#: not worth a pickled copy of the whole region: a worker starting from an older entry computes them itself.
SHARE_AT = 20
#: The region profile's fields every cooperation's figures depend on (selectors.region_dashboard's basis:
#: the evaluation's thresholds, and the LoI follow-up months).
BASIS_FIELDS = frozenset({f.name for f in dataclasses.fields(Settings)} | {"loi_followup_months"})


@functools.cache
def code_digest() -> str:
    """A digest of the code and the compiled translations that make the figures (read once per process)."""
    h = hashlib.sha256()
    package = Path(selectors.__file__).resolve().parents[1]  # kembar/
    files = sorted(path for path in package.rglob("*.py") if "tests" not in path.parts)
    for base in settings.LOCALE_PATHS:
        files += sorted(Path(base).rglob("*.mo"))
    for path in files:
        h.update(str(path.relative_to(path.parents[2])).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _key(region_pk: int, today: dt.date) -> str:
    return f"kembar:figures:{code_digest()}:{region_pk}:{translation.get_language() or ''}:{today.isoformat()}"


def read(region, today: dt.date) -> selectors.Kept | None:
    """The shared figures of the region for today in the active language, or None. An entry that cannot be
    read (a damaged file, a store that is down) is logged and counts as none: the figures are computed."""
    if not pagecache.enabled():
        return None
    try:
        kept = caches[ALIAS].get(_key(region.pk, today))
    except Exception:  # noqa: BLE001 — any failure of the store only costs a computation
        log.warning("kept figures of region %s could not be read", region.pk, exc_info=True)
        return None
    return kept if isinstance(kept, selectors.Kept) else None


def write(region, today: dt.date, kept: selectors.Kept) -> None:
    if not pagecache.enabled():
        return
    try:
        caches[ALIAS].set(_key(region.pk, today), kept)
    except Exception:  # noqa: BLE001 — not sharing only costs another worker a computation
        log.warning("kept figures of region %s could not be shared", region.pk, exc_info=True)


def region_dashboard(
    *, region, today: dt.date, kept: selectors.Kept | None = None, share_at: int = SHARE_AT
) -> selectors.RegionDashboard:
    """selectors.region_dashboard from this worker's `kept` figures, else (none, or not for the region's
    thresholds now) from the shared ones; a computation of at least `share_at` cooperations (a cold start, a
    new day, changed thresholds; or all of a smaller region) is shared for the other workers."""
    with collector_paused():  # reading back and building thousands of small objects that stay alive
        board = selectors.region_dashboard(region=region, today=today, kept=kept, shared=lambda: read(region, today))
        if board.recomputed and board.recomputed >= min(share_at, len(board.health)):
            write(region, today, board.kept)
    return board


def share_later(region) -> None:
    """After the transaction, compute and share the region's figures for today (tasks.figures_share): for a
    change of what every cooperation's figures depend on (the region's thresholds), so that the next visit,
    in any worker, starts from them instead of computing every cooperation."""
    if not pagecache.enabled():
        return
    from django.db import transaction
    from django.utils import timezone

    from .tasks import figures_share

    day = timezone.localdate().isoformat()
    transaction.on_commit(lambda: figures_share.enqueue(region_id=region.pk, day=day))


def warm(*, today: dt.date, regions=None, languages: list[str] | None = None) -> dict:
    """Compute and share the figures of `regions` (default: every region with cooperations) in `languages`
    (default: every language of the site) for `today`, starting from those already shared, so a second run
    computes only what changed. Returns counts for the command to print."""
    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region

    if regions is None:
        regions = Region.objects.filter(pk__in=Cooperation.objects.values("region_id")).order_by("code")
    languages = languages or [code for code, _name in settings.LANGUAGES]
    done = {"regions": 0, "languages": len(languages), "cooperations": 0, "computed": 0, "day": today.isoformat()}
    for region in regions:
        for language in languages:
            with translation.override(language):
                board = region_dashboard(region=region, today=today, share_at=1)  # whatever it computed
            done["computed"] += board.recomputed
        done["regions"] += 1
        done["cooperations"] += len(board.health)
    return done
