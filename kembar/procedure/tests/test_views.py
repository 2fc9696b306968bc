"""The stepper on the dossier, its forms, and the rule-pack screens."""

import re

import pytest
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.accounts.access import region_access
from kembar.accounts.models import Role
from kembar.cooperations.models import Cooperation
from kembar.procedure import services
from kembar.procedure.models import CooperationProcedure, RulePack, StageRecord
from kembar.testing import fill_dossier, make_cooperation, make_member

JUSTIFICATION = "Planning and the draft MoU were settled in one visit (seed 003 practice)."


@pytest.fixture
def en_client(client, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def dossier(coop):
    return reverse("cooperation_detail", kwargs={"code": coop.region.code, "ref": coop.ref})


def action(name, coop):
    return reverse(name, kwargs={"code": coop.region.code, "ref": coop.ref})


def test_stepper_is_visible(en_client, coop, add_doc):
    add_doc(coop, "mou")
    html = en_client.get(dossier(coop)).content.decode()
    assert 'id="h-procedure"' in html and "Permendagri 3/2008 — Guidelines" in html
    assert '<ol class="stepper">' in html and html.count('aria-current="step"') == 1
    assert reverse("rule_pack_detail", args=["permendagri-3-2008"]) + "?version=1" in html
    assert "Who acts: Regional cooperation bureau" in html
    assert "Missing:</strong> DPRD approval" in html
    assert "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 12" in html
    assert "Follow this procedure" in html and "Record as complete" in html
    assert "Send back the last stage" not in html  # nothing done yet


def test_unconfirmed_stages_are_marked(en_client, bandung, staff):
    coop = make_cooperation(bandung, ref="current", by=staff, rule_pack="permendagri-25-2020")
    html = en_client.get(dossier(coop)).content.decode()
    assert html.count('regulation text">unconfirmed</span>') == 4


def test_complete_and_send_back(en_client, coop, add_doc):
    mou = add_doc(coop, "mou", "Draft MoU")
    response = en_client.post(
        action("procedure_complete", coop),
        {"stages": ["perencanaan", "komunikasi-draft-mou"], "justification": JUSTIFICATION, "documents": [mou.pk]},
    )
    assert response.status_code == 302 and response["Location"].endswith("#h-procedure")
    html = en_client.get(dossier(coop)).content.decode()
    assert "2 stage(s) recorded as complete." in html
    assert html.count("compressed path</span>") == 2 and JUSTIFICATION in html
    assert "Evidence: <a" in html and "Draft MoU</a> (Memorandum of Understanding (MoU))" in html
    assert [r.stage_id for r in StageRecord.objects.all()] == ["perencanaan", "komunikasi-draft-mou"]
    en_client.post(action("procedure_send_back", coop), {"reason": "The partner asked to revise the draft."})
    html = en_client.get(dossier(coop)).content.decode()
    assert "Sent back: the stage “Communication abroad and draft MoU” is open again." in html
    assert "The partner asked to revise the draft." in html


def _at(html: str, field: str) -> str:
    """The words of the error a stepper's form shows at its field (core/field.html), or ""."""
    found = re.search(rf'id="procedure-{field}_errors">(.*?)</div>', html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def _typed(html: str, field: str) -> str:
    """What a stepper's text area holds as the page is shown."""
    return re.search(rf'<textarea[^>]*id="procedure-{field}"[^>]*>(.*?)</textarea>', html, flags=re.S).group(1).strip()


def _ticked(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="stages" value="([^"]+)"[^>]*checked', html)


def test_a_refused_stage_shows_the_form_again_with_the_reason_at_its_field(en_client, coop, add_doc):
    url = action("procedure_complete", coop)
    both = ["perencanaan", "komunikasi-draft-mou"]
    response = en_client.post(url, {"stages": both, "justification": "One visit."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "needs a written justification of at least 20 characters" in _at(html, "justification")
    assert _typed(html, "justification") == "One visit." and _ticked(html) == both
    assert '<details class="action" open><summary>Record a completed stage' in html
    response = en_client.post(url, {"stages": both, "justification": JUSTIFICATION})
    html = response.content.decode()
    assert response.status_code == 400 and _typed(html, "justification") == JUSTIFICATION
    assert "cannot be recorded: missing Memorandum of Understanding (MoU)" in _at(html, "stages")
    html = en_client.post(url, {"stages": ["komunikasi-draft-mou"], "justification": "x"}).content.decode()
    assert "stages are completed in order, and the next one is “Planning”" in _at(html, "stages")
    for documents in (["x"], ["9" * 30], [add_doc(coop, "plan").pk + 1]):  # an id no column holds: not a 500
        response = en_client.post(url, {"stages": ["perencanaan"], "documents": documents, "justification": "Met."})
        assert response.status_code == 400 and _typed(response.content.decode(), "justification") == "Met."
        assert _at(response.content.decode(), "documents") == "Evidence must be a document of this dossier."
    response = en_client.post(url, {"stages": ["perencanaan"], "justification": "Met.", "form_token": None})
    assert response.status_code == 400 and "This form was not sent from a Kembar page" in response.content.decode()
    assert not StageRecord.objects.exists()


def test_the_dossier_shown_again_links_to_itself(en_client, coop):
    """A refused move's page is at the address the form was sent to (which answers no GET): the timeline's pages,
    "show all" and the language switch lead to the dossier."""
    fill_dossier(coop, n=120)
    response = en_client.post(action("procedure_complete", coop), {"stages": ["komunikasi-draft-mou"]})
    html = response.content.decode()
    assert response.status_code == 400 and 'href="?' not in html and 'hx-get="?' not in html
    for link in ("?show=all", "?page=2#h-timeline"):
        assert f'href="{dossier(coop)}{link}"' in html, link
    assert f'name="next" type="hidden" value="{dossier(coop)}"' in html
    assert en_client.get(dossier(coop) + "?page=2").status_code == 200


def test_a_refused_send_back_or_start_shows_the_form_again(en_client, bandung, staff, coop):
    url = action("procedure_send_back", coop)
    response = en_client.post(url, {"reason": "The DPRD asked for changes."})
    html = response.content.decode()
    assert response.status_code == 400 and _typed(html, "reason") == "The DPRD asked for changes."
    assert "No stage has been completed yet: there is nothing to send back." in html
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    response = en_client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert _at(response.content.decode(), "reason") == "Give the reason for sending the procedure back."
    assert list(StageRecord.objects.values_list("action", flat=True)) == ["complete"]
    fresh = make_cooperation(bandung, ref="fresh", by=staff)
    response = en_client.post(action("procedure_start", fresh), {"pack": "nope"})
    assert response.status_code == 400 and _at(response.content.decode(), "pack") == "There is no rule pack “nope”."
    fresh.refresh_from_db()
    assert fresh.rule_pack == "" and not CooperationProcedure.objects.filter(cooperation=fresh).exists()


def test_a_justification_or_reason_past_the_limit_is_refused(client, staff, coop, add_doc):
    client.force_login(staff)
    client.cookies["django_language"] = "id"
    mou = add_doc(coop, "mou", "Draft MoU")
    data = {"stages": ["perencanaan", "komunikasi-draft-mou"], "justification": "j" * 10_001, "documents": [mou.pk]}
    response = client.post(action("procedure_complete", coop), data)
    assert response.status_code == 400
    assert "paling banyak 10000 karakter (sekarang 10001 karakter)" in _at(response.content.decode(), "justification")
    assert not StageRecord.objects.exists()
    client.post(action("procedure_complete", coop), {**data, "justification": JUSTIFICATION})
    response = client.post(action("procedure_send_back", coop), {"reason": "r" * 10_001})
    assert response.status_code == 400
    assert "paling banyak 10000 karakter (sekarang 10001 karakter)" in _at(response.content.decode(), "reason")
    assert list(StageRecord.objects.values_list("action", flat=True)) == ["complete", "complete"]


def test_a_justification_or_reason_with_a_control_character_is_refused(client, staff, coop, add_doc):
    client.force_login(staff)
    client.cookies["django_language"] = "id"
    mou = add_doc(coop, "mou", "Draft MoU")
    data = {
        "stages": ["perencanaan", "komunikasi-draft-mou"],
        "justification": "Satu\x1b[2J kunjungan",
        "documents": [mou.pk],
    }
    html = client.post(action("procedure_complete", coop), data, follow=True).content.decode()
    assert "Teks memuat karakter yang tidak dapat disimpan" in html
    assert not StageRecord.objects.exists()
    client.post(action("procedure_complete", coop), {**data, "justification": JUSTIFICATION})
    html = client.post(action("procedure_send_back", coop), {"reason": "Ditolak\x07"}, follow=True).content.decode()
    assert "Teks memuat karakter yang tidak dapat disimpan" in html
    assert list(StageRecord.objects.values_list("action", flat=True)) == ["complete", "complete"]


def test_follow_this_procedure_pins_the_version(en_client, bandung, staff):
    coop = make_cooperation(bandung, ref="fresh", by=staff)
    html = en_client.get(dossier(coop)).content.decode()
    assert "follows no rule pack yet" in html and 'name="pack"' in html
    en_client.post(action("procedure_start", coop), {"pack": "permendagri-25-2020"})
    coop.refresh_from_db()
    assert coop.rule_pack == "permendagri-25-2020" and coop.procedure.pack.version == 1
    html = en_client.get(dossier(coop)).content.decode()
    assert "followed since" in html and "not pinned yet" not in html


def test_readonly_roles_get_403_and_see_no_forms(client, coop, bandung):
    for role in (Role.LEADERSHIP, Role.DPRD):
        user = make_member(f"ro-{role}", bandung, role)
        client.force_login(user)
        html = client.get(dossier(coop)).content.decode()
        assert 'id="h-procedure"' in html and "procedure/complete/" not in html
        for name in ("procedure_complete", "procedure_send_back", "procedure_start"):
            assert client.post(action(name, coop), {"stages": ["perencanaan"], "reason": "x"}).status_code == 403
    assert not StageRecord.objects.exists()


def _panel_queries(coop, user):
    request = RequestFactory().get("/")
    request.user = user
    request.access = region_access(user, coop.region.code)
    request.region = request.access.region
    template = Template('{% include "procedure/_dossier.html" %}')
    coop = Cooperation.objects.select_related("region").get(pk=coop.pk)
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(RequestContext(request, {"coop": coop}))
    assert 'aria-current="step"' in html
    return len(ctx)


def test_panel_query_count_is_constant(coop, staff, add_doc):
    add_doc(coop, "mou")
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    small = _panel_queries(coop, staff)
    fill_dossier(coop, n=300)
    for i in range(40):
        add_doc(coop, "plan", f"Plan {i}")
    for _ in range(10):
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"])
        services.stage_send_back(cooperation=coop, by=staff, reason="again")
    assert small == _panel_queries(coop, staff) == 6


# --- Rule packs -------------------------------------------------------------------------------


def test_rule_pack_list_and_detail(en_client, ref_data):
    html = en_client.get(reverse("rule_pack_list")).content.decode()
    assert "Permendagri 3/2008 — Guidelines" in html and "PP 28/2018 and Permendagri 25/2020" in html
    assert "Publish a new version" not in html
    html = en_client.get(reverse("rule_pack_detail", args=["permendagri-25-2020"])).content.decode()
    assert html.count('<span class="badge warn">unconfirmed</span>') >= 4
    # One version: no separator that leads to nothing after "latest".
    assert _fact(html, "Version") == "1 latest"
    # Each unconfirmed stage is said so by its badge in the reader's language, not by Indonesian words in its source.
    assert "Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020</small>" in html
    assert "Tahun 2020 (belum dikonfirmasi)" not in html
    assert "Contents of the cooperation plan" in html and "Funding source" in html
    # The plan contents' list is unconfirmed for this pack: said in English, not by an Indonesian note in its source.
    assert "Pasal 11 ayat (2). That this is the list the rule pack requires is not confirmed." in html
    assert "daftar untuk" not in html
    assert "Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01" in html and "blocks signing" in html
    assert en_client.get(reverse("rule_pack_detail", args=["permendagri-25-2020"]) + "?version=7").status_code == 404
    assert en_client.get(reverse("rule_pack_detail", args=["nope"])).status_code == 404


def _visible(html: str) -> str:
    """The words a reader sees: the page without its tags (and so without its links' addresses)."""
    body = html[html.index("<main") :]
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S))


def _fact(html: str, name: str) -> str:
    """The words of a page's fact (<dt>name</dt><dd>…</dd>), spaces made single."""
    found = re.search(rf"<dt>{re.escape(name)}</dt><dd>(.*?)</dd>", html, flags=re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", found).split())


def test_rule_pack_pages_show_no_internal_keys(client, ref_data):
    admin = make_member("nat-admin", None, Role.NATIONAL_ADMIN)
    client.force_login(admin)
    packs = list(RulePack.objects.all())
    pages = [reverse("rule_pack_list")] + [
        reverse(name, args=[p.pack_id]) for p in packs for name in ("rule_pack_detail", "rule_pack_new_version")
    ]
    keys = {p.pack_id for p in packs} | {s["id"] for p in packs for s in p.data["stages"] if "-" in s["id"]}
    for url in pages:
        text = _visible(client.get(url).content.decode())
        assert [k for k in keys if k in text] == [], url


def test_a_dossier_names_its_rule_pack_and_a_sent_back_stage(en_client, bandung, staff):
    coop = make_cooperation(bandung, ref="current", by=staff, rule_pack="permendagri-25-2020")
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["prakarsa"])
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["penjajakan"])
    services.stage_send_back(cooperation=coop, by=staff, reason="The partner study was incomplete.")
    text = _visible(en_client.get(dossier(coop)).content.decode())
    assert "Exploration: The partner study was incomplete." in text
    assert "PP 28/2018 and Permendagri 25/2020" in text
    assert "permendagri-25-2020" not in text and "penjajakan" not in text


def _form_data(pack: RulePack, **changes) -> dict:
    data = {"note": "Checked against the regulation text."}
    for s in pack.data["stages"]:
        if s.get("confirmed", True):
            data[f"{s['id']}__confirmed"] = "on"
        data[f"{s['id']}__source"] = s["source"]
        data[f"{s['id']}__deadline_days"] = s.get("deadline_days") or ""
    data.update(changes)
    return data


def test_national_admin_publishes_a_new_version(client, ref_data):
    admin = make_member("nat-admin", None, Role.NATIONAL_ADMIN)
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    url = reverse("rule_pack_new_version", args=["permendagri-25-2020"])
    v1 = RulePack.objects.get(pack_id="permendagri-25-2020")
    assert "Publish version 2" in client.get(url).content.decode()
    data = _form_data(
        v1,
        **{
            "persetujuan-pusat__confirmed": "on",
            "persetujuan-pusat__source": "Permendagri 25/2020 Pasal 20",
            "verifikasi__deadline_days": "14",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?version=2")
    v2 = RulePack.objects.get(pack_id="permendagri-25-2020", version=2)
    stages = {s["id"]: s for s in v2.data["stages"]}
    assert stages["persetujuan-pusat"]["confirmed"] is True
    assert stages["persetujuan-pusat"]["source"] == "Permendagri 25/2020 Pasal 20"
    assert stages["verifikasi"]["deadline_days"] == 14 and v2.created_by == admin
    assert v2.note == "Checked against the regulation text."
    html = client.get(reverse("rule_pack_detail", args=["permendagri-25-2020"]) + "?version=1").content.decode()
    assert _fact(html, "Version") == "1 an earlier version · version 2"


def test_new_version_form_errors_change_nothing(client, ref_data):
    admin = make_member("nat-admin", None, Role.NATIONAL_ADMIN)
    client.force_login(admin)
    client.cookies["django_language"] = "en"
    url = reverse("rule_pack_new_version", args=["permendagri-3-2008"])
    v1 = RulePack.objects.get(pack_id="permendagri-3-2008")
    bad = _form_data(v1, **{"perencanaan__source": "  ", "perencanaan__deadline_days": "0", "note": ""})
    html = client.post(url, bad).content.decode()
    assert "This field is required." in html and "greater than or equal to 1" in html
    html = client.post(url, _form_data(v1)).content.decode()
    assert "Nothing changed from version 1: there is nothing to publish." in html
    html = client.post(
        url, _form_data(v1, **{"perencanaan__source": "s" * 1001, "note": "n" * 10_001})
    ).content.decode()
    assert "at most 1000 characters (it has 1001)" in html and "at most 10000 characters (it has 10001)" in html
    assert RulePack.objects.filter(pack_id="permendagri-3-2008").count() == 1


def test_the_shipped_packs_stored_unconfirmed_words_are_dropped(ref_data):
    """The migration that takes "(belum dikonfirmasi)" off the unconfirmed stages' sources of the stored version 1."""
    from importlib import import_module

    from django.apps import apps

    from kembar.procedure.models import RulePack

    mend = import_module("kembar.procedure.migrations.0006_unconfirmed_said_by_the_badge")
    pack = RulePack.objects.get(pack_id="permendagri-25-2020", version=1)
    signing = next(s for s in pack.data["stages"] if s["id"] == "penandatanganan")
    signing["source"] += mend.SUFFIX
    pack.save(update_fields=["data"])
    mend.forwards(apps, None)
    pack.refresh_from_db()
    stages = {s["id"]: s["source"] for s in pack.data["stages"]}
    assert stages["penandatanganan"] == "Peraturan Menteri Dalam Negeri Nomor 25 Tahun 2020"
    assert not any("belum dikonfirmasi" in source for source in stages.values())


def test_the_shipped_packs_stored_plan_list_note_is_dropped(ref_data):
    """The migration that takes the Indonesian "(daftar untuk … belum dikonfirmasi)" off the plan contents' source
    of the stored version 1 no one published."""
    from importlib import import_module

    from django.apps import apps

    from kembar.procedure.models import RulePack

    mend = import_module("kembar.procedure.migrations.0007_plan_list_unconfirmed_said_by_the_badge")
    pack = RulePack.objects.get(pack_id="permendagri-25-2020", version=1)
    pack.data["plan_contents"]["source"] += mend.SUFFIX
    pack.save(update_fields=["data"])
    mend.forwards(apps, None)
    pack.refresh_from_db()
    source = pack.data["plan_contents"]["source"]
    assert source == "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 11 ayat (2)"
