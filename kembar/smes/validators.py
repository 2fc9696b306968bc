"""Checks of the registry's identifiers: NIB, HS code, kecamatan, currency and countries.

No installed library checks an NIB (lokal-id checks NIK, NPWP and phone numbers, not the OSS business number),
so the check is the form OSS RBA (PP 5/2021) issues it in: the Nomor Induk Berusaha is 13 digits. The
kecamatan come from lokal-id (Kemendagri wilayah data), like the regions themselves.
"""

import re
from functools import lru_cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lokal import wilayah

NIB_DIGITS = 13
HS_DIGITS = 6
#: Most countries one SME names as its markets of interest.
MAX_MARKETS = 30


def normalise_digits(value: str) -> str:
    """What a person types ("8120 0012 3456 7", "6109.10") without the spaces, dots and dashes."""
    return re.sub(r"[\s.\-]", "", value or "")


def validate_nib(value: str) -> None:
    if not value:
        return
    if not value.isdigit() or not value.isascii():
        raise ValidationError(_("An NIB (Nomor Induk Berusaha) has digits only."), code="nib_digits")
    if len(value) != NIB_DIGITS:
        raise ValidationError(
            _("An NIB (Nomor Induk Berusaha) has %(expected)s digits; this one has %(count)s.")
            % {"expected": NIB_DIGITS, "count": len(value)},
            code="nib_length",
        )


def validate_hs_code(value: str) -> None:
    """Six digits of the Harmonized System: a chapter 01–97 (77 is reserved), heading and subheading."""
    if not value:
        return
    if not value.isdigit() or not value.isascii() or len(value) != HS_DIGITS:
        raise ValidationError(
            _("An HS code has 6 digits (chapter, heading, subheading), e.g. 610910."), code="hs_format"
        )
    chapter = int(value[:2])
    if not 1 <= chapter <= 97 or chapter == 77:
        raise ValidationError(
            _("%(chapter)s is not a chapter of the Harmonized System (01–97).") % {"chapter": value[:2]},
            code="hs_chapter",
        )


@lru_cache(maxsize=64)
def kecamatan_of(region_code: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the region's kecamatan, from lokal-id; none for a province."""
    try:
        rows = wilayah.list_wilayah(region_code)
    except Exception:  # an unknown code: lokal-id raises or returns nothing
        return ()
    return tuple((w.code, w.name) for w in rows if getattr(w, "type", "") == "kecamatan")


def kecamatan_name(region_code: str, code: str) -> str:
    return dict(kecamatan_of(region_code)).get(code, "")


def validate_kecamatan(region_code: str, code: str) -> None:
    if code and code not in dict(kecamatan_of(region_code)):
        raise ValidationError(_("Choose a kecamatan of this region."), code="kecamatan")


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def validate_currency(value: str) -> None:
    if value not in currency_codes():
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code (e.g. IDR, USD, KRW, JPY).") % {"code": value[:10]},
            code="currency",
        )


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def validate_markets(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Markets are a list of country codes."), code="markets")
    if len(value) > MAX_MARKETS:
        raise ValidationError(_("At most %(max)s countries of interest.") % {"max": MAX_MARKETS}, code="markets_count")
    unknown = [v for v in value if v not in country_codes()]
    if unknown:
        raise ValidationError(
            _("Unknown country code: %(codes)s.") % {"codes": ", ".join(v[:5] for v in unknown[:5])},
            code="markets_unknown",
        )
