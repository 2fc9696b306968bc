"""Keys that records carry, said in words on pages, reports and exports.

Case files and forms name a finding's topic, a term of an agreement or an obligation's kind with a short key
("partner_choice", "duration_stated", "joint_working_group"). A reader sees its label in the page's language:
the known keys have one here; any other key is shown as words (underscores and hyphens become spaces), never
as the key itself."""

import contextlib
import re

from django.conf import global_settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

KEY = re.compile(r"[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*")

#: Labels of the keys the demo cases and the forms use (finding topics, terms, obligation kinds).
KEY_LABELS = {
    # Finding topics
    "activity": _("Activities"),
    "benefit": _("Benefit"),
    "central_oversight": _("Central oversight"),
    "community": _("Community"),
    "context": _("Context"),
    "culture": _("Culture"),
    "economy": _("Economy"),
    "effectiveness": _("Effectiveness"),
    "funding": _("Funding"),
    "nature": _("Nature of the cooperation"),
    "partner_choice": _("Choice of partner"),
    "plan": _("Plan"),
    "procedure": _("Procedure"),
    "programme": _("Programme"),
    "readiness": _("Readiness"),
    "reciprocity": _("Reciprocity"),
    "records": _("Records"),
    "related_cooperation": _("Related cooperation"),
    "roles": _("Roles"),
    "scope": _("Scope"),
    "staffing": _("Staffing"),
    "start": _("Start"),
    # Terms of an agreement
    "disputes": _("Settlement of disputes"),
    "duration_stated": _("Goals and duration stated"),
    "staff": _("Personnel"),
    "working_group": _("Working group"),
    # Obligation kinds
    "joint_working_group": _("Joint working group"),
    "meeting": _("Meeting"),
    "report": _("Report"),
    "exchange": _("Exchange"),
    # A region's portfolio as its bureau reports it
    "foreign_institution": _("Foreign institutions"),
    "sister_city": _("Sister cities"),
    "country": _("Other countries"),
}


def key_label(key) -> str:
    """The label of a record's key in the active language, or the key as words ("study_visit" → "Study visit")."""
    if key is None:
        return ""
    key = str(key)
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    if KEY.fullmatch(key):  # a key nobody labelled yet: its words, capitalised
        words = key.replace("_", " ").replace("-", " ")
        return words[:1].upper() + words[1:]
    return key  # already words (a topic typed in a form)


def yes_no(value):
    """True and False as a reader says them ("ya"/"tidak", "yes"/"no"); any other value as it is."""
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    return value


def read_yes_no(text: str):
    """What `yes_no` wrote, read back in either language (and "true"/"false" as case files write them): True,
    False, or the text itself."""
    word = text.strip().lower()
    if word in {"true", "yes", "ya", str(_("yes")).lower()}:
        return True
    if word in {"false", "no", "tidak", str(_("no")).lower()}:
        return False
    return text.strip()


def key_of(label: str) -> str:
    """The key whose label (in the active language or in English) this is, else the text as typed: a form shows a
    record's keys by their labels and stores the keys again."""
    text = label.strip()
    wanted = text.lower()
    for language in (None, "en"):
        with translation.override(language) if language else contextlib.nullcontext():
            for key, words in KEY_LABELS.items():
                if wanted in (key, str(words).lower()):
                    return key
    return text


#: A citation's mark for a source that gives no year, in either language's style: "(n.d.)" or "(Author, n.d.)" in
#: English (APA), "(t.t.)" or "(Author, t.t.)" — tanpa tahun — in Indonesian.
_NO_YEAR = re.compile(r"(?P<lead>\(|,\s*)(?:t\.\s?t\.|n\.\s?d\.)(?=\))")


def citation(text, language: str | None = None):
    """A citation as the reader's language writes a source without a year ("(t.t.)" in Indonesian, "(n.d.)" in
    English, in the active language unless `language` is given); every other word as it was written. Pages, lists and
    reports show a source's citation through this, whoever wrote it and in whichever style."""
    if not isinstance(text, str) or not text:
        return text
    with translation.override(language) if language else contextlib.nullcontext():
        mark = pgettext("a citation's source gives no year (APA n.d., Indonesian t.t.)", "n.d.")
    return _NO_YEAR.sub(lambda m: m["lead"] + mark, text)


#: Why a change was made, as the services record it (history rows keep these words in English).
REASONS = {
    "created": _("created"),
    "deleted": _("deleted"),
    "restored": _("restored"),
    "attested": _("attested"),
    "checked": _("checked"),
    "mapped": _("columns mapped"),
    "uploaded": _("uploaded"),
    "import started": _("import started"),
    "evidence added": _("evidence added"),
    "fulfilment": _("fulfilment recorded"),
    "handover": _("handover recorded"),
    "terms": _("terms changed"),
    "renewal": _("renewal"),
    "read": _("read"),
    "relations updated": _("diplomatic relations updated"),
    "loaded from the pack file": _("rule pack shipped with Kembar"),
    "report requested": _("report requested"),
    "report started": _("report started"),
    "report done": _("report done"),
    "report failed": _("report failed"),
    "submitted to the DPRD": _("submitted to the DPRD"),
    "approved by the DPRD": _("approved by the DPRD"),
    "rejected by the DPRD": _("rejected by the DPRD"),
    "DPRD rejected the plan": _("rejected by the DPRD"),
    "API": _("changed through the API"),
    "published": _("published"),
    "withdrawn from the portal": _("withdrawn from the portal"),
    "made public": _("made public"),
    "updated": _("updated"),
    "changed": _("changed"),
    "added": _("added"),
    "removed": _("removed"),
    "reordered": _("reordered"),
    "settings": _("settings changed"),
    "assigned": _("assigned"),
    "unassigned": _("unassigned"),
    "verified": _("verified"),
    "unverified": _("verification withdrawn"),
    "under review": _("under review"),
    "accepted": _("accepted"),
    "declined": _("declined"),
    "reason changed": _("reason changed"),
    "cancelled": _("cancelled"),
    "cancelled: personal data erased": _("cancelled: personal data erased"),
    "proposed": _("proposed"),
    "community proposal": _("community proposal"),
    "registered": _("registered"),
    "email confirmed": _("email address confirmed"),
    "signed up": _("signed up"),
    "signed up again: a new link sent": _("signed up again: a new link sent"),
    "moved up from the waiting list": _("moved up from the waiting list"),
    "capacity": _("capacity changed"),
    "buyer inquiry": _("buyer inquiry"),
    "sent by the buyer": _("sent by the buyer"),
    "sent": _("sent"),
    "deal": _("deal recorded"),
    "owners changed": _("owners changed"),
    "restored with its SME": _("restored with its SME"),
    "deleted with its SME": _("deleted with its SME"),
    "products chosen": _("products chosen"),
    "chosen": _("chosen"),
    "edition created": _("edition created"),
    "edition published": _("edition published"),
    "edition withdrawn": _("withdrawn from the online catalogue"),
    "edition published again": _("published again on the online catalogue"),
    "point created": _("distribution point added"),
    "point changed": _("distribution point changed"),
    "distribution recorded": _("distribution recorded"),
    "pdf requested": _("PDF requested"),
    "pdf started": _("PDF started"),
    "pdf done": _("PDF done"),
    "pdf failed": _("PDF failed"),
    "pdf stalled": _("PDF stopped"),
    "report stalled": _("report stopped"),
    "import stalled": _("import stopped"),
    "check queued": _("check queued"),
    "profile saved": _("profile saved"),
    "shortlisted": _("shortlisted"),
    "removed from the shortlist": _("removed from the shortlist"),
    "note added": _("note added"),
    "note removed": _("note removed"),
    "revoked": _("revoked"),
}
#: A product text's review, as services.text_save records it ("ja reviewed").
_TEXT_STATUS = re.compile(r"(id|en|ko|ja|zh) (missing|draft|reviewed)")
_TEXT_STATES = {"missing": _("missing"), "draft": _("draft"), "reviewed": _("reviewed")}
_VERSION = re.compile(r"version (\d+)")
_FOLLOWS = re.compile(r"follows (\S+) v(\d+)")
_PROCEDURE = re.compile(r"procedure: (completed|sent back) ([^—]+?)(?: — (.*))?", re.S)


def change_reason(reason: str) -> str:
    """A history row's reason in the active language: the services' fixed words translated, a person's
    own words (a justification, a reason to send back) kept as they wrote them."""
    reason = (reason or "").strip()
    if reason in REASONS:
        return str(REASONS[reason])
    if reason.startswith("case file "):  # the name of the file imported is no reader's business
        return _("imported from a case file")
    if m := _TEXT_STATUS.fullmatch(reason):
        language = dict(global_settings.LANGUAGES).get(m.group(1), m.group(1))
        status = _TEXT_STATES[m.group(2)]
        return _("text in %(language)s: %(status)s") % {"language": translation.gettext(language), "status": status}
    if m := _VERSION.fullmatch(reason):
        return _("version %(n)s") % {"n": m.group(1)}
    if m := _FOLLOWS.fullmatch(reason):
        return _("follows the rule pack %(pack)s, version %(n)s") % {"pack": m.group(1), "n": m.group(2)}
    if m := _PROCEDURE.fullmatch(reason):
        stages = m.group(2).strip()
        said = (
            _("procedure: completed %(stages)s") if m.group(1) == "completed" else _("procedure: sent back %(stages)s")
        ) % {"stages": stages}
        return f"{said} — {m.group(3).strip()}" if m.group(3) else said
    return reason
