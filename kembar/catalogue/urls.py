from django.urls import path

from . import public, views

urlpatterns = [
    # The trade office's pages.
    path("r/<str:code>/katalog/", views.edition_list, name="catalogue_editions"),
    path("r/<str:code>/katalog/edisi/<int:pk>/", views.edition_detail, name="catalogue_edition"),
    path("r/<str:code>/katalog/edisi/<int:pk>/produk/", views.edition_choose, name="catalogue_edition_choose"),
    path("r/<str:code>/katalog/edisi/<int:pk>/terbitkan/", views.edition_publish, name="catalogue_edition_publish"),
    path("r/<str:code>/katalog/edisi/<int:pk>/tarik/", views.edition_withdraw, name="catalogue_edition_withdraw"),
    path(
        "r/<str:code>/katalog/edisi/<int:pk>/terbitkan-lagi/",
        views.edition_republish,
        name="catalogue_edition_republish",
    ),
    path("r/<str:code>/katalog/edisi/<int:pk>/hapus/", views.edition_delete, name="catalogue_edition_delete"),
    path("r/<str:code>/katalog/edisi/<int:pk>/pdf/", views.pdf_request, name="catalogue_pdf_request"),
    path("r/<str:code>/katalog/pdf/<int:pk>/", views.pdf_progress, name="catalogue_pdf_progress"),
    path("r/<str:code>/katalog/pdf/<int:pk>/unduh/", views.pdf_download, name="catalogue_pdf_download"),
    path("r/<str:code>/katalog/distribusi/", views.distribution, name="catalogue_distribution"),
    path("r/<str:code>/katalog/distribusi/kirim/", views.distribution_send, name="catalogue_distribution_send"),
    path("r/<str:code>/katalog/distribusi/<int:pk>/hapus/", views.point_delete, name="catalogue_point_delete"),
    path("r/<str:code>/katalog/cari/", views.search_page, name="catalogue_search"),
    path("r/<str:code>/katalog/pengaturan/", views.settings_page, name="catalogue_settings"),
    # The online catalogue (no login).
    path("katalog/sitemap.xml", public.sitemap, name="catalogue_sitemap"),
    path("katalog/<str:code>/", public.region_page, name="catalogue_public_region"),
    path("katalog/<str:code>/cari/", public.search_page, name="catalogue_public_search"),
    path("katalog/<str:code>/<int:number>/", public.edition_page, name="catalogue_public_edition"),
    path("katalog/<str:code>/<int:number>/katalog.pdf", public.edition_pdf, name="catalogue_public_pdf"),
    path("katalog/<str:code>/<int:number>/panduan.pdf", public.guide, name="catalogue_public_guide"),
    path("katalog/<str:code>/<int:number>/<int:position>/", public.item_page, name="catalogue_public_item"),
    path("katalog/<str:code>/<int:number>/<int:position>/foto.jpg", public.item_photo, name="catalogue_public_photo"),
]
