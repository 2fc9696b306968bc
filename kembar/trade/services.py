"""Writes of kembar.trade: channels (with their store units and f4bdg posts), and buyer inquiries from the
public form to a deal.

A deal on an inquiry linked to a foreign cooperation becomes a result of that cooperation: an Activity made by
the cooperations service, with a direct tangible outcome and a Source naming the inquiry, so it shows in the
cooperation's timeline and the evaluation's "tangible results" element counts it (docs/adr/0039)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kembar.accounts.models import Membership, Role
from kembar.cooperations import services as cooperations
from kembar.cooperations.activities import currency_valid
from kembar.cooperations.models import Cooperation, Source
from kembar.core import personal
from kembar.core.dates import typed_day_refusal
from kembar.core.money import money
from kembar.core.services import record_change, restore, save_validated, soft_delete
from kembar.smes.models import SME, Product

from . import buyer_text, selectors
from .models import DEAL_MAX, Channel, ChannelPost, Inquiry, StoreUnit

logger = logging.getLogger(__name__)

#: Most SMEs and products one channel shows, and products one inquiry asks about (bounds on the input).
MAX_SHOWN = 300
MAX_INQUIRY_PRODUCTS = 20
#: The confirmation link of the buyer's email (valid for kembar.core.personal.VERIFY_MAX_AGE).
_verify = personal.EmailLink("kembar.trade.inquiry")

#: Moves of an inquiry the SME owner and the trade office may make (a deal: the trade office, deal_record).
MOVES = {
    Inquiry.Status.NEW: {Inquiry.Status.ANSWERED, Inquiry.Status.SAMPLE_SENT, Inquiry.Status.LOST},
    Inquiry.Status.ANSWERED: {Inquiry.Status.SAMPLE_SENT, Inquiry.Status.LOST},
    Inquiry.Status.SAMPLE_SENT: {Inquiry.Status.ANSWERED, Inquiry.Status.LOST},
    Inquiry.Status.LOST: {Inquiry.Status.NEW},  # reopened: the buyer wrote again
}
OPEN = frozenset({Inquiry.Status.NEW, Inquiry.Status.ANSWERED, Inquiry.Status.SAMPLE_SENT})


class NotAllowed(ValidationError):
    """A move the inquiry's status does not allow."""


# --- Channels ---------------------------------------------------------------------------------------------


def _region_rows(model, region, rows: Iterable, *, what: str) -> list:
    """The live rows of the region among `rows` (objects or ids); ValidationError for any other, or too many."""
    ids = sorted({getattr(r, "pk", r) for r in rows or ()})
    if len(ids) > MAX_SHOWN:
        raise ValidationError({what: _("At most %(n)s.") % {"n": MAX_SHOWN}})
    found = list(model.objects.filter(region=region, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({what: _("Choose among the region's own records.")})
    return found


def _shown(channel: Channel, *, smes, products) -> None:
    if smes is not None:
        channel.smes.set(_region_rows(SME, channel.region, smes, what="smes"))
    if products is not None:
        found = _region_rows(Product, channel.region, products, what="products")
        channel.products.set(found)
        # A product shown brings its SME: the channel's SMEs are never fewer than its products'.
        channel.smes.add(*{p.sme_id for p in found})


@transaction.atomic
def channel_create(*, region, by, smes=(), products=(), **fields) -> Channel:
    channel = save_validated(Channel(region=region, **fields), by=by, reason="created")
    _shown(channel, smes=smes, products=products)
    return channel


@transaction.atomic
def channel_update(*, channel: Channel, by, smes=None, products=None, **fields) -> Channel:
    fields.pop("kind", None)  # a channel stays the kind it was made as (its rules and rows depend on it)
    save_validated(channel, by=by, fields=fields, reason="updated")
    _shown(channel, smes=smes, products=products)
    return channel


def channel_delete(*, channel: Channel, by) -> None:
    soft_delete(channel, by=by)


def channel_restore(*, channel: Channel, by) -> None:
    restore(channel, by=by)


@transaction.atomic
def unit_add(*, channel: Channel, by, label: str, use: str, description: str = "") -> StoreUnit:
    last = StoreUnit.objects.filter(channel=channel).aggregate(p=Max("position"))["p"]
    unit = StoreUnit(
        region_id=channel.region_id,
        channel=channel,
        label=(label or "").strip(),
        use=use,
        description=(description or "").strip(),
        position=(last or 0) + 1,
    )
    return save_validated(unit, by=by, reason="created")


def unit_delete(*, unit: StoreUnit, by) -> None:
    soft_delete(unit, by=by)


@transaction.atomic
def post_add(*, channel: Channel, by, **fields) -> ChannelPost:
    return save_validated(ChannelPost(region_id=channel.region_id, channel=channel, **fields), by=by, reason="created")


def post_delete(*, post: ChannelPost, by) -> None:
    soft_delete(post, by=by)


# --- Buyer inquiries --------------------------------------------------------------------------------------


def by_secret(secret: str) -> list[Inquiry]:
    """The inquiries of a buyer's secret link (empty when none)."""
    qs = Inquiry.objects.select_related("region", "sme", "country").prefetch_related("products__texts")
    return list(personal.with_secret(qs, secret).order_by("pk"))


def verify_signed(secret: str) -> str:
    """The signed part of the confirmation link of a buyer's secret (what the email carries)."""
    return _verify.sign(personal.secret_hash(secret))


def verify_url(secret: str) -> str:
    return settings.KEMBAR_SITE_URL + reverse("trade_inquiry_verify", args=[secret, verify_signed(secret)])


def status_url(secret: str) -> str:
    return settings.KEMBAR_SITE_URL + reverse("trade_inquiry_status", args=[secret])


@transaction.atomic
def inquiry_submit(
    *,
    region,
    products: list[Product],
    name: str,
    company: str,
    country,
    email: str,
    quantity: str,
    message: str,
    language: str = "en",
    origin: str = Inquiry.Origin.DIRECT,
    channel: Channel | None = None,
    is_sample: bool = False,
) -> tuple[list[Inquiry], str]:
    """Record a buyer's inquiry — one per SME of the products asked about — awaiting email confirmation (nobody
    sees it before), and send the buyer the confirmation link in their language. Returns (inquiries, secret)."""
    language = buyer_text.language_of(language)
    products = [p for p in products if p.region_id == region.pk and not p.is_deleted]
    if not products:
        raise ValidationError({"products": buyer_text.get("Choose at least one product.", language)})
    if len(products) > MAX_INQUIRY_PRODUCTS:
        raise ValidationError({"products": buyer_text.get("At most 20 products in one inquiry.", language)})
    given = {"name": name, "company": company, "email": email}
    missing = [f for f, value in given.items() if not (value or "").strip()]
    if missing:
        raise ValidationError({f: buyer_text.get("This field is required.", language) for f in missing})
    if channel is not None and channel.region_id != region.pk:
        channel = None
    secret, secret_hash = personal.new_secret()
    by_sme: dict[int, list[Product]] = {}
    for product in products:
        by_sme.setdefault(product.sme_id, []).append(product)
    inquiries = []
    now = timezone.now()
    for sme_id, items in sorted(by_sme.items()):
        inquiry = Inquiry(
            region=region,
            sme_id=sme_id,
            origin=origin,
            channel=channel,
            name=name,
            company=company,
            country=country,
            email=email.lower(),
            language=language,
            quantity=quantity,
            message=message,
            consent_version=buyer_text.CONSENT_VERSION,
            consented_at=now,
            secret_hash=secret_hash,
            is_sample=is_sample,
        )
        save_validated(inquiry, by=None, reason="sent by the buyer")
        inquiry.products.set(items)
        inquiries.append(inquiry)
    _mail_buyer(inquiries[0], "verify", verify=verify_url(secret), follow=status_url(secret))
    return inquiries, secret


def _mail_buyer(inquiry: Inquiry, what: str, **links) -> None:
    """The email to the buyer, in the language they wrote in (buyer_text). Sent inside the transaction: if it
    cannot be sent, nothing is kept that the buyer never hears of."""
    lang = inquiry.language
    t = buyer_text.get
    if what == "verify":
        subject = t("Confirm your inquiry to %(region)s", lang) % {"region": inquiry.region.name}
        lines = [
            t("You (or someone using your email address) sent an inquiry to SMEs of %(region)s.", lang)
            % {"region": inquiry.region.name},
            "",
            t("Confirm your email address with this link (valid for 3 days); only then does anyone see it:", lang),
            links["verify"],
            "",
            t("Your own link to follow the inquiry (keep it; do not share it):", lang),
            links["follow"],
            "",
            t("If you did not send this inquiry, ignore this email: without confirmation nobody sees it.", lang),
        ]
    send_mail(subject, "\n".join(lines) + "\n", None, [inquiry.email])


@transaction.atomic
def inquiry_verify(*, secret: str, signed: str) -> list[Inquiry] | None:
    """Confirm the buyer's email from the link: their inquiries become new and reach the SMEs' owners and the
    trade office (an email to each). None when the link expired or is not this one's. Again: nothing changes."""
    if not _verify.matches(signed, personal.secret_hash(secret)):
        return None
    inquiries = by_secret(secret)
    waiting = [i for i in inquiries if i.status == Inquiry.Status.UNVERIFIED]
    now = timezone.now()
    for inquiry in waiting:
        inquiry.status = Inquiry.Status.NEW
        inquiry.verified_at = now
        record_change(inquiry, by=None, reason="email confirmed")
        inquiry.save(update_fields=["status", "verified_at", "updated_at"])
    if waiting:
        ids = [i.pk for i in waiting]
        transaction.on_commit(lambda: notify_new(ids))
    return inquiries


def inquiry_data(inquiries: list[Inquiry]) -> dict:
    """Everything kept about the buyer of a secret link and their inquiries, as the buyer downloads it (the trade
    office's own notes are not the buyer's data)."""
    first = inquiries[0]
    lang = buyer_text.language_of(first.language)
    return {
        "region": first.region.name,
        "name": first.name,
        "company": first.company,
        "email": first.email,
        "country": first.country_id,
        "language": first.language,
        "quantity": first.quantity,
        "message": first.message,
        "consent_version": first.consent_version,
        "consent_text": buyer_text.get(buyer_text.CONSENT, lang)
        if first.consent_version == buyer_text.CONSENT_VERSION
        else "",
        "consented_at": personal.stamp(first.consented_at),
        "sent_at": personal.stamp(first.created_at),
        "email_confirmed_at": personal.stamp(first.verified_at),
        "personal_data_erased_at": personal.stamp(first.erased_at),
        "inquiries": [
            {
                "number": i.number,
                "business": i.sme.name,
                "products": [selectors.product_name(p, lang) or str(p) for p in i.products.all()],
                "status": i.status,
            }
            for i in inquiries
        ],
    }


@transaction.atomic
def inquiry_erase(*, secret: str) -> list[Inquiry]:
    """Erase the buyer's name, company and email from every inquiry of their secret link (fields in no history
    row); the inquiries stay, anonymous, and the trade office reads that the sender erased them. Again: no
    change."""
    inquiries = list(personal.with_secret(Inquiry.objects.select_for_update(), secret).order_by("pk"))
    for inquiry in inquiries:
        if personal.erase(inquiry):
            inquiry.save()
    return inquiries


def notify_new(ids: list[int]) -> None:
    """Tell each SME's owners and the region's trade office of confirmed inquiries (in Indonesian, the office's
    language). A failure is logged: the inquiry stands and is listed for them anyway."""
    inquiries = Inquiry.objects.filter(pk__in=ids).select_related("region", "sme", "country")
    for inquiry in inquiries:
        owners = list(inquiry.sme.owners.exclude(email="").values_list("email", flat=True))
        staff = list(
            Membership.objects.filter(region=inquiry.region, role=Role.TRADE_STAFF)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        to = sorted(set(owners) | set(staff))
        if not to:
            continue
        with translation.override("id"):
            url = settings.KEMBAR_SITE_URL + reverse("trade_inquiry_detail", args=[inquiry.region.code, inquiry.pk])
            context = {"i": inquiry, "url": url, "country": inquiry.country.name("id")}
            subject = render_to_string("trade/email/new_subject.txt", context).strip()
            body = render_to_string("trade/email/new.txt", context)
        try:
            send_mail(subject, body, None, to)
        except Exception:
            logger.exception("email of inquiry %s not sent", inquiry.pk)


def _move(inquiry: Inquiry, to: str, *, by, reason: str) -> None:
    inquiry.status = to
    inquiry.decided_by = by if getattr(by, "is_authenticated", False) else None
    record_change(inquiry, by=by, reason=reason)
    inquiry.save()


@transaction.atomic
def inquiry_move(*, inquiry: Inquiry, by, to: str, note: str | None = None) -> Inquiry:
    """answered, sample sent, lost, or reopened (lost → new); a deal is `inquiry_deal`."""
    if to not in MOVES.get(inquiry.status, ()):
        raise NotAllowed(_("This inquiry can no longer be moved to that status."))
    if note is not None:
        inquiry.note = note.strip()[:2000]
    _move(inquiry, to, by=by, reason=to)
    return inquiry


def _deal_source(inquiry: Inquiry, coop: Cooperation, *, by, day: dt.date) -> Source:
    with translation.override("id"):
        cite = _(
            "Buyer inquiry %(number)s to %(sme)s from a buyer in %(country)s, recorded as a deal by the trade "
            "office of %(region)s on %(day)s"
        ) % {
            "number": inquiry.number,
            "sme": inquiry.sme.name,
            "country": inquiry.country.name("id"),
            "region": inquiry.region.name,
            "day": formats.date_format(day, "DATE_FORMAT"),
        }
        if inquiry.is_sample:
            cite = _("Sample data (invented for the demonstration, not a fact): %(cite)s") % {"cite": cite}
    last = Source.all_objects.filter(cooperation=coop).aggregate(p=Max("position"))["p"]
    return save_validated(
        Source(
            region_id=coop.region_id,
            cooperation=coop,
            key=f"permintaan-{inquiry.pk}",
            cite=cite,
            position=Source.position_after(last),
        ),
        by=by,
        reason="buyer inquiry",
    )


@transaction.atomic
def inquiry_deal(
    *,
    inquiry: Inquiry,
    by,
    value: Decimal,
    currency: str,
    date: dt.date | None = None,
    cooperation: Cooperation | None = None,
    note: str | None = None,
) -> Inquiry:
    """Record the deal (value and currency) of an open inquiry. With a foreign cooperation of the region (the one
    given, or the channel's), the deal becomes its result: an activity dated the deal's day, with a direct
    tangible outcome naming the value, citing the inquiry as its source."""
    if inquiry.status not in OPEN:
        raise NotAllowed(_("This inquiry can no longer be moved to that status."))
    currency = (currency or "").strip().upper()
    errors = {}
    if value is None or not isinstance(value, Decimal) or not value.is_finite() or value <= 0:
        errors["value"] = _("Give the value of the deal, more than 0.")
    elif value > DEAL_MAX:
        errors["value"] = _("The value is too large.")
    if not currency_valid(currency):
        errors["currency"] = _("“%(code)s” is not an ISO 4217 currency code (e.g. IDR, KRW, USD).") % {"code": currency}
    day = date or timezone.localdate()
    if day > timezone.localdate():
        errors["date"] = _("A deal is recorded once it is made: the date cannot be in the future.")
    elif refusal := typed_day_refusal(day):  # 0001: off every timeline the deal's activity is on
        errors["date"] = refusal
    coop = cooperation or (inquiry.channel.cooperation if inquiry.channel_id else None)
    if coop is not None and (coop.region_id != inquiry.region_id or coop.is_deleted):
        errors["cooperation"] = _("Choose a cooperation of the region.")
    if errors:
        raise ValidationError(errors)
    inquiry.deal_value, inquiry.deal_currency, inquiry.deal_date = value, currency, day
    inquiry.cooperation = coop
    if note is not None:
        inquiry.note = note.strip()[:2000]
    if coop is not None:
        source = _deal_source(inquiry, coop, by=by, day=day)
        with translation.override("id"):
            title = _("Export deal: %(sme)s with a buyer from %(country)s") % {
                "sme": inquiry.sme.name,
                "country": inquiry.country.name("id"),
            }
            outcome = _("Deal worth %(amount)s (buyer inquiry %(number)s)") % {
                "amount": money(value, currency),
                "number": inquiry.number,
            }
            if inquiry.is_sample:
                title = _("Sample: %(title)s") % {"title": title}
        inquiry.activity = cooperations.activity_create(
            cooperation=coop,
            by=by,
            date=day.isoformat(),
            title=title,
            kind="business_matching",
            field=_channel_field(coop),
            beneficiary="region",
            participants=["business"],
            outcomes=[{"text": outcome, "tangible": "direct"}],
            source=source,
        )
    _move(inquiry, Inquiry.Status.DEAL, by=by, reason="deal")
    return inquiry


def _channel_field(coop: Cooperation) -> str:
    """The cooperation's field a deal belongs to: its first field (the Hongdae cooperation has one: the promotion
    of Bandung's SME products), or none."""
    fields = [f for f in coop.fields or [] if isinstance(f, str)]
    return fields[0][:200] if fields else ""
