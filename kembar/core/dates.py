"""Dates as sources give them: a year, a month, a day, or a range the source only bounds.

A case file says ``2011`` (YAML integer), ``"2019-10"`` (string), ``2006-09-21`` (date) or
``{after: 2004-04-01, before: 2006-09-21}``. Kembar keeps each at the precision given and
never invents a day. The canonical text form is what the database stores:

    "2011"   "2019-10"   "2006-09-21"   "2004-04-01/2006-09-21"   "../2011"   "2006-09-21/.."

(``/`` separates the *after* and *before* bounds of a range, ``..`` an open end), so the
value round-trips without loss. ``earliest``/``latest`` give ordering keys.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

_PARTIAL = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?$")


class DateError(ValueError):
    """A date that cannot be read; the message says why, in the user's language."""


@dataclass(frozen=True, order=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if not 1 <= self.year <= 9999:
            raise DateError(_("Year %(year)s is out of range.") % {"year": self.year})
        if self.month is None and self.day is not None:
            raise DateError(_("A day needs a month."))
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(_("Month %(month)s does not exist.") % {"month": self.month})
        if self.day is not None:
            try:
                dt.date(self.year, self.month, self.day)
            except ValueError:
                last = calendar.monthrange(self.year, self.month)[1]
                raise DateError(
                    _("%(date)s does not exist: that month has %(days)s days.")
                    % {"date": f"{self.year:04d}-{self.month:02d}-{self.day:02d}", "days": last}
                ) from None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def to_yaml(self):
        """The YAML value a case file uses: a date for a day, a string for a month, an int for a year."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        if self.month:
            return str(self)
        return self.year

    def display(self) -> str:
        """Human form in the active language: "21 September 2006", "Oktober 2019", "2011"."""
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    @classmethod
    def parse(cls, value) -> PartialDate:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise DateError(_("%(value)s is not a date.") % {"value": value})
        if isinstance(value, int):
            return cls(value)
        text = str(value).strip()
        m = _PARTIAL.match(text)
        if not m:
            raise DateError(_("“%(value)s” is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.") % {"value": text})
        return cls(int(m["y"]), int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None)


@dataclass(frozen=True, slots=True)
class DateSpec:
    """An exact partial date, or a range bounded by ``after`` and/or ``before``."""

    exact: PartialDate | None = None
    after: PartialDate | None = None
    before: PartialDate | None = None

    def __post_init__(self):
        if self.exact is None and self.after is None and self.before is None:
            raise DateError(_("A date range needs at least one bound."))
        if self.exact is not None and (self.after or self.before):
            raise DateError(_("A date is either exact or a range, not both."))
        if self.after and self.before and self.after.earliest() > self.before.latest():
            raise DateError(
                _("The range ends (%(before)s) before it starts (%(after)s).")
                % {"after": self.after, "before": self.before}
            )

    @property
    def is_range(self) -> bool:
        return self.exact is None

    @property
    def precision(self) -> str:
        return "range" if self.is_range else self.exact.precision

    def earliest(self) -> dt.date | None:
        if self.exact:
            return self.exact.earliest()
        return self.after.earliest() if self.after else None

    def latest(self) -> dt.date | None:
        if self.exact:
            return self.exact.latest()
        return self.before.latest() if self.before else None

    def sort_key(self) -> dt.date:
        """Where the item sits on a timeline: its earliest possible day (open-start ranges: latest)."""
        return self.earliest() or self.latest()

    def __str__(self) -> str:
        if self.exact:
            return str(self.exact)
        return f"{self.after or '..'}/{self.before or '..'}"

    def to_yaml(self):
        if self.exact:
            return self.exact.to_yaml()
        out = {}
        if self.after:
            out["after"] = self.after.to_yaml()
        if self.before:
            out["before"] = self.before.to_yaml()
        return out

    def display(self) -> str:
        if self.exact:
            return self.exact.display()
        if self.after and self.before:
            return _("between %(after)s and %(before)s") % {
                "after": self.after.display(),
                "before": self.before.display(),
            }
        if self.after:
            return _("after %(date)s") % {"date": self.after.display()}
        return _("before %(date)s") % {"date": self.before.display()}

    @classmethod
    def parse(cls, value) -> DateSpec:
        """Read a case-file value (int, str, date, or {after, before} mapping) or a stored string."""
        if isinstance(value, DateSpec):
            return value
        if isinstance(value, dict):
            unknown = set(value) - {"after", "before"}
            if unknown:
                raise DateError(
                    _("Unknown key(s) in date range: %(keys)s. Use after and before.")
                    % {"keys": ", ".join(sorted(map(str, unknown)))}
                )
            after = PartialDate.parse(value["after"]) if value.get("after") is not None else None
            before = PartialDate.parse(value["before"]) if value.get("before") is not None else None
            return cls(after=after, before=before)
        if isinstance(value, str) and "/" in value:
            start, _sep, end = value.strip().partition("/")
            return cls(
                after=None if start in ("", "..") else PartialDate.parse(start),
                before=None if end in ("", "..") else PartialDate.parse(end),
            )
        if value is None or value == "":
            raise DateError(_("A date is required."))
        return cls(exact=PartialDate.parse(value))


# --- Dates as people type them ------------------------------------------------------------------
# A form reads what a bureau officer writes: "31/12/2024", "21 September 2006", "Sept 2006", "2006",
# Indonesian or English month names, ISO; and a range a source only bounds ("antara April 2004 dan
# 21 September 2006", "sebelum 2011"). Each becomes the same DateSpec a case file gives, at the precision
# written: "Sept 2006" is the month 2006-09, never a day. Day before month, always (Indonesian order).

#: Month names and abbreviations, Indonesian (with the older spellings Pebruari, Nopember) and English.
MONTH_WORDS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "agus", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}

# Digits are ASCII ones: "２０２４" (full-width) is not read as a year, nor any other script's digits.
_ISO = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?)?$")
_NUMERIC_DAY = re.compile(r"^(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]+)$")
_NUMERIC_MONTH = re.compile(r"^(?P<m>[0-9]{1,2})[/.-](?P<y>[0-9]{4})$")
_WORDS_DAY_FIRST = re.compile(r"^(?:(?P<d>[0-9]{1,2})[\s.-]*)?(?P<month>[^\W\d_]+)\.?[\s.,-]*(?P<y>[0-9]+)$")
_WORDS_MONTH_FIRST = re.compile(r"^(?P<month>[^\W\d_]+)\.?\s*(?P<d>[0-9]{1,2})\s*,\s*(?P<y>[0-9]+)$")
_BETWEEN = re.compile(r"^(?:antara|between)\s+(?P<a>.+?)\s+(?:dan|and)\s+(?P<b>.+)$", re.I)
_BEFORE = re.compile(r"^(?:sebelum|before|hingga|until|sampai)\s+(?P<b>.+)$", re.I)
_AFTER = re.compile(r"^(?:setelah|sesudah|sejak|after|since)\s+(?P<a>.+)$", re.I)
#: "April 2004 – 21 September 2006", "2004 - 2006", "Jan 2010 s.d. Des 2011", "2010 sampai 2012".
_SPAN = re.compile(
    r"^(?P<a>.+?)\s*(?:\s[-–—]\s|[–—]|\ss\.?\s?d\.?\s|\ss/d\s|\ssampai\s|\shingga\s|\sto\s|\suntil\s)\s*(?P<b>.+)$",
    re.I,
)
_OPEN = ("", "..")


#: The years a date typed into a form or a spreadsheet may have: a cooperation's records lie between them, and a
#: year outside them (0001, 9999, 20024) is a slip of the keyboard that would move a record off every timeline.
TYPED_YEARS = (1900, 2100)


def typed_year(year: int) -> bool:
    """Whether a date typed into a form or a spreadsheet may have this year (TYPED_YEARS): the one place that
    says so, for the form fields (typed_day), the rules a model checks (typed_day_refusal) and the reader of
    typed dates (parse_input)."""
    return TYPED_YEARS[0] <= year <= TYPED_YEARS[1]


def typed_day_refusal(day: dt.date | None) -> str:
    """Why a day picked or typed may not be kept, in the active language, or "" when it may: a year outside
    TYPED_YEARS (0001 or 9999 would put a record first or last on every list for good). For a check that gathers
    its problems by field (a model's clean, a service); a form field takes `typed_day`."""
    if day is None or typed_year(day.year):
        return ""
    return _("Choose a day from %(first)s to %(last)s.") % {"first": TYPED_YEARS[0], "last": TYPED_YEARS[1]}


def typed_day(day: dt.date | None) -> None:
    """A form's validator for a day picked or typed: in a year a typed date may have (typed_day_refusal)."""
    from django.core.exceptions import ValidationError

    if refusal := typed_day_refusal(day):
        raise ValidationError(refusal, code="year")


def in_words(text: str) -> str:
    """A date as stored ("2023", "2023-06-30", a range) in words at its own precision ("30 Juni 2023"); a text
    that is not one (kept from before the field was checked) as it was written, never an error."""
    if not text:
        return ""
    try:
        return DateSpec.parse(text).display()
    except DateError:
        return text


def accepted_forms() -> str:
    """The sentence every refusal ends with: what Kembar reads."""
    return _(
        "Write the date as 31/12/2024, 21 September 2006, Sept 2006, 2006 or 2006-09-21; a range the source "
        "only bounds as “between April 2004 and 21 September 2006” or “before 2011”."
    )


def _refuse(reason: str) -> DateError:
    return DateError(f"{reason} {accepted_forms()}")


def _month_word(word: str, value: str) -> int:
    month = MONTH_WORDS.get(word.lower().rstrip("."))
    if month is None:
        raise _refuse(_("“%(word)s” is not a month name.") % {"word": word})
    return month


def _partial(year: str, month: int | None, day: int | None, value: str) -> PartialDate:
    """A PartialDate from the parts a person wrote, refused with a reason in their words."""
    if len(year) != 4:
        raise _refuse(
            _("“%(value)s”: write the year with four digits (2024, not 24).") % {"value": value}
            if len(year) == 2
            else _("“%(value)s” is not a date.") % {"value": value}
        )
    y = int(year)
    if y < 1:
        raise _refuse(_("“%(value)s” is not a date.") % {"value": value})
    if not typed_year(y):
        raise _refuse(
            _("“%(value)s”: the year must lie between %(first)s and %(last)s.")
            % {"value": value, "first": TYPED_YEARS[0], "last": TYPED_YEARS[1]}
        )
    if month is not None and not 1 <= month <= 12:
        raise _refuse(
            _("“%(value)s” is not a date: there is no month %(month)s (the day comes first, then the month).")
            % {"value": value, "month": month}
        )
    if day is not None:
        last = calendar.monthrange(y, month)[1]
        if not 1 <= day <= last:
            raise _refuse(
                _("“%(value)s” is not a date: %(month)s has no day %(day)s (it has %(days)s days).")
                % {"value": value, "month": PartialDate(y, month).display(), "day": day, "days": last}
            )
    return PartialDate(y, month, day)


def _read_one(text: str) -> PartialDate:
    """One date as written: ISO, day/month/year with / . or -, month/year, or with a month's name."""
    value = text
    text = text.strip().rstrip(",")
    if m := _ISO.match(text):
        return _partial(m["y"], int(m["m"]) if m["m"] else None, int(m["d"]) if m["d"] else None, value)
    if m := _NUMERIC_DAY.match(text):
        return _partial(m["y"], int(m["m"]), int(m["d"]), value)
    if m := _NUMERIC_MONTH.match(text):
        return _partial(m["y"], int(m["m"]), None, value)
    if m := _WORDS_DAY_FIRST.match(text) or _WORDS_MONTH_FIRST.match(text):
        month = _month_word(m["month"], value)
        return _partial(m["y"], month, int(m["d"]) if m["d"] else None, value)
    raise _refuse(_("“%(value)s” is not a date.") % {"value": value})


def _bound(text: str) -> PartialDate | None:
    return None if text.strip() in _OPEN else _read_one(text)


def _range(after: PartialDate | None, before: PartialDate | None, value: str) -> DateSpec:
    if after is None and before is None:
        raise _refuse(_("“%(value)s” is not a date.") % {"value": value})
    if after and before and after.earliest() > before.latest():
        raise _refuse(
            _("“%(value)s”: the range ends (%(before)s) before it starts (%(after)s).")
            % {"value": value, "after": after.display(), "before": before.display()}
        )
    return DateSpec(after=after, before=before)


def parse_input(text: str) -> DateSpec:
    """A date as a person types it into a form (see above); raises DateError saying why and what is read."""
    value = " ".join(str(text).split())
    if not value:
        raise DateError(_("A date is required."))
    try:
        return DateSpec(exact=_read_one(value))
    except DateError as single:
        refusal = single
    if m := _BETWEEN.match(value) or _SPAN.match(value):
        return _range(_read_one(m["a"]), _read_one(m["b"]), value)
    if m := _BEFORE.match(value):
        return _range(None, _read_one(m["b"]), value)
    if m := _AFTER.match(value):
        return _range(_read_one(m["a"]), None, value)
    if "/" in value:
        # The stored form "2004-04-01/2006-09-21" ("../2011", "2006-09/.."); each side may be any one date.
        splits = []
        for i, char in enumerate(value):
            if char != "/":
                continue
            try:
                splits.append((_bound(value[:i]), _bound(value[i + 1 :])))
            except DateError:
                continue
        if len(splits) == 1:
            return _range(*splits[0], value)
        if len(splits) > 1:
            raise _refuse(
                _("“%(value)s” can be read in more than one way: write a range as “between … and …”.")
                % {"value": value}
            )
    raise refusal
