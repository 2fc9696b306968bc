"""Writes of monitoring: obligation terms, fulfilments with evidence, handovers, the bureau's staff count."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.cooperations.models import Cooperation, Document, Obligation
from kembar.core.dates import DateError, DateSpec
from kembar.core.services import save_validated
from kembar.regions.models import Region, RegionProfile

from . import schedule
from .models import Fulfilment, Handover, ObligationTerms

#: The history reason that marks a staff count entered in Kembar (not imported from a source).
STAFF_REASON = "bureau staff"


def _spec(value) -> DateSpec | None:
    """A DateSpecField's value, also when a caller set it as text and has not reloaded the row."""
    return DateSpec.parse(value) if value else None


def terms_of(obligation: Obligation) -> ObligationTerms | None:
    try:
        return obligation.monitoring_terms
    except ObligationTerms.DoesNotExist:
        return None


def obligation_schedule(
    obligation: Obligation,
    *,
    as_of: dt.date,
    cooperation: Cooperation | None = None,
    terms: ObligationTerms | None = None,
    records=(),
    horizon_days: int = 0,
) -> schedule.Schedule:
    """The obligation's schedule under its terms (kept here so every reader derives it the same way)."""
    return schedule.schedule(
        **schedule_rules(
            starts=obligation.starts,
            recurrence=obligation.recurrence,
            fulfilled=obligation.fulfilled,
            terms_recurrence=terms.recurrence if terms else "",
            terms_grace_days=terms.grace_days if terms else 0,
            cooperation_as_of=(cooperation or obligation.cooperation).as_of,
            cooperation_ends=(cooperation or obligation.cooperation).ends,
        ),
        as_of=as_of,
        records=records,
        horizon_days=horizon_days,
    )


def schedule_rules(
    *, starts, recurrence, fulfilled, terms_recurrence, terms_grace_days, cooperation_as_of, cooperation_ends
) -> dict:
    """What an obligation's schedule is derived from (schedule.schedule's and schedule.summary's arguments but
    the day, the records and the horizon): the terms' recurrence when they set one, their grace, and the
    cooperation's facts — its source's date (`cooperation_as_of`: what "fulfilled" speaks for) and its end.
    One rule for every reader: obligation_schedule, selectors.obligation_summaries, which reads rows, not
    instances, and the obligations kept in the stored cooperation facts (facts.py)."""
    as_of_spec, ends = _spec(cooperation_as_of), _spec(cooperation_ends)
    return {
        "starts": _spec(starts),
        "recurrence": terms_recurrence or recurrence,
        "grace_days": terms_grace_days or 0,
        "fulfilled": fulfilled,
        "source_as_of": as_of_spec.latest() if as_of_spec else None,
        "until": ends.earliest() if ends else None,
    }


#: The columns of an obligation (and its terms) that `row_rules` reads, for `.values()`.
RULE_COLUMNS = (
    "starts",
    "recurrence",
    "fulfilled",
    "monitoring_terms__recurrence",
    "monitoring_terms__grace_days",
    "monitoring_terms__deleted_at",
)


def row_rules(row: dict, *, cooperation_as_of, cooperation_ends) -> dict:
    """schedule_rules of an obligation read as a row of RULE_COLUMNS (deleted terms count as none)."""
    live_terms = row["monitoring_terms__deleted_at"] is None
    return schedule_rules(
        starts=row["starts"],
        recurrence=row["recurrence"],
        fulfilled=row["fulfilled"],
        terms_recurrence=row["monitoring_terms__recurrence"] if live_terms else "",
        terms_grace_days=row["monitoring_terms__grace_days"] if live_terms else 0,
        cooperation_as_of=cooperation_as_of,
        cooperation_ends=cooperation_ends,
    )


@transaction.atomic
def obligation_terms_set(
    *,
    obligation: Obligation,
    by,
    recurrence: str = "",
    grace_days: int = 0,
    responsible: str = "",
    funding_share: str = "",
) -> ObligationTerms:
    """Create or change how the bureau reads the obligation. Raises ValidationError on bad input."""
    terms = ObligationTerms.all_objects.filter(obligation=obligation).first()
    if terms is None:
        terms = ObligationTerms(region_id=obligation.region_id, obligation=obligation)
    fields = {
        "recurrence": recurrence or "",
        "grace_days": grace_days,
        "responsible": responsible or "",
        "funding_share": (funding_share or "").strip(),
        "deleted_at": None,
        "deleted_by": None,
    }
    return save_validated(terms, by=by, fields=fields, reason="terms")


@transaction.atomic
def fulfilment_record(
    *,
    obligation: Obligation,
    by,
    fulfilled_on,
    evidence: str,
    due: dt.date | None = None,
    document: Document | None = None,
    today: dt.date | None = None,
) -> Fulfilment:
    """Record that one occurrence (named by its due day) was met, with evidence.

    Raises ValidationError naming the field when the date cannot be read, lies in the future or
    certainly before the obligation starts, the evidence is empty, the document belongs to another
    cooperation, or the occurrence is unknown or already recorded; nothing is written then.
    """
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    evidence = (evidence or "").strip()
    if not evidence:
        errors["evidence"] = _("Describe the evidence: what shows that the obligation was met.")
    try:
        when = DateSpec.parse(fulfilled_on)
    except DateError as exc:
        errors["fulfilled_on"] = str(exc)
        when = None
    starts = _spec(obligation.starts)
    if when is not None:
        if when.earliest() and when.earliest() > today:
            errors["fulfilled_on"] = _("%(date)s is in the future: record a fulfilment once it has happened.") % {
                "date": when.display()
            }
        elif starts and starts.earliest() and when.latest() and when.latest() < starts.earliest():
            errors["fulfilled_on"] = _("%(date)s is before the obligation starts (%(start)s).") % {
                "date": when.display(),
                "start": starts.display(),
            }
    if document is not None and (document.cooperation_id != obligation.cooperation_id or document.is_deleted):
        errors["document"] = _("Choose a document of this cooperation’s dossier.")
    sched = obligation_schedule(
        obligation,
        terms=terms_of(obligation),
        as_of=max(today, due) if due else today,
    )
    if sched.problem:
        due = None  # no occurrence can be named; the record stands for the obligation as a whole
    elif due not in sched.dues:
        errors["due"] = _("Choose one of the obligation’s occurrences.")
    elif Fulfilment.objects.filter(obligation=obligation, due=due).exists():
        errors["due"] = _("The occurrence due %(date)s is already recorded as fulfilled.") % {
            "date": DateSpec.parse(due).display()
        }
    if errors:
        raise ValidationError(errors)
    record = Fulfilment(
        region_id=obligation.region_id,
        cooperation_id=obligation.cooperation_id,
        obligation=obligation,
        due=due,
        fulfilled_on=when,
        evidence=evidence,
        document=document,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return save_validated(record, by=by, reason="fulfilment")


def handover_required(*, from_person: str, to_person: str) -> bool:
    """A note is required when someone in charge hands a cooperation over (not for a first assignment)."""
    old, new = (from_person or "").strip(), (to_person or "").strip()
    return bool(old) and old != new


@transaction.atomic
def handover_record(*, cooperation: Cooperation, by, from_person: str, to_person: str, note: str) -> Handover | None:
    """Keep the handover of a cooperation; called by cooperation_update when the person in charge changes.

    Raises ValidationError (on `handover_note`) when someone was in charge and no note is given.
    Returns None when nothing changed.
    """
    old, new, note = (from_person or "").strip(), (to_person or "").strip(), (note or "").strip()
    if old == new:
        return None
    if handover_required(from_person=old, to_person=new) and not note:
        raise ValidationError(
            {
                "handover_note": _(
                    "The person in charge changes from %(old)s to %(new)s: write a handover note "
                    "(open matters, contacts, next deadlines)."
                )
                % {"old": old, "new": new or _("nobody")}
            }
        )
    if not note:
        note = _("First assignment.")
    handover = Handover(
        region_id=cooperation.region_id,
        cooperation=cooperation,
        from_person=old,
        to_person=new,
        note=note,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        return save_validated(handover, by=by, reason="handover")
    except ValidationError as refused:  # the note's own rules (its length, no control character): said at the
        if "note" not in getattr(refused, "error_dict", {}):  # form's handover note, which is what was typed
            raise
        raise ValidationError({"handover_note": refused.error_dict["note"]}) from None


@transaction.atomic
def bureau_staff_set(*, region: Region, by, staff: int, as_of, note: str = "") -> RegionProfile:
    """Set the bureau's staff count as the bureau itself reports it (history keeps each change)."""
    errors = {}
    if staff is None or staff < 0:
        errors["staff"] = _("The staff count cannot be negative.")
    try:
        as_of = DateSpec.parse(as_of)
    except DateError as exc:
        errors["as_of"] = str(exc)
    else:
        if as_of.earliest() and as_of.earliest() > timezone.localdate():
            errors["as_of"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    profile = RegionProfile.all_objects.filter(region=region).first() or RegionProfile(region=region)
    reason = f"{STAFF_REASON}: {note.strip()}" if note and note.strip() else STAFF_REASON
    fields = {"bureau_staff": staff, "bureau_as_of": str(as_of), "deleted_at": None, "deleted_by": None}
    return save_validated(profile, by=by, fields=fields, reason=reason)
