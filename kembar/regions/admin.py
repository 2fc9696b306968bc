from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Region, RegionProfile


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(RegionProfile)
class RegionProfileAdmin(SimpleHistoryAdmin):
    list_display = ["region", "bureau_unit", "bureau_staff"]
