from django.urls import path

from . import views

urlpatterns = [
    # The portal: no login. `/` is the directory for a visitor, the staff's start for a logged-in user.
    path("", views.front, name="home"),
    path("daerah/", views.directory, name="public_directory"),
    path("daerah/<str:code>/", views.region, name="public_region"),
    path("daerah/<str:code>/<slug:ref>/", views.cooperation, name="public_cooperation"),
    path("daerah/<str:code>/<slug:ref>/dokumen/<int:pk>/", views.document_file, name="public_document_file"),
    # Publishing, by the bureau.
    path("r/<str:code>/cooperations/<slug:ref>/publish/", views.cooperation_publish, name="cooperation_publish"),
    path("r/<str:code>/public/<str:kind>/<int:pk>/", views.item_publish, name="item_publish"),
    path("r/<str:code>/settings/public/", views.publication_rules, name="publication_rules"),
]
