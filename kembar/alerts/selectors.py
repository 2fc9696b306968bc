"""Reads of alerts and of what a user's calendar feed holds. Everything is scoped to the user: their own
alerts, in regions they still belong to; their feed, from those regions only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from kembar.accounts.access import user_regions
from kembar.accounts.models import BUREAU_ROLES, EDITOR_ROLES, Membership
from kembar.core.dates import PartialDate
from kembar.regions.models import Region

from .models import Alert

#: How far ahead the feed looks for deadlines, and how far back it keeps missed ones (days).
FEED_AHEAD_DAYS = 365
FEED_BEHIND_DAYS = 365


def _member_regions(user):
    """The ids of regions the user belongs to (a subquery: no query of its own)."""
    return Membership.objects.filter(user=user, region__isnull=False, role__in=BUREAU_ROLES).values("region_id")


def alert_list(*, user) -> QuerySet[Alert]:
    """The user's alerts in the regions they still belong to: unread first, then the latest read."""
    return (
        Alert.objects.filter(user=user, region_id__in=_member_regions(user))
        .select_related("region", "cooperation")
        .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")
    )


def unread_count(*, user) -> int:
    """How many of the user's alerts are unread, counted from the alerts (one query, over the regions of the
    memberships the request has already read): the reference for the count stored on the user (unread.py)."""
    regions = [region.pk for region in user_regions(user)]
    if not regions:
        return 0
    return Alert.objects.filter(user=user, read_at__isnull=True, region_id__in=regions).count()


def alert_get(*, user, pk: int) -> Alert:
    return alert_list(user=user).get(pk=pk)


def recipients(*, region: Region) -> tuple[set[int], dict[str, set[int]]]:
    """Who hears of the region's alerts: its bureau admins and staff (active users), and — by the
    case-insensitive full name — any member of the region named as a cooperation's person in charge.
    Returns (editor ids, {lower-cased full name: ids}). One query."""
    editors, by_name = set(), {}
    rows = Membership.objects.filter(region=region, role__in=BUREAU_ROLES, user__is_active=True).values_list(
        "user_id", "role", "user__first_name", "user__last_name"
    )
    for user_id, role, first, last in rows:
        if role in EDITOR_ROLES:
            editors.add(user_id)
        name = " ".join(f"{first} {last}".split()).lower()
        if name:
            by_name.setdefault(name, set()).add(user_id)
    return editors, by_name


def site_url(path: str) -> str:
    return f"{settings.KEMBAR_SITE_URL}{path}"


def dossier_url(region_code: str, ref: str) -> str:
    return site_url(reverse("cooperation_detail", kwargs={"code": region_code, "ref": ref}))


# --- The calendar feed -----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    start: dt.date
    end: dt.date  # exclusive, as iCalendar wants for all-day events
    summary: str
    description: str
    url: str


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def activity_event(activity, cooperation: str, url: str, today: dt.date, *, uid: int) -> FeedEvent | None:
    """A planned activity (anything with `date`, `end` and `title`; `uid` its pk) of the cooperation named
    `cooperation`: a day as that day (to its end day, if the source gives one), a month as the whole month, named
    as such; a year or a bounded range is not a date to put in a calendar. The public portal's calendars use it
    too (kembar/public/feeds.py)."""
    when = activity.date
    if when is None or when.is_range or when.precision == "year" or when.latest() < today:
        return None
    start = when.earliest()
    summary = _("Activity: %(title)s — %(cooperation)s") % {"title": activity.title, "cooperation": cooperation}
    if when.precision == "day":
        end = start + dt.timedelta(days=1)
        if activity.end and not activity.end.is_range and activity.end.precision == "day":
            end = max(end, activity.end.earliest() + dt.timedelta(days=1))
    else:
        end = _first_of_next_month(start)
        summary = _("%(summary)s (in %(month)s, day not known)") % {
            "summary": summary,
            "month": PartialDate(start.year, start.month).display(),
        }
    return FeedEvent(f"activity-{uid}@kembar", start, end, summary, url, url)


def _deadline_events(region: Region, today: dt.date, coops: dict) -> list[FeedEvent]:
    """Agreement expiries, lapsed agreements and LoI follow-up dates (past ones from the last year, coming
    ones in the next), by the rules of kembar.cooperations.expiry. Two queries."""
    from kembar.cooperations.expiry import EXPIRED, EXPIRING, LOI, LOI_WITHOUT_MOU, RENEWABLE, Doc, add_months, assess
    from kembar.cooperations.models import Document
    from kembar.cooperations.selectors import loi_followup_months

    months = loi_followup_months(region=region)
    rows = (
        Document.objects.filter(region=region, cooperation__deleted_at__isnull=True, kind__in=RENEWABLE)
        .order_by("cooperation_id", "pk")
        .values("pk", "cooperation_id", "kind", "title", "date", "expires", "renews_id")
    )
    lo, hi = today - dt.timedelta(days=FEED_BEHIND_DAYS), today + dt.timedelta(days=FEED_AHEAD_DAYS)
    events = []
    for coop_id, group in groupby(rows, key=lambda r: r["cooperation_id"]):
        group = list(group)
        coop = coops[coop_id]
        url = dossier_url(region.code, coop.ref)
        titles = {r["pk"]: r["title"] for r in group}
        docs = [Doc(r["pk"], r["kind"], r["date"], r["expires"], r["renews_id"]) for r in group]
        flags = assess(docs, today=today, expiring_days=FEED_AHEAD_DAYS, loi_followup_months=months)
        # A follow-up still to come is not a flag today; it is one the day after it falls due.
        lois = [d for d in docs if d.kind == LOI and d.date and d.date.latest()]
        if lois:
            latest = max(lois, key=lambda d: (d.date.latest(), d.date.earliest() or dt.date.min))
            due = add_months(latest.date.latest(), months)
            if due >= today:
                later = assess(docs, today=due + dt.timedelta(days=1), expiring_days=0, loi_followup_months=months)
                flags += [f for f in later if f.code == LOI_WITHOUT_MOU]
        for flag in flags:
            if not lo <= flag.due <= hi:
                continue
            words = {
                EXPIRING: _("Agreement expires: %(document)s — %(cooperation)s"),
                EXPIRED: _("Agreement expired: %(document)s — %(cooperation)s"),
                LOI_WITHOUT_MOU: _("LoI follow-up due (no MoU yet): %(document)s — %(cooperation)s"),
            }[flag.code]
            summary = words % {"document": titles[flag.doc.key], "cooperation": coop.title}
            code = "expiry" if flag.code in (EXPIRING, EXPIRED) else "loi"
            events.append(
                FeedEvent(
                    f"{code}-{flag.doc.key}-{flag.due.isoformat()}@kembar",
                    flag.due,
                    flag.due + dt.timedelta(days=1),
                    summary,
                    url,
                    url,
                )
            )
    return events


def _obligation_events(region: Region, today: dt.date) -> list[FeedEvent]:
    from kembar.monitoring.selectors import obligations_due

    lo = today - dt.timedelta(days=FEED_BEHIND_DAYS)
    events = []
    for row in obligations_due(region=region, as_of=today, within_days=FEED_AHEAD_DAYS):
        coop, obligation, due = row["cooperation"], row["obligation"], row["due"]
        if coop.region_id != region.pk or due < lo:
            continue  # never another region's row, whatever a source returns
        text = row.get("text") or obligation.text
        words = _("Obligation overdue: %(text)s — %(cooperation)s") if row.get("overdue") else None
        words = words or _("Obligation due: %(text)s — %(cooperation)s")
        url = dossier_url(region.code, coop.ref)
        events.append(
            FeedEvent(
                f"obligation-{obligation.pk}-{due.isoformat()}@kembar",
                due,
                due + dt.timedelta(days=1),
                words % {"text": text, "cooperation": coop.title},
                url,
                url,
            )
        )
    return events


def feed_events(*, user, today: dt.date) -> list[FeedEvent]:
    """Deadlines and planned activities of the regions the user belongs to — and of no other.

    Queries: one for the regions, then a fixed number per region (cooperations, activities, documents,
    the LoI threshold, and what the obligations source costs), however many rows each holds.
    """
    from kembar.cooperations.models import Activity, Cooperation

    events: list[FeedEvent] = []
    for region in Region.objects.filter(pk__in=_member_regions(user)).order_by("code"):
        coops = {c.pk: c for c in Cooperation.objects.filter(region=region).only("pk", "ref", "title", "region_id")}
        if not coops:
            continue
        events += _deadline_events(region, today, coops)
        events += _obligation_events(region, today)
        activities = Activity.objects.filter(
            region=region, cooperation__deleted_at__isnull=True, date_sort__gte=today.replace(day=1)
        ).only("pk", "cooperation_id", "date", "end", "title")
        for activity in activities:
            coop = coops[activity.cooperation_id]
            event = activity_event(activity, coop.title, dossier_url(region.code, coop.ref), today, uid=activity.pk)
            if event:
                events.append(event)
    events.sort(key=lambda e: (e.start, e.uid))
    return events
