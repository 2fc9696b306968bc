"""Text a person types into any record's form keeps no control character: an escape code, a bell or a NUL sent
in a title, a name, a note or a list of outcomes is refused at its field, in the page's language, with what was
typed kept, and nothing is saved (the check is the records' own: core.models.TimeStamped.clean_fields)."""

import lxml.html
import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Activity, Cooperation, Document
from kembar.partners.models import Partner
from kembar.testing import make_cooperation, make_member

ESCAPE = "\x1b[2J"
WORDS = {"id": "Teks memuat karakter yang tidak dapat disimpan", "en": "The text contains characters that cannot be"}


@pytest.fixture
def world(bandung):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou")
    document = services.document_create(cooperation=coop, by=staff, kind="mou", title="MoU", date="2006-09-21")
    activity = services.activity_create(cooperation=coop, by=staff, title="Pameran", date="2019-05")
    return {"staff": staff, "coop": coop, "document": document, "activity": activity}


def as_browser(client, url: str, changes: dict):
    """Post the page's form that has the changed fields, every other field as the page filled it in."""
    page = client.get(url)
    assert page.status_code == 200, url
    html = lxml.html.fromstring(page.content.decode())
    form = next(f for f in html.forms if set(changes) <= set(f.inputs.keys()) and f.method.upper() == "POST")
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return client.post(form.action or url, data)


def rows():
    return (
        list(Cooperation.all_objects.values_list("pk", "title", "goals", "updated_at")),
        list(Partner.all_objects.values_list("pk", "name", "note", "updated_at")),
        list(Document.all_objects.values_list("pk", "title", "summary", "updated_at")),
        list(Activity.all_objects.values_list("pk", "title", "outcomes", "updated_at")),
    )


def _coop(w):
    return reverse("cooperation_edit", args=["32.73", "bandung-liuzhou"])


def _partner(w):
    return reverse("partner_edit", args=["32.73", w["coop"].partner_id])


def _document(w):
    return reverse("document_edit", args=["32.73", w["document"].pk])


def _new_activity(w):
    return reverse("activity_create", args=["32.73", "bandung-liuzhou"])


def _activity(w):
    return reverse("activity_edit", args=["32.73", w["activity"].pk])


FORMS = [
    (_coop, "title", {}),  # a model form's one-line text
    (_coop, "goals", {}),  # and its long text
    (_partner, "name", {}),
    (_partner, "note", {}),
    (_document, "summary", {}),
    (_new_activity, "title", {"date": "2024-05"}),  # a plain form the service saves
    (_activity, "outcomes-0-text", {}),  # a text inside a list of outcomes
]


@pytest.mark.parametrize(("url", "field", "other"), FORMS)
@pytest.mark.parametrize("language", ["id", "en"])
def test_a_control_character_is_refused_at_its_field(client, world, url, field, other, language):
    client.force_login(world["staff"])
    client.cookies["django_language"] = language
    before = rows()
    typed = f"Kunjungan{ESCAPE} kerja"
    response = as_browser(client, url(world), {field: typed, **other})
    assert response.status_code in (200, 400), (field, response.status_code)
    html = lxml.html.fromstring(response.content.decode())
    (widget,) = html.xpath(f'//*[@name="{field}"]')
    errors = " ".join(html.xpath(f'//*[@id="id_{field.split("-")[0]}_errors"]//text()'))
    assert WORDS[language] in errors, (field, errors)
    assert "Kunjungan" in (widget.value or "")  # what was typed is kept
    assert rows() == before
