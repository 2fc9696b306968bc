from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/discovery/profile/", views.discovery_profile, name="discovery_profile"),
    path("r/<str:code>/discovery/profile/edit/", views.discovery_profile_edit, name="discovery_profile_edit"),
]
