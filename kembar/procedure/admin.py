from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CooperationProcedure, RulePack, StageRecord


@admin.register(RulePack)
class RulePackAdmin(SimpleHistoryAdmin):
    """Read-only here: versions are published through /rules/<pack>/new-version/, never edited in place."""

    list_display = ["pack_id", "version", "created_at", "created_by", "note"]
    list_filter = ["pack_id"]
    readonly_fields = ["pack_id", "version", "data", "created_by", "note"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CooperationProcedure)
class CooperationProcedureAdmin(SimpleHistoryAdmin):
    list_display = ["cooperation", "pack", "started_at", "region"]
    list_select_related = ["cooperation", "pack", "region"]
    readonly_fields = ["cooperation", "pack", "started_at", "region"]


@admin.register(StageRecord)
class StageRecordAdmin(SimpleHistoryAdmin):
    list_display = ["cooperation", "stage_id", "action", "compressed", "by", "at"]
    list_filter = ["action"]
    list_select_related = ["cooperation", "by"]
    readonly_fields = ["cooperation", "stage_id", "action", "justification", "compressed", "documents", "by", "at"]
