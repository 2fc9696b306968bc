"""What an activity may say: its vocabularies and the rules every door checks (no database).

The model's `clean()` (so every service and form), and the case-file reader (with line numbers)
call `activity_problems`, so an activity is refused for the same reasons wherever it comes from.
"""

from __future__ import annotations

import datetime as dt
import gettext
from decimal import Decimal, InvalidOperation
from functools import cache

import pycountry
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kembar.core.dates import DateSpec

# Who took part beyond the two governments' officials (and the governments themselves).
SECTORS = ("government", "business", "education", "youth", "community", "ngo", "institution")
SECTOR_LABELS = {
    "government": gettext_lazy("Government"),
    "business": gettext_lazy("Business"),
    "education": gettext_lazy("Education"),
    "youth": gettext_lazy("Youth"),
    "community": gettext_lazy("Community"),
    "ngo": gettext_lazy("NGO"),
    "institution": gettext_lazy("Institution"),
}
KINDS = {
    "delegation_visit": gettext_lazy("Delegation visit"),
    "meeting": gettext_lazy("Meeting"),
    "study_visit": gettext_lazy("Study visit"),
    "exchange": gettext_lazy("Exchange"),
    "training": gettext_lazy("Training"),
    "business_matching": gettext_lazy("Business matching"),
    "promotion": gettext_lazy("Promotion"),
    "exhibition": gettext_lazy("Exhibition"),
    "competition": gettext_lazy("Competition"),
    "event": gettext_lazy("Event"),
    "programme": gettext_lazy("Programme"),
    "aid": gettext_lazy("Aid"),
    "agreement": gettext_lazy("Agreement"),
    "unspecified": gettext_lazy("Unspecified"),
}
# host: where it took place or who organised it; initiated_by / beneficiary: which side.
HOSTS = ("region", "partner", "both", "online", "elsewhere", "unknown")
SIDES = ("region", "partner", "both", "unknown")
#: Who initiated an activity: a side, or the community of the region (a citizen's or an organisation's proposal
#: the bureau accepted: issue 18). For the balance of initiative the community counts on the region's side.
INITIATORS = ("region", "community", "partner", "both", "unknown")
SIDE_LABELS = {
    "region": gettext_lazy("our region"),
    "partner": gettext_lazy("the partner"),
    "both": gettext_lazy("both"),
    "community": gettext_lazy("the community (of our region)"),
    "online": gettext_lazy("online"),
    "elsewhere": gettext_lazy("elsewhere"),
    "unknown": gettext_lazy("unknown"),
}
TANGIBLE = ("direct", "indirect")
TANGIBLE_LABELS = {"direct": gettext_lazy("direct"), "indirect": gettext_lazy("indirect")}
#: The outcome rows' choice, worded for the form.
TANGIBLE_CHOICES = [
    ("direct", gettext_lazy("Direct: a tangible result")),
    ("indirect", gettext_lazy("Indirect")),
]
DEFAULT_CURRENCY = "IDR"

# No founding date per region is in our data: nothing before the Republic of Indonesia existed
# (proclaimed 17 August 1945) can be an activity of an Indonesian region.
EARLIEST = dt.date(1945, 8, 17)
FUTURE_YEARS = 5


def latest_allowed(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


def currency_valid(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


def currency_choices() -> list[tuple[str, str]]:
    """ISO 4217 currencies, the rupiah first, named in the active language."""
    return list(_currency_choices(get_language() or "en"))


@cache
def _currency_choices(language: str) -> list[tuple[str, str]]:
    """Built once per language. The names come from pycountry's ISO 4217 catalogue ("iso4217"); a currency the
    catalogue does not name in `language` (or a language it lacks) keeps its English name."""
    names = gettext.translation("iso4217", pycountry.LOCALES_DIR, languages=[language.split("-")[0]], fallback=True)
    rows = sorted((c.alpha_3, f"{c.alpha_3} — {names.gettext(c.name)}") for c in pycountry.currencies)
    return sorted(rows, key=lambda row: row[0] != DEFAULT_CURRENCY)


def to_decimal(value) -> Decimal | None:
    """A budget from a form, a case file (number or numeric text) or the database; None when not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _date_problems(name: str, value: DateSpec | None, today: dt.date | None) -> dict[str, str]:
    if not value:
        return {}
    latest, earliest = value.latest(), value.earliest()
    # Only what is certain is refused: a year or a range that may reach into the allowed span stays.
    if latest and latest < EARLIEST:
        return {
            name: _("%(date)s is before the Republic of Indonesia existed (17 August 1945).")
            % {"date": value.display()}
        }
    if earliest and earliest > latest_allowed(today):
        return {
            name: _("%(date)s is more than %(years)s years from today.")
            % {"date": value.display(), "years": FUTURE_YEARS}
        }
    return {}


def activity_problems(
    *,
    date: DateSpec | None = None,
    end: DateSpec | None = None,
    participants=None,
    participant_counts=None,
    budget_region=None,
    budget_partner=None,
    currency: str = "",
    today: dt.date | None = None,
) -> dict[str, str]:
    """Field name → the message saying what is wrong. Empty when the activity may be saved."""
    problems: dict[str, str] = {}
    problems.update(_date_problems("date", date, today))
    problems.update(_date_problems("end", end, today))
    if date and end and "end" not in problems:
        if end.latest() and date.earliest() and end.latest() < date.earliest():
            problems["end"] = _("The end date (%(end)s) is before the start (%(start)s).") % {
                "end": end.display(),
                "start": date.display(),
            }

    participants = list(participants or [])
    unknown = [str(p) for p in participants if p not in SECTORS]
    if unknown:
        problems["participants"] = _("%(values)s: not a sector. The sectors are: %(sectors)s.") % {
            "values": ", ".join(f"“{p}”" for p in unknown),
            "sectors": ", ".join(SECTORS),
        }
    counts = participant_counts or {}
    if not isinstance(counts, dict):
        problems["participant_counts"] = _("Participant counts are a mapping of sector to number.")
    else:
        for sector, n in counts.items():
            if sector not in SECTORS:
                problems["participant_counts"] = _("“%(sector)s” is not a sector. The sectors are: %(sectors)s.") % {
                    "sector": sector,
                    "sectors": ", ".join(SECTORS),
                }
            elif isinstance(n, bool) or not isinstance(n, int) or n < 0:
                problems["participant_counts"] = _("The count for %(sector)s must be a whole number, 0 or more.") % {
                    "sector": sector
                }
            elif sector not in participants:
                problems["participant_counts"] = _(
                    "A count is given for %(sector)s, but %(sector)s is not among the participants."
                ) % {"sector": sector}
            else:
                continue
            break

    has_budget = False
    for name, value in (("budget_region", budget_region), ("budget_partner", budget_partner)):
        if value is None or value == "":
            continue
        has_budget = True
        number = to_decimal(value)
        if number is None:
            problems[name] = _("The budget must be a number.")
        elif number < 0:
            problems[name] = _("The budget cannot be negative.")
    currency = (currency or "").strip()
    if currency and not currency_valid(currency):
        problems["currency"] = _("“%(code)s” is not an ISO 4217 currency code (e.g. IDR, CNY, USD).") % {
            "code": currency
        }
    elif has_budget and not currency:
        problems["currency"] = _("Give the currency of the budget.")
    return problems


def outcomes_from_lines(lines: list[str]) -> list[dict]:
    """ "direct: text" / "indirect: text" lines → [{text, tangible}]; a line without either prefix is text only."""
    out = []
    for line in lines:
        head, sep, rest = line.partition(":")
        if sep and head.strip().lower() in TANGIBLE and rest.strip():
            out.append({"text": rest.strip(), "tangible": head.strip().lower()})
        else:
            out.append({"text": line.strip()})
    return out


def outcomes_to_lines(outcomes) -> list[str]:
    lines = []
    for o in outcomes or []:
        if isinstance(o, dict):
            text = str(o.get("text", ""))
            lines.append(f"{o['tangible']}: {text}" if o.get("tangible") in TANGIBLE else text)
        else:
            lines.append(str(o))
    return lines
