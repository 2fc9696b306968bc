"""How each indicator is measured from a cooperation's facts, how it could improve, what it lacks."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext, ngettext, override

from kembar.core.words import key_label, yes_no

from . import reciprocity as recip
from .dormancy import Dormancy
from .facts import Facts, Item

_translated: dict[tuple, str] = {}
_bound = threading.local()


_ACTIVE = object()


class language_bound:  # noqa: N801 (used as a function: `with language_bound():`)
    """Read the active language once for a whole evaluation (asking per text is the costly part).

    Inside an outer binding (a bulk evaluation binds once around all its cooperations) nothing is read
    again: the outer one holds. With a language (`language_bound(lang)`), texts are made in that one, made
    active in the block when it is not the one bound or active (an evaluation's words made after it, in the
    language it was judged in). (A class, not a generator: entered once per cooperation.)"""

    __slots__ = ("wanted", "saved", "switched")

    def __init__(self, lang=_ACTIVE):
        self.wanted = lang

    def __enter__(self):
        self.saved = getattr(_bound, "lang", None)
        self.switched = None
        if self.wanted is _ACTIVE or self.wanted == language():
            if self.saved is None:
                _bound.lang = get_language()
            return
        self.switched = override(self.wanted)
        self.switched.__enter__()
        _bound.lang = self.wanted

    def __exit__(self, *exc):
        if self.switched is not None:
            self.switched.__exit__(*exc)
        _bound.lang = self.saved


def language() -> str | None:
    """The active language: the one `language_bound()` read, inside one; else Django's."""
    return getattr(_bound, "lang", None) or get_language()


def _(message: str) -> str:
    """gettext, remembered per language: a bulk evaluation asks for the same few texts thousands of times."""
    key = (language(), message)
    text = _translated.get(key)
    if text is None:
        text = _translated[key] = gettext(message)
    return text


@dataclass(slots=True)
class Measure:
    value: object  # number, bool, or None when the facts needed are missing
    display: str
    evidence: list[Item] | tuple = ()


class Metric:
    """How one indicator is measured, how it could improve, and what is missing when unknown.

    Its `value` is what the verdicts are judged on; `shown` words it, with the facts behind it, for whoever
    reads the indicator (the evaluation page, reports): a bulk evaluation asks only the values (scoring.evaluate),
    and the words are made when an indicator is read (ElementResult.indicators).

    A metric computed from a count of records (activities) also says how many records carry what it
    reads (`records`) and how to ask for more (`more_records`): below scoring.MIN_RECORDS such records
    its poor or fair rating is "insufficient evidence" (scoring.rated, the one place of that rule)."""

    def value(self, f: Facts):
        """The measured value: a number, a bool, or None when the facts needed are missing."""
        raise NotImplementedError

    def shown(self, f: Facts, value) -> tuple[str, list[Item] | tuple]:
        """The value in words (in the active language) and the facts behind it."""
        raise NotImplementedError

    def measure(self, f: Facts) -> Measure:
        value = self.value(f)
        return Measure(value, *self.shown(f, value))

    def records(self, f: Facts) -> int | None:
        """How many records carry what this metric reads; None for a metric not counted from records."""
        return None

    def more_records(self, n: int) -> str:
        return ngettext("%(n)s more activity recording it", "%(n)s more activities recording it", n) % {"n": n}

    def improve(self, f: Facts, m: Measure, target: float | bool) -> str | None:
        return None

    def missing(self) -> str:
        return ""


def _acts(f: Facts, *keys: str) -> list[Item] | tuple:
    return [item for key in keys for item in f.evidence.get(key, ())] if f.evidence else ()


@lru_cache(maxsize=1024)
def _per_staff(lang: str | None, staff, staff_as_of: str, portfolio, basis: str) -> Measure:
    """CooperationsPerStaff's measure in the language `lang` (the active one); its evidence is a tuple, as the
    one object serves every cooperation of the region."""
    evidence = []
    if staff is not None:
        evidence.append(Item("profile", None, _("%(n)s bureau staff") % {"n": staff}, staff_as_of))
    if portfolio is not None:
        label = (
            _("%(n)s foreign cooperations reported") if basis == "reported" else _("%(n)s live cooperations recorded")
        )
        evidence.append(Item("profile", None, label % {"n": portfolio}))
    if not staff or portfolio is None:
        return Measure(None, "—", tuple(evidence))
    value = Fraction(portfolio, staff)
    return Measure(value, f"{portfolio}/{staff} = {_num(value, 1)}", tuple(evidence))


def _pct(x) -> str:
    # Shown, not compared: a float is exact enough for a whole percent, and much cheaper than a Fraction's round.
    return f"{round(float(x) * 100)}%"


def _num(x, places: int, *, sign: bool = False) -> str:
    """A number the way of the language measured in (7,8 and 1.234 in Indonesian; 7.8 and 1,234 in English),
    with its sign if asked (Django's localization, as `floatformat` writes it on a page)."""
    lang = language()
    text = numberformat.format(
        round(float(x), places),
        get_format("DECIMAL_SEPARATOR", lang),
        places,
        get_format("NUMBER_GROUPING", lang),
        get_format("THOUSAND_SEPARATOR", lang),
        force_grouping=True,
    )
    return f"+{text}" if sign and x > 0 else text


class CooperationsPerStaff(Metric):
    def measure(self, f):
        # Only the region's facts: the same for each of its cooperations, so worked out once per language.
        return _per_staff(language(), f.staff, f.staff_as_of, f.portfolio, f.portfolio_basis)

    def value(self, f):
        return self.measure(f).value

    def shown(self, f, value):
        m = self.measure(f)
        return m.display, m.evidence

    def improve(self, f, m, target):
        n = math.ceil(f.portfolio / target) - f.staff if target else None
        if not n or n <= 0:
            return None
        return ngettext("%(n)s more bureau staff member", "%(n)s more bureau staff members", n) % {"n": n}

    def missing(self):
        return _("the bureau's staff and the number of its foreign cooperations (region profile)")


class LongestOverdueMonths(Metric):
    def value(self, f):
        if all(o.status == "no_due_date" for o in f.obligations):
            return None  # none dated
        return max((o.months_overdue for o in f.overdue), default=0)

    def shown(self, f, value):
        evidence = [
            Item(
                "obligation",
                o.id,
                o.text,
                _("overdue since %(date)s") % {"date": o.overdue_since.isoformat()},
            )
            for o in f.overdue
        ]
        return ("—" if value is None else str(value)), evidence

    def improve(self, f, m, target):
        late = [o for o in f.overdue if o.months_overdue > target]
        if not late:
            return None
        names = "; ".join(f"“{o.text[:80]}”" for o in late)
        return _("recorded fulfilment of %(obligations)s") % {"obligations": names}

    def missing(self):
        return _("the MoU's obligations with the date they run from")


def _period_items(d: Dormancy | None) -> list[Item]:
    if d is None:
        return []
    return [
        Item(
            "period",
            None,
            _("%(level)s, %(months)s months") % {"level": p.level, "months": p.months},
            f"{p.first_silent_day.isoformat()}/{p.last_silent_day.isoformat()}",
        )
        for p in d.periods
    ]


def _silence(f: Facts) -> Dormancy | None:
    """The dormancy judged, when the silence could be measured (a start or a dated activity)."""
    d = f.dormancy
    return None if d is None or d.start is None else d


class LongestSilence(Metric):
    def value(self, f):
        d = _silence(f)
        return None if d is None else d.longest_months

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return str(value), _period_items(f.dormancy)

    def improve(self, f, m, target):
        longest = max(f.dormancy.periods, key=lambda p: p.months, default=None)
        if longest is None:
            return None
        return _("an activity recorded between %(after)s and %(before)s, if one took place") % {
            "after": longest.after.isoformat(),
            "before": longest.before.isoformat(),
        }

    def missing(self):
        return _("dated activities or the cooperation's start")


class CurrentSilence(Metric):
    def value(self, f):
        d = _silence(f)
        return None if d is None else d.silent_months

    def shown(self, f, value):
        if value is None:
            return "—", ()
        ongoing = [p for p in f.dormancy.periods if p.ongoing]
        return str(value), _period_items(Dormancy(periods=tuple(ongoing))) if ongoing else []

    def improve(self, f, m, target):
        return _("a new activity")

    def missing(self):
        return _("dated activities or the cooperation's start")


class PlanningWithCommunity(Metric):
    """The share of the activities that record whether non-government actors helped plan them that say yes."""

    def records(self, f):
        return f.planning_yes + f.planning_no

    def value(self, f):
        n = f.planning_yes + f.planning_no
        return Fraction(f.planning_yes, n) if n else None

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return (
            _("%(yes)s of %(n)s activities that record it (%(share)s)")
            % {"yes": f.planning_yes, "n": f.planning_yes + f.planning_no, "share": _pct(value)},
            _acts(f, "planning_yes", "planning_no"),
        )

    def more_records(self, n):
        return ngettext(
            "%(n)s more activity recording whether non-government actors helped plan it",
            "%(n)s more activities recording whether non-government actors helped plan them",
            n,
        ) % {"n": n}

    def improve(self, f, m, target):
        n = _more_needed(f.planning_yes, f.planning_yes + f.planning_no, target)
        if not n:
            return None
        return ngettext(
            "%(n)s more activity with non-government actors in its planning",
            "%(n)s more activities with non-government actors in their planning",
            n,
        ) % {"n": n}

    def missing(self):
        return _("for each activity, whether non-government actors helped plan it")


def _more_needed(have: int, total: int, target) -> int | None:
    """Smallest n with (have + n)/(total + n) ≥ target, in exact fractions."""
    target = Fraction(target)
    if target >= 1:
        return None if have < total else 0
    return max(0, math.ceil((target * total - have) / (1 - target)))


class NongovParticipation(Metric):
    def records(self, f):
        return f.activities

    def value(self, f):
        return Fraction(f.nongov, f.activities) if f.activities else None

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return f"{f.nongov}/{f.activities} = {_pct(value)}", _acts(f, "nongov")

    def improve(self, f, m, target):
        n = _more_needed(f.nongov, f.activities, target)
        if not n:
            return None
        return ngettext(
            "%(n)s more activity with non-government participants",
            "%(n)s more activities with non-government participants",
            n,
        ) % {"n": n}

    def missing(self):
        return _("dated activities")


class AgreementSigned(Metric):
    def value(self, f):
        # No agreement on record is not proof that none was signed: unknown, not "no".
        return True if f.agreements else None

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return _("yes"), [Item("document", a.id, a.title, a.date) for a in f.agreements]

    def missing(self):
        return _("the signed MoU or cooperation agreement")


def _nothing_agreed(f: Facts) -> bool:
    return not (f.agreements or f.fields or (f.goals or "").strip() or f.terms)


class FieldsAgreed(Metric):
    def value(self, f):
        return None if _nothing_agreed(f) else len(f.fields)

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return str(value), [Item("cooperation", None, x) for x in f.fields]

    def missing(self):
        return _("the agreement and its fields of cooperation")

    def improve(self, f, m, target):
        return _("the agreed fields of cooperation recorded")


class GoalsStated(Metric):
    def value(self, f):
        return None if _nothing_agreed(f) else bool((f.goals or "").strip())

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return (_("yes") if value else _("no")), [Item("cooperation", None, f.goals)] if value else []

    def improve(self, f, m, target):
        return _("the agreed goals recorded")

    def missing(self):
        return _("the agreement and its goals")


class TermsRecorded(Metric):
    def value(self, f):
        return None if _nothing_agreed(f) else len(f.terms or {})

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return str(value), [
            Item("cooperation", None, f"{key_label(k)}: {yes_no(v)}") for k, v in (f.terms or {}).items()
        ]

    def improve(self, f, m, target):
        return _("the agreed terms (funding, staff, disputes…) recorded")

    def missing(self):
        return _("the agreement and its terms")


class BenefitBalance(Metric):
    def records(self, f):
        b = f.benefit
        return b.get("region", 0) + b.get("partner", 0) + b.get("both", 0)

    def more_records(self, n):
        return ngettext(
            "%(n)s more activity recording who mainly benefited",
            "%(n)s more activities recording who mainly benefited",
            n,
        ) % {"n": n}

    def value(self, f):
        known = self.records(f)
        if not known:
            return None
        return Fraction(abs(f.benefit.get("partner", 0) - f.benefit.get("region", 0)), known)

    def shown(self, f, value):
        evidence = _acts(f, "benefit_region", "benefit_partner", "benefit_both")
        counts = _("region %(r)s · partner %(p)s · both %(b)s") % {
            "r": f.benefit.get("region", 0),
            "p": f.benefit.get("partner", 0),
            "b": f.benefit.get("both", 0),
        }
        if value is None:
            return counts, evidence
        return f"{_num(f.reciprocity.balance, 2, sign=True)} ({counts})", evidence

    def improve(self, f, m, target):
        r, p, b = (f.benefit.get(k, 0) for k in ("region", "partner", "both"))
        if recip.balance(r, p, b) < 0:
            n = recip.partner_benefits_needed(r, p, b, -target)
            text = ngettext(
                "%(n)s more activity that mainly benefits the partner",
                "%(n)s more activities that mainly benefit the partner",
                n or 0,
            )
        else:
            n = recip.partner_benefits_needed(p, r, b, -target)  # the mirror image
            text = ngettext(
                "%(n)s more activity that mainly benefits the region",
                "%(n)s more activities that mainly benefit the region",
                n or 0,
            )
        return text % {"n": n} if n else None

    def missing(self):
        return _("who mainly benefited from each activity")


class AidFlow(Metric):
    def value(self, f):
        return f.aid_given - f.aid_received

    def shown(self, f, value):
        return (
            _("given %(given)s, received %(received)s") % {"given": f.aid_given, "received": f.aid_received},
            _acts(f, "aid_given", "aid_received"),
        )


class InitiativeBalance(Metric):
    def value(self, f):
        b = f.reciprocity.initiative_balance
        return None if b is None else round(b, 3)

    def shown(self, f, value):
        counts = _("region %(r)s · partner %(p)s · both %(b)s") % {
            "r": f.initiated.get("region", 0),
            "p": f.initiated.get("partner", 0),
            "b": f.initiated.get("both", 0),
        }
        if value is None:
            return counts, ()
        b = f.reciprocity.initiative_balance
        return f"{_num(b, 2, sign=True)} ({counts})", _acts(f, "init_region", "init_partner", "init_both")


class BudgetBalance(Metric):
    def value(self, f):
        balances = f.reciprocity.budget_balance
        # One currency: its balance; several (or none): no one value.
        return round(next(iter(balances.values())), 3) if len(balances) == 1 else None

    def shown(self, f, value):
        balances = f.reciprocity.budget_balance
        if not balances:
            return "—", ()
        parts = []
        for currency, sides in sorted(f.budget.items()):
            parts.append(
                f"{currency or '?'}: {_num(sides.get('region', 0), 0)} / {_num(sides.get('partner', 0), 0)}"
                + (f" ({_num(balances[currency], 2, sign=True)})" if currency in balances else "")
            )
        return "; ".join(parts), ()


class DirectResults(Metric):
    def records(self, f):
        return f.activities

    def value(self, f):
        return f.outcome_direct if f.activities else None

    def shown(self, f, value):
        return ("—", ()) if value is None else (str(value), _acts(f, "outcome_direct"))

    def improve(self, f, m, target):
        return _("an activity with a direct result recorded")

    def missing(self):
        return _("dated activities")


class AnyResults(Metric):
    def records(self, f):
        return f.activities

    def value(self, f):
        return f.outcome_any if f.activities else None

    def shown(self, f, value):
        return ("—", ()) if value is None else (str(value), _acts(f, "outcome_any"))

    def improve(self, f, m, target):
        return _("an activity with a recorded result")

    def missing(self):
        return _("dated activities")


def _years(f: Facts) -> Fraction | None:
    if f.start is None or f.as_of <= f.start:
        return None
    return max(Fraction((f.as_of - f.start).days * 4, 1461), Fraction(1))  # days / 365.25, exactly


class ExchangesPerYear(Metric):
    def value(self, f):
        years = _years(f)
        return None if years is None else f.exchanges / years

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return f"{f.exchanges} / {_num(_years(f), 1)} = {_num(value, 2)}", ()

    def improve(self, f, m, target):
        n = math.ceil(target * _years(f)) - f.exchanges
        if n <= 0:
            return None
        return ngettext("%(n)s more letter or report recorded", "%(n)s more letters or reports recorded", n) % {"n": n}

    def missing(self):
        return _("the cooperation's start")


def _signed_by_both(f: Facts) -> list:
    return [a for a in f.agreements if a.signatories >= 2]


class HeadsSigned(Metric):
    def value(self, f):
        return bool(_signed_by_both(f)) if f.agreements else None

    def shown(self, f, value):
        if value is None:
            return "—", ()
        return (_("yes") if value else _("no")), [Item("document", a.id, a.title, a.date) for a in _signed_by_both(f)]

    def improve(self, f, m, target):
        return _("the signatories of both sides recorded on the signed agreement")

    def missing(self):
        return _("the signed MoU or cooperation agreement")


class RegionInitiativeShare(Metric):
    def records(self, f):
        return sum(f.initiated.get(k, 0) for k in ("region", "partner", "both"))

    def more_records(self, n):
        return ngettext(
            "%(n)s more activity recording who initiated it",
            "%(n)s more activities recording who initiated them",
            n,
        ) % {"n": n}

    def value(self, f):
        known = self.records(f)
        return Fraction(f.initiated.get("region", 0) + f.initiated.get("both", 0), known) if known else None

    def shown(self, f, value):
        if value is None:
            return "—", ()
        ours, known = f.initiated.get("region", 0) + f.initiated.get("both", 0), self.records(f)
        return f"{ours}/{known} = {_pct(value)}", _acts(f, "init_region", "init_both")

    def improve(self, f, m, target):
        known = sum(f.initiated.get(k, 0) for k in ("region", "partner", "both"))
        ours = f.initiated.get("region", 0) + f.initiated.get("both", 0)
        n = _more_needed(ours, known, target)
        if not n:
            return None
        return ngettext(
            "%(n)s more activity initiated by the region", "%(n)s more activities initiated by the region", n
        ) % {"n": n}

    def missing(self):
        return _("who initiated each activity")


METRICS: dict[str, Metric] = {
    "cooperations_per_staff": CooperationsPerStaff(),
    "longest_overdue_months": LongestOverdueMonths(),
    "longest_silence_months": LongestSilence(),
    "current_silence_months": CurrentSilence(),
    "planning_with_community": PlanningWithCommunity(),
    "nongov_participation": NongovParticipation(),
    "agreement_signed": AgreementSigned(),
    "fields_agreed": FieldsAgreed(),
    "goals_stated": GoalsStated(),
    "terms_recorded": TermsRecorded(),
    "benefit_balance": BenefitBalance(),
    "aid_flow": AidFlow(),
    "initiative_balance": InitiativeBalance(),
    "budget_balance": BudgetBalance(),
    "direct_results": DirectResults(),
    "any_results": AnyResults(),
    "exchanges_per_year": ExchangesPerYear(),
    "heads_signed": HeadsSigned(),
    "region_initiative_share": RegionInitiativeShare(),
}
