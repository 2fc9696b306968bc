import re

from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import DateSpecFormField
from kembar.core.forms import LimitedFileInput, LinesField, MoneyField, SignatoriesField
from kembar.core.models import LONG_TEXT
from kembar.core.uploads import ALLOWED
from kembar.core.words import key_label, key_of, read_yes_no, yes_no
from kembar.partners.models import Country, Partner

from .expiry import COMPUTED, validity_of
from .models import Cooperation, Document, Source

RULE_PACKS = [
    ("", _("— not set —")),
    ("permendagri-3-2008", _("Permendagri 3/2008")),
    ("permendagri-25-2020", _("PP 28/2018 + Permendagri 25/2020")),
]
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png," + ",".join(ALLOWED)


class TermsField(LinesField):
    """Terms as "name: text" lines: a known term by its label and a yes or no in words ("Tujuan dan jangka waktu
    dinyatakan: ya"), stored as its key and True or False, so the form saved unchanged stores the terms as they were."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{key_label(k)}: {yes_no(v)}" for k, v in value.items())
        return value

    def to_python(self, value):
        out = {}
        for line in super().to_python(value):
            key, sep, text = line.partition(":")
            if not sep:
                raise forms.ValidationError(_("Write each term as “name: text”."), code="bad_term")
            out[key_of(key)] = read_yes_no(text)
        return out


class NewPartnerForm(forms.ModelForm):
    """A partner added from the cooperation form, created in the same submit (CooperationForm.new_partner)."""

    class Meta:
        model = Partner
        fields = ["name", "name_local", "country", "kind", "level"]
        labels = {
            "name": _("Name of the new partner"),
            "name_local": _("Its name in the local script"),
            "country": _("Its country"),
            "kind": _("Kind of partner"),
            "level": _("Level"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.in_name_order()  # by the name the reader reads

    def has_input(self) -> bool:
        """Whether anything of a new partner was written (an untouched block is no new partner)."""
        return self.is_bound and any((self.data.get(self.add_prefix(name)) or "").strip() for name in self.fields)


class CooperationForm(forms.ModelForm):
    fields = LinesField(label=_("Fields of cooperation"), required=False, help_text=_("One field per line."))
    terms = TermsField(label=_("Terms"), required=False, help_text=_("One per line: name: text."))
    rule_pack = forms.ChoiceField(label=_("Rule pack"), choices=RULE_PACKS, required=False)
    handover_note = forms.CharField(
        label=_("Handover note"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the person in charge changes: open matters, contacts, next deadlines."),
    )

    class Meta:
        model = Cooperation
        fields = [
            "ref",
            "title",
            "partner",
            "type",
            "form",
            "status",
            "status_date",
            "status_basis",
            "person_in_charge",
            "started",
            "ends",
            "rule_pack",
            "legal_basis",
            "fields",
            "goals",
            "terms",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "status_basis": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "status": _(
                "Unknown: Kembar derives the status from the records. A status chosen here wins, and is shown as "
                "recorded."
            ),
            "status_date": _("When the recorded status took effect, e.g. the date of the letter ending it."),
            "status_basis": _("What it rests on: a letter, a decision, the bureau's own judgement."),
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        from kembar.partners.selectors import partner_list

        self.region = region
        self.fields["partner"].queryset = partner_list(region=region)
        # Kembar's own words for a bad reference (the importer's), not Django's "Masukkan “slug” valid".
        self.fields["ref"].error_messages = {
            **self.fields["ref"].error_messages,
            "invalid": _("“%(value)s” is not a reference: use letters, digits and dashes."),
        }
        self.new_partner = None
        if not self.instance.pk:
            del self.fields["handover_note"]  # a new cooperation has no one to hand over from
            # A partner not yet recorded is added here, in the same submit (created with the cooperation).
            self.new_partner = NewPartnerForm(self.data or None, prefix="new_partner")
            if not self.new_partner.has_input():  # nothing written there: no new partner, and no errors shown
                self.new_partner = NewPartnerForm(prefix="new_partner")
            self.fields["partner"].required = False
            self.fields["partner"].help_text = _("Choose it from the list, or add a new partner below.")

    @property
    def has_partners(self) -> bool:
        """Whether the region has partners to choose from (the template cannot ask: `form.fields` is a field)."""
        return self.fields["partner"].queryset.exists()

    @property
    def adding_partner(self) -> bool:
        return self.new_partner is not None and self.new_partner.is_bound

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return (self.new_partner.is_valid() if self.adding_partner else True) and valid

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.adding_partner:
            exclude.add("partner")  # it is created with the cooperation
        return exclude

    def clean(self):
        from kembar.monitoring.services import handover_required

        data = super().clean()
        if self.new_partner is not None and "partner" not in self.errors:
            if self.adding_partner and data.get("partner"):
                self.add_error(
                    "partner",
                    forms.ValidationError(
                        _("Choose a partner from the list or add a new one, not both."), code="two_partners"
                    ),
                )
            elif not self.adding_partner and not data.get("partner"):
                self.add_error(
                    "partner",
                    forms.ValidationError(
                        _("Choose the partner from the list, or add a new partner below."), code="required"
                    ),
                )
        start, end = data.get("started"), data.get("ends")
        if start and end and end.latest() and start.earliest() and end.latest() < start.earliest():
            self.add_error(
                "ends",
                forms.ValidationError(
                    _("The end (%(end)s) is before the start (%(start)s).")
                    % {"end": end.display(), "start": start.display()},
                    code="end_before_start",
                ),
            )
        if data.get("status") == Cooperation.Status.UNKNOWN and (data.get("status_date") or data.get("status_basis")):
            self.add_error(
                "status",
                forms.ValidationError(
                    _("Choose the status that this date and basis record, or leave both empty."),
                    code="status_missing",
                ),
            )
        if "handover_note" in self.fields and "person_in_charge" in data:
            changing = handover_required(from_person=self.instance.person_in_charge, to_person=data["person_in_charge"])
            if changing and not data.get("handover_note", "").strip():
                self.add_error(
                    "handover_note",
                    _("The person in charge changes: write a handover note (open matters, contacts, next deadlines)."),
                )
        return data

    def clean_ref(self):
        ref = self.cleaned_data["ref"]
        clash = Cooperation.all_objects.filter(region=self.region, ref=ref).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This reference is already used in this region."), code="duplicate")
        return ref


class DocumentForm(forms.ModelForm):
    signatories = SignatoriesField(label=_("Signatories"), required=False)
    upload = forms.FileField(
        label=_("File"),
        required=False,
        widget=LimitedFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )

    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "date",
            "valid_from",
            "duration_months",
            "expires",
            "signatories",
            "language",
            "summary",
            "source",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(cooperation=cooperation)
        if self.instance.pk:
            del self.fields["upload"]
        if validity_of(self.instance) == COMPUTED:
            self.initial["expires"] = None  # shown empty: it follows the start and duration (expiry.py)


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("New version"),
        widget=LimitedFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )


class RenewForm(forms.Form):
    """The renewal of an LoI, MoU or PKS: a new document (services.document_renew)."""

    kind = forms.ChoiceField(label=_("Renewed by"), choices=[])
    date = DateSpecFormField(label=_("Date of the renewal"))
    duration_months = forms.IntegerField(
        label=_("Duration (months)"),
        required=False,
        min_value=1,
        max_value=1200,
        error_messages={"min_value": _("The duration must be at least one month.")},
        help_text=_("Leave empty when the renewal states no duration."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty for “<old title> — renewal of <date>”."),
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        widget=LimitedFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )

    def __init__(self, *args, document, **kwargs):
        from .expiry import RENEWABLE
        from .models import DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in DocumentKind.choices if k in RENEWABLE]
        self.fields["kind"].initial = document.kind
        self.fields["duration_months"].initial = document.duration_months


class RegionSettingsForm(forms.Form):
    loi_followup_months = forms.IntegerField(
        label=_("Months to follow up an LoI"),
        min_value=1,
        max_value=120,
        error_messages={
            "min_value": _("At least one month."),
            "max_value": _("At most 120 months (ten years)."),
        },
        help_text=_("An LoI not followed by an MoU or PKS after this many months is listed under Deadlines."),
    )


# --- Activities (rules in activities.py) ----------------------------------------------------


#: The most outcomes one activity records, and the most characters of each (the row's input says so too).
MAX_OUTCOMES = 50
OUTCOME_MAX = 2000


class OutcomeRows(forms.Widget):
    """An activity's outcomes as rows: what came of it, and whether it is a direct (tangible) result or an
    indirect one. Inputs are NAME-i-text and NAME-i-tangible; empty rows follow the filled ones so a row can
    be added without JavaScript (kembar.js adds and removes rows in place). A row whose text is emptied is
    dropped when saved."""

    template_name = "cooperations/widgets/outcome_rows.html"
    EMPTY_ROWS = 2

    def _pattern(self, name):
        return re.compile(rf"^{re.escape(name)}-(\d+)-(text|tangible)$")

    def value_from_datadict(self, data, files, name):
        rows: dict[int, dict] = {}
        pattern = self._pattern(name)
        for key in data:
            if m := pattern.match(key):
                rows.setdefault(int(m[1]), {})[m[2]] = (data.get(key) or "").strip()
        return [(row.get("text", ""), row.get("tangible", "")) for _i, row in sorted(rows.items())]

    def value_omitted_from_data(self, data, files, name):
        pattern = self._pattern(name)
        return not any(pattern.match(key) for key in data)

    def get_context(self, name, value, attrs):
        from .activities import TANGIBLE_CHOICES

        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id") or f"id_{name}"
        filled = [row for row in (value or []) if row[0] or row[1]]
        rows = [*filled, *[("", "")] * self.EMPTY_ROWS]

        def row(index, text, tangible, number):
            return {
                "number": number,
                "text": {"name": f"{name}-{index}-text", "id": f"{base}-{index}-text", "value": text},
                "tangible": {"name": f"{name}-{index}-tangible", "id": f"{base}-{index}-tangible", "value": tangible},
            }

        context["widget"].update(
            rows=[row(i, text, tangible, i + 1) for i, (text, tangible) in enumerate(rows)],
            template_row=row("__index__", "", "", "__number__"),
            choices=[("", "—"), *TANGIBLE_CHOICES],
            id=base,
            text_max=OUTCOME_MAX,
        )
        return context

    def id_for_label(self, id_):
        return f"{id_}-0-text" if id_ else id_


class OutcomesField(forms.Field):
    """Outcomes stored as Activity.outcomes: [{"text": …, "tangible": "direct"|"indirect"}] (tangible left
    out when not said), edited as rows (OutcomeRows)."""

    widget = OutcomeRows

    def prepare_value(self, value):
        if not value:
            return []
        rows = []
        for item in value:
            if isinstance(item, tuple | list):
                rows.append((str(item[0]), str(item[1]) if len(item) > 1 else ""))
            elif isinstance(item, dict):
                rows.append((str(item.get("text", "")), str(item.get("tangible") or "")))
            else:
                rows.append((str(item), ""))
        return rows

    def to_python(self, value):
        from .activities import TANGIBLE

        out = []
        rows = self.prepare_value(value)
        if len(rows) > MAX_OUTCOMES:
            raise forms.ValidationError(
                _("Record at most %(limit)s outcomes for one activity.") % {"limit": MAX_OUTCOMES}, code="max_rows"
            )
        for number, (text, tangible) in enumerate(rows, 1):
            text = text.strip()
            if len(text) > OUTCOME_MAX:
                raise forms.ValidationError(
                    _("Outcome %(n)s: write at most %(limit)s characters.") % {"n": number, "limit": OUTCOME_MAX},
                    code="max_length",
                )
            if tangible and tangible not in TANGIBLE:
                raise forms.ValidationError(
                    _("Outcome %(n)s: choose whether it is direct or indirect.") % {"n": number}, code="tangible"
                )
            if not text:
                if tangible:
                    raise forms.ValidationError(
                        _("Outcome %(n)s: say what came of the activity, or leave the row empty.") % {"n": number},
                        code="empty_outcome",
                    )
                continue
            out.append({"text": text, "tangible": tangible} if tangible else {"text": text})
        return out

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True


class ActivityForm(forms.Form):
    """The quick-add form (and the edit form): six fields on the first screen, the rest under
    "more details". Its `activity_fields()` are the keyword arguments of services.activity_create."""

    QUICK = ("date", "title", "kind", "initiated_by", "beneficiary", "host")
    MORE = (
        "end",
        "field",
        "community_in_planning",
        "budget_region",
        "budget_partner",
        "currency",
        "outcomes",
        "evidence",
        "source",
    )

    date = DateSpecFormField(label=_("Date"))
    title = forms.CharField(label=_("What happened"), max_length=2000)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    initiated_by = forms.ChoiceField(label=_("Who initiated it"), required=False)
    beneficiary = forms.ChoiceField(label=_("Who mainly benefited"), required=False)
    host = forms.ChoiceField(label=_("Host"), required=False, help_text=_("Where it took place or who organised it."))
    participants = forms.MultipleChoiceField(
        label=_("Sectors taking part"), required=False, widget=forms.CheckboxSelectMultiple
    )
    end = DateSpecFormField(label=_("End date"), required=False, help_text=_("For activities over several days."))
    field = forms.ChoiceField(label=_("Field of cooperation"), required=False)
    community_in_planning = forms.NullBooleanField(
        label=_("Non-government actors helped plan it"), required=False, widget=forms.NullBooleanSelect
    )
    budget_region = MoneyField(
        required=False,
        min_value=0,
        error_messages={"min_value": _("The budget cannot be negative.")},
    )
    budget_partner = MoneyField(
        required=False,
        min_value=0,
        error_messages={"min_value": _("The budget cannot be negative.")},
    )
    currency = forms.ChoiceField(label=_("Currency of the budgets"), required=False)
    outcomes = OutcomesField(
        label=_("Outcomes"),
        required=False,
        help_text=_(
            "What came of the activity, one per row: direct for a tangible result (an agreement, a facility, "
            "trained people), indirect for one that follows from it. Empty a row to remove it."
        ),
    )
    evidence = forms.FileField(
        label=_("Evidence (report, list of participants or photo)"),
        required=False,
        widget=LimitedFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )
    source = forms.ModelChoiceField(label=_("Source"), required=False, queryset=Source.objects.none())

    def __init__(self, *args, cooperation, instance=None, **kwargs):
        from .activities import (
            DEFAULT_CURRENCY,
            HOSTS,
            INITIATORS,
            KINDS,
            SECTOR_LABELS,
            SECTORS,
            SIDES,
            currency_choices,
        )

        self.cooperation, self.instance = cooperation, instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in (*self.QUICK, *self.MORE) if hasattr(instance, name)}
            initial.update(
                participants=instance.participants,
                outcomes=instance.outcomes,
                source=instance.source_id,
                **{f"count_{s}": n for s, n in (instance.participant_counts or {}).items()},
            )
            kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        region, partner = cooperation.region.name, cooperation.partner.name
        side = {"region": region, "partner": partner, "both": _("Both"), "unknown": _("Unknown")}
        starter = {**side, "community": _("The community of %(region)s") % {"region": region}}
        place = {**side, "online": _("Online"), "elsewhere": _("Elsewhere"), "both": _("Both, in turn or jointly")}
        blank = [("", "—")]

        def keep(choices, current):
            # A value from a case file that is not in the list stays selectable, so editing keeps it.
            values = {v for v, _label in choices}
            return choices + [(current, current)] if current and current not in values else choices

        get = (lambda n: getattr(instance, n, "")) if instance is not None else (lambda n: "")
        self.fields["kind"].choices = keep(blank + list(KINDS.items()), get("kind"))
        self.fields["initiated_by"].choices = keep(blank + [(v, starter[v]) for v in INITIATORS], get("initiated_by"))
        self.fields["beneficiary"].choices = keep(blank + [(v, side[v]) for v in SIDES], get("beneficiary"))
        self.fields["host"].choices = keep(blank + [(v, place[v]) for v in HOSTS], get("host"))
        self.fields["participants"].choices = [(s, SECTOR_LABELS[s]) for s in SECTORS]
        self.fields["field"].choices = keep(blank + [(f, f) for f in cooperation.fields or []], get("field"))
        self.fields["currency"].choices = blank + currency_choices()
        self.fields["budget_region"].label = _("Budget of %(side)s") % {"side": region}
        self.fields["budget_partner"].label = _("Budget of %(side)s") % {"side": partner}
        self.fields["source"].queryset = Source.objects.filter(cooperation=cooperation)
        if instance is None:
            self.initial.setdefault("currency", DEFAULT_CURRENCY)
        for sector in SECTORS:
            self.fields[f"count_{sector}"] = forms.IntegerField(
                label=_("Number of participants: %(sector)s") % {"sector": SECTOR_LABELS[sector]},
                required=False,
                min_value=0,
                error_messages={"min_value": _("A count is 0 or more.")},
            )
        if instance is not None:
            del self.fields["evidence"]

    def quick_fields(self):
        return [self[name] for name in self.QUICK]

    def more_fields(self):
        return [self[name] for name in self.MORE if name in self.fields]

    def count_fields(self):
        from .activities import SECTORS

        return [self[f"count_{s}"] for s in SECTORS]

    def activity_fields(self) -> dict:
        """Service keyword arguments from the cleaned data."""
        from .activities import DEFAULT_CURRENCY, SECTORS

        data = self.cleaned_data
        fields = {name: data.get(name) for name in (*self.QUICK, *self.MORE) if name != "evidence"}
        chosen = set(data.get("participants") or [])
        fields["participants"] = [s for s in SECTORS if s in chosen]
        fields["participant_counts"] = {s: data[f"count_{s}"] for s in SECTORS if data.get(f"count_{s}") is not None}
        fields["outcomes"] = data.get("outcomes") or []
        if self.instance is not None and "outcomes" not in self.changed_data:
            fields["outcomes"] = self.instance.outcomes  # unedited: keeps what lines cannot say
        no_budget = fields["budget_region"] is None and fields["budget_partner"] is None
        if not fields["currency"] and no_budget:
            fields["currency"] = DEFAULT_CURRENCY
        fields["end"] = fields["end"] or None
        return fields


class EvidenceForm(forms.Form):
    upload = forms.FileField(
        label=_("Evidence file"),
        widget=LimitedFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
