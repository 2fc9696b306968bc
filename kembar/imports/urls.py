from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/import/", views.import_index, name="import_index"),
    path("r/<str:code>/import/<int:pk>/", views.import_job, name="import_job"),
    path("r/<str:code>/import/<int:pk>/progress/", views.import_job_progress, name="import_job_progress"),
    path("r/<str:code>/import/template-<str:kind>.xlsx", views.import_template, name="import_template"),
    path("r/<str:code>/export/<str:name>.<str:fmt>", views.export_list, name="export_list"),
]
