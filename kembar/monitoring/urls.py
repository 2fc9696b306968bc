from django.urls import path

from . import views

urlpatterns = [
    path(
        "r/<str:code>/cooperations/<slug:ref>/obligations/",
        views.cooperation_obligations,
        name="cooperation_obligations",
    ),
    path("r/<str:code>/obligations/", views.obligation_due_list, name="obligation_due_list"),
    path("r/<str:code>/obligations/<int:pk>/fulfil/", views.fulfilment_create, name="fulfilment_create"),
    path("r/<str:code>/obligations/<int:pk>/terms/", views.obligation_terms_edit, name="obligation_terms_edit"),
    path("r/<str:code>/capacity/", views.capacity, name="capacity"),
    path("r/<str:code>/capacity/staff/", views.capacity_staff, name="capacity_staff"),
]
