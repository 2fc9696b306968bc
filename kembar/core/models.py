"""Base classes every tenant-owned model shares: region ownership, timestamps, soft delete, history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .params import typed


class TenantHistory(HistoricalRecords):
    """simple-history's records, where a concrete model may leave fields out of its history rows by naming
    them in `history_excluded_fields` (a blob copied into every history row would be stored once per save)."""

    def fields_included(self, model):
        skip = getattr(model, "history_excluded_fields", ())
        return [f for f in super().fields_included(model) if f.name not in skip]

    def create_history_model(self, model, inherited):
        history_model = super().create_history_model(model, inherited)
        history_model._history_excluded_fields = [*self.excluded_fields, *getattr(model, "history_excluded_fields", ())]
        return history_model


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class LiveManager(models.Manager.from_queryset(LiveQuerySet)):
    """The default manager hides soft-deleted rows; `all_objects` sees them (trash, restore)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


#: The most characters a text a person writes into a record may have (goals, notes, summaries; about 1,500 words).
LONG_TEXT = 10_000


def long_text(verbose_name, *, limit: int = LONG_TEXT, **kwargs) -> models.TextField:
    """A text a person writes, bounded: checked on every write (forms, services, imports, the API) and given to the
    form's text area as its `maxlength`."""
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)


def done_by(verbose_name) -> models.ForeignKey:
    """The user who did something to a row (deleted, published, verified it): set by a service, never by a
    form, and kept (as NULL) when the user is removed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


def _texts(value):
    """The strings in a field's value: itself, or those inside a JSON list or mapping (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """Each field's own checks, then one more of every text a person may have typed (each editable text field,
        and the strings inside an editable JSON field: outcomes, fields of cooperation): no control characters
        (core.params.typed). Every write that validates its record meets it, whichever door it came through (a form,
        whose field then shows the message; a service; an import; the API); a model form checks the fields it
        shows."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as refused:
            errors = refused.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if field.name in errors or (exclude and field.name in exclude) or not field.editable:
                continue  # refused already, not asked for, or written by Kembar itself (a cache, a snapshot)
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                try:
                    for text in _texts(getattr(self, field.attname)):
                        typed(text)
                except ValidationError as refused:
                    errors[field.name] = refused.error_list
        if errors:
            raise ValidationError(errors)


class TenantModel(TimeStamped):
    """A row owned by one region. Reach it only through a selector that takes the region."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = done_by(_("deleted by"))

    objects = LiveManager()
    all_objects = LiveQuerySet.as_manager()
    history = TenantHistory(inherit=True)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class FormSubmission(models.Model):
    """A form's one-time token, taken by the request that created something with it (kembar.core.once),
    with where that request led, so a repeat of the form leads there instead of creating again. An anonymous
    visitor's token (the portal's forms) has no user and is unique on its nonce alone."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="unique_form_submission"),
            models.UniqueConstraint(
                fields=["token"], condition=models.Q(user__isnull=True), name="unique_anonymous_form_submission"
            ),
        ]

    def __str__(self):
        return f"{self.user_id}:{self.token}"


class RateCount(models.Model):
    """How many times a key (an address, an email, a token, hashed) was counted in one fixed window of time
    (kembar.core.ratelimit)."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()  # the window's number: seconds since the epoch // its length
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="unique_rate_count")]

    def __str__(self):
        return f"{self.key}@{self.window}: {self.count}"
