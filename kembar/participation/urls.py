from django.urls import path

from . import views

urlpatterns = [
    # The portal: anyone proposes, on a published cooperation or (a new partner city) on its region's page.
    path("usul/<str:code>/", views.propose, name="proposal_new_partner"),
    path("usul/<str:code>/<slug:ref>/", views.propose, name="proposal_create"),
    path("usulan/terkirim/", views.sent, name="proposal_sent"),
    # The proposer's own pages, behind the secret link of their email.
    path("usulan/<str:secret>/", views.status, name="proposal_status"),
    path("usulan/<str:secret>/konfirmasi/<str:signed>/", views.verify, name="proposal_verify"),
    path("usulan/<str:secret>/data/", views.data, name="proposal_data"),
    path("usulan/<str:secret>/hapus/", views.erase, name="proposal_erase"),
    # The bureau's triage.
    path("r/<str:code>/usulan/", views.proposal_list, name="proposal_list"),
    path("r/<str:code>/usulan/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("r/<str:code>/usulan/<int:pk>/tinjau/", views.proposal_review, name="proposal_review"),
    path("r/<str:code>/usulan/<int:pk>/terima/", views.proposal_accept, name="proposal_accept"),
    path("r/<str:code>/usulan/<int:pk>/tolak/", views.proposal_decline, name="proposal_decline"),
    # Sign-ups for upcoming public activities: anyone signs up; their own page behind the secret link.
    path("daftar/<str:code>/<slug:ref>/<int:pk>/", views.signup, name="signup_create"),
    path("pendaftaran/terkirim/", views.signup_sent, name="signup_sent"),
    path("pendaftaran/<str:secret>/", views.signup_status, name="signup_status"),
    path("pendaftaran/<str:secret>/batal/", views.signup_cancel, name="signup_cancel"),
    path("pendaftaran/<str:secret>/data/", views.signup_data, name="signup_data"),
    path("pendaftaran/<str:secret>/hapus/", views.signup_erase, name="signup_erase"),
    # The bureau's lists of sign-ups and the places of each activity.
    path("r/<str:code>/pendaftaran/", views.signup_activities, name="signup_activities"),
    path("r/<str:code>/pendaftaran/<int:pk>/", views.signup_detail, name="signup_detail"),
    path("r/<str:code>/pendaftaran/<int:pk>/tempat/", views.signup_capacity, name="signup_capacity"),
    # Organisations: register once with a region, confirm the email; their page behind the secret link.
    path("organisasi/daftar/<str:code>/", views.organisation_register, name="organisation_create"),
    path("organisasi/terkirim/", views.organisation_sent, name="organisation_sent"),
    path("organisasi/<str:secret>/", views.organisation_status, name="organisation_status"),
    path("organisasi/<str:secret>/konfirmasi/<str:signed>/", views.organisation_verify, name="organisation_verify"),
    path("organisasi/<str:secret>/data/", views.organisation_data, name="organisation_data"),
    path("organisasi/<str:secret>/hapus/", views.organisation_erase, name="organisation_erase"),
    # The bureau verifies them.
    path("r/<str:code>/organisasi/", views.organisation_list, name="organisation_list"),
    path("r/<str:code>/organisasi/<int:pk>/putuskan/", views.organisation_decide, name="organisation_decide"),
]
