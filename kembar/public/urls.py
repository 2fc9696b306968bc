from django.urls import path

from . import feeds, views

urlpatterns = [
    # The portal: no login. `/` is the directory for a visitor, the staff's start for a logged-in user.
    path("", views.front, name="home"),
    path("daerah/", views.directory, name="public_directory"),
    path("daerah/<str:code>/", views.region, name="public_region"),
    path("daerah/<str:code>/<slug:ref>/", views.cooperation, name="public_cooperation"),
    # Feeds (Atom) of public activities and calendars (iCal) of upcoming ones; names with a dot never clash with a ref.
    path("daerah/<str:code>/kegiatan.atom", feeds.region_feed, name="public_region_feed"),
    path("daerah/<str:code>/agenda.ics", feeds.region_calendar, name="public_region_ics"),
    path("daerah/<str:code>/<slug:ref>/kegiatan.atom", feeds.cooperation_feed, name="public_cooperation_feed"),
    path("daerah/<str:code>/<slug:ref>/agenda.ics", feeds.cooperation_calendar, name="public_cooperation_ics"),
    # Open data: the directory as CSV and JSON (the directory's filters), and what each column means.
    path("data/", views.data_dictionary, name="public_data"),
    path("data/kerja-sama.csv", views.data_csv, name="public_data_csv"),
    path("data/kerja-sama.json", views.data_json, name="public_data_json"),
    path("sitemap.xml", views.sitemap, name="public_sitemap"),
    path("robots.txt", views.robots, name="public_robots"),
    path("daerah/<str:code>/<slug:ref>/dokumen/<int:pk>/", views.document_file, name="public_document_file"),
    # Publishing, by the bureau.
    path("r/<str:code>/cooperations/<slug:ref>/publish/", views.cooperation_publish, name="cooperation_publish"),
    path("r/<str:code>/public/<str:kind>/<int:pk>/", views.item_publish, name="item_publish"),
    path("r/<str:code>/settings/public/", views.publication_rules, name="publication_rules"),
]
