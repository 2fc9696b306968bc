from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kembar.accounts.access import is_national_admin
from kembar.core import once
from kembar.core.forms import apply_errors, unchanged
from kembar.core.sorting import sorted_by
from kembar.core.views import paginate, region_view

from . import selectors, services
from .forms import CountryRelationsForm, PartnerForm
from .models import Country, Partner


@region_view()
def partner_list(request):
    sorting = sorted_by(request.GET, selectors.PARTNER_SORTS, "name")
    ordering = Country.by_reader_name(sorting.ordering)
    page = paginate(request, selectors.partner_list(region=request.region, ordering=ordering))
    return render(request, "partners/list.html", {"page": page, "sorting": sorting})


@region_view(edit=True)
@once.creates
def partner_create(request):
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                services.partner_create(region=request.region, by=request.user, **form.cleaned_data)
                submission.leads_to(reverse("partner_list", args=[request.region.code]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Partner saved."))
            return redirect("partner_list", code=request.region.code)
    return render(request, "partners/form.html", {"form": form})


@region_view(edit=True)
def partner_edit(request, pk):
    try:
        partner = selectors.partner_get(region=request.region, pk=pk)
    except Partner.DoesNotExist:
        raise Http404 from None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        if not unchanged(request, form):
            fields = {k: form.cleaned_data[k] for k in form.changed_data}
            services.partner_update(partner=partner, by=request.user, **fields)
            messages.success(request, _("Changes saved."))
        return redirect("partner_list", code=request.region.code)
    return render(request, "partners/form.html", {"form": form, "partner": partner})


@login_required
def country_list(request):
    qs = selectors.country_list().order_by(Country.name_field(), "code")  # by the name the reader reads
    q = request.GET.get("q", "").strip()
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(name_en__icontains=q) | Q(name_id__icontains=q) | Q(code__iexact=q))
    if request.GET.get("no_relations"):
        qs = qs.filter(diplomatic_relations=False)
    return render(
        request,
        "partners/countries.html",
        {"page": paginate(request, qs, per_page=50), "q": q, "can_edit": is_national_admin(request.user)},
    )


@login_required
def country_edit(request, code):
    if not is_national_admin(request.user):
        raise Http404
    country = get_object_or_404(Country, code=code)
    form = CountryRelationsForm(request.POST or None, instance=country)
    if request.method == "POST" and form.is_valid():
        services.country_update_relations(
            country=country,
            by=request.user,
            **{
                "diplomatic_relations": form.cleaned_data["diplomatic_relations"],
                "note": form.cleaned_data["relations_note"],
                "source": form.cleaned_data["relations_source"],
                "verified": form.cleaned_data["verified"],
            },
        )
        messages.success(request, _("Changes saved."))
        return redirect("country_list")
    return render(request, "partners/country_form.html", {"form": form, "country": country})
