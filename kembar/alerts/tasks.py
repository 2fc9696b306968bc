"""Background tasks (django-tasks; docs/adr/0012-tasks-and-feeds.md). Arguments are JSON: dates as text."""

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def alerts_daily(as_of: str | None = None) -> dict:
    """Find what needs attention in every region with cooperations, create the missing alerts, and
    queue one digest email per user who has new ones."""
    from kembar.catalogue.services import pdf_fail_stalled
    from kembar.cooperations import facts
    from kembar.imports.services import import_fail_stalled
    from kembar.reports.services import report_fail_stalled

    from .services import alerts_run

    facts.refresh_statuses()  # a new day: the stored statuses whose days have run out are worked out again
    report_fail_stalled()  # reports whose worker died while building them are recorded as failed
    import_fail_stalled()  # and so are imports whose worker died while writing them
    pdf_fail_stalled()  # and the SME catalogue's print PDFs
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    result = alerts_run(as_of=day)
    for user_id in result["digests"]:
        alerts_digest.enqueue(user_id=user_id)
    return result


@task()
def alerts_digest(user_id: int) -> int:
    """Email one user the alerts they have not been emailed yet."""
    from kembar.accounts.models import User

    from .services import digest_send

    user = User.objects.filter(pk=user_id).first()
    return digest_send(user=user) if user else 0
