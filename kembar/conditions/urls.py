from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/cooperations/<slug:ref>/conditions/", views.condition_checklist, name="condition_checklist"),
    path("r/<str:code>/cooperations/<slug:ref>/conditions/attest/", views.condition_attest, name="condition_attest"),
]
