from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Alert, FeedToken, Preference


@admin.register(Alert)
class AlertAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "level", "due", "user", "region", "read_at", "emailed_at", "created_at"]
    list_filter = ["kind", "level", "region"]
    search_fields = ["title", "key", "user__username"]
    raw_id_fields = ["user", "cooperation", "region"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "email"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "used_at"]
    readonly_fields = ["digest"]
