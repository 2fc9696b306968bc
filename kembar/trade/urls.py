from django.urls import path

from . import views

urlpatterns = [
    # The trade office: the programme's dashboard and its channels (Mobile, Wall, Store, f4bdg).
    path("r/<str:code>/dagang/", views.dashboard, name="trade_dashboard"),
    path("r/<str:code>/dagang/kanal/", views.channel_list, name="trade_channel_list"),
    path("r/<str:code>/dagang/kanal/baru/<str:kind>/", views.channel_create, name="trade_channel_create"),
    path("r/<str:code>/dagang/kanal/<int:pk>/", views.channel_detail, name="trade_channel_detail"),
    path("r/<str:code>/dagang/kanal/<int:pk>/ubah/", views.channel_edit, name="trade_channel_edit"),
    path("r/<str:code>/dagang/kanal/<int:pk>/hapus/", views.channel_delete, name="trade_channel_delete"),
    path("r/<str:code>/dagang/kanal/<int:pk>/pulihkan/", views.channel_restore, name="trade_channel_restore"),
    path("r/<str:code>/dagang/kanal/<int:pk>/unit/", views.unit_add, name="trade_unit_add"),
    path("r/<str:code>/dagang/unit/<int:pk>/hapus/", views.unit_delete, name="trade_unit_delete"),
    path("r/<str:code>/dagang/kanal/<int:pk>/posting/", views.post_add, name="trade_post_add"),
    path("r/<str:code>/dagang/posting/<int:pk>/hapus/", views.post_delete, name="trade_post_delete"),
    # Buyers' inquiries: the trade office sees all, an SME owner those to their own SMEs.
    path("r/<str:code>/dagang/permintaan/", views.inquiry_list, name="trade_inquiry_list"),
    path("r/<str:code>/dagang/permintaan/<int:pk>/", views.inquiry_detail, name="trade_inquiry_detail"),
    path("r/<str:code>/dagang/permintaan/<int:pk>/status/", views.inquiry_move, name="trade_inquiry_move"),
    path("r/<str:code>/dagang/permintaan/<int:pk>/kesepakatan/", views.inquiry_deal, name="trade_inquiry_deal"),
    # The buyer (no login): the form in id/en/ko/ja, then the pages behind the secret link of their email.
    path("tanya/terkirim/<str:lang>/", views.inquiry_sent, name="trade_inquiry_sent"),
    path("tanya/konfirmasi/<str:secret>/<str:signed>/", views.inquiry_verify, name="trade_inquiry_verify"),
    path("tanya/status/<str:secret>/", views.inquiry_status, name="trade_inquiry_status"),
    path("tanya/status/<str:secret>/data/", views.inquiry_data, name="trade_inquiry_data"),
    path("tanya/status/<str:secret>/hapus/", views.inquiry_erase, name="trade_inquiry_erase"),
    path("tanya/<str:code>/<str:lang>/", views.inquiry_create, name="trade_inquiry_create"),
]
