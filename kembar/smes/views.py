"""Pages of the SME registry (Little Bandung): the programme's home, SMEs, products, photos, texts per language,
completeness, the translators' queues with export and import, the trash. Who may do what: kembar.smes.access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kembar.core import once
from kembar.core.forms import apply_errors, unchanged
from kembar.core.views import paginate

from . import exchange, programme, selectors, services
from .access import programme_view
from .filters import SMEFilter
from .forms import CertificationForm, ImportForm, PhotoForm, ProductCreateForm, ProductForm, SMEForm, TextForm
from .models import LANGUAGES, SME, Certification, Language, Product, ProductText


def _code(request) -> str:
    return request.programme.region.code


def _sme(request, pk) -> SME:
    try:
        return selectors.sme_get(request.programme.region, pk, owner=request.programme.owner_filter)
    except SME.DoesNotExist:
        raise Http404 from None


def _product(request, pk) -> Product:
    try:
        return selectors.product_get(request.programme.region, pk, owner=request.programme.owner_filter)
    except Product.DoesNotExist:
        raise Http404 from None


def _may_edit(request, sme) -> None:
    if not request.programme.can_edit_sme(sme):
        raise PermissionDenied


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


def _submit(request, form, write, *, creates: bool = False, unnamed: str | None = None) -> str | None:
    """The one way a page's form is sent: for a POST whose form is valid, `write(cleaned_data)` calls the service
    and returns the URL to lead to. When it `creates`, it runs inside the form's one-time token (kembar.core.once).
    A ValidationError of the service goes on the form's fields (apply_errors) and nothing is kept, photo files
    written on the way included (kembar.core.files, around every request). Returns the URL, or None when the
    form is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        if not creates:
            return write(form.cleaned_data)
        with once.consuming(request) as submission:
            submission.leads_to(write(form.cleaned_data))
        return submission.url
    except ValidationError as exc:
        apply_errors(form, exc, unnamed=unnamed)
        return None


# --- Home and lists ---------------------------------------------------------------------------------------------


@programme_view()
def home(request):
    p = request.programme
    region = p.region
    context = {
        "facts": programme.facts_for(region),
        "completeness": selectors.completeness(region, owner=p.owner_filter),
        "smes": selectors.smes(region, owner=p.owner_filter)
        .annotate(n_products=Count("products", filter=Q(products__deleted_at__isnull=True)))
        .order_by("name", "pk")[:50],
        "queues": [(lang, Language(lang).label, selectors.queue(region, lang).count()) for lang in p.queue_languages],
    }
    return render(request, "smes/home.html", context)


@programme_view()
def sme_list(request):
    p = request.programme
    qs = (
        selectors.smes(p.region, owner=p.owner_filter)
        .select_related("region")  # each row's kecamatan is named from the region's list
        .annotate(n_products=Count("products", filter=Q(products__deleted_at__isnull=True)))
        .order_by("name", "pk")
    )
    filters = SMEFilter(request.GET, queryset=qs, region=p.region)
    # A value not among the choices: the message on its field, the list with the other filters (400, not 500).
    status = 200 if filters.is_valid() else 400
    context = {"page": paginate(request, filters.qs), "form": filters.form, "filtered": filters.form.has_changed()}
    return render(request, "smes/sme_list.html", context, status=status)


@programme_view()
def product_list(request):
    p = request.programme
    qs = selectors.with_texts_and_photos(selectors.products(p.region, owner=p.owner_filter)).order_by("category", "pk")
    category = request.GET.get("category", "")
    if category in Product.Category.values:
        qs = qs.filter(category=category)
    language, status = request.GET.get("language", ""), request.GET.get("status", "")
    if language in LANGUAGES and status in ProductText.Status.values:
        qs = qs.filter(texts__language=language, texts__status=status)
    else:
        language = status = ""
    context = {
        "page": paginate(request, qs),
        "categories": Product.Category.choices,
        "category": category,
        "language": language,
        "status": status,
        "languages": Language.choices,
        "statuses": ProductText.Status.choices,
    }
    return render(request, "smes/product_list.html", context)


@programme_view()
def completeness(request):
    p = request.programme
    return render(request, "smes/completeness.html", {"rows": selectors.completeness(p.region, owner=p.owner_filter)})


# --- SMEs -------------------------------------------------------------------------------------------------------


@programme_view(curate=True)
@once.creates
def sme_create(request):
    region = request.programme.region
    form = SMEForm(request.POST or None, region=region)

    def write(data):
        sme = services.sme_create(region=region, by=request.user, **data)
        return reverse("smes_sme_detail", args=[region.code, sme.pk])

    if url := _submit(request, form, write, creates=True):
        messages.success(request, _("SME saved."))
        return redirect(url)
    return render(request, "smes/sme_form.html", {"form": form})


def _sme_page(request, sme, *, cert_form=None, status=200):
    may_edit = request.programme.can_edit_sme(sme)
    context = {
        "sme": sme,
        "products": selectors.with_texts_and_photos(selectors.products(request.programme.region, sme=sme)),
        "certifications": selectors.certifications(sme),
        "removed_certifications": selectors.certifications(sme, removed=True)[:20] if may_edit else [],
        "owners": sme.owners.all(),
        "may_edit": may_edit,
        "cert_form": cert_form or CertificationForm(),
    }
    return render(request, "smes/sme_detail.html", context, status=status)


@programme_view()
def sme_detail(request, pk):
    return _sme_page(request, _sme(request, pk))


@programme_view(write=True)
def sme_edit(request, pk):
    sme = _sme(request, pk)
    _may_edit(request, sme)
    form = SMEForm(request.POST or None, instance=sme, region=request.programme.region)
    # An owner who changes who the business is (name, owner, NIB) has the trade office verify it again.
    unverified = []

    def write(data):
        if not unchanged(request, form):
            fields = {k: data[k] for k in form.changed_data}
            if not request.programme.is_trade and sme.is_verified and {"name", "owner_name", "nib"} & set(fields):
                fields.update(verified_at=None, verified_by=None)
                unverified.append(sme.pk)
            services.sme_update(sme=sme, by=request.user, **fields)
            messages.success(request, _("Changes saved."))
        return reverse("smes_sme_detail", args=[_code(request), sme.pk])

    if url := _submit(request, form, write):
        if unverified:
            messages.info(request, _("The trade office will verify the business again."))
        return redirect(url)
    return render(request, "smes/sme_form.html", {"form": form, "sme": sme})


@require_POST
@programme_view(curate=True)
def sme_verify(request, pk):
    sme = _sme(request, pk)
    verified = request.POST.get("verified", "yes") != "no"
    services.sme_verify(sme=sme, by=request.user, verified=verified)
    messages.success(request, _("SME verified.") if verified else _("Verification taken back."))
    return redirect("smes_sme_detail", code=_code(request), pk=sme.pk)


@programme_view(curate=True)
def sme_delete(request, pk):
    """Trade staff move an SME to the trash (a page asks first); its products go with it."""
    sme = _sme(request, pk)
    if request.method == "POST":
        services.sme_delete(sme=sme, by=request.user)
        done = _("“%(name)s” moved to the trash with its products. It can be restored.") % {"name": sme.name}
        messages.success(request, done)
        return redirect("smes_sme_list", code=_code(request))
    n_products = selectors.products(request.programme.region, sme=sme).count()
    return render(request, "smes/sme_delete.html", {"sme": sme, "n_products": n_products})


def _restored(request, restore, done: str, *, ahead, back=None):
    """Restore from the trash: the service's refusal becomes messages and leads `back` (the trash unless told),
    else `done` is said and leads `ahead`."""
    try:
        restore()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return back or redirect("smes_trash", code=_code(request))
    messages.success(request, done)
    return ahead


@require_POST
@programme_view(curate=True)
def sme_restore(request, pk):
    try:
        sme = selectors.sme_any(request.programme.region, pk)
    except SME.DoesNotExist:
        raise Http404 from None
    return _restored(
        request,
        lambda: services.sme_restore(sme=sme, by=request.user),
        _("“%(name)s” restored with its products.") % {"name": sme.name},
        ahead=redirect("smes_sme_detail", code=_code(request), pk=sme.pk),
    )


# --- Certifications ---------------------------------------------------------------------------------------------


@require_POST
@programme_view(write=True)
@once.creates
def certification_add(request, pk):
    sme = _sme(request, pk)
    _may_edit(request, sme)
    form = CertificationForm(request.POST)

    def write(data):
        services.certification_add(sme=sme, by=request.user, **data)
        return reverse("smes_sme_detail", args=[_code(request), sme.pk])

    if url := _submit(request, form, write, creates=True):
        messages.success(request, _("Certification saved."))
        return redirect(url)
    return _sme_page(request, sme, cert_form=form, status=400)


def _certification(request, pk, cert, *, live: bool = True) -> Certification:
    """The certification of an SME the user may change (404 for another SME's, 403 for a reader)."""
    sme = _sme(request, pk)
    _may_edit(request, sme)
    try:
        return selectors.certification_get(sme, cert, live=live)
    except Certification.DoesNotExist:
        raise Http404 from None


@programme_view(write=True)
def certification_edit(request, pk, cert):
    certification = _certification(request, pk, cert)
    form = CertificationForm(request.POST or None, instance=certification)

    def write(data):
        if not unchanged(request, form):
            services.certification_update(
                certification=certification, by=request.user, **{k: data[k] for k in form.changed_data}
            )
            messages.success(request, _("Certification saved."))
        return reverse("smes_sme_detail", args=[_code(request), pk])

    if url := _submit(request, form, write):
        return redirect(url)
    if request.method == "POST":
        certification.refresh_from_db()  # the page names the certificate as it is kept, the form as it was sent
    context = {"form": form, "certification": certification, "sme": certification.sme}
    return render(request, "smes/certification_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@programme_view(write=True)
def certification_delete(request, pk, cert):
    certification = _certification(request, pk, cert, live=False)
    services.certification_delete(certification=certification, by=request.user)
    messages.success(request, _("Certification removed. It can be restored on this page."))
    return redirect("smes_sme_detail", code=_code(request), pk=pk)


@require_POST
@programme_view(write=True)
def certification_restore(request, pk, cert):
    certification = _certification(request, pk, cert, live=False)
    back = redirect("smes_sme_detail", code=_code(request), pk=pk)
    return _restored(
        request,
        lambda: services.certification_restore(certification=certification, by=request.user),
        _("Certification restored."),
        ahead=back,
        back=back,
    )


# --- Products ---------------------------------------------------------------------------------------------------


@programme_view(write=True)
@once.creates
def product_create(request, pk):
    sme = _sme(request, pk)
    _may_edit(request, sme)
    form = ProductCreateForm(request.POST or None, request.FILES or None)

    def write(data):
        data = dict(data)
        text = {k: data.pop(k) for k in ("name", "short", "long")}
        uploads, alt = data.pop("photos"), data.pop("alt")
        product = services.product_create(
            sme=sme, by=request.user, texts={"id": {**text, "status": ProductText.Status.DRAFT}}, **data
        )
        services.photos_add(product=product, by=request.user, uploads=uploads, alt=alt)
        return reverse("smes_product_detail", args=[_code(request), product.pk])

    if url := _submit(request, form, write, creates=True):
        messages.success(request, _("Product saved."))
        return redirect(url)
    return render(request, "smes/product_form.html", {"form": form, "sme": sme})


@programme_view()
def product_detail(request, pk):
    product = _product(request, pk)
    p = request.programme
    may_edit = p.can_edit_sme(product.sme)
    writable = set(p.text_languages(product.sme))
    texts = [(t, Language(t.language).label, t.language in writable) for t in product.texts.all()]
    context = {
        "product": product,
        "sme": product.sme,
        "texts": texts,
        "may_edit": may_edit,
        "photo_form": PhotoForm(),
        "missing": selectors.product_ready_for(product, LANGUAGES),
    }
    return render(request, "smes/product_detail.html", context)


@programme_view(write=True)
def product_edit(request, pk):
    product = _product(request, pk)
    _may_edit(request, product.sme)
    form = ProductForm(request.POST or None, instance=product)

    def write(data):
        if not unchanged(request, form):
            services.product_update(product=product, by=request.user, **{k: data[k] for k in form.changed_data})
            messages.success(request, _("Changes saved."))
        return reverse("smes_product_detail", args=[_code(request), product.pk])

    if url := _submit(request, form, write):
        return redirect(url)
    return render(request, "smes/product_form.html", {"form": form, "sme": product.sme, "product": product})


@require_POST
@programme_view(write=True)
def product_delete(request, pk):
    product = _product(request, pk)
    _may_edit(request, product.sme)
    services.product_delete(product=product, by=request.user)
    messages.success(request, _("Product deleted."))
    return redirect("smes_sme_detail", code=_code(request), pk=product.sme_id)


@require_POST
@programme_view(curate=True)
def product_restore(request, pk):
    try:
        product = selectors.product_any(request.programme.region, pk)
    except Product.DoesNotExist:
        raise Http404 from None
    return _restored(
        request,
        lambda: services.product_restore(product=product, by=request.user),
        _("Product restored."),
        ahead=redirect("smes_product_detail", code=_code(request), pk=product.pk),
    )


@require_POST
@programme_view(write=True)
@once.creates
def photo_add(request, pk):
    product = _product(request, pk)
    _may_edit(request, product.sme)
    form = PhotoForm(request.POST, request.FILES)

    def write(data):
        services.photos_add(product=product, by=request.user, uploads=data["photos"], alt=data["alt"])
        return reverse("smes_product_detail", args=[_code(request), product.pk])

    if url := _submit(request, form, write, creates=True):
        messages.success(request, _("Photos saved."))
        return redirect(url)
    for error in [*form.non_field_errors(), *form.errors.get("photos", [])]:
        messages.error(request, error)
    return redirect("smes_product_detail", code=_code(request), pk=product.pk)


@require_POST
@programme_view(write=True)
def photo_delete(request, pk, photo):
    product = _product(request, pk)
    _may_edit(request, product.sme)
    target = next((ph for ph in product.photos.all() if ph.pk == photo), None)
    if target is None:
        raise Http404
    services.photo_delete(photo=target, by=request.user)
    messages.success(request, _("Photo deleted."))
    return redirect("smes_product_detail", code=_code(request), pk=product.pk)


@programme_view()
def photo_file(request, pk, photo, size):
    """A product photo (or its thumbnail) for whoever may read the product: never a path of the store."""
    product = _product(request, pk)
    target = next((ph for ph in product.photos.all() if ph.pk == photo), None)
    if target is None or size not in ("thumb", "full"):
        raise Http404
    f = target.thumbnail if size == "thumb" and target.thumbnail else target.image
    content_type = "image/jpeg" if f is target.thumbnail else target.content_type
    response = FileResponse(f.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@programme_view(write=True)
def text_edit(request, pk, language):
    language = _language(language)
    product = _product(request, pk)
    p = request.programme
    if language not in p.text_languages(product.sme):
        raise PermissionDenied
    text = product.text(language)
    may_review = p.can_review(language)
    initial = {"name": text.name, "short": text.short, "long": text.long, "status": text.status} if text else {}
    form = TextForm(request.POST or None, initial=initial, may_review=may_review)

    def write(data):
        services.product_text_save(product=product, language=language, by=request.user, **data)
        if request.POST.get("next", "") == "queue" and language in p.queue_languages:
            return reverse("smes_queue", args=[_code(request), language])
        return reverse("smes_product_detail", args=[_code(request), product.pk])

    if url := _submit(request, form, write):
        messages.success(request, _("Text saved."))
        return redirect(url)
    context = {
        "product": product,
        "sme": product.sme,
        "form": form,
        "language": language,
        "language_label": Language(language).label,
        "source": product.text("id"),
        "next": request.GET.get("next", "") if request.method == "GET" else request.POST.get("next", ""),
    }
    return render(request, "smes/text_form.html", context)


# --- Translation queue, export, import --------------------------------------------------------------------------


def _queue_language(request, language: str) -> str:
    language = _language(language)
    if language not in request.programme.queue_languages:
        raise PermissionDenied
    return language


@programme_view(write=True)
def queue(request, language):
    language = _queue_language(request, language)
    region = request.programme.region
    page = paginate(request, selectors.queue(region, language))
    sources = selectors.source_texts([t.product_id for t in page.object_list])
    rows = [(t, sources.get(t.product_id)) for t in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "language": language,
        "language_label": Language(language).label,
        "import_form": ImportForm(),
        "export_limit": exchange.MAX_ROWS if page.paginator.count > exchange.MAX_ROWS else None,
    }
    return render(request, "smes/queue.html", context)


@programme_view(write=True)
def export(request, language, fmt):
    language = _queue_language(request, language)
    region = request.programme.region
    name = f"kembar-{region.code}-{language}"
    if fmt == "xlf":
        response = HttpResponse(exchange.export_xliff(region, language), content_type="application/xliff+xml")
    elif fmt == "xlsx":
        response = HttpResponse(
            exchange.export_xlsx(region, language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@programme_view(write=True)
def import_texts(request, language):
    language = _queue_language(request, language)
    region = request.programme.region
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []

    def write(data):
        outcome = exchange.import_texts(
            region=region,
            language=language,
            by=request.user,
            upload=data["file"],
            may_review=request.programme.can_review(language),
        )
        if outcome.errors:
            errors.extend(outcome.errors)
            return None
        messages.success(request, _("Texts imported: %(n)s changed.") % {"n": outcome.saved})
        return reverse("smes_queue", args=[region.code, language])

    if url := _submit(request, form, write, unnamed="file"):
        return redirect(url)
    context = {
        "form": form,
        "errors": errors[:200],
        "more_errors": max(0, len(errors) - 200),
        "language": language,
        "language_label": Language(language).label,
    }
    return render(request, "smes/import.html", context, status=400 if errors or form.errors else 200)


# --- Translators' languages (trade staff) -----------------------------------------------------------------------


@programme_view(curate=True)
def translators(request):
    """The region's translators and the languages each translates; trade staff tick them (one form per person)."""
    region = request.programme.region
    people = selectors.translators(region)
    if request.method == "POST":
        user = next((u for u, _langs in people if str(u.pk) == request.POST.get("user", "")), None)
        if user is None:
            raise Http404
        wanted = [lang for lang in request.POST.getlist("languages")[: len(LANGUAGES)] if lang in LANGUAGES]
        services.translator_assign(region=region, user=user, languages=wanted, by=request.user)
        messages.success(request, _("Languages saved."))
        return redirect("smes_translators", code=region.code)
    rows = [(u, [(lang, Language(lang).label, lang in langs) for lang in LANGUAGES]) for u, langs in people]
    return render(request, "smes/translators.html", {"rows": rows})


# --- Trash (trade staff) ----------------------------------------------------------------------------------------


@programme_view(curate=True)
def trash(request):
    """The region's deleted SMEs, products and certifications, with who deleted them and when; each restorable."""
    return render(request, "smes/trash.html", {"trash": selectors.trash(request.programme.region)})
