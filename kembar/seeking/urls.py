from django.urls import path

from . import views

urlpatterns = [
    # The portal: regions seeking partners, in id/en/ko/ja/zh (?lang=); anyone abroad expresses interest.
    path("mencari-mitra/", views.seeking_list, name="seeking_list"),
    path("daerah/<str:code>/mencari-mitra/", views.seeking_region, name="seeking_region"),
    path("daerah/<str:code>/mencari-mitra/minat/", views.interest_create, name="seeking_interest_create"),
    path("minat/terkirim/", views.interest_sent, name="seeking_interest_sent"),
    # The sender's own pages, behind the secret link of their email.
    path("minat/<str:secret>/", views.interest_status, name="seeking_interest_status"),
    path("minat/<str:secret>/konfirmasi/<str:signed>/", views.interest_verify, name="seeking_interest_verify"),
    path("minat/<str:secret>/data/", views.interest_data, name="seeking_interest_data"),
    path("minat/<str:secret>/hapus/", views.interest_erase, name="seeking_interest_erase"),
    # The bureau: its publication and the interests addressed to it, ranked.
    path("r/<str:code>/mencari-mitra/", views.bureau, name="seeking_bureau"),
    path("r/<str:code>/mencari-mitra/terbitkan/", views.bureau_publish, name="seeking_publish"),
    path("r/<str:code>/minat/<int:pk>/", views.interest_detail, name="seeking_interest_detail"),
    path("r/<str:code>/minat/<int:pk>/status/", views.interest_move, name="seeking_interest_move"),
    # National roles: seeking regions × interests across Indonesia.
    path("national/mencari-mitra/", views.national, name="seeking_national"),
]
