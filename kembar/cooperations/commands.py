"""Lookups shared by the management commands that take a case id (`kembar cases`, `kembar procedure`)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from kembar.regions.models import Region
from kembar.regions.selectors import region_get

from .models import Cooperation
from .selectors import cooperation_list_national


def region_or_none(code: str | None) -> Region | None:
    if not code:
        return None
    try:
        return region_get(code=code)
    except Region.DoesNotExist:
        raise CommandError(_("No region with code %(code)s.") % {"code": code}) from None


def cooperation_by_ref(ref: str, region_code: str | None) -> Cooperation:
    """The one cooperation with this case id (in the region, when given); a clear error otherwise."""
    matches = list(cooperation_list_national(region=region_or_none(region_code), ref=ref))
    if not matches:
        raise CommandError(_("No case with id %(ref)s.") % {"ref": ref})
    if len(matches) > 1:
        codes = ", ".join(c.region.code for c in matches)
        raise CommandError(
            _("Case id %(ref)s exists in several regions (%(codes)s): choose one with --region CODE.")
            % {"ref": ref, "codes": codes}
        )
    return matches[0]
