"""The consent a proposer (or a person signing up) gives, shown on the form and recorded with its version
(UU 27/2022 tentang Pelindungan Data Pribadi). A change of the text is a new version: the old one stays
what earlier people agreed to."""

from django.utils.translation import gettext_lazy as _

VERSION = "2026-12-pdp-1"

TEXT = _(
    "I agree that the cooperation bureau of this region processes my name and email address only to handle "
    "this request and to write to me about it, as Law No. 27 of 2022 on Personal Data Protection provides. They "
    "are never shown on the public portal. With the secret link I receive by email I can download my data or "
    "erase it at any time; the content of my proposal then stays without my name."
)
