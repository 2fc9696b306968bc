from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/dashboard/", views.region_dashboard, name="dashboard"),
    path("national/dashboard/", views.national_dashboard, name="national_dashboard"),
    path("map/world-<str:digest>.svg", views.world_map_base, name="world_map_base"),
]
