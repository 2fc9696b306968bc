"""The search index: one row per searchable record, written in the same transaction as the record (index.py).

The primary key is the record's place in the index, `index.key(kind, region, record)`: kind in the top bits,
then the region, then the record's id reversed (newest first in ascending order). A region's records of one
kind are therefore one range of keys, and both databases read a region's matches as a range (SQLite's FTS5
seeks to it by rowid), never the nation's matches filtered afterwards (docs/adr/0025)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    id = models.BigIntegerField(primary_key=True)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.PositiveSmallIntegerField()
    record_id = models.BigIntegerField()
    #: The cooperation a dossier item belongs to (its page is where the item is shown); None for a partner.
    cooperation_id = models.BigIntegerField(null=True, db_index=True)
    title = models.CharField(max_length=300)
    #: Every searchable word of the record, the title first (what the trigram index covers).
    text = models.TextField()
    #: The two-character runs of the Chinese, Japanese and Korean text, each closed by "|": a trigram index
    #: finds a two-character word (柳州, 수원) as "柳州|" here.
    cjk = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self):
        return self.title
