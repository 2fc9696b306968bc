from django.urls import path

from . import views

# The region's SME registry (Little Bandung): /r/<code>/umkm/…
urlpatterns = [
    path("r/<str:code>/umkm/", views.home, name="smes_home"),
    path("r/<str:code>/umkm/usaha/", views.sme_list, name="smes_sme_list"),
    path("r/<str:code>/umkm/usaha/baru/", views.sme_create, name="smes_sme_create"),
    path("r/<str:code>/umkm/usaha/<int:pk>/", views.sme_detail, name="smes_sme_detail"),
    path("r/<str:code>/umkm/usaha/<int:pk>/ubah/", views.sme_edit, name="smes_sme_edit"),
    path("r/<str:code>/umkm/usaha/<int:pk>/verifikasi/", views.sme_verify, name="smes_sme_verify"),
    path("r/<str:code>/umkm/usaha/<int:pk>/hapus/", views.sme_delete, name="smes_sme_delete"),
    path("r/<str:code>/umkm/usaha/<int:pk>/pulihkan/", views.sme_restore, name="smes_sme_restore"),
    path("r/<str:code>/umkm/usaha/<int:pk>/sertifikat/", views.certification_add, name="smes_certification_add"),
    path(
        "r/<str:code>/umkm/usaha/<int:pk>/sertifikat/<int:cert>/ubah/",
        views.certification_edit,
        name="smes_certification_edit",
    ),
    path(
        "r/<str:code>/umkm/usaha/<int:pk>/sertifikat/<int:cert>/hapus/",
        views.certification_delete,
        name="smes_certification_delete",
    ),
    path(
        "r/<str:code>/umkm/usaha/<int:pk>/sertifikat/<int:cert>/pulihkan/",
        views.certification_restore,
        name="smes_certification_restore",
    ),
    path("r/<str:code>/umkm/usaha/<int:pk>/produk-baru/", views.product_create, name="smes_product_create"),
    path("r/<str:code>/umkm/produk/", views.product_list, name="smes_product_list"),
    path("r/<str:code>/umkm/produk/<int:pk>/", views.product_detail, name="smes_product_detail"),
    path("r/<str:code>/umkm/produk/<int:pk>/ubah/", views.product_edit, name="smes_product_edit"),
    path("r/<str:code>/umkm/produk/<int:pk>/hapus/", views.product_delete, name="smes_product_delete"),
    path("r/<str:code>/umkm/produk/<int:pk>/pulihkan/", views.product_restore, name="smes_product_restore"),
    path("r/<str:code>/umkm/produk/<int:pk>/foto/", views.photo_add, name="smes_photo_add"),
    path("r/<str:code>/umkm/produk/<int:pk>/foto/<int:photo>/hapus/", views.photo_delete, name="smes_photo_delete"),
    path("r/<str:code>/umkm/produk/<int:pk>/foto/<int:photo>/<str:size>/", views.photo_file, name="smes_photo_file"),
    path("r/<str:code>/umkm/produk/<int:pk>/teks/<str:language>/", views.text_edit, name="smes_text_edit"),
    path("r/<str:code>/umkm/kelengkapan/", views.completeness, name="smes_completeness"),
    path("r/<str:code>/umkm/terjemahan/<str:language>/", views.queue, name="smes_queue"),
    path("r/<str:code>/umkm/terjemahan/<str:language>/ekspor.<str:fmt>", views.export, name="smes_export"),
    path("r/<str:code>/umkm/terjemahan/<str:language>/impor/", views.import_texts, name="smes_import"),
    path("r/<str:code>/umkm/penerjemah/", views.translators, name="smes_translators"),
    path("r/<str:code>/umkm/sampah/", views.trash, name="smes_trash"),
]
