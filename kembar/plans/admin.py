from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CooperationPlan


@admin.register(CooperationPlan)
class CooperationPlanAdmin(SimpleHistoryAdmin):
    list_display = ("cooperation", "number", "status", "region", "submitted_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("cooperation__title", "cooperation__ref")
    raw_id_fields = ("cooperation", "submitted_by", "decided_by", "document", "document_file", "decision_document")
