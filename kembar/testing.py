"""Helpers for tests and benchmarks (imported by conftest.py; no pytest dependency)."""

import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kembar.accounts.models import Membership, Role, User
from kembar.core.reference import reference_data  # noqa: F401 — tests and benchmarks import it from here

#: The smallest PDF that `filetype` and a PDF reader both accept.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def make_member(username: str, region, role: str, *, password: str = "pass-1234") -> User:
    user = User.objects.create_user(username=username, password=password, first_name=username.title())
    Membership.objects.create(user=user, region=region, role=role)
    return user


#: The roles a region's own users can hold (national roles are added by matrix_users).
REGION_ROLES = [Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD]


def matrix_users(region, other_region, *, other_key: str = "other_region") -> dict:
    """The users a permission matrix checks: one per region role, a national overseer, and the bureau
    admin of another region (under `other_key`)."""
    users = {role: make_member(f"u-{role}", region, role) for role in REGION_ROLES}
    users["overseer"] = make_member("u-overseer", None, Role.NATIONAL_OVERSEER)
    users[other_key] = make_member(f"u-{other_key}", other_region, Role.BUREAU_ADMIN)
    return users


def queries_in(fn: Callable[[], object]) -> int:
    """How many queries one call of `fn` costs."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def queries_of(client, url: str, *, status: int = 200) -> int:
    """How many queries one GET of `url` costs, the response having `status` (a page that failed would cost
    fewer and prove nothing)."""
    responses = []
    count = queries_in(lambda: responses.append(client.get(url)))
    assert responses[0].status_code == status, (url, responses[0].status_code)
    return count


def pdf_upload(name: str = "mou.pdf", content: bytes = TINY_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_cooperation(
    region,
    *,
    ref: str = "test-coop",
    title: str = "Kerja Sama Uji",
    country: str = "CN",
    by=None,
    partner=None,
    **fields,
):
    """A cooperation with its partner, through the services (as every door does)."""
    from kembar.cooperations.services import cooperation_create
    from kembar.partners.services import partner_create

    if partner is None:
        partner = partner_create(
            region=region, by=by, name=f"Mitra {ref}", country_id=country, kind="local_government", level="city"
        )
    fields.setdefault("type", "KSDPL")
    fields.setdefault("form", "sister_city")
    return cooperation_create(region=region, by=by, ref=ref, title=title, partner=partner, **fields)


def make_obligation(coop, *, starts="2006-09-21", recurrence="yearly", fulfilled=None, text="Pertemuan tahunan"):
    """An obligation of the cooperation (a yearly meeting from the Liuzhou MoU's signing, unless told)."""
    from kembar.cooperations.models import Obligation

    obj = Obligation(
        region_id=coop.region_id,
        cooperation=coop,
        kind="meeting",
        text=text,
        starts=starts,
        recurrence=recurrence,
        fulfilled=fulfilled,
    )
    obj.save()
    return obj


def fill_dossier(coop, *, n: int, by=None) -> None:
    """Add n items of each dated kind (events, activities, documents) to a dossier, in bulk."""
    from kembar.cooperations import facts
    from kembar.cooperations.models import Activity, Document, Event, Finding, Obligation, Source
    from kembar.core.dates import DateSpec

    src = Source.objects.create(region_id=coop.region_id, cooperation=coop, key=f"s{coop.pk}", cite="Uji")
    base = dt.date(2000, 1, 1)
    common = {"region_id": coop.region_id, "cooperation": coop, "source": src}
    events, acts, docs, obls, finds = [], [], [], [], []
    for i in range(n):
        day = DateSpec.parse(base + dt.timedelta(days=i))
        events.append(
            Event(date=day, date_sort=day.sort_key(), kind="correspondence", title=f"Surat {i}", position=i, **common)
        )
        acts.append(Activity(date=day, date_sort=day.sort_key(), title=f"Kegiatan {i}", position=i, **common))
        docs.append(Document(kind="correspondence", title=f"Dokumen {i}", date=day, position=i, **common))
        obls.append(Obligation(kind="meeting", text=f"Kewajiban {i}", starts=day, position=i, **common))
        finds.append(Finding(topic="uji", text=f"Temuan {i}", position=i, **common))
    for model, rows in ((Event, events), (Activity, acts), (Document, docs), (Obligation, obls), (Finding, finds)):
        model.objects.bulk_create(rows, batch_size=500)
    facts.refresh([coop.pk])  # bulk writes skip save(): their writer refreshes the stored facts
