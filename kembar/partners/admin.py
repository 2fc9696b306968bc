from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Country, Partner


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_id", "diplomatic_relations", "verified"]
    list_filter = ["diplomatic_relations", "verified"]
    search_fields = ["code", "name_en", "name_id"]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_local", "country", "region", "kind", "level"]
    list_filter = ["kind", "level"]
    search_fields = ["name", "name_local"]
    list_select_related = ["country", "region"]
