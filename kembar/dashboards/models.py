from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationFigures(models.Model):
    """What the region dashboard shows of a cooperation on the days from `since` up to the day before `until`
    (None: for good), worked out from its stored facts row of `version` (figures.py): derived, worked out again
    when the row has another version, the days have run out or the region's settings changed."""

    facts = models.OneToOneField(
        "cooperations.CooperationFacts", on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    version = models.BigIntegerField()
    figures = models.JSONField()
    since = models.DateField()
    until = models.DateField(null=True)

    class Meta:
        verbose_name = _("cooperation figures")
        verbose_name_plural = _("cooperation figures")

    def __str__(self):
        return str(self.facts_id)
