"""The national administrator's form for a new rule-pack version: per stage, confirmed / source / deadline; and
the forms of the dossier's stepper (follow a pack, record a completed stage, send back), which keep what was typed
and show a refused move's reason at the field it concerns."""

import copy

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from kembar.cooperations.models import Document
from kembar.core.forms import apply_errors
from kembar.core.models import LONG_TEXT
from kembar.core.params import record_ids

from .labels import text_in

#: The most characters a stage's source may have (the packs' longest, quoting a regulation's articles, has 240).
SOURCE_MAX = 1000


class PackVersionForm(forms.Form):
    """Starts from a version's content; `data_for_new_version()` applies the changes to a copy."""

    note = forms.CharField(
        label=_("What changed and why"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the version; say which regulation text you checked."),
    )

    def __init__(self, *args, base: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.stage_ids = []
        for stage in base.get("stages", []):
            sid = stage["id"]
            name = text_in(stage.get("name"))
            self.stage_ids.append(sid)
            self.fields[f"{sid}__confirmed"] = forms.BooleanField(
                label=_("Confirmed against the regulation text"),
                required=False,
                initial=bool(stage.get("confirmed", True)),
            )
            self.fields[f"{sid}__source"] = forms.CharField(
                label=_("Source"),
                max_length=SOURCE_MAX,
                initial=stage.get("source", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Regulation, article and where it is quoted, for “%(stage)s”.") % {"stage": name},
            )
            self.fields[f"{sid}__deadline_days"] = forms.IntegerField(
                label=_("Deadline (days)"),
                required=False,
                min_value=1,
                max_value=3650,
                initial=stage.get("deadline_days"),
                help_text=_("Leave empty when the regulation sets none."),
            )

    def stage_rows(self):
        """(stage id, name, its three bound fields) in pack order, for the template."""
        by_id = {s["id"]: s for s in self.base.get("stages", [])}
        return [
            (
                sid,
                text_in(by_id[sid].get("name")),
                self[f"{sid}__confirmed"],
                self[f"{sid}__source"],
                self[f"{sid}__deadline_days"],
            )
            for sid in self.stage_ids
        ]

    def data_for_new_version(self) -> dict:
        data = copy.deepcopy(self.base)
        for stage in data.get("stages", []):
            sid = stage["id"]
            stage["confirmed"] = bool(self.cleaned_data[f"{sid}__confirmed"])
            stage["source"] = self.cleaned_data[f"{sid}__source"].strip()
            days = self.cleaned_data[f"{sid}__deadline_days"]
            if days:
                stage["deadline_days"] = days
            else:
                stage.pop("deadline_days", None)
        return data


# --- The stepper's moves (procedure/_dossier.html) ---------------------------------------------------------------


class _AsPosted(forms.MultipleChoiceField):
    """Values as posted, judged by the form's or the service's own check, which names what is wrong in words (a
    choice error would show the posted key). The choices are what the page offers (procedure_tags)."""

    def valid_value(self, value):
        return True


class _Boxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field leads to its first box (the error summary's link to the field)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class _Move(forms.Form):
    """A move on the stepper. Its ids start with "procedure-": the dossier shows other panels' forms."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "procedure-%s")
        super().__init__(*args, **kwargs)

    def refused(self, exc: Exception) -> None:
        """Put a refused move's reason where the reader looks: a ProcedureError at the input it names
        (`field`), a ValidationError by its fields (core.forms.apply_errors); others on the form."""
        if not isinstance(exc, ValidationError):
            exc = ValidationError(
                {getattr(exc, "field", "") or NON_FIELD_ERRORS: [ValidationError(exc.message, code=exc.code)]}
            )
        apply_errors(self, exc)


class StartForm(_Move):
    """Follow a rule pack: the pack is chosen here only when the cooperation names none."""

    pack = forms.CharField(label=_("Rule pack"), required=False, widget=forms.Select)

    def __init__(self, *args, choosing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not choosing:
            del self.fields["pack"]


class CompleteForm(_Move):
    stages = _AsPosted(
        label=_("Stages"),
        required=False,
        widget=_Boxes,
        help_text=_(
            "Tick more than the current stage only for a compressed path: then a written justification is "
            "required, and every document each stage requires must be on file."
        ),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "procedure-stages_helptext"}),
    )
    documents = _AsPosted(
        label=_("Evidence documents"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Optional: documents of the kinds these stages require."),
    )

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperation = cooperation

    def clean_documents(self) -> list[Document]:
        ids = record_ids(pk for pk in self.cleaned_data["documents"] if pk)
        found = list(
            Document.objects.filter(
                region_id=self.cooperation.region_id, cooperation=self.cooperation, pk__in=ids or []
            )
        )
        if ids is None or len(found) != len(set(ids)):
            raise ValidationError(_("Evidence must be a document of this dossier."), code="foreign_document")
        return found


class SendBackForm(_Move):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Reopens the last completed stage (for example, the DPRD rejected the plan)."),
        error_messages={"required": _("Give the reason for sending the procedure back.")},
    )
