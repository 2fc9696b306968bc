"""A cooperation's lifecycle status, derived from its evidence: pure rules, no database.

Every page, report, export and alert that names a cooperation's status takes it from `derive` (the readers
in selectors.py gather its inputs in bulk). The status depends on the day it is judged at (silence grows,
agreements lapse), so it is worked out when it is read, never stored.

What the evidence says, first rule that holds:

1. **ended** — the cooperation's recorded end (`Cooperation.ends`) certainly lies before today.
2. **expired** — the last MoU or PKS to lapse has lapsed and nothing that may follow it still runs
   (expiry.assess, the deadlines page's rule).
3. Signed — a signed MoU or PKS dated by today, its recorded start, a signing event (`signing`), or the
   signing stage of its procedure recorded in Kembar — then by the silence running today (dormancy.judge, the
   region's thresholds): **dormant**, **quiet**, else **active** ("approaching quiet" is still active);
   **signed** when nothing dates its start, so no silence can be measured.
4. **in procedure** — not signed, following a rule pack and with something recorded (stage records,
   documents, letters, activities): at stage n of the pack's N; without a pack, with a letter of intent,
   agreement or exchange on file, at no stage.
5. **unknown** — nothing recorded to derive from.

A status **recorded by hand** (`Cooperation.status` other than "unknown": a letter ending the partnership,
the bureau's own judgement) wins: it is the status shown, marked as recorded. When the evidence says
something it cannot go with (recorded active, no activity for five years), both are shown and the
disagreement is flagged (`CONFLICTS`).

A cooperation that is signed by its records while its rule pack's signing stage was never recorded in
Kembar (Bandung–Liuzhou signed its MoU in 2006; Kembar holds no stage record of it) was **signed before its
records were kept**: `signed_before_records` is set and the stages without a record are listed as a
finding, rather than a procedure stuck at its first stage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from kembar.cooperations import expiry
from kembar.core.dates import DateSpec, PartialDate

from . import dormancy as dm

IDEA, IN_PREPARATION = "idea", "in_preparation"  # recorded only
IN_PROCEDURE, SIGNED, ACTIVE, QUIET, DORMANT, EXPIRED, ENDED, UNKNOWN = (
    "in_procedure",
    "signed",
    "active",
    "quiet",
    "dormant",
    "expired",
    "ended",
    "unknown",
)
#: Every status a page may show, in the order counts list them.
ORDER = (IDEA, IN_PREPARATION, IN_PROCEDURE, SIGNED, ACTIVE, QUIET, DORMANT, EXPIRED, ENDED, UNKNOWN)
#: What the evidence can say (a recorded status may also be an idea or in preparation).
DERIVED = (IN_PROCEDURE, SIGNED, ACTIVE, QUIET, DORMANT, EXPIRED, ENDED, UNKNOWN)

#: The words, the same on every page, report and export (the recorded ones are the model's choices).
LABELS = {
    IDEA: pgettext_lazy("lifecycle status", "idea"),
    IN_PREPARATION: pgettext_lazy("lifecycle status", "in preparation"),
    IN_PROCEDURE: pgettext_lazy("lifecycle status", "in procedure"),
    SIGNED: pgettext_lazy("lifecycle status", "signed"),
    ACTIVE: pgettext_lazy("lifecycle status", "active"),
    QUIET: pgettext_lazy("lifecycle status", "quiet"),
    DORMANT: pgettext_lazy("lifecycle status", "dormant"),
    EXPIRED: pgettext_lazy("lifecycle status", "expired"),
    ENDED: pgettext_lazy("lifecycle status", "ended"),
    UNKNOWN: pgettext_lazy("lifecycle status", "unknown"),
}

# A recorded status and the derived ones it can stand with; any other derived status (but unknown) is a
# conflict. Quiet goes with active and dormant alike (it is on the way); an end or a lapse explains silence.
_GROUP = {IDEA: IN_PROCEDURE, IN_PREPARATION: IN_PROCEDURE}
CONFLICTS = {
    IN_PROCEDURE: {SIGNED, ACTIVE, QUIET, DORMANT, EXPIRED, ENDED},
    ACTIVE: {IN_PROCEDURE, DORMANT, EXPIRED, ENDED},
    DORMANT: {IN_PROCEDURE, ACTIVE},
    EXPIRED: {IN_PROCEDURE, ACTIVE},
    ENDED: {IN_PROCEDURE, ACTIVE},
}


#: Statuses of cooperations whose silence and risks are not watched: not begun, or over.
NOT_WATCHED = frozenset({IDEA, IN_PREPARATION, IN_PROCEDURE, EXPIRED, ENDED})


def label(code: str) -> str:
    return str(LABELS.get(code, code))


def choices() -> list[tuple[str, str]]:
    """Every status a page may show, (code, word), in their order (the lists' status filter)."""
    return [(code, label(code)) for code in ORDER]


def text_in(name, language: str | None = None) -> str:
    """A pack's {id: …, en: …} name in the page's language."""
    if isinstance(name, dict):
        language = language or (get_language() or "id")[:2]
        return name.get(language) or name.get("id") or name.get("en") or ""
    return str(name or "")


class Procedure(NamedTuple):
    """Where a cooperation stands on the rule pack it follows, from its stage records (procedure.selectors)."""

    stages: int  # how many the pack has
    done: int  # how many are recorded as done
    signed: bool  # the pack's signing stage is recorded as done
    signed_on: dt.date | None  # the day the signing stage's record gives (its date, else when it was recorded)
    pending: tuple  # the names ({id, en}) of the stages not recorded as done, in order
    records: int  # stage records (moves) in Kembar
    pinned: bool  # a version is pinned (someone started the procedure in Kembar)


class Documents(NamedTuple):
    """What a cooperation's LoIs, MoUs and PKSs say on one day (documents_at)."""

    agreement: tuple | None  # (first, last) day of the signed MoU or PKS the records date first (None: none)
    on_file: bool  # an LoI, MoU or PKS is on file
    lapsed: dt.date | None  # expired: the day the last agreement lapsed (expiry.expired), else None


def documents_part(bounds, *, signed) -> list:
    """What the status needs of a cooperation's LoIs, MoUs and PKSs (expiry.Bounds), whatever the day, as plain
    values (the stored facts keep it: cooperations/facts.py): [first and last day of the signed MoU or PKS the
    records date first (ordinals, or None), whether any is on file, and the expired rule (expiry.expired) on each
    run of days it cannot change in: [[first day, the lapse it gives (ordinal) or None], …]]. The rule can only
    change on the day after an agreement's last valid day, so its value there holds until the next such day.

    `signed` holds the keys of the MoUs and PKSs that are signed: with signatories, or produced by a signing
    event. One without either may be a draft (the text a procedure's stage requires) and signs nothing."""
    bounds, signed = list(bounds), set(signed)
    dated = [b for b in bounds if b.kind in expiry.AGREEMENTS and b.last is not None and b.key in signed]
    first = min(dated, key=lambda b: b.last) if dated else None
    days = sorted(
        {
            b.end.toordinal() + 1
            for b in bounds
            if b.kind in expiry.AGREEMENTS and b.end is not None and b.end < dt.date.max
        }
    )
    lapse = []
    for day in days:
        flag = expiry.expired(bounds, today=dt.date.fromordinal(day))
        lapse.append([day, flag.due.toordinal() if flag is not None else None])
    agreement = [_ordinal(first.first), _ordinal(first.last)] if first is not None else None
    return [agreement, bool(bounds), lapse]


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def documents_at(part: list | None, today: dt.date) -> Documents:
    """A stored documents_part read on `today`."""
    if not part:
        return Documents(None, False, None)
    agreement, on_file, lapse = part
    day = dt.date.fromordinal
    lapsed = None
    now = today.toordinal()
    for first_day, due in lapse:  # in order: the last run that has begun by today holds
        if first_day > now:
            break
        lapsed = due
    signed = None
    if agreement is not None:
        signed = (day(agreement[0]) if agreement[0] is not None else None, day(agreement[1]))
    return Documents(signed, on_file, day(lapsed) if lapsed is not None else None)


def documents_of(bounds, today: dt.date, *, signed=None) -> Documents:
    """What LoIs, MoUs and PKSs (expiry.Bounds; `signed`: the keys of the signed ones, all when None) say on
    `today` (documents_at of their documents_part)."""
    bounds = list(bounds)
    return documents_at(documents_part(bounds, signed=[b.key for b in bounds] if signed is None else signed), today)


class Evidence(NamedTuple):
    """What the status is derived from, as plain values (selectors.lifecycle_many gathers them)."""

    recorded: str = UNKNOWN  # Cooperation.status
    ends: dt.date | None = None  # the latest day the cooperation's recorded end allows
    started: DateSpec | None = None  # its recorded start (Cooperation.started)
    signed: dt.date | None = None  # its first signing event that produced no document (its latest possible day)
    documents: Documents | None = None  # what its LoIs, MoUs and PKSs say today (documents_at)
    dormancy: dm.Dormancy | None = None  # judged today (None: nothing dates its start or activity)
    procedure: Procedure | None = None  # None: it follows no rule pack
    records: bool = False  # anything on file besides the pack's name: documents, letters, activities


@dataclass(slots=True)  # not frozen: made 5,000 at a time nationally, and a frozen one's __init__ is slow
class Lifecycle:
    """A cooperation's status today: the one shown (`code`), what the evidence says (`derived`), what was
    recorded by hand (`recorded`, "" when nothing was), and whether those two disagree."""

    code: str
    derived: str
    recorded: str = ""
    conflict: bool = False
    since: dt.date | None = None  # dormant/quiet: last day anything may have happened; expired/ended: the day
    months: int = 0  # dormant/quiet: whole months of silence
    signed_on: dt.date | None = None
    signed_when: object = None  # the signing's date as the records give it: a DateSpec, or its (first, last) days
    stage: int = 0  # in procedure: the current stage, from 1 (0: none)
    stages: int = 0
    stage_name: object = None  # its name ({id, en})
    signed_before_records: bool = False
    unrecorded: tuple = ()  # signed before records: the names of the pack's stages Kembar holds no record of
    recorded_on: str = ""  # the recorded status's date (display text) and basis, as entered
    recorded_basis: str = ""

    @property
    def watched(self) -> bool:
        """Whether its silence and risks are watched (dashboards, alerts): signed and not over, by what is shown
        and by the records alike (not an idea, a procedure under way, an expired or ended agreement)."""
        return self.code not in NOT_WATCHED and self.derived not in NOT_WATCHED

    @property
    def signed_text(self) -> str:
        """The signing's date as the records give it: "21 September 2006", "Oktober 2016" ("" unknown)."""
        when = self.signed_when
        if when is None:
            return ""
        return when.display() if isinstance(when, DateSpec) else _when(*when)

    @property
    def word(self) -> str:
        """The status shown, in one or two words ("aktif", "berakhir")."""
        return label(self.code)

    @property
    def short(self) -> str:
        """The status as lists show it: "recorded: ended", "in procedure, stage 2 of 5", "dormant"."""
        if self.recorded:
            return _("recorded: %(status)s") % {"status": self.word}
        if self.code == IN_PROCEDURE and self.stage:
            return _("%(status)s, stage %(n)s of %(total)s") % {
                "status": self.word,
                "n": self.stage,
                "total": self.stages,
            }
        return self.word

    @property
    def derived_word(self) -> str:
        return label(self.derived)

    @property
    def is_recorded(self) -> bool:
        return bool(self.recorded)

    @property
    def stage_label(self) -> str:
        """'stage 2 of 5: Communication abroad and draft MoU' (in procedure at a stage), else ""."""
        if not self.stage:
            return ""
        return _("stage %(n)s of %(total)s: %(name)s") % {
            "n": self.stage,
            "total": self.stages,
            "name": text_in(self.stage_name),
        }

    @property
    def derived_text(self) -> str:
        """What the evidence says, with its stage ("in procedure, stage 2 of 5: …")."""
        if self.derived == IN_PROCEDURE and self.stage:
            return f"{self.derived_word}, {self.stage_label}"
        return self.derived_word

    @property
    def text(self) -> str:
        """The whole status in one line, as exports and reports print it: 'recorded: ended (2019, letter …);
        by the records: active — they disagree'."""
        if not self.recorded:
            return self.derived_text
        detail = ", ".join(part for part in (self.recorded_on, self.recorded_basis) if part)
        out = _("recorded: %(status)s") % {"status": self.word}
        if detail:
            out += f" ({detail})"
        if self.conflict:
            out += "; " + _("by the records: %(status)s — they disagree") % {"status": self.derived_text}
        return out

    @property
    def unrecorded_names(self) -> list[str]:
        return [text_in(name) for name in self.unrecorded]


def _when(first: dt.date | None, last: dt.date | None) -> str:
    """A date known as its bounds, at the precision they allow: "21 September 2006", "Oktober 2016"."""
    if first is None or last is None:
        return PartialDate.parse(last or first).display() if (last or first) else ""
    if first == last:
        return PartialDate.parse(first).display()
    if first.day == 1 and (last + dt.timedelta(days=1)).day == 1:
        if (first.year, first.month) == (last.year, last.month):
            return PartialDate(first.year, first.month).display()
        if (first.month, last.month, first.year) == (1, 12, last.year):
            return PartialDate(first.year).display()
    return DateSpec(after=PartialDate.parse(first), before=PartialDate.parse(last)).display()


def signing(ev: Evidence, today: dt.date) -> tuple[dt.date | None, object]:
    """When the records say it was signed, by today, with that date as they give it: the first signed MoU or PKS
    (signatories, or a signing event produced it) dated by then, at the latest day its date allows; else its
    recorded start; else a signing event that produced no document. A letter of intent is not an agreement (a
    signing event that produced one signs nothing), and an MoU without signatories or signing may be a draft."""
    docs = ev.documents or Documents(None, False, None)
    if docs.agreement is not None and docs.agreement[1] <= today:
        return docs.agreement[1], docs.agreement
    start = ev.started.latest() if ev.started else None
    if start is not None and start <= today:
        return start, ev.started
    if ev.signed is None or ev.signed > today:
        return None, None
    return ev.signed, (ev.signed, ev.signed)


def _derived(ev: Evidence, today: dt.date) -> tuple[str, dict]:
    proc = ev.procedure
    signed_on, signed_when = signing(ev, today)
    by_records = signed_on is not None
    by_stage = proc is not None and proc.signed
    if not by_records and by_stage and proc.signed_on is not None and proc.signed_on <= today:
        signed_on, signed_when = proc.signed_on, (proc.signed_on, proc.signed_on)
    signed = by_records or by_stage
    more: dict = {"signed_on": signed_on, "signed_when": signed_when}
    if by_records and proc is not None and not proc.signed:
        more |= {"signed_before_records": True, "unrecorded": proc.pending}
    if ev.ends is not None and ev.ends < today:
        return ENDED, more | {"since": ev.ends}
    lapsed = ev.documents.lapsed if ev.documents is not None else None
    if lapsed is not None:
        return EXPIRED, more | {"since": lapsed}
    if signed:
        d = ev.dormancy
        if d is None or d.start is None:
            return SIGNED, more
        if d.state in (dm.DORMANT, dm.QUIET):
            return (DORMANT if d.state == dm.DORMANT else QUIET), more | {
                "since": d.last_covered,
                "months": d.silent_months,
            }
        return ACTIVE, more
    if proc is not None and proc.stages and (ev.records or proc.records or proc.pinned):
        if proc.pending:
            return IN_PROCEDURE, more | {"stage": proc.done + 1, "stages": proc.stages, "stage_name": proc.pending[0]}
        return IN_PROCEDURE, more
    if ev.records and ev.documents is not None and ev.documents.on_file:
        return IN_PROCEDURE, more
    return UNKNOWN, more


def derive(ev: Evidence, *, today: dt.date, recorded_on: str = "", recorded_basis: str = "") -> Lifecycle:
    """The cooperation's status on `today` from its evidence, and the recorded one winning over it."""
    derived, more = _derived(ev, today)
    recorded = ev.recorded if ev.recorded and ev.recorded != UNKNOWN else ""
    if not recorded:
        return Lifecycle(derived, derived, **more)
    conflict = derived != UNKNOWN and derived in CONFLICTS.get(_GROUP.get(recorded, recorded), set())
    return Lifecycle(
        recorded,
        derived,
        recorded,
        conflict,
        recorded_on=recorded_on,
        recorded_basis=recorded_basis,
        **more,
    )


def judged(cov: dm.Coverage | None, *, start: dt.date | None, today: dt.date, quiet: int, dormant: int):
    """dormancy.judge of a stored coverage at `today`; with no coverage but a known start (a signing the
    stage records date), the silence since that start."""
    if cov is None and start is not None:
        day = start.toordinal()
        cov = dm.Coverage(day, day, False, (), 0, 0)
    if cov is None:
        return None
    return dm.judge(cov, as_of=today, quiet_months=quiet, dormant_months=dormant)
