from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/reports/", views.report_list, name="report_list"),
    path("r/<str:code>/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("r/<str:code>/reports/<int:pk>/progress/", views.report_progress, name="report_progress"),
    path("r/<str:code>/reports/<int:pk>/download/", views.report_download, name="report_download"),
]
