from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/partners/", views.partner_list, name="partner_list"),
    path("r/<str:code>/partners/new/", views.partner_create, name="partner_create"),
    path("r/<str:code>/partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("countries/", views.country_list, name="country_list"),
    path("countries/<str:code>/edit/", views.country_edit, name="country_edit"),
]
