"""Writes of the conditions checklist: attesting a condition, with evidence."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.cooperations.models import Cooperation, Document
from kembar.core.services import record_change

from .models import ConditionAttestation
from .selectors import checklist


@transaction.atomic
def condition_attest(
    *,
    cooperation: Cooperation,
    by,
    set_id: str,
    item_id: str,
    met: bool,
    evidence: str,
    evidence_document: Document | None = None,
) -> ConditionAttestation:
    """Record that a condition is (or is not) met, with the evidence. Earlier attestations stay as history.

    Raises ValidationError (by field) and changes nothing when the item is not one of the
    cooperation's conditions, is decided automatically, the evidence is empty, or the document is
    not a live document of this cooperation.
    """
    errors: dict[str, list[str]] = {}
    item = next((i for i in checklist(cooperation=cooperation) if (i.set_id, i.item_id) == (set_id, item_id)), None)
    if item is None:
        errors["item_id"] = [_("This is not one of the conditions of this cooperation.")]
    elif not item.applies:
        errors["item_id"] = [_("This condition does not apply to this form of cooperation.")]
    elif not item.attestable:
        errors["item_id"] = [_("This condition is decided automatically from the dossier; it cannot be attested.")]
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = [_("Say what shows it: the evidence is required.")]
    if evidence_document is not None and (
        evidence_document.cooperation_id != cooperation.pk
        or evidence_document.region_id != cooperation.region_id
        or evidence_document.is_deleted
    ):
        errors["evidence_document"] = [_("Choose a document of this cooperation.")]
    if not isinstance(met, bool):
        errors["met"] = [_("Say whether the condition is met.")]
    if errors:
        raise ValidationError(errors)

    attestation = ConditionAttestation(
        region_id=cooperation.region_id,
        cooperation=cooperation,
        set_id=set_id,
        item_id=item_id,
        met=met,
        evidence=evidence,
        evidence_document=evidence_document,
        attested_by=by if getattr(by, "is_authenticated", False) else None,
        attested_at=timezone.now(),
    )
    attestation.full_clean()
    record_change(attestation, by=by, reason="attested")
    attestation.save()
    return attestation
