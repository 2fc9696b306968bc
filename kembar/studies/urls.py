from django.urls import path

from . import views

_C = "r/<str:code>/studies/<int:pk>/candidates/<int:cid>/"

urlpatterns = [
    path("r/<str:code>/studies/", views.studies_search, name="studies_search"),
    path("r/<str:code>/studies/save/", views.studies_search_save, name="studies_search_save"),
    path("r/<str:code>/studies/<int:pk>/", views.studies_detail, name="studies_detail"),
    path("r/<str:code>/studies/<int:pk>/shortlist/", views.studies_shortlist_add, name="studies_shortlist_add"),
    path("r/<str:code>/studies/<int:pk>/study.pdf", views.studies_pdf, name="studies_pdf"),
    path("r/<str:code>/studies/<int:pk>/study.docx", views.studies_docx, name="studies_docx"),
    path(_C, views.studies_candidate, name="studies_candidate"),
    path(_C + "notes/", views.studies_note_add, name="studies_note_add"),
    path(_C + "notes/<int:nid>/remove/", views.studies_note_remove, name="studies_note_remove"),
    path(_C + "notes/<int:nid>/restore/", views.studies_note_restore, name="studies_note_restore"),
    path(_C + "reason/", views.studies_candidate_reason, name="studies_candidate_reason"),
    path(_C + "remove/", views.studies_candidate_remove, name="studies_candidate_remove"),
    path(_C + "restore/", views.studies_candidate_restore, name="studies_candidate_restore"),
    path(_C + "choose/", views.studies_choose, name="studies_choose"),
]
