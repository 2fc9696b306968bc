from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.forms import typed

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Dasbor dinas pariwisata”."),
        validators=[typed],
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_("Writing also needs a role that edits the region's records (bureau staff or administrator)."),
    )
