"""Writes of kembar.seeking: a region publishes (or withdraws) its partner search; a foreign city or institution
sends its interest, confirms its email, downloads or erases its data; the bureau moves the interest (in contact,
declined, turned into a study candidate) and the sender is written to in the language they wrote in.

Every change keeps history (TenantModel); the sender's name and email are in no history row."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kembar.core import personal
from kembar.core.services import record_change, save_validated

from .models import Interest, Seeking
from .words import language_of, word

logger = logging.getLogger(__name__)

#: The version of the consent text (words.WORDS["consent"] and its translations) recorded with each interest.
CONSENT_VERSION = "2026-12-pdp-seeking-1"
#: The confirmation link of the first email (valid for kembar.core.personal.VERIFY_MAX_AGE).
_verify = personal.EmailLink("kembar.seeking.verify")

#: The bureau's moves from each status (a confirmed interest only).
MOVES = {
    Interest.Status.NEW: {Interest.Status.CONTACT, Interest.Status.DECLINED, Interest.Status.CANDIDATE},
    Interest.Status.CONTACT: {Interest.Status.DECLINED, Interest.Status.CANDIDATE},
    Interest.Status.DECLINED: {Interest.Status.CONTACT},
    Interest.Status.CANDIDATE: {Interest.Status.CONTACT},
}


class NotAllowed(ValidationError):
    """A move the interest's status does not allow."""


# --- The region's publication ---------------------------------------------------------------------------------


@transaction.atomic
def seeking_set(*, region, by, active: bool, text: str = "", text_en: str = "") -> Seeking:
    """Publish (or withdraw) the region's partner search with its words. It needs the region's partner-search
    profile (what it seeks and offers) to be shown."""
    from kembar.discovery.models import RegionProfile

    if active and not RegionProfile.objects.filter(region=region).exists():
        raise ValidationError(
            {"active": _("Fill in the region's partner-search profile first: the portal shows what it seeks.")}
        )
    seeking = Seeking.all_objects.select_for_update().filter(region=region).first() or Seeking(region=region)
    if active and not seeking.active:
        seeking.published_at = timezone.now()
    reason = "edited"
    if active != seeking.active:
        reason = "published" if active else "withdrawn"
    fields = {"active": active, "text": text.strip(), "text_en": text_en.strip(), "deleted_at": None}
    return save_validated(seeking, by=by, fields=fields, reason=reason)


# --- An interest, from the portal ------------------------------------------------------------------------------


def by_secret(secret: str) -> Interest:
    """The interest of a secret link (Interest.DoesNotExist if none)."""
    return personal.with_secret(Interest.objects.select_related("region", "country", "place"), secret).get()


def status_url(secret: str) -> str:
    return settings.KEMBAR_SITE_URL + reverse("seeking_interest_status", args=[secret])


def verify_url(interest: Interest, secret: str) -> str:
    signed = _verify.sign(str(interest.pk))
    return settings.KEMBAR_SITE_URL + reverse("seeking_interest_verify", args=[secret, signed])


def status_word(interest: Interest, language: str) -> str:
    return word(f"st_{interest.status}", language)


def _mail(interest: Interest, *, required: bool = False, **links) -> None:
    """One email to the sender, in the language they wrote in (none once their data was erased). The first
    (`required`, with `verify` and `follow` links) is sent inside the create's transaction: nothing is kept that
    its sender never hears of. A status email that fails is logged, and the change stands."""
    if not interest.email:
        return
    lang = language_of(interest.language)
    region = interest.region.name
    if links:
        subject = word("mail_subject", lang, region=region)
        body = "\n\n".join(
            [
                word("mail_intro", lang, region=region),
                word("mail_confirm", lang) + "\n" + links["verify"],
                word("mail_follow", lang) + "\n" + links["follow"],
                word("mail_ignore", lang),
            ]
        )
    else:
        status = status_word(interest, lang)
        subject = word("mail_status_subject", lang, region=region, status=status)
        body = word("mail_status", lang, region=region, status=status)
    try:
        send_mail(subject, body + "\n", None, [interest.email])
    except Exception:
        if required:
            raise
        logger.exception("status email of interest %s not sent", interest.pk)


@transaction.atomic
def interest_submit(*, region, language: str = "id", **fields) -> tuple[Interest, str]:
    """Record an interest (awaiting email confirmation: it counts nowhere yet) and send the email with its
    confirmation link and its secret link. Only a region seeking partners on the portal takes interests.
    Returns (interest, secret)."""
    from .selectors import published_seeking

    if not published_seeking().filter(region=region).exists():
        raise ValidationError(word("not_seeking", language_of(language)))
    secret, secret_hash = personal.new_secret()
    interest = Interest(
        region=region,
        language=language_of(language),
        consent_version=CONSENT_VERSION,
        consented_at=timezone.now(),
        secret_hash=secret_hash,
        **fields,
    )
    save_validated(interest, by=None, reason="sent")
    _mail(interest, required=True, verify=verify_url(interest, secret), follow=status_url(secret))
    return interest, secret


@transaction.atomic
def interest_verify(*, interest: Interest, signed: str) -> bool:
    """Confirm the email from its link (True), or say the link expired or is another's (False). Again: no change."""
    if not _verify.matches(signed, str(interest.pk)):
        return False
    if interest.status == Interest.Status.UNVERIFIED:
        interest.status = Interest.Status.NEW
        interest.verified_at = timezone.now()
        record_change(interest, by=None, reason="email confirmed")
        interest.save(update_fields=["status", "verified_at", "updated_at"])
    return True


def interest_data(interest: Interest) -> dict:
    """Everything kept about the interest and its sender, as the sender downloads it."""
    return {
        "number": interest.number,
        "to_region": interest.region.name,
        "institution": interest.institution,
        "kind": interest.kind,
        "country": interest.country_id,
        "city": interest.city,
        "city_identified": interest.place.name if interest.place_id else None,
        "contact_person": interest.name,
        "email": interest.email,
        "fields": interest.fields,
        "message": interest.message,
        "language": interest.language,
        "status": interest.status,
        "consent_version": interest.consent_version,
        "consent_text": word("consent", language_of(interest.language)),
        "consented_at": personal.stamp(interest.consented_at),
        "sent_at": personal.stamp(interest.created_at),
        "email_confirmed_at": personal.stamp(interest.verified_at),
        "personal_data_erased_at": personal.stamp(interest.erased_at),
    }


@transaction.atomic
def interest_erase(*, interest: Interest) -> Interest:
    """Erase the sender's name and email (fields in no history row); the interest stays, anonymous."""
    if personal.erase(interest):
        interest.save()
    return interest


# --- The bureau -------------------------------------------------------------------------------------------------


@transaction.atomic
def interest_move(*, interest: Interest, by, status: str, note: str = "", search=None) -> Interest:
    """Move a confirmed interest (MOVES), with the bureau's note; the sender is told the new status.

    Turned into a study candidate, its city is shortlisted in the region's saved partner search `search`
    (kembar.studies: only a city the legal filter lets through), with a note citing the interest whose fields
    then count for that city in the ranking."""
    if status not in MOVES.get(interest.status, ()):
        raise NotAllowed(_("This interest cannot be moved to that status now."))
    if status == Interest.Status.CANDIDATE:
        interest.candidate = _shortlist(interest, search=search, by=by)
    interest.status = status
    interest.decided_at = timezone.now()
    if note:
        interest.note = note.strip()
    record_change(interest, by=by, reason=status)
    interest.save()
    _mail(interest)
    return interest


def _shortlist(interest: Interest, *, search, by):
    from kembar.studies import services as studies

    if search is None or search.region_id != interest.region_id:
        raise ValidationError({"search": _("Choose the saved partner search whose shortlist takes this city.")})
    if interest.place_id is None:
        raise ValidationError({"status": _("The sender's city was not identified: it cannot be shortlisted.")})
    with translation.override("id"):
        cite = _("Interest from abroad %(number)s: %(institution)s, received on %(day)s") % {
            "number": interest.number,
            "institution": interest.institution,
            "day": formats.date_format(timezone.localdate(interest.created_at), "DATE_FORMAT"),
        }
    candidate = studies.candidate_add(search=search, place=interest.place, by=by, reason=cite[:2000])
    text = interest.message or interest.institution
    studies.note_add(candidate=candidate, by=by, text=text[:2000], fields=interest.fields, source=cite[:500])
    return candidate
