"""Evaluation frameworks as data, scored from recorded facts: pure rules, no database.

A framework (kembar/evaluation/frameworks/*.yaml) lists elements; each element lists indicators,
each naming a **metric** computed here from a cooperation's `Facts` (what the selectors gathered at
an as-of date), its thresholds, and its citation. An indicator's value becomes a state — good,
fair, poor, or unknown when the facts needed are missing — and the element's rule turns its
indicators' states into a verdict: **met / partly met / not met / not enough data**.

Findings (a source's own judgement) are never an input: a verdict follows from dated facts only,
and no verdict is typed in by hand. Each element's result carries the indicator values, the facts
behind them and what would change the verdict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from django.utils.translation import gettext as _

from . import metrics
from .dormancy import Dormancy
from .facts import AgreementFact, Facts, Item, ObligationFact, Settings  # noqa: F401  (the public names)
from .metrics import METRICS, Measure

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
ALIASES = {"undp": "undp-2001", "tm2009": "tm-2009", "tm": "tm-2009"}

MET, PARTLY, NOT_MET, NO_DATA = "met", "partly_met", "not_met", "not_enough_data"
VERDICTS = (MET, PARTLY, NOT_MET, NO_DATA)
GOOD, FAIR, POOR, UNKNOWN = "good", "fair", "poor", "unknown"
#: A rating withheld: too few records carry what a count-based indicator reads (see `rated`).
INSUFFICIENT = "insufficient"
#: Not rated: the element's rule counts these as missing, never as poor (nor as zero in any score).
NOT_RATED = frozenset({UNKNOWN, INSUFFICIENT})
#: The fewest records (activities that carry what an indicator reads) on which a count-based indicator is
#: rated poor or fair. Kembar's working value (no source gives one): below it one more record moves a share
#: by a third or more, so a low share says little about the cooperation. docs/evaluation.md.
MIN_RECORDS = 3
_RANK = {POOR: 0, FAIR: 1, GOOD: 2}
_VERDICT_OF = {GOOD: MET, FAIR: PARTLY, POOR: NOT_MET}
_VERDICT_RANK = {NO_DATA: -1, NOT_MET: 0, PARTLY: 1, MET: 2}


def verdict_label(verdict: str) -> str:
    return {
        MET: _("met"),
        PARTLY: _("partly met"),
        NOT_MET: _("not met"),
        NO_DATA: _("not enough data"),
    }[verdict]


# --- Frameworks ---------------------------------------------------------------------------


class FrameworkError(ValueError):
    pass


def framework_ids() -> list[str]:
    return sorted(p.stem for p in FRAMEWORK_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def load_framework(name: str) -> dict:
    """The framework file by id or alias (undp, tm2009), checked: every item cited, every metric known."""
    fid = ALIASES.get(name, name)
    path = FRAMEWORK_DIR / f"{fid}.yaml"
    if fid not in framework_ids():
        raise FrameworkError(
            _("No evaluation framework %(name)s. Known: %(known)s.")
            % {"name": name, "known": ", ".join([*ALIASES, *framework_ids()])}
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    problems = []
    for key in ("id", "version", "title", "citation", "elements"):
        if key not in data:
            problems.append(f"{fid}: missing {key}")
    problems += _texts_problems(fid, data)
    for el in data.get("elements", []):
        if not el.get("citation"):
            problems.append(f"{fid}/{el.get('id')}: no citation")
        if el.get("rule") not in ("worst", "best"):
            problems.append(f"{fid}/{el.get('id')}: unknown rule {el.get('rule')}")
        for ind in el.get("indicators", []):
            where = f"{fid}/{el.get('id')}/{ind.get('id')}"
            if not ind.get("citation"):
                problems.append(f"{where}: no citation")
            if ind.get("metric") not in METRICS:
                problems.append(f"{where}: unknown metric {ind.get('metric')}")
            if not ind.get("informative") and str(ind.get("better")) not in ("higher", "lower", "true"):
                problems.append(f"{where}: better must be higher, lower or true")
    if problems:
        raise FrameworkError("; ".join(problems))
    return data


#: The languages every title, description and citation of a framework is written in.
TEXT_LANGUAGES = frozenset({"id", "en"})


def _texts_problems(fid: str, data: dict) -> list[str]:
    """Titles, descriptions and citations that are not one non-empty text per language: an unquoted comma in a
    YAML flow mapping (`{id: a (b, c), en: …}`) cuts the text short and leaves keys without a value."""
    problems = []
    items = [(fid, data)]
    for el in data.get("elements", []):
        items.append((f"{fid}/{el.get('id')}", el))
        items += [(f"{fid}/{el.get('id')}/{ind.get('id')}", ind) for ind in el.get("indicators", [])]
    for where, item in items:
        for key in ("title", "description", "citation"):
            value = item.get(key)
            if value is None or isinstance(value, str):
                continue
            if not isinstance(value, dict) or set(value) != TEXT_LANGUAGES:
                problems.append(f"{where}: {key} must give exactly {sorted(TEXT_LANGUAGES)}")
            elif not all(isinstance(v, str) and v.strip() for v in value.values()):
                problems.append(f"{where}: {key} has an empty text")
    return problems


def localized(value) -> str:
    """A {id: …, en: …} title in the active language (English, then any, as fallback)."""
    if isinstance(value, dict):
        lang = (metrics.language() or "id")[:2]
        return value.get(lang) or value.get("en") or next(iter(value.values()), "")
    return value or ""


# --- Scoring ------------------------------------------------------------------------------


class IndicatorResult(NamedTuple):
    """One indicator of one cooperation, as its element gives it when asked (ElementResult.indicators)."""

    id: str
    metric: str
    title: dict
    citation: str
    confirmed: bool
    informative: bool
    optional: bool
    better: str
    good: float | None
    fair: float | None
    value: object
    display: str
    state: str
    evidence: tuple[Item, ...]

    @property
    def label(self) -> str:
        return localized(self.title)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "metric": self.metric,
            "title": localized(self.title),
            "value": _plain(self.value),
            "display": self.display,
            "state": self.state,
            "better": self.better,
            "thresholds": {"good": _plain(self.good), "fair": _plain(self.fair)},
            "informative": self.informative,
            "citation": self.citation,
            "confirmed": self.confirmed,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class ElementResult:
    id: str
    title: dict
    description: dict
    citation: str
    confirmed: bool
    rule: str
    verdict: str
    # The indicators as measured: (value, state) of each in one flat tuple, beside what the framework fixes of
    # them. A national evaluation has a hundred thousand indicators; kept as tuples of plain values they are not
    # objects the garbage collector must scan again and again.
    _measured: tuple = field(default=(), repr=False, compare=False)
    _fixed: tuple = field(default=(), repr=False, compare=False)
    # What would change the verdict, and each indicator's value in words with the facts behind it, are worked
    # out when asked (pages, reports, JSON), not for every bulk evaluation: from the facts it was judged on, in
    # the language it was judged in (`_language`).
    _element: dict = field(default_factory=dict, repr=False, compare=False)
    _facts: Facts | None = field(default=None, repr=False, compare=False)
    _language: str | None = field(default=None, repr=False, compare=False)
    _shown: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        if self._shown is None:
            with metrics.language_bound(self._language):
                self._shown = tuple(
                    METRICS[fixed[_METRIC]].shown(self._facts, value)
                    for fixed, value in zip(self._fixed, self._measured[::2], strict=True)
                )
        m = self._measured
        return tuple(
            IndicatorResult(*fixed, m[2 * i], display, m[2 * i + 1], tuple(evidence))
            for i, (fixed, (display, evidence)) in enumerate(zip(self._fixed, self._shown, strict=True))
        )

    @property
    def changes(self) -> list[str]:
        return _changes(self._element, self.indicators, self._facts, self.verdict)

    @property
    def label(self) -> str:
        return localized(self.title)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict)

    @property
    def facts(self) -> list[Item]:
        """The facts behind its indicators, each once."""
        seen, out = set(), []
        for ind in self.indicators:
            for item in ind.evidence:
                key = (item.type, item.id, item.title, item.date)
                if key not in seen:
                    seen.add(key)
                    out.append(item)
        return out

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title": localized(self.title),
            "verdict": self.verdict,
            "rule": self.rule,
            "citation": self.citation,
            "confirmed": self.confirmed,
            "indicators": [i.as_dict() for i in self.indicators],
            "what_would_change_it": self.changes,
        }


#: The results' fields as `evaluate` fills them: those the framework fixes (built once per framework, in
#: field order), then those measured for each cooperation, passed by position (the cheapest call).
_INDICATOR_MEASURED = ("value", "display", "state", "evidence")
_INDICATOR_FIXED = IndicatorResult._fields[: -len(_INDICATOR_MEASURED)]
_METRIC = _INDICATOR_FIXED.index("metric")  # where the fixed fields name the metric
_ELEMENT_MEASURED = ("verdict", "_measured", "_fixed", "_element", "_facts", "_language", "_shown")
_ELEMENT_FIXED = tuple(f.name for f in fields(ElementResult))[: -len(_ELEMENT_MEASURED)]
assert IndicatorResult._fields[-len(_INDICATOR_MEASURED) :] == _INDICATOR_MEASURED
assert tuple(f.name for f in fields(ElementResult))[-len(_ELEMENT_MEASURED) :] == _ELEMENT_MEASURED


@dataclass
class Evaluation:
    framework: dict  # id, version, title, citation
    as_of: dt.date
    elements: list[ElementResult]
    facts: Facts
    cooperation: object = None  # set by the selectors

    @property
    def dormancy(self) -> Dormancy | None:
        return self.facts.dormancy

    @property
    def overdue(self) -> list[ObligationFact]:
        return self.facts.overdue

    @property
    def reciprocity(self):
        return self.facts.reciprocity

    def element(self, element_id: str) -> ElementResult:
        return next(e for e in self.elements if e.id == element_id)


def _plain(value):
    """An exact fraction as JSON gives numbers (3 decimals); anything else as it is."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else round(float(value), 3)
    return value


def _threshold(value, settings: Settings, better: str):
    """A framework threshold as an exact fraction ("1/3", 0.15 → 3/20), or the region setting it names."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and hasattr(settings, value):
        months = getattr(settings, value)
        # A silence is quiet *at* the setting: "good" means below it.
        return months - 1 if better == "lower" else months
    exact = Fraction(str(value))
    # A whole number stays an int: comparing ints (months, counts) is far cheaper than comparing Fractions.
    return exact.numerator if exact.denominator == 1 else exact


def _ratio(threshold) -> tuple[int, int] | None:
    return None if threshold is None else threshold.as_integer_ratio()


def state_of(value, *, better: str, good, fair, if_false: str = POOR) -> str:
    """The state of a value against its thresholds (ints or Fractions), compared exactly."""
    return _state(value, better, _ratio(good), _ratio(fair), if_false)


def _state(value, better: str, good: tuple | None, fair: tuple | None, if_false: str) -> str:
    """state_of with the thresholds as integer ratios (numerator, denominator), as `_compiled` keeps them: the
    value is compared by cross-multiplying integers — exact, as Fraction's own comparison, without its cost on a
    hundred thousand indicators."""
    if value is None:
        return UNKNOWN
    if better == "true":
        return GOOD if value else if_false
    vn, vd = value.as_integer_ratio()
    if better == "higher":
        if good is not None and vn * good[1] >= good[0] * vd:
            return GOOD
        return FAIR if fair is not None and vn * fair[1] >= fair[0] * vd else POOR
    if good is not None and vn * good[1] <= good[0] * vd:
        return GOOD
    return FAIR if fair is not None and vn * fair[1] <= fair[0] * vd else POOR


def rated(state: str, records: int | None) -> str:
    """The state of an indicator counted from records, given how many records carry what it reads.

    Below MIN_RECORDS such records a poor or fair rating becomes INSUFFICIENT ("insufficient evidence"):
    a few records can show that something happens, not that it does not. A good rating stands. Indicators
    not counted from records (`records` None) keep their state. The one place of this rule."""
    if records is not None and records < MIN_RECORDS and state in (POOR, FAIR):
        return INSUFFICIENT
    return state


def rule_verdict(rule: str, states) -> str:
    """Element verdict from (state, optional) of its non-informative indicators."""
    return _rule_verdict(rule, tuple(states))


@lru_cache(maxsize=4096)  # few distinct inputs: every cooperation's elements share them
def _rule_verdict(rule: str, states: tuple[tuple[str, bool], ...]) -> str:
    known = [s for s, _opt in states if s not in NOT_RATED]
    missing = any(s in NOT_RATED and not opt for s, opt in states)
    if not known:
        return NO_DATA
    if rule == "worst":
        if POOR in known:
            return NOT_MET
        if missing:
            return NO_DATA
        return _VERDICT_OF[min(known, key=_RANK.get)]
    if GOOD in known:
        return MET
    if missing:
        return NO_DATA
    return _VERDICT_OF[max(known, key=_RANK.get)]


_NEXT = {POOR: FAIR, FAIR: GOOD}


def _changes(element: dict, results: list[IndicatorResult], facts: Facts, verdict: str) -> list[str]:
    """For each indicator one step better (or measured), the verdict it would give, in words."""
    ruled = [r for r in results if not r.informative]
    out = []
    for i, r in enumerate(ruled):
        metric = METRICS[r.metric]
        if r.state == INSUFFICIENT:
            n = MIN_RECORDS - (metric.records(facts) or 0)
            text = _("%(change)s would let this be judged.") % {"change": _capital(metric.more_records(n))}
            if text not in out:
                out.append(text)
            continue
        if r.state == UNKNOWN:
            target_state, hint = None, metric.missing()
            text = _("Recording %(what)s would let this be judged.") % {"what": hint}
            if hint and text not in out:
                out.append(text)
            continue
        target_state = _NEXT.get(r.state)
        if target_state is None:
            continue
        target = r.good if target_state == GOOD else r.fair
        if r.better == "true":
            target = True
        elif target is None:
            continue
        states = [(x.state, x.optional) for x in ruled]
        states[i] = (target_state, r.optional)
        new = rule_verdict(element["rule"], states)
        if _VERDICT_RANK[new] <= _VERDICT_RANK[verdict]:
            continue
        hint = metric.improve(facts, Measure(r.value, r.display), target)
        if hint:
            out.append(
                _("%(change)s would make this %(verdict)s.") % {"change": _capital(hint), "verdict": verdict_label(new)}
            )
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _framework_id(framework: dict | str) -> str:
    return framework["id"] if isinstance(framework, dict) else framework


@lru_cache(maxsize=64)
def _compiled(framework: str, quiet_months: int, dormant_months: int) -> tuple:
    """The framework with thresholds resolved for the settings: read once, used for every cooperation.

    Each element: (its framework entry, its fixed ElementResult fields, its indicators, their fixed
    IndicatorResult fields); each indicator: (its value, its count of records or None when not counted from
    records, informative, optional, better, good and fair as integer ratios, if_false)."""
    fw = load_framework(framework)
    settings = Settings(quiet_months, dormant_months)
    elements = []
    for el in fw["elements"]:
        indicators, statics = [], []
        for ind in el["indicators"]:
            better = str(ind.get("better", ""))
            fixed = {
                "id": ind["id"],
                "metric": ind["metric"],
                "title": ind.get("title", ind["id"]),
                "citation": ind["citation"],
                "confirmed": bool(ind.get("confirmed")),
                "informative": bool(ind.get("informative")),
                "optional": bool(ind.get("optional")),
                "better": better,
                "good": _threshold(ind.get("good"), settings, better),
                "fair": _threshold(ind.get("fair"), settings, better),
            }
            metric = METRICS[ind["metric"]]
            counted = type(metric).records is not metrics.Metric.records  # counted from records: `rated` applies
            indicators.append(
                (
                    metric.value,
                    metric.records if counted else None,
                    fixed["informative"],
                    fixed["optional"],
                    better,
                    _ratio(fixed["good"]),
                    _ratio(fixed["fair"]),
                    ind.get("if_false", POOR),
                )
            )
            statics.append(tuple(fixed[name] for name in _INDICATOR_FIXED))
        fixed = {
            "id": el["id"],
            "title": el.get("title", el["id"]),
            "description": el.get("description", {}),
            "citation": el["citation"],
            "confirmed": bool(el.get("confirmed")),
            "rule": el["rule"],
        }
        elements.append((el, tuple(fixed[name] for name in _ELEMENT_FIXED), tuple(indicators), tuple(statics)))
    meta = {k: fw[k] for k in ("id", "version", "title", "citation")}
    return meta, tuple(elements)


def evaluate(facts: Facts, framework: dict | str, settings: Settings | None = None) -> Evaluation:
    """Score one cooperation's facts by a framework (see the module's rules)."""
    settings = settings or Settings()
    meta, compiled = _compiled(_framework_id(framework), settings.quiet_months, settings.dormant_months)
    elements = []
    with metrics.language_bound():
        lang = metrics.language()
        for el, fixed, indicators, statics in compiled:
            measured, ruled = [], []
            for value_of, records, informative, optional, better, good, fair, if_false in indicators:
                value = value_of(facts)
                if informative:
                    state = "informative" if value is not None else UNKNOWN
                else:
                    state = _state(value, better, good, fair, if_false)
                    if records is not None and (state == POOR or state == FAIR):
                        state = rated(state, records(facts))
                    ruled.append((state, optional))
                measured += (value, state)
            verdict = _rule_verdict(el["rule"], tuple(ruled))
            elements.append(ElementResult(*fixed, verdict, tuple(measured), statics, el, facts, lang, None))
    return Evaluation(meta, facts.as_of, elements, facts)
