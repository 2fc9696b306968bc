from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.core.forms import LimitedFileInput
from kembar.core.models import LONG_TEXT
from kembar.core.uploads import check_upload

from .documents import section_letter
from .selectors import Requirements, item_label


class PlanForm(forms.Form):
    """One textarea per content the rule pack requires, labelled in the active language."""

    def __init__(self, *args, requirements: Requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        # The pack's source is said once on the page (plan_edit.html), not under each field.
        for i, item in enumerate(requirements.items):
            self.fields[self.field_name(item)] = forms.CharField(
                label=f"{section_letter(i)}. {item_label(item)}",
                required=False,  # checked in clean(), which names every missing item at once
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @staticmethod
    def field_name(item: dict) -> str:
        return f"item_{item['id']}"

    def clean(self):
        data = super().clean()
        missing = [item for item in self.requirements.items if not (data.get(self.field_name(item)) or "").strip()]
        for item in missing:
            self.add_error(self.field_name(item), _("This content is required."))
        if missing:
            raise ValidationError(
                _("The plan is missing required contents: %(items)s.")
                % {"items": ", ".join(item_label(item) for item in missing)}
            )
        return data

    def contents(self) -> dict:
        return {item["id"]: self.cleaned_data[self.field_name(item)] for item in self.requirements.items}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve the plan")), ("reject", gettext_lazy("Reject the plan"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when rejecting: the reasons the bureau must address."),
    )
    letter = forms.FileField(
        label=gettext_lazy("Decision letter"),
        required=False,
        widget=LimitedFileInput(),
        help_text=gettext_lazy("Required when approving. PDF, DOCX, JPEG or PNG."),
    )

    def clean_letter(self):
        letter = self.cleaned_data.get("letter")
        if letter is not None:
            check_upload(letter)
        return letter

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("letter") and "letter" not in self.errors:
            self.add_error("letter", _("Attach the DPRD's decision letter to approve the plan."))
        if data.get("decision") == "reject" and not (data.get("notes") or "").strip() and "notes" not in self.errors:
            self.add_error("notes", _("Write the reasons for rejecting the plan in the notes."))
        return data


class MouUploadForm(forms.Form):
    upload = forms.FileField(label=gettext_lazy("Edited draft (DOCX or PDF)"), widget=LimitedFileInput())
