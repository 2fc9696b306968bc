from django.urls import path

from . import views

urlpatterns = [
    path("rules/", views.rule_pack_list, name="rule_pack_list"),
    path("rules/<slug:pack_id>/", views.rule_pack_detail, name="rule_pack_detail"),
    path("rules/<slug:pack_id>/new-version/", views.rule_pack_new_version, name="rule_pack_new_version"),
    path("r/<str:code>/cooperations/<slug:ref>/procedure/start/", views.procedure_start, name="procedure_start"),
    path(
        "r/<str:code>/cooperations/<slug:ref>/procedure/complete/", views.procedure_complete, name="procedure_complete"
    ),
    path(
        "r/<str:code>/cooperations/<slug:ref>/procedure/send-back/",
        views.procedure_send_back,
        name="procedure_send_back",
    ),
]
