"""Screens of the legal procedure: the rule packs (national), and moves on a dossier's stepper."""

from contextlib import contextmanager

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kembar.accounts.access import is_national_admin
from kembar.cooperations.models import Cooperation
from kembar.cooperations.selectors import cooperation_get
from kembar.cooperations.views import dossier
from kembar.core import once
from kembar.core.views import region_view

from . import selectors, services
from .forms import CompleteForm, PackVersionForm, SendBackForm, StartForm
from .labels import actor_label, kind_label, text_in
from .models import RulePack
from .packs import condition_sets


@login_required
def rule_pack_list(request):
    return render(
        request,
        "procedure/rule_pack_list.html",
        {"packs": selectors.rule_pack_list(), "can_publish": is_national_admin(request.user)},
    )


def _stage_rows(data: dict) -> list[dict]:
    return [
        {
            "id": s["id"],
            "name": text_in(s.get("name")),
            "description": text_in(s.get("description")),
            "actor": actor_label(s.get("actor", "")),
            "requires": [kind_label(k) for k in s.get("requires") or []],
            "accepts": [kind_label(k) for k in s.get("accepts") or []],
            "source": s.get("source", ""),
            "confirmed": bool(s.get("confirmed", True)),
            "signing": bool(s.get("signing")),
            "deadline_days": s.get("deadline_days"),
        }
        for s in data.get("stages", [])
    ]


@login_required
def rule_pack_detail(request, pack_id):
    version = request.GET.get("version")
    try:
        pack = selectors.rule_pack_get(pack_id=pack_id, version=int(version) if version else None)
    except (RulePack.DoesNotExist, ValueError):
        raise Http404 from None
    versions = [s for s in selectors.rule_pack_list() if s.pack_id == pack_id][0]
    sets = condition_sets()
    context = {
        "pack": pack,
        "title": text_in(pack.data.get("title")),
        "summary": versions,
        "stages": _stage_rows(pack.data),
        "plan": pack.data.get("plan_contents"),
        "plan_items": [text_in(i.get("name")) for i in (pack.data.get("plan_contents") or {}).get("items", [])],
        "condition_sets": [
            {
                "id": sid,
                "title": text_in(sets[sid].get("title")),
                "source": sets[sid].get("source", ""),
                "confirmed": bool(sets[sid].get("confirmed", True)),
                "items": [
                    {"text": text_in(i.get("text")), "blocking": bool(i.get("blocking"))} for i in sets[sid]["items"]
                ],
            }
            for sid in pack.data.get("condition_sets", [])
            if sid in sets
        ],
        "can_publish": is_national_admin(request.user),
    }
    return render(request, "procedure/rule_pack_detail.html", context)


@login_required
@once.creates
def rule_pack_new_version(request, pack_id):
    if not is_national_admin(request.user):
        raise PermissionDenied
    try:
        latest = selectors.rule_pack_get(pack_id=pack_id)
    except RulePack.DoesNotExist:
        raise Http404 from None
    form = PackVersionForm(request.POST or None, base=latest.data)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                pack = services.rule_pack_new_version(
                    pack_id=pack_id, by=request.user, data=form.data_for_new_version(), note=form.cleaned_data["note"]
                )
                submission.leads_to(reverse("rule_pack_detail", args=[pack_id]) + f"?version={pack.version}")
        except services.ProcedureError as exc:
            for error in exc.errors:
                form.add_error(None, error)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Version %(v)s published.") % {"v": pack.version})
            return redirect(reverse("rule_pack_detail", args=[pack_id]) + f"?version={pack.version}")
    return render(
        request,
        "procedure/rule_pack_form.html",
        {"pack": latest, "title": text_in(latest.data.get("title")), "form": form},
    )


def _cooperation(request, ref) -> Cooperation:
    try:
        return cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None


def _stage_name(coop: Cooperation, stage_id: str) -> str:
    data = selectors.pack_data_for(cooperation=coop) or {}
    for stage in data.get("stages", []):
        if stage["id"] == stage_id:
            return text_in(stage.get("name"))
    return stage_id


def _back_url(request, coop) -> str:
    return reverse("cooperation_detail", args=[request.region.code, coop.ref]) + "#h-procedure"


@contextmanager
def _move(request, coop):
    """A move on the stepper, taken once per form (kembar.core.once)."""
    with once.consuming(request) as submission:
        yield
        submission.leads_to(_back_url(request, coop))


def _taken(request, coop, form, move, done):
    """Take the move `move()` with the form's values, once; then back to the dossier with `done(result)` said.
    A refused move (the form's own check, the service's, the form's token) shows the dossier again, status 400,
    with the form as it was sent and the reason at the field it concerns; nothing is changed."""
    if form.is_valid():
        try:
            with _move(request, coop):
                result = move(form.cleaned_data)
        except (services.ProcedureError, ValidationError) as exc:
            form.refused(exc)
        else:
            messages.success(request, done(result))
            return redirect(_back_url(request, coop))
    return dossier(request, coop.ref, status=400, procedure_form=form)


@require_POST
@region_view(edit=True)
@once.creates
def procedure_start(request, ref):
    coop = _cooperation(request, ref)
    form = StartForm(request.POST, choosing=not coop.rule_pack)
    return _taken(
        request,
        coop,
        form,
        lambda data: services.procedure_start(cooperation=coop, by=request.user, pack_id=data.get("pack", "")),
        lambda proc: (
            _("This cooperation now follows %(pack)s, version %(v)s.")
            % {"pack": text_in(proc.pack.data.get("title")), "v": proc.pack.version}
        ),
    )


@require_POST
@region_view(edit=True)
@once.creates
def procedure_complete(request, ref):
    coop = _cooperation(request, ref)
    form = CompleteForm(request.POST, cooperation=coop)
    return _taken(
        request,
        coop,
        form,
        lambda data: services.stage_complete(
            cooperation=coop,
            by=request.user,
            stage_ids=[s for s in data["stages"] if s],
            justification=data["justification"],
            documents=data["documents"],
        ),
        lambda records: _("%(n)s stage(s) recorded as complete.") % {"n": len(records)},
    )


@require_POST
@region_view(edit=True)
@once.creates
def procedure_send_back(request, ref):
    coop = _cooperation(request, ref)
    form = SendBackForm(request.POST)
    return _taken(
        request,
        coop,
        form,
        lambda data: services.stage_send_back(cooperation=coop, by=request.user, reason=data["reason"]),
        lambda record: (
            _("Sent back: the stage “%(stage)s” is open again.") % {"stage": _stage_name(coop, record.stage_id)}
        ),
    )
