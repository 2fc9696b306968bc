"""Alerts are current when a user looks: a write to a cooperation's records makes its alerts current once the
transaction commits (services.alerts_refresh_on_commit), whichever door wrote it — a form, the API, an import.
The daily run (`kembar alerts run`) still follows the passage of time: a silence that grows, a date that falls due.

The records that can start or end an alert's condition: the cooperation itself (its status, its start), its
activities (dormancy), events (a signing starts the silence's count), documents (validity, letters of intent),
obligations and their fulfilment records (due, overdue)."""

from django.db.models.signals import post_delete, post_save


def _written(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    from kembar.cooperations.models import Activity, Cooperation

    from .services import alerts_refresh_on_commit

    cid = instance.pk if isinstance(instance, Cooperation) else getattr(instance, "cooperation_id", None)
    if cid is None:
        return
    if kwargs.get("created") and isinstance(instance, Activity) and not _holds_condition_alerts(cid):
        return  # a new activity only shortens a silence: it can end an alert's condition, never start one
    alerts_refresh_on_commit(cid)


def _holds_condition_alerts(cooperation_id: int) -> bool:
    from .models import Alert
    from .services import CONDITION_KINDS

    return Alert.all_objects.filter(cooperation_id=cooperation_id, kind__in=CONDITION_KINDS).exists()


def connect() -> None:
    from kembar.cooperations.models import Activity, Cooperation, Document, Event, Obligation
    from kembar.monitoring.models import Fulfilment

    for model in (Cooperation, Activity, Event, Document, Obligation, Fulfilment):
        for signal in (post_save, post_delete):
            signal.connect(_written, sender=model, dispatch_uid=f"kembar-alerts-{model.__name__}-{id(signal)}")
