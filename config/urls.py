from django.contrib import admin
from django.urls import include, path

# 503 while the database cannot be reached, the usual 500 page otherwise (kembar/core/errors.py).
handler500 = "kembar.core.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kembar.accounts.urls")),
    path("", include("kembar.dashboards.urls")),
    path("", include("kembar.cooperations.urls")),
    path("", include("kembar.partners.urls")),
    path("", include("kembar.procedure.urls")),
    path("", include("kembar.conditions.urls")),
    path("", include("kembar.plans.urls")),
    path("", include("kembar.evaluation.urls")),
    path("", include("kembar.monitoring.urls")),
    path("", include("kembar.alerts.urls")),
    path("", include("kembar.reports.urls")),
    path("", include("kembar.imports.urls")),
    path("", include("kembar.search.urls")),
    path("", include("kembar.participation.urls")),
    path("", include("kembar.smes.urls")),
    path("", include("kembar.catalogue.urls")),
    path("", include("kembar.trade.urls")),
    path("", include("kembar.discovery.urls")),
    path("", include("kembar.studies.urls")),
    path("", include("kembar.seeking.urls")),
    path("", include("kembar.public.urls")),
    path("", include("kembar.api.urls")),
]
