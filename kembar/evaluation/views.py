"""Screens of the evaluation: one cooperation judged by a framework at a date; the region's dormancy thresholds."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kembar.cooperations.models import Cooperation
from kembar.cooperations.selectors import cooperation_get
from kembar.core.forms import apply_errors
from kembar.core.views import region_view

from . import selectors, services
from .forms import DormancySettingsForm, EvaluationQueryForm
from .svg import marks_from, timeline_svg


@region_view()
def cooperation_evaluation(request, ref):
    try:
        coop = cooperation_get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    form = EvaluationQueryForm(request.GET or None)
    framework, as_of = "undp", timezone.localdate()
    if form.is_bound and form.is_valid():
        framework = form.cleaned_data["framework"] or framework
        as_of = form.cleaned_data["as_of"] or as_of
    # An invalid query re-renders with its errors and the defaults: nothing is guessed from bad input.
    ev = selectors.evaluation_get(region=request.region, cooperation=coop, as_of=as_of, framework=framework)
    # Every text in the chart is escaped by svg.py.
    chart = mark_safe(  # noqa: S308
        timeline_svg(
            marks=marks_from(ev.facts.timeline),
            periods=ev.dormancy.periods if ev.dormancy else [],
            as_of=as_of,
            start=ev.facts.start,
            title=_("Activities of %(title)s up to %(date)s")
            % {"title": coop.title, "date": date_format(as_of, "DATE_FORMAT")},
            uid="ev-timeline",
        )
    )
    return render(
        request,
        "evaluation/detail.html",
        {
            "coop": coop,
            "ev": ev,
            "form": form,
            "framework": framework,
            "as_of": as_of,
            "chart": chart,
            "case_as_of": selectors.case_as_of(coop),
            "settings": selectors.region_settings(region=request.region),
        },
        status=400 if form.is_bound and form.errors else 200,  # a bad query says so, with its message
    )


@region_view(edit=True, admin=True)
def evaluation_settings(request):
    current = selectors.region_settings(region=request.region)
    form = DormancySettingsForm(
        request.POST or None,
        initial={"quiet_months": current.quiet_months, "dormant_months": current.dormant_months},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.dormancy_settings_update(region=request.region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("evaluation_settings", code=request.region.code)
    return render(request, "evaluation/settings.html", {"form": form, "current": current})
