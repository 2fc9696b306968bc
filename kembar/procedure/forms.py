"""The national administrator's form for a new rule-pack version: per stage, confirmed / source / deadline."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.models import LONG_TEXT

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
