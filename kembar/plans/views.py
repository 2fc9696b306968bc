"""Screens of the cooperation plan: the bureau's editor, the DPRD's review, generated documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kembar.accounts.models import Role
from kembar.cooperations import selectors as coop_selectors
from kembar.cooperations.models import Cooperation
from kembar.cooperations.views import upload_posted
from kembar.core import once
from kembar.core.forms import apply_errors
from kembar.core.views import paginate, region_view

from . import documents, selectors, services
from .forms import DecisionForm, MouUploadForm, PlanForm
from .models import CooperationPlan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _coop(request, ref) -> Cooperation:
    try:
        return coop_selectors.cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None


def _plan(request, pk) -> CooperationPlan:
    try:
        return selectors.plan_get(region=request.region, pk=pk)
    except CooperationPlan.DoesNotExist:
        raise Http404 from None


def _current(request, coop) -> CooperationPlan:
    plan = selectors.plan_current(cooperation=coop)
    if plan is None:
        raise Http404
    plan.cooperation = coop  # already loaded with its region and partner
    return plan


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _is_dprd(request) -> bool:
    return Role.DPRD in request.access.roles


@region_view(edit=True)
@once.creates
def plan_edit(request, ref):
    coop = _coop(request, ref)
    requirements = selectors.plan_requirements(cooperation=coop)
    plans = selectors.plan_list(cooperation=coop)
    current = plans[0] if plans else None
    editable = current is None or current.status in (CooperationPlan.Status.DRAFT, CooperationPlan.Status.REJECTED)
    initial = {}
    if current is not None:
        initial = {PlanForm.field_name(item): current.contents.get(item["id"], "") for item in requirements.items}
    form = PlanForm(request.POST or None, initial=initial, requirements=requirements)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                plan = services.plan_save(cooperation=coop, by=request.user, contents=form.contents())
                if request.POST.get("action") == "submit":
                    plan = services.plan_submit(plan=plan, by=request.user)
                submission.leads_to(reverse("plan_edit", args=[request.region.code, coop.ref]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if plan.status == CooperationPlan.Status.SUBMITTED:
                messages.success(request, _("Plan %(n)s submitted to the DPRD.") % {"n": plan.number})
            else:
                messages.success(request, _("Plan %(n)s saved as a draft.") % {"n": plan.number})
            return redirect("plan_edit", code=request.region.code, ref=coop.ref)
    return render(
        request,
        "plans/plan_edit.html",
        {
            "coop": coop,
            "form": form,
            "requirements": requirements,
            "plans": plans,
            "current": current,
            "editable": editable,
        },
        status=400 if request.method == "POST" else 200,  # a refused save or submission, its errors at its fields
    )


@region_view()
def plan_docx(request, ref):
    coop = _coop(request, ref)
    plan = _current(request, coop)
    return _attachment(documents.plan_docx(plan), DOCX, f"rencana-kerja-sama-{coop.ref}-{plan.number}.docx")


@region_view()
def plan_pdf(request, ref):
    coop = _coop(request, ref)
    plan = _current(request, coop)
    return _attachment(documents.plan_pdf(plan), "application/pdf", f"rencana-kerja-sama-{coop.ref}-{plan.number}.pdf")


@region_view()
def plan_list(request):
    page = paginate(request, selectors.plan_list_for_dprd(region=request.region))
    return render(request, "plans/plan_list.html", {"page": page, "is_dprd": _is_dprd(request)})


@region_view()
def plan_review(request, pk):
    plan = _plan(request, pk)
    return render(
        request,
        "plans/plan_review.html",
        {
            "plan": plan,
            "coop": plan.cooperation,
            "plans": selectors.plan_list(cooperation=plan.cooperation),
            "is_dprd": _is_dprd(request),
        },
    )


@region_view()
@once.creates
def plan_decide(request, pk):
    if not _is_dprd(request):
        raise PermissionDenied
    plan = _plan(request, pk)
    form = DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approve = data["decision"] == "approve"
            with once.consuming(request) as submission:
                plan = services.plan_decide(
                    plan=plan, by=request.user, approve=approve, notes=data["notes"], letter=data["letter"]
                )
                submission.leads_to(reverse("plan_review", args=[request.region.code, plan.pk]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if plan.status == CooperationPlan.Status.APPROVED:
                messages.success(request, _("Plan %(n)s approved.") % {"n": plan.number})
            else:
                messages.success(request, _("Plan %(n)s rejected; the bureau can revise it.") % {"n": plan.number})
            return redirect("plan_review", code=request.region.code, pk=plan.pk)
    context = {"plan": plan, "coop": plan.cooperation, "form": form}
    return render(request, "plans/plan_decide.html", context, status=400 if request.method == "POST" else 200)


@region_view()
def mou_draft_docx(request, ref):
    coop = _coop(request, ref)
    plan = selectors.plan_current(cooperation=coop)
    return _attachment(documents.mou_docx(coop, plan=plan), DOCX, f"draft-mou-{coop.ref}.docx")


@region_view()
@once.creates
def mou_draft(request, ref):
    """The edited drafts uploaded so far (every version) and, for editors, the form to upload the next one."""
    coop = _coop(request, ref)
    url = reverse("mou_draft", args=[request.region.code, coop.ref])
    form, version = upload_posted(request, MouUploadForm, url, services.mou_draft_upload, cooperation=coop)
    if version:
        messages.success(request, _("Draft MoU version %(n)s uploaded.") % {"n": version.version})
        return redirect(url)
    document = selectors.mou_draft_document(cooperation=coop)
    files = selectors.mou_draft_files(document=document)
    context = {"coop": coop, "document": document, "files": files, "form": form}
    return render(request, "plans/mou_draft.html", context, status=400 if request.method == "POST" else 200)
