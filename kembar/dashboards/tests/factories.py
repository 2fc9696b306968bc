"""A portfolio of any size, in bulk (the shape stays the same, so query counts can be compared)."""

import datetime as dt

from kembar.cooperations import facts
from kembar.cooperations.models import Activity, Cooperation, Document, Obligation
from kembar.core.dates import DateSpec
from kembar.partners.models import Partner

COUNTRIES = ["CN", "JP", "KR", "DE", "AU", "NL", "US"]
STATUSES = ["active", "dormant", "active", "in_preparation", "ended", "unknown"]
#: Bandung's cooperations in the kept and shared figures' tests (the `coops` fixture).
KEPT_PORTFOLIO = 12


def portfolio(region, n: int, *, today: dt.date, prefix: str = "c") -> list[Cooperation]:
    """n cooperations over 7 countries and 6 statuses; each has an activity (recent for even ones, 2019
    for odd ones: dormant today), an MoU expiring in 30 days for every third, and a yearly obligation."""
    partners = Partner.objects.bulk_create(
        Partner(
            region=region,
            name=f"Mitra {prefix}{i}",
            country_id=COUNTRIES[i % len(COUNTRIES)],
            kind="local_government",
            level="city",
            latitude=(35 + i % 3) if i % 2 else None,
            longitude=(135 + i % 3) if i % 2 else None,
        )
        for i in range(n)
    )
    coops = Cooperation.objects.bulk_create(
        Cooperation(
            region=region,
            ref=f"{prefix}{i}",
            title=f"Kerja sama {prefix}{i:04d}",
            partner=partners[i],
            type="KSDPL" if i % 4 else "KSDLL",
            form=["sister_city", "sister_province", "other", "institution"][i % 4],
            status=STATUSES[i % len(STATUSES)],
            started=DateSpec.parse("2018-01-01"),
            person_in_charge=["Rina", "Budi", ""][i % 3],
        )
        for i in range(n)
    )
    acts, docs, obls = [], [], []
    for i, c in enumerate(coops):
        day = DateSpec.parse(today - dt.timedelta(days=20) if i % 2 == 0 else dt.date(2019, 3, 1))
        acts.append(
            Activity(
                region=region,
                cooperation=c,
                title=f"Kegiatan {i}",
                date=day,
                date_sort=day.sort_key(),
                beneficiary=["region", "partner", "both", ""][i % 4],
            )
        )
        if i % 3 == 0:
            signed = DateSpec.parse(today - dt.timedelta(days=5 * 365 - 30))
            docs.append(
                Document(region=region, cooperation=c, kind="mou", title=f"MoU {i}", date=signed, duration_months=60)
            )
        obls.append(
            Obligation(
                region=region,
                cooperation=c,
                kind="report",
                text=f"Laporan {i}",
                starts="2018-01-01",
                recurrence="yearly",
            )
        )
    Activity.objects.bulk_create(acts)
    for d in docs:
        d.clean()  # the expiry is computed from the date and the duration
    Document.objects.bulk_create(docs)
    Obligation.objects.bulk_create(obls)
    facts.refresh([c.pk for c in coops])  # bulk writes skip save(): their writer refreshes the stored facts
    return coops
