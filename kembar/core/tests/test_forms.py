"""apply_errors: a service's ValidationError lands where the reader of the form looks for it."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from kembar.core.forms import apply_errors


class _Form(forms.Form):
    title = forms.CharField()
    upload = forms.FileField(required=False)
    token = forms.CharField(widget=forms.HiddenInput)


def _bound() -> _Form:
    form = _Form({"title": "MoU", "token": "t"})
    assert form.is_valid()
    return form


def test_an_error_for_a_field_the_form_has_goes_on_that_field():
    form = _bound()
    apply_errors(form, ValidationError({"title": ValidationError("Already used.", code="duplicate")}))
    assert form.errors == {"title": ["Already used."]}
    assert form.has_error("title", code="duplicate")
    assert "title" not in form.cleaned_data


def test_an_error_for_a_field_the_form_lacks_is_kept_among_the_non_field_errors():
    form = _bound()
    apply_errors(form, ValidationError({"region": ["Not yours."], "title": ["Too long."]}))
    assert form.non_field_errors() == ["Not yours."]
    assert form.errors["title"] == ["Too long."]


def test_an_error_for_a_hidden_field_is_shown_as_a_non_field_error():
    form = _bound()
    apply_errors(form, ValidationError({"token": ["Not one of this cooperation's conditions."]}))
    assert form.non_field_errors() == ["Not one of this cooperation's conditions."]
    assert "token" not in form.errors


def test_a_plain_error_goes_to_the_non_field_errors_with_its_code():
    form = _bound()
    apply_errors(form, ValidationError("Plan 2 is with the DPRD.", code="submitted"))
    assert form.errors == {NON_FIELD_ERRORS: ["Plan 2 is with the DPRD."]}
    assert form.has_error(NON_FIELD_ERRORS, code="submitted")


def test_several_plain_messages_each_stay():
    form = _bound()
    apply_errors(form, ValidationError(["First.", "Second."]))
    assert form.non_field_errors() == ["First.", "Second."]


def test_a_plain_error_goes_on_the_field_the_caller_names():
    form = _bound()
    apply_errors(form, ValidationError("The file is empty.", code="empty"), unnamed="upload")
    assert form.errors == {"upload": ["The file is empty."]}


def test_naming_a_field_for_plain_errors_does_not_move_errors_that_name_their_field():
    form = _bound()
    apply_errors(form, ValidationError({"title": ["Required."], "kind": ["Unknown kind."]}), unnamed="upload")
    assert form.errors == {"title": ["Required."], NON_FIELD_ERRORS: ["Unknown kind."]}


def test_a_named_field_the_form_lacks_falls_back_to_the_non_field_errors():
    form = _bound()
    apply_errors(form, ValidationError("The file is empty."), unnamed="evidence")
    assert form.non_field_errors() == ["The file is empty."]


def test_params_are_formatted_into_the_message():
    form = _bound()
    error = ValidationError("Choose a year up to %(year)s.", params={"year": 2026})
    apply_errors(form, ValidationError({"title": [error]}))
    assert form.errors["title"] == ["Choose a year up to 2026."]
