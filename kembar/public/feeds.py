"""The portal's feeds: Atom (django.contrib.syndication) of a region's and a cooperation's public activities, newest
first, and iCalendar of their upcoming public activities (the alerts' calendar writer, kembar/alerts/feeds.py).

Both read only kembar.public.selectors (PublicDated); an unpublished region or cooperation is 404, as its page.
Each answer carries the portal's caching headers (kembar/public/http.py) and is the same for every visitor.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kembar.cooperations.models import Cooperation
from kembar.core.params import printable

from . import selectors
from .http import public, with_language

#: How many activities a feed holds (the newest), and a calendar (the soonest).
FEED_ITEMS = 50
CALENDAR_ITEMS = 200
#: A feed without any entry still says when it was last updated: a fixed day, so that its ETag holds.
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _printable(text: str | None) -> str | None:
    return None if text is None else printable(text)


class _Atom(Atom1Feed):
    """Atom, its texts without the control characters a record may keep from before records refused them (XML
    cannot hold them: the feed would fail)."""

    def __init__(self, title, link, description, *args, **kwargs):
        super().__init__(printable(title), link, _printable(description), *args, **kwargs)

    def add_item(self, title, link, description, *args, **kwargs):
        super().add_item(printable(title), link, _printable(description), *args, **kwargs)

    def latest_post_date(self):
        return super().latest_post_date() if self.items else EPOCH


def _midday(day: dt.date) -> dt.datetime:
    """An activity's day as a time (feeds want one): noon in the site's zone, so the day reads the same anywhere
    near."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class _ActivityFeed(Feed):
    feed_type = _Atom

    def cooperation_url(self, item: selectors.PublicDated) -> str:
        return with_language(reverse("public_cooperation", args=[item.region_code, item.ref]), get_language())

    def get_object(self, request, *args, **kwargs):
        return self.find(**kwargs)

    def item_title(self, item: selectors.PublicDated) -> str:
        return f"{item.activity.title} — {item.cooperation_title}"

    def item_description(self, item: selectors.PublicDated) -> str:
        a = item.activity
        when = a.date.display() if a.date else ""
        parts = [p for p in (when, a.kind_label if a.kind else "") if p]
        text = " · ".join(parts)
        if a.outcomes:
            text += "\n" + _("Outcomes:") + " " + "; ".join(a.outcomes)
        return text

    def item_link(self, item: selectors.PublicDated) -> str:
        return self.cooperation_url(item)

    def item_guid(self, item: selectors.PublicDated) -> str:
        return f"tag:kembar,2026:activity-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: selectors.PublicDated) -> dt.datetime:
        return _midday(item.day)


class RegionFeed(_ActivityFeed):
    def find(self, code):
        try:
            return selectors.region_get(code=code)
        except selectors.Region.DoesNotExist:
            raise Http404 from None

    def title(self, region):
        return _("%(region)s: public activities of its foreign cooperations") % {"region": region.name}

    def link(self, region):
        return with_language(reverse("public_region", args=[region.code]), get_language())

    def description(self, region):
        return _("The latest public activities of the foreign cooperations %(region)s has published.") % {
            "region": region.name
        }

    def items(self, region):
        return selectors.public_dated(region=region, limit=FEED_ITEMS)


class CooperationFeed(_ActivityFeed):
    def find(self, code, ref):
        try:
            coop = selectors.feed_cooperation(code=code, ref=ref)
        except Cooperation.DoesNotExist:
            raise Http404 from None
        return coop

    def title(self, coop):
        return _("%(region)s – %(partner)s: public activities") % {"region": coop.region.name, "partner": coop.partner}

    def link(self, coop):
        return with_language(reverse("public_cooperation", args=[coop.region.code, coop.ref]), get_language())

    def description(self, coop):
        return _("The latest public activities of this cooperation.")

    def items(self, coop):
        region = selectors.Region.objects.get(code=coop.region.code)
        return selectors.public_dated(region=region, cooperation_pk=coop.pk, limit=FEED_ITEMS)


region_feed = require_safe(public(RegionFeed()))
cooperation_feed = require_safe(public(CooperationFeed()))


# --- iCalendar ------------------------------------------------------------------------------------------------


def _calendar(request, items: list[selectors.PublicDated], *, name: str, filename: str) -> HttpResponse:
    from kembar.alerts.feeds import calendar_ics
    from kembar.alerts.selectors import activity_event

    today = timezone.localdate()
    events = []
    for item in items:
        url = request.build_absolute_uri(
            with_language(reverse("public_cooperation", args=[item.region_code, item.ref]), request.LANGUAGE_CODE)
        )
        event = activity_event(item.activity, item.cooperation_title, url, today, uid=item.pk)
        if event is not None:
            events.append(event)
    # The stamp is the day's start: the same calendar all day long (its ETag holds), new the next.
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    response = HttpResponse(calendar_ics(events, name=name, stamp=stamp), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


@require_safe
@public
def region_calendar(request, code):
    try:
        region = selectors.region_get(code=code)
    except selectors.Region.DoesNotExist:
        raise Http404 from None
    items = selectors.public_dated(region=region, upcoming=True, limit=CALENDAR_ITEMS)
    name = _("%(region)s: upcoming public activities") % {"region": region.name}
    return _calendar(request, items, name=name, filename=f"kembar-{region.code}")


@require_safe
@public
def cooperation_calendar(request, code, ref):
    try:
        coop = selectors.feed_cooperation(code=code, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    region = selectors.Region.objects.get(code=code)
    items = selectors.public_dated(region=region, cooperation_pk=coop.pk, upcoming=True, limit=CALENDAR_ITEMS)
    name = _("%(region)s – %(partner)s: upcoming public activities") % {
        "region": coop.region.name,
        "partner": coop.partner,
    }
    return _calendar(request, items, name=name, filename=f"kembar-{code}-{ref}")
