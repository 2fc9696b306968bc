from django.urls import path

from . import views

urlpatterns = [
    path(
        "r/<str:code>/cooperations/<slug:ref>/evaluation/",
        views.cooperation_evaluation,
        name="cooperation_evaluation",
    ),
    path("r/<str:code>/evaluation/settings/", views.evaluation_settings, name="evaluation_settings"),
]
