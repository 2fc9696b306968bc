from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, ActivityFile, Cooperation, Document, DocumentFile, Event, Finding, Obligation, Source


@admin.register(Cooperation)
class CooperationAdmin(SimpleHistoryAdmin):
    list_display = ["title", "ref", "region", "partner", "type", "form", "status", "deleted_at"]
    list_filter = ["type", "form", "status"]
    search_fields = ["title", "ref", "partner__name"]
    list_select_related = ["region", "partner"]

    def get_queryset(self, request):
        return Cooperation.all_objects.select_related("region", "partner")  # superusers see the trash too


class DossierItemAdmin(SimpleHistoryAdmin):
    list_select_related = ["cooperation", "region"]
    search_fields = ["cooperation__title"]


@admin.register(Document)
class DocumentAdmin(DossierItemAdmin):
    list_display = ["title", "kind", "cooperation", "region"]
    list_filter = ["kind"]


@admin.register(DocumentFile)
class DocumentFileAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "document", "version", "size", "sha256"]
    readonly_fields = ["file", "version", "sha256", "size", "content_type", "original_name", "uploaded_by"]


for model in (Source, Event, Obligation, Activity, Finding):
    admin.site.register(model, DossierItemAdmin)


@admin.register(ActivityFile)
class ActivityFileAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "activity", "size", "sha256"]
    readonly_fields = ["file", "sha256", "size", "content_type", "original_name", "uploaded_by"]
