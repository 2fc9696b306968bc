from django.apps import AppConfig
from django.db.models.signals import post_save


class EvaluationConfig(AppConfig):
    name = "kembar.evaluation"
    label = "evaluation"

    def ready(self):
        from kembar.cooperations import facts

        from . import selectors

        facts.status_by(selectors.status_windows)  # each stored facts row keeps the status and its days
        post_save.connect(_thresholds_changed, sender="regions.RegionProfile", dispatch_uid="kembar-status-thresholds")


def _thresholds_changed(sender, instance, raw=False, **kwargs):
    """A region's quiet and dormant thresholds decide its cooperations' stored status windows: write them again."""
    from kembar.cooperations import facts

    if not raw:
        facts.rebuild(region_ids=[instance.region_id])
