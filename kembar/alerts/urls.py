from django.urls import path

from . import views

urlpatterns = [
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/read/", views.alert_read, name="alert_read"),
    path("alerts/read-all/", views.alert_read_all, name="alert_read_all"),
    path("alerts/read-selected/", views.alert_read_selected, name="alert_read_selected"),
    path("alerts/preferences/", views.alert_preferences, name="alert_preferences"),
    path("alerts/feed/", views.alert_feed, name="alert_feed"),
    path("feeds/<str:token>.ics", views.alert_feed_ics, name="alert_feed_ics"),
]
