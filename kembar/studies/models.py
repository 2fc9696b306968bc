"""The potential-partner study: a saved search's shortlist, staff notes with their sources, and the choice.

A shortlist hangs on a saved search of kembar.discovery (its weights and filters are the study's method);
each candidate is a place of the world's places. Removing a candidate is a soft delete (restored from the
same page), and every change is in the history, so the study shows who shortlisted what and why.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.models import TenantModel, done_by

#: Bounds: candidates on one shortlist, notes on one candidate, fields named by one note, and text lengths.
MAX_CANDIDATES = 20
MAX_NOTES = 30
MAX_NOTE_FIELDS = 10
MAX_FIELD_LENGTH = 100
MAX_TEXT = 2000
MAX_SOURCE = 500


class Candidate(TenantModel):
    """A place shortlisted from a saved search, with the rank and score it had when it was shortlisted."""

    search = models.ForeignKey(
        "discovery.SavedSearch", on_delete=models.CASCADE, related_name="+", verbose_name=_("saved search")
    )
    place = models.ForeignKey("discovery.Place", on_delete=models.PROTECT, related_name="+", verbose_name=_("place"))
    rank = models.PositiveIntegerField(_("rank when shortlisted"), null=True, blank=True)
    score = models.FloatField(_("score when shortlisted"), null=True, blank=True)
    reason = models.TextField(_("why it is on the shortlist"), max_length=MAX_TEXT, blank=True)
    added_by = done_by(_("shortlisted by"))

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("shortlisted candidate")
        verbose_name_plural = _("shortlisted candidates")
        # One row per place and search, removed or not: shortlisting a removed place again restores it.
        constraints = [models.UniqueConstraint(fields=["search", "place"], name="unique_candidate_place")]

    def __str__(self):
        return str(self.place_id)


class CandidateNote(TenantModel):
    """What staff found out about a candidate, with its source; the fields it names count in the ranking's
    fields criterion (what the candidate is known to cooperate in)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=MAX_TEXT)
    fields = models.JSONField(_("fields of cooperation it names"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=MAX_SOURCE, blank=True)
    url = models.URLField(_("address of the source"), max_length=MAX_SOURCE, blank=True)
    by = done_by(_("written by"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note on a candidate")
        verbose_name_plural = _("notes on candidates")

    def __str__(self):
        return self.text[:60]


class Choice(TenantModel):
    """The candidate the region chose: the partner and the cooperation it became, and the study filed at the
    first stage of the cooperation's procedure. One per candidate: choosing again leads to the same ones."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.PROTECT, related_name="choice", verbose_name=_("candidate")
    )
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    cooperation = models.ForeignKey("cooperations.Cooperation", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(
        "cooperations.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pack_id = models.CharField(_("rule pack"), max_length=60)
    stage_id = models.CharField(_("stage"), max_length=60)
    partner_created = models.BooleanField(_("partner created by the choice"), default=False)
    by = done_by(_("chosen by"))

    class Meta:
        verbose_name = _("chosen candidate")
        verbose_name_plural = _("chosen candidates")

    def __str__(self):
        return f"{self.candidate_id} → {self.cooperation_id}"
