from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.forms import LimitedFileInput

from . import columns as cols
from .models import ImportJob
from .services import import_max_bytes


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=ImportJob.Kind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("XLSX or CSV. The first row names the columns."),
        widget=LimitedFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}, limit=import_max_bytes),
    )


class MappingForm(forms.Form):
    """One drop-down per field of Kembar: which column of the file feeds it."""

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(i), h or _("(column %(n)s, no name)") % {"n": i + 1}) for i, h in enumerate(job.headers)
        ]
        for col in cols.COLUMNS[job.kind]:
            current = (job.mapping or {}).get(col.key)
            self.fields[col.key] = forms.ChoiceField(
                label=col.label,
                choices=choices,
                required=False,
                initial="" if current is None else str(current),
                help_text=col.help,
            )
            if col.required:
                self.fields[col.key].widget.attrs["aria-required"] = "true"
                self.fields[col.key].label = f"{col.label} *"
