"""Proposals: submitted by anyone on the portal, confirmed by email, triaged by the bureau of the region.

received → under review → accepted (a planned activity of the cooperation, community-initiated with the
community in its planning, citing the proposal as its source) or declined with a reason the proposer reads.
Every change keeps history (TenantModel) and writes to the proposer. The proposer holds a secret link
(only its SHA-256 is stored) to follow the proposal, download their data and erase it."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from kembar.cooperations import services as cooperations
from kembar.cooperations.models import Cooperation, Source
from kembar.core import personal
from kembar.core.services import record_change, save_validated
from kembar.public.http import with_language

from . import consent, selectors
from .models import Proposal, Signup

logger = logging.getLogger(__name__)

#: How long the confirmation link in the first email works.
VERIFY_MAX_AGE = personal.VERIFY_MAX_AGE
_verify = personal.EmailLink("kembar.participation.verify")

#: Moves the bureau may make, from each status.
MOVES = {
    Proposal.Status.RECEIVED: {Proposal.Status.REVIEW, Proposal.Status.ACCEPTED, Proposal.Status.DECLINED},
    Proposal.Status.REVIEW: {Proposal.Status.ACCEPTED, Proposal.Status.DECLINED},
}


class NotAllowed(ValidationError):
    """A move the proposal's status does not allow (already decided, not yet confirmed)."""


def by_secret(secret: str, *, model=Proposal):
    """The proposal (or the sign-up or organisation, `model=`) of a secret link (model.DoesNotExist if none)."""
    related = {Proposal: ("region", "cooperation"), Signup: ("region", "activity", "activity__cooperation")}
    related = related.get(model, ("region",))
    return personal.with_secret(model.objects.select_related(*related), secret).get()


def status_url(secret: str, language: str = "id") -> str:
    """The secret link of the emails, opening the page in the language the person wrote in (`?lang=`)."""
    return settings.KEMBAR_SITE_URL + with_language(reverse("proposal_status", args=[secret]), language)


def verify_url(proposal: Proposal, secret: str) -> str:
    path = reverse("proposal_verify", args=[secret, _verify.sign(str(proposal.pk))])
    return settings.KEMBAR_SITE_URL + with_language(path, proposal.language)


def _mail(record, template: str, *, required: bool = False, **context) -> None:
    """One email to the proposer (or the person signed up, `record`), in the language they wrote in (none once
    their data was erased). Sent inside the change's transaction: the first email is `required` (nothing is kept
    that its sender never hears of); a status email that fails is logged, and the change stands."""
    if not record.email:
        return
    with translation.override(record.language or "id"):
        context = {"p": record, "region": record.region, **context}
        subject = render_to_string(f"participation/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"participation/email/{template}.txt", context)
    try:
        send_mail(subject, body, None, [record.email])
    except Exception:
        if required:
            raise
        logger.exception("email %s of %s %s not sent", template, type(record).__name__, record.pk)


@transaction.atomic
def proposal_submit(*, region, cooperation: Cooperation | None, language: str = "id", **fields) -> tuple:
    """Record a proposal (awaiting email confirmation: the bureau does not see it yet) and send the email with
    its confirmation link and its secret link. Returns (proposal, secret)."""
    secret, secret_hash = personal.new_secret()
    proposal = Proposal(
        region=region,
        cooperation=cooperation,
        language=(language or "id")[:2],
        consent_version=consent.VERSION,
        consented_at=timezone.now(),
        secret_hash=secret_hash,
        **fields,
    )
    proposal.org = selectors.org_for(region_id=region.pk, email=proposal.email)
    save_validated(proposal, by=None, reason="proposed")
    follow = status_url(secret, proposal.language)
    _mail(proposal, "verify", required=True, verify=verify_url(proposal, secret), follow=follow)
    return proposal, secret


@transaction.atomic
def proposal_verify(*, proposal: Proposal, signed: str) -> bool:
    """Confirm the email of a proposal from its link (True), or say the link expired or is not this
    proposal's (False). Confirming again changes nothing."""
    if not _verify.matches(signed, str(proposal.pk)):
        return False
    if proposal.status == Proposal.Status.UNVERIFIED:
        proposal.status = Proposal.Status.RECEIVED
        proposal.verified_at = timezone.now()
        record_change(proposal, by=None, reason="email confirmed")
        proposal.save(update_fields=["status", "verified_at", "updated_at"])
        _mail(proposal, "status")
    return True


def _move(proposal: Proposal, to: str, *, by, reason: str) -> None:
    if to not in MOVES.get(proposal.status, ()):
        raise NotAllowed(_("This proposal can no longer be moved to that status."))
    proposal.status = to
    if to in (Proposal.Status.ACCEPTED, Proposal.Status.DECLINED):
        proposal.decided_at = timezone.now()
    record_change(proposal, by=by, reason=reason)
    proposal.save()
    _mail(proposal, "status")


@transaction.atomic
def proposal_review(*, proposal: Proposal, by) -> Proposal:
    _move(proposal, Proposal.Status.REVIEW, by=by, reason="under review")
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, by, reason: str) -> Proposal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why: the proposer reads this reason.")})
    proposal.reason = reason
    _move(proposal, Proposal.Status.DECLINED, by=by, reason="declined")
    return proposal


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by, title: str, kind: str, date=None, publish: bool = True) -> Proposal:
    """Accept the proposal: for a proposal on a cooperation, a planned activity of it, recorded as initiated on
    the region's side with the community involved in planning, the proposer's sector taking part, and the
    proposal cited as its source (the evaluation's community indicators count it, with this evidence). A
    proposal for a new partner city is accepted as an idea, without an activity."""
    if proposal.status not in MOVES:
        raise NotAllowed(_("This proposal can no longer be moved to that status."))
    coop = proposal.cooperation
    if coop is not None and not coop.is_deleted:
        with translation.override("id"):
            cite = _("Community proposal %(number)s (%(kind)s), accepted on %(day)s") % {
                "number": proposal.number,
                "kind": proposal.get_kind_display(),
                "day": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
            }
        last = Source.all_objects.filter(cooperation=coop).aggregate(p=Max("position"))["p"]
        source = save_validated(
            Source(
                region_id=coop.region_id,
                cooperation=coop,
                key=f"usulan-{proposal.pk}",
                cite=cite,
                position=Source.position_after(last),
            ),
            by=by,
            reason="community proposal",
        )
        activity = cooperations.activity_create(
            cooperation=coop,
            by=by,
            date=date or proposal.when or None,
            title=title,
            kind=kind,
            field=proposal.field,
            initiated_by="community",
            community_in_planning=True,
            participants=[Proposal.SECTOR.get(proposal.kind, "community")],
            source=source,
        )
        if publish:
            from kembar.public.services import item_publish

            item_publish(item=activity, by=by, public=True)
        proposal.activity = activity
    _move(proposal, Proposal.Status.ACCEPTED, by=by, reason="accepted")
    return proposal


def proposal_data(proposal: Proposal) -> dict:
    """Everything kept about the proposal and its proposer, as the proposer downloads it."""
    return {
        "number": proposal.number,
        "region": proposal.region.name,
        "cooperation": proposal.cooperation.title if proposal.cooperation_id else None,
        "proposed_partner_city": proposal.partner_city,
        "proposed_by": proposal.proposer,
        "kind": proposal.kind,
        "organisation": proposal.organisation,
        "name": proposal.name,
        "email": proposal.email,
        "title": proposal.title,
        "offer": proposal.offer,
        "need": proposal.need,
        "field": proposal.field,
        "when": str(proposal.when) if proposal.when else "",
        "language": proposal.language,
        "status": proposal.status,
        "reason": proposal.reason,
        "consent_version": proposal.consent_version,
        "consent_text": str(consent.TEXT) if proposal.consent_version == consent.VERSION else "",
        "consented_at": proposal.consented_at.isoformat(),
        "sent_at": proposal.created_at.isoformat(),
        "email_confirmed_at": proposal.verified_at.isoformat() if proposal.verified_at else None,
        "decided_at": proposal.decided_at.isoformat() if proposal.decided_at else None,
        "personal_data_erased_at": proposal.erased_at.isoformat() if proposal.erased_at else None,
    }


@transaction.atomic
def proposal_erase(*, proposal: Proposal) -> Proposal:
    """Erase the proposer's personal data (name, email, organisation); the proposal's content stays, anonymous.
    Those fields are in no history row (Proposal.history_excluded_fields)."""
    if personal.erase(proposal):
        proposal.save()
    return proposal
