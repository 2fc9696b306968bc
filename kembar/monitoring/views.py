"""Screens of monitoring: a cooperation's obligations, the region's due list, fulfilment, capacity."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.cooperations import selectors as coop_selectors
from kembar.cooperations.models import Cooperation, Obligation
from kembar.core import once
from kembar.core.dates import DateSpec
from kembar.core.forms import apply_errors
from kembar.core.views import region_view

from . import selectors, services
from .forms import FulfilmentForm, ObligationTermsForm, StaffForm


def _coop(request, ref) -> Cooperation:
    try:
        return coop_selectors.cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None


def _obligation(request, pk) -> Obligation:
    try:
        return selectors.obligation_get(region=request.region, pk=pk)
    except Obligation.DoesNotExist:
        raise Http404 from None


@region_view()
def cooperation_obligations(request, ref):
    coop = _coop(request, ref)
    statuses = selectors.obligation_statuses(region=request.region, cooperation=coop, with_fulfilments=True)
    handovers = selectors.handover_list(region=request.region, cooperation=coop)
    context = {"coop": coop, "statuses": statuses, "handovers": handovers, "today": timezone.localdate()}
    return render(request, "monitoring/cooperation_obligations.html", context)


@region_view()
def obligation_due_list(request):
    return render(request, "monitoring/due_list.html", {"dl": selectors.due_list(region=request.region)})


@region_view(edit=True)
@once.creates
def fulfilment_create(request, pk):
    obligation = _obligation(request, pk)
    coop = obligation.cooperation
    today = timezone.localdate()
    sched = services.obligation_schedule(
        obligation,
        cooperation=coop,
        terms=services.terms_of(obligation),
        records=list(_records(obligation)),
        as_of=today,
    )
    initial = {"due": request.GET.get("due", "")}
    form = FulfilmentForm(request.POST or None, initial=initial, obligation=obligation, sched=sched)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                services.fulfilment_record(obligation=obligation, by=request.user, today=today, **form.cleaned_data)
                submission.leads_to(reverse("cooperation_obligations", args=[request.region.code, coop.ref]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Fulfilment recorded."))
            return redirect("cooperation_obligations", code=request.region.code, ref=coop.ref)
    return render(
        request,
        "monitoring/fulfilment_form.html",
        {"form": form, "obligation": obligation, "coop": coop, "sched": sched},
    )


def _records(obligation):
    from . import schedule
    from .models import Fulfilment

    for f in Fulfilment.objects.filter(obligation=obligation):
        yield schedule.Record(f.fulfilled_on, f.due, f.pk, f.evidence)


@region_view(edit=True)
def obligation_terms_edit(request, pk):
    obligation = _obligation(request, pk)
    coop = obligation.cooperation
    terms = services.terms_of(obligation)
    form = ObligationTermsForm(request.POST or None, instance=terms)
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_terms_set(obligation=obligation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Terms saved."))
            return redirect("cooperation_obligations", code=request.region.code, ref=coop.ref)
    return render(request, "monitoring/terms_form.html", {"form": form, "obligation": obligation, "coop": coop})


@region_view()
def capacity(request):
    return render(request, "monitoring/capacity.html", {"cap": selectors.capacity(region=request.region)})


@region_view(edit=True, admin=True)
def capacity_staff(request):
    cap = selectors.capacity(region=request.region)
    initial = {"staff": cap.staff, "as_of": str(DateSpec.parse(timezone.localdate()))}
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.bureau_staff_set(region=request.region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Staff count saved."))
            return redirect("capacity", code=request.region.code)
    return render(request, "monitoring/staff_form.html", {"form": form, "cap": cap})
