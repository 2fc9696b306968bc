"""What the management commands of several apps share about regions."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import Region


def region_ids_option(codes: list[str] | None) -> list[int] | None:
    """The ids of the regions a command's `--region CODE` options name; None (every region) when it names none.
    A code of no region stops the command."""
    if not codes:
        return None
    found = dict(Region.objects.filter(code__in=codes).values_list("code", "pk"))
    missing = sorted(set(codes) - set(found))
    if missing:
        raise CommandError(_("Unknown region: %(codes)s") % {"codes": ", ".join(missing)})
    return list(found.values())
