"""The trade office's catalogue pages: editions (create, choose the products, publish, withdraw from the online
catalogue after a page that asks first and publish again, print PDF with its progress), distribution points and
the log of what went where, the programme's settings, and the search."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kembar.core import once
from kembar.core.forms import apply_errors

from . import search, selectors, services
from .access import programme_view
from .forms import ChooseForm, DistributionForm, EditionForm, PointForm, SettingsForm
from .models import DistributionPoint, Edition, EditionPdf


def _edition(request, pk) -> Edition:
    try:
        return selectors.edition_get(region=request.region, pk=pk)
    except Edition.DoesNotExist:
        raise Http404 from None


def _error_messages(exc: ValidationError) -> list[str]:
    return [m for ms in (exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]) for m in ms]


@programme_view()
@once.creates
def edition_list(request):
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                edition = services.edition_create(region=request.region, by=request.user, **form.cleaned_data)
                submission.leads_to(reverse("catalogue_edition", args=[request.region.code, edition.pk]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Edition created: choose its products."))
            return redirect("catalogue_edition", code=request.region.code, pk=edition.pk)
    context = {
        "editions": selectors.edition_list(region=request.region),
        "form": form,
        "settings": selectors.settings_of(request.region),
    }
    return render(request, "catalogue/editions.html", context, status=400 if form.is_bound and form.errors else 200)


def _edition_context(request, edition, *, choose_form=None) -> dict:
    context = {
        "edition": edition,
        "stalled_message": services.STALLED_MESSAGE,
        "history": selectors.edition_history(edition),
    }
    if not edition.is_draft:
        context["items"] = selectors.items_of(edition)
        context["pdf"] = selectors.latest_pdf(edition)
        context["distributions"] = selectors.distribution_log(region=request.region, edition=edition)
    else:
        candidates = selectors.candidates(edition=edition)
        context["candidates"] = candidates
        context["n_ready"] = sum(1 for c in candidates if c.ready)
        context["choose_form"] = choose_form
    return context


@programme_view()
def edition_detail(request, pk):
    edition = _edition(request, pk)
    return render(request, "catalogue/edition.html", _edition_context(request, edition))


@require_POST
@programme_view()
def edition_choose(request, pk):
    edition = _edition(request, pk)
    candidates = selectors.candidates(edition=edition) if edition.is_draft else []
    form = ChooseForm(request.POST, candidates=candidates, limit=edition.max_products)
    if form.is_valid():
        try:
            services.edition_choose(edition=edition, by=request.user, product_ids=form.cleaned_data["products"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(n)s products chosen.") % {"n": len(edition.chosen)})
            return redirect("catalogue_edition", code=request.region.code, pk=edition.pk)
    context = _edition_context(request, edition, choose_form=form)
    return render(request, "catalogue/edition.html", context, status=400)


@require_POST
@programme_view()
def edition_publish(request, pk):
    return _edition_move(
        request,
        _edition(request, pk),
        services.edition_publish,
        _("Edition published: its pages are online and its PDF can be made."),
    )


def _edition_move(request, edition, move, done: str):
    """Take a move on the edition (publish, withdraw, publish again) and go back to its page, with `done` said, or
    the service's refusal."""
    try:
        move(edition=edition, by=request.user)
    except ValidationError as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("catalogue_edition", code=request.region.code, pk=edition.pk)


@programme_view()
def edition_withdraw(request, pk):
    """Withdraw a published edition from the online catalogue: a page asks first (GET), the POST does it."""
    edition = _edition(request, pk)
    back = redirect("catalogue_edition", code=request.region.code, pk=edition.pk)
    if not edition.is_published:
        messages.error(request, _("Only a published edition can be withdrawn from the online catalogue."))
        return back
    if request.method == "POST":
        return _edition_move(
            request,
            edition,
            services.edition_withdraw,
            _("Edition withdrawn from the online catalogue. It can be published again as it was."),
        )
    return render(request, "catalogue/edition_withdraw.html", {"edition": edition})


@require_POST
@programme_view()
def edition_republish(request, pk):
    return _edition_move(
        request,
        _edition(request, pk),
        services.edition_republish,
        _("Edition published again: its pages are online as they were."),
    )


@require_POST
@programme_view()
def edition_delete(request, pk):
    edition = _edition(request, pk)
    try:
        services.edition_delete(edition=edition, by=request.user)
    except ValidationError as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
        return redirect("catalogue_edition", code=request.region.code, pk=edition.pk)
    messages.success(request, _("Draft edition deleted."))
    return redirect("catalogue_editions", code=request.region.code)


@require_POST
@programme_view()
@once.creates
def pdf_request(request, pk):
    edition = _edition(request, pk)
    try:
        with once.consuming(request) as submission:
            pdf = services.pdf_request(edition=edition, by=request.user)
            submission.leads_to(reverse("catalogue_edition", args=[request.region.code, edition.pk]) + "#pdf")
    except ValidationError as exc:
        for message in _error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The PDF is being made."))
        del pdf
    return redirect(reverse("catalogue_edition", args=[request.region.code, edition.pk]) + "#pdf")


def _pdf(request, pk) -> EditionPdf:
    try:
        return selectors.pdf_get(region=request.region, pk=pk)
    except EditionPdf.DoesNotExist:
        raise Http404 from None


@programme_view()
def pdf_progress(request, pk):
    pdf = _pdf(request, pk)
    context = {"pdf": pdf, "edition": pdf.edition, "stalled_message": services.STALLED_MESSAGE}
    return render(request, "catalogue/_pdf.html", context)


@programme_view()
def pdf_download(request, pk):
    pdf = _pdf(request, pk)
    if pdf.status != EditionPdf.Status.DONE or not pdf.file:
        raise Http404
    return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=pdf.filename, content_type="application/pdf")


# --- Distribution -----------------------------------------------------------------------------------------


def _distribution_forms(request, point_form=None, send_form=None) -> dict:
    editions = list(selectors.published_editions(region=request.region))
    points = list(selectors.point_list(region=request.region))
    return {
        "points": points,
        "log": selectors.distribution_log(region=request.region)[:200],
        "point_form": point_form or PointForm(),
        "send_form": send_form or DistributionForm(editions=editions, points=points),
    }


@programme_view()
@once.creates
def distribution(request):
    """The distribution points, with the form that adds one."""
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with once.consuming(request) as submission:
                services.point_create(
                    region=request.region,
                    by=request.user,
                    **{k: v for k, v in data.items() if k != "country"},
                    country_id=data["country"].pk,
                )
                submission.leads_to(reverse("catalogue_distribution", args=[request.region.code]))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Distribution point added."))
            return redirect("catalogue_distribution", code=request.region.code)
    context = _distribution_forms(request, point_form=form if form.is_bound else None)
    return render(request, "catalogue/distribution.html", context, status=400 if form.is_bound else 200)


@require_POST
@programme_view()
@once.creates
def distribution_send(request):
    """Record copies of an edition sent to a point."""
    editions = list(selectors.published_editions(region=request.region))
    points = list(selectors.point_list(region=request.region))
    form = DistributionForm(request.POST, editions=editions, points=points)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once.consuming(request) as submission:
                services.distribution_record(
                    region=request.region,
                    by=request.user,
                    edition=next(e for e in editions if e.pk == data["edition"]),
                    point=next(p for p in points if p.pk == data["point"]),
                    copies=data["copies"],
                    date=data["date"],
                    note=data["note"],
                )
                submission.leads_to(reverse("catalogue_distribution", args=[request.region.code]) + "#log")
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Distribution recorded."))
            return redirect(reverse("catalogue_distribution", args=[request.region.code]) + "#log")
    context = _distribution_forms(request, send_form=form)
    return render(request, "catalogue/distribution.html", context, status=400)


@require_POST
@programme_view()
def point_delete(request, pk):
    try:
        point = selectors.point_get(region=request.region, pk=pk)
    except DistributionPoint.DoesNotExist:
        raise Http404 from None
    services.point_delete(point=point, by=request.user)
    messages.success(request, _("Distribution point deleted."))
    return redirect("catalogue_distribution", code=request.region.code)


# --- Settings and search ----------------------------------------------------------------------------------


@programme_view()
def settings_page(request):
    current = selectors.settings_of(request.region)
    form = SettingsForm(
        request.POST or None, initial={"enabled": current.enabled, "max_products": current.max_products}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(region=request.region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Catalogue settings saved."))
            return redirect("catalogue_settings", code=request.region.code)
    return render(
        request, "catalogue/settings.html", {"form": form}, status=400 if form.is_bound and form.errors else 200
    )


#: Results a search page shows.
PAGE = 20


def read_search(params, say=None) -> tuple[search.Query, search.Filters, str]:
    """The query and facet filters from a query string; an error message ("" when none), by `say` (gettext
    unless given: the online catalogue's pages pass theirs, kembar.catalogue.chrome)."""
    _ = say or gettext
    text = params.get("q", "")
    lang = params.get("lang", "")
    if any(ord(ch) < 32 for ch in text):
        return (
            search.Query(problem="bad"),
            search.Filters(),
            _("The search contains characters that cannot be searched for."),
        )
    query = search.parse(text, lang if lang in search.LANGUAGES else "")
    if query.problem == "too_long":
        return (
            query,
            search.Filters(),
            _("The search text is too long (at most %(n)s characters).") % {"n": search.MAX_LENGTH},
        )
    values = {
        "category": params.get("category", ""),
        "certification": params.get("certification", ""),
        "readiness": params.get("readiness", ""),
    }
    allowed = {
        "category": search.CATEGORIES,
        "certification": search.CERTIFICATIONS,
        "readiness": search.READINESS,
    }
    for name, value in values.items():
        if value and value not in allowed[name]:
            return query, search.Filters(), _("There is no such filter.")
    price = params.get("price", "")
    if price and price not in {str(b) for b in search.PRICE_BANDS}:
        return query, search.Filters(), _("There is no such filter.")
    return query, search.Filters(**values, price=int(price) if price else None), ""


def page_number(params) -> int:
    raw = params.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 5 else 1


@programme_view()
def search_page(request):
    query, filters, error = read_search(request.GET)
    page = page_number(request.GET)
    result = search.Result()
    if not error:
        result = search.search(
            region_id=request.region.pk,
            kind=search.index.PRODUCT,
            query=query,
            filters=filters,
            limit=PAGE,
            offset=(page - 1) * PAGE,
        )
    context = {"query": query, "filters": filters, "result": result, "error": error, "page": page, "per": PAGE}
    return render(request, "catalogue/search.html", context, status=400 if error else 200)
