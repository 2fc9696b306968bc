from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ConditionAttestation


@admin.register(ConditionAttestation)
class ConditionAttestationAdmin(SimpleHistoryAdmin):
    list_display = ["cooperation", "set_id", "item_id", "met", "attested_by", "attested_at", "region"]
    list_filter = ["met", "set_id"]
    search_fields = ["cooperation__title", "item_id", "evidence"]
    list_select_related = ["cooperation", "attested_by", "region"]
    raw_id_fields = ["cooperation", "evidence_document"]
