from django.urls import path

from . import views

urlpatterns = [
    path("r/<str:code>/plans/", views.plan_list, name="plan_list"),
    path("r/<str:code>/plans/<int:pk>/", views.plan_review, name="plan_review"),
    path("r/<str:code>/plans/<int:pk>/decide/", views.plan_decide, name="plan_decide"),
    path("r/<str:code>/cooperations/<slug:ref>/plan/", views.plan_edit, name="plan_edit"),
    path("r/<str:code>/cooperations/<slug:ref>/plan/plan.docx", views.plan_docx, name="plan_docx"),
    path("r/<str:code>/cooperations/<slug:ref>/plan/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("r/<str:code>/cooperations/<slug:ref>/mou-draft.docx", views.mou_draft_docx, name="mou_draft_docx"),
    path("r/<str:code>/cooperations/<slug:ref>/mou-draft/", views.mou_draft, name="mou_draft"),
]
