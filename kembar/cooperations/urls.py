from django.urls import path

from . import views

urlpatterns = [
    path("national/", views.national, name="national"),
    path("r/<str:code>/", views.cooperation_list, name="cooperation_list"),
    path("r/<str:code>/cooperations/new/", views.cooperation_create, name="cooperation_create"),
    path("r/<str:code>/cooperations-selected/", views.cooperation_bulk, name="cooperation_bulk"),
    path("r/<str:code>/cooperations/<slug:ref>/", views.cooperation_detail, name="cooperation_detail"),
    path("r/<str:code>/cooperations/<slug:ref>/edit/", views.cooperation_edit, name="cooperation_edit"),
    path("r/<str:code>/cooperations/<slug:ref>/delete/", views.cooperation_delete, name="cooperation_delete"),
    path("r/<str:code>/cooperations/<slug:ref>/history/", views.cooperation_history, name="cooperation_history"),
    path("r/<str:code>/cooperations/<slug:ref>/case.yaml", views.cooperation_export, name="cooperation_export"),
    path("r/<str:code>/cooperations/<slug:ref>/documents/new/", views.document_create, name="document_create"),
    path("r/<str:code>/documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("r/<str:code>/documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("r/<str:code>/documents/<int:pk>/delete/", views.document_delete, name="document_delete"),
    path("r/<str:code>/files/<int:pk>/", views.file_download, name="file_download"),
    path("r/<str:code>/documents/<int:pk>/renew/", views.document_renew, name="document_renew"),
    path("r/<str:code>/deadlines/", views.deadlines, name="deadlines"),
    path("r/<str:code>/settings/", views.region_settings, name="region_settings"),
    path("r/<str:code>/trash/", views.trash, name="trash"),
    path("r/<str:code>/trash/<str:kind>/<int:pk>/restore/", views.trash_restore, name="trash_restore"),
]

urlpatterns += [
    path("r/<str:code>/cooperations/<slug:ref>/activities/", views.activity_list, name="activity_list"),
    path("r/<str:code>/cooperations/<slug:ref>/activities/new/", views.activity_create, name="activity_create"),
    path("r/<str:code>/activities/", views.activity_region_list, name="activity_region_list"),
    path("r/<str:code>/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("r/<str:code>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("r/<str:code>/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("r/<str:code>/activity-files/<int:pk>/", views.activity_file_download, name="activity_file_download"),
]
