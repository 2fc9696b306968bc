"""Organisations register once with a region's bureau: they confirm their email (a link valid for 3 days, a
button's POST), the bureau verifies them, and from then on the proposals and sign-ups sent with their email to
that region are linked to them (selectors.org_for) and listed on their page behind the secret link of their
first email. Those sent before the verification are linked when it happens."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.core import personal
from kembar.core.services import record_change, save_validated
from kembar.public.http import with_language

from . import consent
from .models import Organisation, Proposal, Signup
from .services import NotAllowed, _mail

Status = Organisation.Status
_confirm = personal.EmailLink("kembar.participation.organisation")


def status_url(secret: str, language: str = "id") -> str:
    """The secret link of the emails, opening the page in the language of the registration (`?lang=`)."""
    return settings.KEMBAR_SITE_URL + with_language(reverse("organisation_status", args=[secret]), language)


def confirm_url(org: Organisation, secret: str) -> str:
    path = reverse("organisation_verify", args=[secret, _confirm.sign(str(org.pk))])
    return settings.KEMBAR_SITE_URL + with_language(path, org.language)


@transaction.atomic
def organisation_register(*, region, name: str, kind: str, email: str, language: str = "id"):
    """Register an organisation (awaiting its email confirmation) and send the email with the confirmation link
    and the secret link. Returns (organisation, secret)."""
    secret, secret_hash = personal.new_secret()
    org = Organisation(
        region=region,
        name=name,
        kind=kind,
        email=email.lower(),
        language=(language or "id")[:2],
        consent_version=consent.VERSION,
        consented_at=timezone.now(),
        secret_hash=secret_hash,
    )
    save_validated(org, by=None, reason="registered")
    _mail(org, "organisation", required=True, verify=confirm_url(org, secret), follow=status_url(secret, org.language))
    return org, secret


@transaction.atomic
def organisation_confirm(*, org: Organisation, signed: str) -> bool:
    """Confirm the organisation's email from its link (the bureau then sees it), or False for a link that expired
    or is another's. Confirming again changes nothing."""
    if not _confirm.matches(signed, str(org.pk)):
        return False
    if org.status == Status.UNVERIFIED:
        org.status = Status.PENDING
        org.confirmed_at = timezone.now()
        record_change(org, by=None, reason="email confirmed")
        org.save(update_fields=["status", "confirmed_at", "updated_at"])
    return True


@transaction.atomic
def organisation_decide(*, org: Organisation, by, verified: bool) -> Organisation:
    """The bureau verifies (or does not) an organisation whose email is confirmed; a verified one gets the
    proposals and sign-ups its email sent to the region before, and is written to either way."""
    if org.status != Status.PENDING:
        raise NotAllowed(_("This organisation is not awaiting verification."))
    org.status = Status.VERIFIED if verified else Status.REJECTED
    org.decided_at = timezone.now()
    record_change(org, by=by, reason="verified" if verified else "not verified")
    org.save()
    if verified and org.email:
        for model in (Proposal, Signup):
            model.objects.filter(region_id=org.region_id, email=org.email, org__isnull=True).update(org=org)
    _mail(org, "organisation_status")
    return org


def organisation_data(org: Organisation) -> dict:
    """Everything kept about the organisation's registration, as it downloads it."""
    return {
        "number": org.number,
        "region": org.region.name,
        "name": org.name,
        "kind": org.kind,
        "email": org.email,
        "language": org.language,
        "status": org.status,
        "consent_version": org.consent_version,
        "consent_text": str(consent.TEXT) if org.consent_version == consent.VERSION else "",
        "consented_at": org.consented_at.isoformat(),
        "registered_at": org.created_at.isoformat(),
        "email_confirmed_at": org.confirmed_at.isoformat() if org.confirmed_at else None,
        "decided_at": org.decided_at.isoformat() if org.decided_at else None,
        "personal_data_erased_at": org.erased_at.isoformat() if org.erased_at else None,
    }


@transaction.atomic
def organisation_erase(*, org: Organisation) -> Organisation:
    """Erase the organisation's email (in no history row): nothing more is linked to it or written to it. Its
    name stays (an organisation's, not a person's), with what was linked before."""
    if personal.erase(org):
        org.save()
    return org
