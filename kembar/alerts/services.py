"""Writes of alerts: the daily generation, reading them, the digest email, the feed secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import threading

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from kembar.core.services import record_change
from kembar.regions.models import Region

from . import rules, unread
from .models import Alert, FeedToken, Preference
from .selectors import _member_regions, dossier_url, recipients, site_url

logger = logging.getLogger(__name__)

#: Lines in one digest email; the rest are on the alerts page it links to.
DIGEST_MAX = 50


#: The kinds that name a condition of the records on a day (found by `gather`): an alert of these kinds is
#: removed when its condition no longer holds. Notifications of an event (kembar/alerts/notify.py) stay.
CONDITION_KINDS = (rules.DORMANCY, rules.OBLIGATION, rules.LOI, rules.EXPIRY)


def gather(*, region: Region, as_of: dt.date, cooperation=None) -> list[rules.Candidate]:
    """Every alert candidate of the region (or of one of its cooperations) at `as_of`, from the three sources."""
    from kembar.cooperations.selectors import deadline_list
    from kembar.evaluation.selectors import dormancy_alerts
    from kembar.monitoring.selectors import obligations_due

    if cooperation is None:
        sources = {
            "dormancy": dormancy_alerts(region=region, as_of=as_of),
            "obligations": obligations_due(region=region, as_of=as_of),
            "deadlines": deadline_list(region=region, today=as_of),
        }
    elif cooperation.deleted_at is not None:
        return []
    else:
        sources = {
            "dormancy": dormancy_alerts(region=region, as_of=as_of, cooperations=[cooperation]),
            "obligations": obligations_due(region=region, as_of=as_of, cooperation=cooperation),
            "deadlines": deadline_list(region=region, today=as_of, cooperations={cooperation.pk: cooperation}),
        }
    found = rules.candidates(**sources)
    # Whatever a source returns, an alert of this region is about a cooperation of this region.
    return [c for c in found if c.cooperation is None or c.cooperation.region_id == region.pk]


@transaction.atomic
def alerts_generate(*, region: Region, as_of: dt.date, found: list[rules.Candidate] | None = None) -> int:
    """Create the alerts of the region at `as_of` that its recipients do not have yet; return how many.

    Idempotent: (user, key) is unique and rows that exist are skipped by the database, so a second run
    on the same day — or two runs at once — adds nothing. A fixed number of queries per region (the
    sources', recipients, a count, the insert in batches of 500).
    """
    found = gather(region=region, as_of=as_of) if found is None else found
    if not found:
        return 0
    editors, by_name = recipients(region=region)
    rows = []
    for c in found:
        users = set(editors)
        person = " ".join((getattr(c.cooperation, "person_in_charge", "") or "").split()).lower()
        if person:
            users |= by_name.get(person, set())
        for user_id in sorted(users):
            rows.append(
                Alert(
                    region=region,
                    user_id=user_id,
                    cooperation=c.cooperation,
                    kind=c.kind,
                    level=c.level,
                    title=c.title[:300],
                    detail=c.detail,
                    data=c.data,
                    due=c.due,
                    key=c.key[:200],
                )
            )
    if not rows:
        return 0
    before = Alert.all_objects.filter(region=region).count()
    Alert.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    unread.refresh({row.user_id for row in rows})  # bulk_create sends no signal
    return Alert.all_objects.filter(region=region).count() - before


@transaction.atomic
def alerts_sync(*, region: Region, as_of: dt.date, cooperation=None) -> dict:
    """Make the region's alerts (or one cooperation's) current at `as_of`: create those found that its
    recipients lack (`alerts_generate`) and remove the condition alerts whose condition no longer holds
    (an activity woke a dormant cooperation, an obligation was fulfilled, an agreement was renewed).
    Read and dismissed alerts whose condition still holds stay as they are. Returns {"created", "cleared"}."""
    found = gather(region=region, as_of=as_of, cooperation=cooperation)
    created = alerts_generate(region=region, as_of=as_of, found=found)
    current = {c.key[:200] for c in found}
    held = Alert.all_objects.filter(region=region, kind__in=CONDITION_KINDS)
    if cooperation is not None:
        held = held.filter(cooperation_id=cooperation.pk)
    stale = [pk for pk, key in held.values_list("pk", "key") if key not in current]
    cleared = 0
    with unread.deferred():  # each recipient's count written once, not once per alert
        for i in range(0, len(stale), 500):
            cleared += Alert.all_objects.filter(pk__in=stale[i : i + 500]).delete()[0]
    return {"created": created, "cleared": cleared}


def alerts_refresh(*, cooperation_ids, as_of: dt.date | None = None) -> None:
    """Make these cooperations' alerts current today (their records were just written)."""
    from kembar.cooperations.models import Cooperation

    as_of = as_of or timezone.localdate()
    for coop in Cooperation.all_objects.filter(pk__in=sorted(set(cooperation_ids))).select_related("region"):
        alerts_sync(region=coop.region, as_of=as_of, cooperation=coop)


# A write to a cooperation's records queues its alerts to be made current once the transaction commits:
# each cooperation once, however many rows the transaction wrote (an import writes dozens).
_queued = threading.local()


def _flush_queued() -> None:
    ids = getattr(_queued, "ids", set())
    _queued.ids = set()
    if ids:
        alerts_refresh(cooperation_ids=ids)


def alerts_refresh_on_commit(cooperation_id: int) -> None:
    """Queue the cooperation's alerts to be made current when the current transaction commits (at once
    outside one). Every write queues a flush; the first to run refreshes every queued cooperation once and
    the others find nothing left. A rolled-back write leaves its id queued: refreshed with the next, harmlessly."""
    ids = getattr(_queued, "ids", None)
    if ids is None:
        ids = _queued.ids = set()
    ids.add(cooperation_id)
    # robust: the write has committed; an alert source failing is logged, not the user's request's error
    # (the daily run tries again).
    transaction.on_commit(_flush_queued, robust=True)


def regions_with_cooperations():
    from kembar.cooperations.models import Cooperation

    return Region.objects.filter(pk__in=Cooperation.objects.values("region_id")).order_by("code")


def alerts_run(*, as_of: dt.date) -> dict:
    """Generate every region's alerts; return {"created", "regions", "failed", "digests": [user ids]}.

    One region's failure (a source raising) is logged and does not stop the others.
    """
    created, done, failed = 0, 0, []
    for region in regions_with_cooperations():
        try:
            created += alerts_sync(region=region, as_of=as_of)["created"]
            done += 1
        except Exception:
            logger.exception("alerts for region %s failed", region.code)
            failed.append(region.code)
    users = sorted(set(Alert.objects.filter(emailed_at__isnull=True).values_list("user_id", flat=True)))
    return {"as_of": as_of.isoformat(), "created": created, "regions": done, "failed": failed, "digests": users}


# --- Reading -----------------------------------------------------------------------------------


def alert_mark_read(*, alert: Alert, by) -> Alert:
    if alert.read_at is None:
        alert.read_at = timezone.now()
        record_change(alert, by=by, reason="read")
        alert.save(update_fields=["read_at", "updated_at"])
    return alert


def alerts_mark_all_read(*, user) -> int:
    """Mark every unread alert of the user read (one UPDATE; reading is the user's state, not a fact
    of the dossier, so no history row per alert)."""
    now = timezone.now()
    n = Alert.objects.filter(user=user, read_at__isnull=True).update(read_at=now, updated_at=now)
    unread.refresh([user.pk])  # update() sends no signal
    return n


def alerts_mark_read(*, user, ids) -> int:
    """Mark the user's alerts with these ids read (the list's selected rows), all or none: an id that is not
    one of the user's alerts raises Alert.DoesNotExist. One UPDATE; those already read keep their time, so
    sending it again changes nothing. Returns how many were unread."""
    wanted = set(ids)
    mine = Alert.objects.filter(user=user, pk__in=wanted)
    if not wanted or mine.count() != len(wanted):
        raise Alert.DoesNotExist
    now = timezone.now()
    n = mine.filter(read_at__isnull=True).update(read_at=now, updated_at=now)
    unread.refresh([user.pk])  # update() sends no signal
    return n


# --- Preferences and the digest ----------------------------------------------------------------


def user_language(user) -> str:
    pref = Preference.objects.filter(user=user).values_list("language", flat=True).first()
    return pref or settings.LANGUAGE_CODE


def preference_set(*, user, language: str, email: bool) -> Preference:
    pref, _created = Preference.objects.get_or_create(user=user)
    pref.language, pref.email = language, email
    pref.full_clean()
    pref.save()
    return pref


@transaction.atomic
def digest_send(*, user) -> int:
    """Email the user the alerts not yet emailed, in their language; return how many it listed (0: no email).

    Every pending alert of the user is then marked emailed, sent or not (no address, digest turned
    off, a region left), so the next digest never carries a backlog.
    """
    pending = Alert.objects.filter(user=user, emailed_at__isnull=True)
    shown = list(
        pending.filter(read_at__isnull=True, region_id__in=_member_regions(user))
        .select_related("region", "cooperation")
        .order_by(F("due").asc(nulls_last=True), "title", "pk")
    )
    pref = Preference.objects.filter(user=user).first()
    wants = pref.email if pref else True
    sent = 0
    if shown and wants and user.email and user.is_active:
        language = pref.language if pref else settings.LANGUAGE_CODE
        with translation.override(language):
            items = [
                {
                    "alert": a,
                    "message": a.message,
                    "url": dossier_url(a.region.code, a.cooperation.ref) if a.cooperation else "",
                }
                for a in shown[:DIGEST_MAX]
            ]
            context = {
                "user": user,
                "items": items,
                "more": max(0, len(shown) - DIGEST_MAX),
                "alerts_url": site_url(reverse("alert_list")),
            }
            subject = ngettext("Kembar: %(n)s new alert", "Kembar: %(n)s new alerts", len(shown)) % {"n": len(shown)}
            text = render_to_string("alerts/email/digest.txt", context)
            html = render_to_string("alerts/email/digest.html", context)
        mail = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
        mail.attach_alternative(html, "text/html")
        mail.send()
        sent = len(shown)
    pending.update(emailed_at=timezone.now())
    return sent


# --- The calendar feed's secret ------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, user) -> str:
    """A new secret for the user's feed (32 random bytes, URL-safe); the old one stops working. Only
    its SHA-256 is stored, so the returned token is the only copy."""
    token = secrets.token_urlsafe(32)
    FeedToken.objects.update_or_create(user=user, defaults={"digest": _digest(token), "used_at": None})
    return token


def feed_token_user(token: str):
    """The active user whose feed secret this is, or None. The database finds the row by the hash (so
    the secret is never compared byte by byte there); the final comparison is constant-time."""
    if not token or len(token) > 100:
        return None
    digest = _digest(token)
    row = FeedToken.objects.select_related("user").filter(digest=digest).first()
    if row is None or not hmac.compare_digest(row.digest, digest) or not row.user.is_active:
        return None
    return row.user


def feed_token_used(*, user) -> None:
    """Note the fetch, at most once an hour (calendar clients poll often)."""
    now = timezone.now()
    FeedToken.objects.filter(user=user).exclude(used_at__gt=now - dt.timedelta(hours=1)).update(used_at=now)
