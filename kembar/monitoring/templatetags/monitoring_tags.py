"""Template tags of monitoring: the dossier panel's data and labels for occurrence statuses."""

from django import template
from django.utils.translation import gettext as _

from kembar.core.dates import DateSpec

from .. import schedule
from ..forms import STATUS_LABELS
from ..selectors import handover_list, obligation_statuses

register = template.Library()


@register.simple_tag
def monitoring_panel(coop) -> dict:
    """The cooperation's obligations with their schedules and its latest handovers (three queries)."""
    return {
        "statuses": obligation_statuses(region=coop.region, cooperation=coop),
        "handovers": handover_list(region=coop.region, cooperation=coop, limit=3),
    }


@register.filter
def occurrence_status(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


@register.filter
def due_day(occ) -> str:
    """An occurrence's due day; "by …" when it is the latest possible day (a partial start)."""
    day = DateSpec.parse(occ.due).display()
    return day if occ.exact else _("by %(date)s") % {"date": day}


@register.filter
def recurrence_label(code) -> str:
    from ..models import Recurrence

    if code is None:
        return _("unknown recurrence")
    try:
        return str(Recurrence(code).label)
    except ValueError:  # a recurrence recorded in other words: shown as words, never as a key
        from kembar.core.words import key_label

        return key_label(code)


@register.filter
def schedule_problem(code: str) -> str:
    return {
        schedule.NO_START: _("no start date: no due dates can be derived"),
        schedule.OPEN_START: _("the start is only bounded from below: no due dates can be derived"),
        schedule.UNKNOWN_RECURRENCE: _("recurrence not understood: set it in the terms"),
    }.get(code, code)


@register.filter
def overdue_basis(code: str) -> str:
    return {
        schedule.PER_SOURCE: _("the source says it was not fulfilled"),
        schedule.NO_RECORD: _("no fulfilment recorded"),
    }.get(code, code)


@register.simple_tag
def obligations_headline(statuses) -> dict:
    """For the dossier's summary, from the panel's statuses: the first obligation due next (`next`: its status,
    `due`: its occurrence) and how many occurrences are overdue (`overdue`)."""
    upcoming = [(st.schedule.next_due, st) for st in statuses if not st.schedule.problem and st.schedule.next_due]
    due, first = min(upcoming, key=lambda pair: pair[0].due, default=(None, None))
    return {"next": first, "due": due, "overdue": sum(len(st.schedule.overdue) for st in statuses)}
