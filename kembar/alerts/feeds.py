"""A user's calendar feed as iCalendar text (RFC 5545): all-day events, stable UIDs."""

import datetime as dt

from django.utils import timezone
from icalendar import Calendar, Event

from .selectors import FeedEvent


def calendar_ics(events: list[FeedEvent], *, name: str, stamp: dt.datetime | None = None) -> bytes:
    """The events as one calendar; `stamp` (DTSTAMP) is now unless given (the portal gives the day's start, so a
    calendar reads the same all day and its ETag holds)."""
    cal = Calendar()
    cal.add("prodid", "-//Kembar//alerts//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = (stamp or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end)
        ev.add("summary", e.summary)
        if e.description:
            ev.add("description", e.description)
        if e.url:
            ev.add("url", e.url)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()
