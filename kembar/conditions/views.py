"""Screens of the conditions checklist: the full list, and attesting a condition (bureau only)."""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kembar.cooperations.models import Cooperation, Document
from kembar.cooperations.selectors import cooperation_get
from kembar.core import once
from kembar.core.forms import apply_errors
from kembar.core.views import region_view

from . import selectors, services
from .forms import AttestationForm


def _cooperation(request, ref) -> Cooperation:
    try:
        return cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None


def _auto_id(key: str) -> str:
    # Many forms on one page: each gets its own element ids. The key comes from the request: only letters,
    # digits, "-" and "_" reach the id (a "%" would break Django's "%s" template of ids: a server error).
    return f"id_{re.sub(r'[^A-Za-z0-9_-]', '-', key)[:120]}_%s"


def _render_checklist(request, coop: Cooperation, *, bound: AttestationForm | None = None):
    items = selectors.checklist(cooperation=coop)
    choice = selectors.condition_pack(cooperation=coop)
    can_edit = request.access.can_edit
    documents = list(Document.objects.filter(cooperation=coop).only("pk", "title")) if can_edit else []
    bound_key = f"{bound.data.get('set_id')}--{bound.data.get('item_id')}" if bound is not None else None
    stray_errors = []
    for item in items:
        item.form = None
        if not (can_edit and item.attestable):
            continue
        if item.key == bound_key:
            item.form = bound
        else:
            item.form = AttestationForm(
                initial={"set_id": item.set_id, "item_id": item.item_id},
                documents=documents,
                auto_id=_auto_id(item.key),
            )
    if bound is not None and not any(item.form is bound for item in items):
        stray_errors = [e for errors in bound.errors.values() for e in errors]
    groups: list[dict] = []
    for item in items:
        if not groups or groups[-1]["set_id"] != item.set_id:
            groups.append(
                {
                    "set_id": item.set_id,
                    "title": item.set_title,
                    "confirmed": item.confirmed,
                    "applies": item.applies,
                    "items": [],
                }
            )
        groups[-1]["items"].append(item)
    context = {
        "coop": coop,
        "choice": choice,
        "groups": groups,
        "counts": selectors.counts(items),
        "stray_errors": stray_errors,
    }
    return render(request, "conditions/checklist.html", context)


@region_view()
def condition_checklist(request, ref):
    return _render_checklist(request, _cooperation(request, ref))


@region_view(edit=True)
@require_POST
@once.creates
def condition_attest(request, ref):
    coop = _cooperation(request, ref)
    documents = list(Document.objects.filter(cooperation=coop))
    key = f"{request.POST.get('set_id')}--{request.POST.get('item_id')}"
    form = AttestationForm(request.POST, documents=documents, auto_id=_auto_id(key))
    if form.is_valid():
        data = form.cleaned_data
        document = next((d for d in documents if d.pk == data["evidence_document"]), None)
        url = reverse("condition_checklist", kwargs={"code": request.region.code, "ref": coop.ref})
        try:
            with once.consuming(request) as submission:
                services.condition_attest(
                    cooperation=coop,
                    by=request.user,
                    set_id=data["set_id"],
                    item_id=data["item_id"],
                    met=data["met"],
                    evidence=data["evidence"],
                    evidence_document=document,
                )
                submission.leads_to(f"{url}#c-{key}")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attestation recorded."))
            return redirect(f"{url}#c-{key}")
    return _render_checklist(request, coop, bound=form)
