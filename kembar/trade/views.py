"""Pages of kembar.trade: the trade office's channels, inquiries and dashboard; an SME owner's inquiries; the buyer's
inquiry form (no login) in id/en/ko/ja and the pages behind the buyer's secret link.

Programme pages open for the region's programme roles only (access.PROGRAMME_ROLES: the bureau's users and
another region's get 404, never a hint): channels and the dashboard for trade office staff, inquiries for them
and for SME owners (each sees only the inquiries to SMEs they own: another's is 404)."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from kembar.accounts.models import PROGRAMME_ROLES
from kembar.core import once, personal, ratelimit
from kembar.core.forms import apply_errors
from kembar.core.params import record_id
from kembar.core.views import paginate, render_page
from kembar.partners.models import Country
from kembar.smes.access import programme_access
from kembar.smes.models import Language

from . import buyer_text, rules, selectors, services
from .forms import ChannelForm, DealForm, InquiryForm, MoveForm, PostForm, UnitForm
from .models import SHORT_NAMES, Channel, ChannelPost, Inquiry, StoreUnit

#: Inquiries one address may send in an hour, and one email address in a day (as the portal's forms).
ADDRESS_LIMIT = personal.ADDRESS_LIMIT
EMAIL_LIMIT = personal.EMAIL_LIMIT


def _language_name(code: str) -> str:
    """A buyer's language named in the staff's language ("Bahasa Korea", "Korean"); the buyer's own pages name it
    in itself ("한국어", buyer_text.LANGUAGE_NAMES)."""
    try:
        return Language(code).label
    except ValueError:
        return code


def programme_view(*, staff: bool = True):
    """The region in the URL for a programme role (the registry's access, kembar.smes.access): anonymous → login,
    no programme role there (the bureau's readers of the registry included) → 404; a page for the trade office
    (`staff`) is 403 for the SME owners and translators of the region, the inquiries 403 for translators."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = programme_access(request.user, code)
            if not access.roles & PROGRAMME_ROLES:
                raise Http404
            if (staff and not access.is_trade) or not (access.is_trade or access.is_owner):
                raise PermissionDenied
            request.programme = request.access = access
            request.trade_staff = access.is_trade
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _owner(request):
    """Whose SMEs' inquiries the user sees: None (all) for the trade office, the user for an SME owner."""
    return None if request.trade_staff else request.user


# --- The dashboard ----------------------------------------------------------------------------------------


@require_safe
@programme_view()
def dashboard(request):
    today = timezone.localdate()
    data = selectors.dashboard(region=request.programme.region, today=today)
    # The programme's own names of its channels (seed 000), short enough for a phone's table.
    kinds = [(k, SHORT_NAMES[k], data["channels"].get(k, {})) for k in rules.KINDS]
    from kembar.smes.models import SME, Product

    categories = dict(Product.Category.choices)
    readiness = [(label, data["readiness"].get(code, 0)) for code, label in SME.Readiness.choices]
    context = {
        "d": data,
        "kinds": kinds,
        "categories": [(categories.get(r["category"], r["category"]), r) for r in data["by_category"]],
        "readiness": readiness,
        "today": today,
        "statuses": [(Inquiry.Status(s).label, n) for s, n in data["statuses"].items()],
        "kind_labels": dict(Channel.Kind.choices),
    }
    return render(request, "trade/dashboard.html", context)


# --- Channels ---------------------------------------------------------------------------------------------


@require_safe
@programme_view()
def channel_list(request):
    today = timezone.localdate()
    trash = request.GET.get("trash") == "1"
    wanted = request.GET.get("kind", "")
    qs = selectors.channels(region=request.programme.region, deleted=trash)
    if wanted in rules.KINDS:
        qs = qs.filter(kind=wanted)
    else:
        wanted = ""
    page = paginate(request, qs)
    for channel in page.object_list:
        channel.phase_now = channel.phase(today)
        channel.soon = channel.ending_soon(today)
    context = {
        "page": page,
        "trash": trash,
        "wanted": wanted,
        "kinds": Channel.Kind.choices,
        "ending": [] if trash else list(selectors.ending_soon(region=request.programme.region, today=today)[:20]),
        "today": today,
    }
    return render(request, "trade/channel_list.html", context)


def _channel(request, pk, *, deleted: bool = False) -> Channel:
    try:
        return selectors.channel_get(region=request.programme.region, pk=pk, deleted=deleted)
    except Channel.DoesNotExist:
        raise Http404 from None


def _form_values(form) -> dict:
    data = dict(form.cleaned_data)
    return {"smes": data.pop("smes", None), "products": data.pop("products", None), **data}


@programme_view()
@once.creates
def channel_create(request, kind):
    if kind not in rules.KINDS:
        raise Http404
    form = ChannelForm(request.POST or None, region=request.programme.region, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            with once.consuming(request) as submission:
                values = _form_values(form)
                channel = services.channel_create(region=request.programme.region, by=request.user, kind=kind, **values)
                url = submission.leads_to(
                    reverse("trade_channel_detail", args=[request.programme.region.code, channel.pk])
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The channel has been saved."))
            return redirect(url)
    label = dict(Channel.Kind.choices)[kind]
    context = {"form": form, "kind": kind, "kind_label": label}
    return render(request, "trade/channel_form.html", context, status=400 if request.method == "POST" else 200)


@require_safe
@programme_view()
def channel_detail(request, pk):
    trash = request.GET.get("trash") == "1"
    return _channel_page(request, _channel(request, pk, deleted=trash))


def _channel_page(request, channel, *, form=None, status: int = 200):
    """A channel's page; `form` a refused floor or post form, shown again with its errors and what was typed."""
    today = timezone.localdate()
    context = {
        "c": channel,
        "phase": channel.phase(today),
        "soon": channel.ending_soon(today),
        "unit_form": (form if isinstance(form, UnitForm) else UnitForm()) if channel.kind == rules.STORE else None,
        "post_form": (form if isinstance(form, PostForm) else PostForm()) if channel.kind == rules.F4BDG else None,
        "history": channel.history.select_related("history_user").order_by("-history_date")[:20],
        "inquiries": channel.inquiries.exclude(status=Inquiry.Status.UNVERIFIED).count(),
        "buyer_languages": [(code, _language_name(code)) for code in buyer_text.LANGUAGES],
    }
    url = reverse("trade_channel_detail", args=[request.programme.region.code, channel.pk])
    return render_page(request, "trade/channel_detail.html", context, url=url, status=status)


@programme_view()
def channel_edit(request, pk):
    channel = _channel(request, pk)
    form = ChannelForm(request.POST or None, instance=channel, region=request.programme.region, kind=channel.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.channel_update(channel=channel, by=request.user, **_form_values(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The channel has been saved."))
            return redirect("trade_channel_detail", code=request.programme.region.code, pk=channel.pk)
    if request.method == "POST":
        channel.refresh_from_db()  # the page shows the channel as it is kept, the form as it was sent
    label = dict(Channel.Kind.choices)[channel.kind]
    context = {"form": form, "kind": channel.kind, "kind_label": label, "c": channel}
    return render(request, "trade/channel_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@programme_view()
def channel_delete(request, pk):
    channel = _channel(request, pk)
    services.channel_delete(channel=channel, by=request.user)
    messages.success(request, _("The channel has been moved to the deleted channels; it can be restored."))
    return redirect("trade_channel_list", code=request.programme.region.code)


@require_POST
@programme_view()
def channel_restore(request, pk):
    channel = _channel(request, pk, deleted=True)
    services.channel_restore(channel=channel, by=request.user)
    messages.success(request, _("The channel has been restored."))
    return redirect("trade_channel_detail", code=request.programme.region.code, pk=channel.pk)


def _back_to(request, channel):
    return redirect("trade_channel_detail", code=request.programme.region.code, pk=channel.pk)


def _add_to_channel(request, pk, *, form_class, add, done: str):
    """A Store's floor or unit, an f4bdg page's post: `add(channel=, by=, **values)` once per form token, then
    back to the channel with `done`, or the channel's page with the form, its errors at its fields."""
    channel = _channel(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _channel_page(request, channel, form=form, status=400)
    try:
        with once.consuming(request) as submission:
            add(channel=channel, by=request.user, **form.cleaned_data)
            url = submission.leads_to(reverse("trade_channel_detail", args=[request.programme.region.code, channel.pk]))
    except ValidationError as exc:
        apply_errors(form, exc)
        return _channel_page(request, channel, form=form, status=400)
    messages.success(request, done)
    return redirect(url)


@require_POST
@programme_view()
@once.creates
def unit_add(request, pk):
    return _add_to_channel(
        request, pk, form_class=UnitForm, add=services.unit_add, done=_("The floor or unit has been added.")
    )


@require_POST
@programme_view()
def unit_delete(request, pk):
    unit = get_object_or_404(StoreUnit.objects.filter(region=request.programme.region).select_related("channel"), pk=pk)
    services.unit_delete(unit=unit, by=request.user)
    messages.success(request, _("The floor or unit has been deleted."))
    return _back_to(request, unit.channel)


@require_POST
@programme_view()
@once.creates
def post_add(request, pk):
    return _add_to_channel(request, pk, form_class=PostForm, add=services.post_add, done=_("The post has been added."))


@require_POST
@programme_view()
def post_delete(request, pk):
    post = get_object_or_404(
        ChannelPost.objects.filter(region=request.programme.region).select_related("channel"), pk=pk
    )
    services.post_delete(post=post, by=request.user)
    messages.success(request, _("The post has been deleted."))
    return _back_to(request, post.channel)


# --- Inquiries (the trade office and SME owners) ----------------------------------------------------------


@require_safe
@programme_view(staff=False)
def inquiry_list(request):
    qs = selectors.inquiries(region=request.programme.region, owner=_owner(request))
    counts = selectors.status_counts(qs)
    wanted = request.GET.get("status", "")
    if wanted in counts:
        qs = qs.filter(status=wanted)
    else:
        wanted = ""
    statuses = [(s, Inquiry.Status(s).label, n) for s, n in counts.items()]
    context = {"page": paginate(request, qs), "statuses": statuses, "wanted": wanted, "total": sum(counts.values())}
    return render(request, "trade/inquiry_list.html", context)


def _inquiry(request, pk) -> Inquiry:
    try:
        return selectors.inquiry_get(region=request.programme.region, pk=pk, owner=_owner(request))
    except Inquiry.DoesNotExist:
        raise Http404 from None


def _inquiry_page(request, inquiry, *, move=None, deal=None, status=200):
    deal = deal or DealForm(
        region=request.programme.region,
        initial={
            "currency": "KRW" if inquiry.country_id == "KR" else "USD",
            "date": timezone.localdate(),
            "cooperation": inquiry.channel.cooperation_id if inquiry.channel_id else None,
        },
    )
    products = [(p, selectors.product_name(p, "id") or str(p)) for p in inquiry.products.all()]
    context = {
        "i": inquiry,
        "products": products,
        "move": move or MoveForm(moves=services.MOVES.get(inquiry.status, ())),
        "deal": deal if request.trade_staff else None,
        "can_move": inquiry.status in services.MOVES,
        "can_deal": request.trade_staff and inquiry.status in services.OPEN,
        "language": _language_name(inquiry.language),
        "history": inquiry.history.select_related("history_user").order_by("-history_date")[:20],
    }
    url = reverse("trade_inquiry_detail", args=[request.programme.region.code, inquiry.pk])
    return render_page(request, "trade/inquiry_detail.html", context, url=url, status=status)


@require_safe
@programme_view(staff=False)
def inquiry_detail(request, pk):
    return _inquiry_page(request, _inquiry(request, pk))


@require_POST
@programme_view(staff=False)
def inquiry_move(request, pk):
    inquiry = _inquiry(request, pk)
    if inquiry.status not in services.MOVES:  # a deal meanwhile: the page shows no form to put it on
        messages.error(request, MoveForm.base_fields["to"].error_messages["invalid_choice"])
        return redirect("trade_inquiry_detail", code=request.programme.region.code, pk=inquiry.pk)
    form = MoveForm(request.POST, moves=services.MOVES[inquiry.status])
    if form.is_valid():
        try:
            services.inquiry_move(inquiry=inquiry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if inquiry.status not in services.MOVES:  # a deal meanwhile: the page shows no form to put it on
                messages.error(request, " ".join(exc.messages))
                return redirect("trade_inquiry_detail", code=request.programme.region.code, pk=inquiry.pk)
            apply_errors(form, exc, unnamed="to")  # a status its status does not lead to: said at the choice
        else:
            messages.success(request, _("The inquiry's status has been saved."))
            return redirect("trade_inquiry_detail", code=request.programme.region.code, pk=inquiry.pk)
    return _inquiry_page(request, _inquiry(request, pk), move=form, status=400)


@require_POST
@programme_view()
@once.creates
def inquiry_deal(request, pk):
    inquiry = _inquiry(request, pk)
    form = DealForm(request.POST, region=request.programme.region)
    if form.is_valid():
        try:
            with once.consuming(request) as submission:
                services.inquiry_deal(inquiry=inquiry, by=request.user, **form.cleaned_data)
                url = submission.leads_to(
                    reverse("trade_inquiry_detail", args=[request.programme.region.code, inquiry.pk])
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The deal has been recorded."))
            return redirect(url)
    return _inquiry_page(request, _inquiry(request, pk), deal=form, status=400)


# --- The buyer's pages (no login) -------------------------------------------------------------------------


def _buyer_render(request, template: str, lang: str, context: dict, *, status: int = 200):
    """A buyer's page: the interface in Indonesian or English (Korean and Japanese pages keep English chrome),
    the buyer's texts in their language (buyer_text), marked with their language for screen readers."""
    chrome = lang if lang in ("id", "en") else "en"
    with translation.override(chrome):
        context = {"lang": lang, "t": buyer_text.bundle(lang), "languages": buyer_text.LANGUAGE_NAMES, **context}
        return render(request, template, context, status=status)


def _too_many(request, lang: str, verdict: ratelimit.Verdict):
    minutes = max(1, (verdict.retry_after + 59) // 60)
    text = buyer_text.get(
        "Too many inquiries were sent from here in a short time. Please try again in %(n)s minutes.", lang
    ) % {"n": minutes}
    response = _buyer_render(request, "trade/buyer_429.html", lang, {"text": text}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _product_ids(values, *, limit: int = 50) -> list[int]:
    return [pk for pk in map(record_id, values[:limit]) if pk is not None]


@never_cache
@once.creates
def inquiry_create(request, code, lang):
    """The buyer's inquiry form for products of the region, in `lang`. `?produk=ID` (repeatable) names the
    products asked about (from a product or edition page, `asal=produk|edisi`); `?kanal=ID` the channel."""
    if lang not in buyer_text.LANGUAGES:
        raise Http404
    from kembar.regions.models import Region

    region = get_object_or_404(Region, code=code)
    source = request.POST if request.method == "POST" else request.GET
    available = selectors.public_products(region=region)
    wanted = _product_ids(request.GET.getlist("produk"))
    if wanted:
        available = available.filter(pk__in=wanted)
    products = list(available[: selectors.FORM_PRODUCTS_MAX])
    if not products:
        raise Http404  # no product of this region a buyer may ask about (none published, or not these)
    channel = None
    if (kanal := record_id(source.get("kanal", ""))) is not None:
        channel = Channel.objects.filter(region=region, pk=kanal).first()
    origin = {"produk": Inquiry.Origin.PRODUCT, "edisi": Inquiry.Origin.EDITION}.get(source.get("asal", ""))
    origin = origin or (Inquiry.Origin.CHANNEL if channel else Inquiry.Origin.DIRECT)
    countries = [(c.code, c.name(lang)) for c in Country.objects.all()]
    countries.sort(key=lambda row: row[1])
    choices = [(p.pk, selectors.product_name(p, lang)) for p in products]
    initial = {"products": [p.pk for p in products]} if wanted else {}
    form = InquiryForm(request.POST or None, initial=initial, language=lang, products=choices, countries=countries)
    if request.method == "POST":
        answer = _inquiry_post(
            request, form, region=region, lang=lang, products=products, channel=channel, origin=origin
        )
        if answer is not None:
            return answer
    shown = {p.pk: p for p in products}
    rows = [(field, shown.get(int(field.data["value"]))) for field in form["products"]]
    context = {
        "form": form,
        "region": region,
        "rows": rows,
        "lead": buyer_text.get(
            "Ask the businesses of %(region)s about their products. Your inquiry reaches each business and the "
            "region's trade office once you have confirmed your email address.",
            lang,
        )
        % {"region": region.name},
        "hidden": {"asal": source.get("asal", "")[:10], "kanal": channel.pk if channel else ""},
        "query": request.GET.urlencode(),
        "any_sample": any(p.is_sample or p.sme.is_sample for p in products),
    }
    return _buyer_render(request, "trade/inquiry_form.html", lang, context, status=400 if form.errors else 200)


def _inquiry_post(request, form, *, region, lang, products, channel, origin):
    """The POST of the buyer's form, with the portal forms' abuse rules (kembar.core.personal.public_post)."""

    def create():
        data = form.cleaned_data
        services.inquiry_submit(
            region=region,
            products=[p for p in products if p.pk in set(data["products"])],
            name=data["name"],
            company=data["company"],
            country=Country.objects.filter(code=data["country"]).first(),
            email=data["email"],
            quantity=data["quantity"],
            message=data["message"],
            language=lang,
            origin=origin,
            channel=channel,
        )
        return done

    done = reverse("trade_inquiry_sent", args=[lang])
    return personal.public_post(
        request,
        form,
        scope="inquiry",
        done=done,
        create=create,
        too_many=lambda verdict: _too_many(request, lang, verdict),
        limits=(ADDRESS_LIMIT, EMAIL_LIMIT),
    )


@require_safe
def inquiry_sent(request, lang):
    if lang not in buyer_text.LANGUAGES:
        raise Http404
    return _buyer_render(request, "trade/inquiry_sent.html", lang, {})


def _by_secret(secret: str) -> list[Inquiry]:
    found = services.by_secret(secret)
    if not found:
        raise Http404
    return found


def inquiry_verify(request, secret, signed):
    """The email's confirmation link: a page with one button (a mail scanner opening the link confirms nothing);
    its POST confirms."""
    found = _by_secret(secret)
    lang = buyer_text.language_of(found[0].language)
    waiting = any(i.status == Inquiry.Status.UNVERIFIED for i in found)

    def page(expired: bool):
        context = {"inquiries": found, "expired": expired, "waiting": waiting}
        return _buyer_render(request, "trade/inquiry_verify.html", lang, context)

    return personal.confirm_step(
        request,
        confirm=lambda: services.inquiry_verify(secret=secret, signed=signed) is not None,
        done=buyer_text.get("Thank you: your email is confirmed and your inquiry has been passed on.", lang),
        then=reverse("trade_inquiry_status", args=[secret]),
        page=page,
    )


@require_safe
def inquiry_status(request, secret):
    found = _by_secret(secret)
    lang = buyer_text.language_of(found[0].language)
    rows = [
        {
            "sme": i.sme.name,
            "products": [selectors.product_name(p, lang) or str(p) for p in i.products.all()],
            "status": buyer_text.get(buyer_text.STATUS[i.status], lang),
            "sample": i.sme.is_sample,
        }
        for i in found
    ]
    first = found[0]
    context = {
        "rows": rows,
        "quantity": first.quantity,
        "message": first.message,
        "region": first.region,
        "secret": secret,
        "erased": first.erased_at is not None,
    }
    return personal.secret_page(_buyer_render(request, "trade/inquiry_status.html", lang, context))


@require_safe
def inquiry_data(request, secret):
    """Everything kept about the buyer and their inquiries, as JSON (a download)."""
    found = _by_secret(secret)
    return personal.download(found[0], services.inquiry_data(found))


def inquiry_erase(request, secret):
    """The buyer erases their name, company and email from every inquiry of the link (a page with one button)."""
    found = _by_secret(secret)
    lang = buyer_text.language_of(found[0].language)
    back = reverse("trade_inquiry_status", args=[secret])
    context = {"erased": found[0].erased_at is not None, "back": back, "region": found[0].region}
    return personal.erase_step(
        request,
        erase=lambda: services.inquiry_erase(secret=secret),
        done=buyer_text.get("Your name, company and email have been erased. Your inquiry stays, without them.", lang),
        then=back,
        page=lambda: _buyer_render(request, "trade/inquiry_erase.html", lang, context),
    )
