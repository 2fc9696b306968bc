from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Fulfilment, Handover, ObligationTerms


@admin.register(ObligationTerms)
class ObligationTermsAdmin(SimpleHistoryAdmin):
    list_display = ("obligation", "recurrence", "grace_days", "responsible", "region")
    raw_id_fields = ("obligation",)


@admin.register(Fulfilment)
class FulfilmentAdmin(SimpleHistoryAdmin):
    list_display = ("obligation", "due", "fulfilled_on", "cooperation", "region")
    raw_id_fields = ("cooperation", "obligation", "document", "recorded_by")


@admin.register(Handover)
class HandoverAdmin(SimpleHistoryAdmin):
    list_display = ("cooperation", "from_person", "to_person", "at", "region")
    search_fields = ("cooperation__title", "from_person", "to_person")
    raw_id_fields = ("cooperation", "by")
