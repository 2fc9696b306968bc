import datetime as dt

import pytest

from kembar.accounts.models import Role
from kembar.testing import make_cooperation, make_member

CONTENTS = {
    "subject": "Pemerintah Kota Bandung dan Pemerintah Kota Liuzhou",
    "background": "Kunjungan Wakil Wali Kota Liuzhou pada Maret 2004.",
    "purpose": "Mengembangkan ekonomi, perdagangan, kebudayaan dan pendidikan kedua kota.",
    "scope": "Ekonomi; pendidikan; lingkungan hidup.",
    "results": "Pertukaran pelajar dan promosi pariwisata.",
    "funding": "APBD Kota Bandung dan anggaran Pemerintah Kota Liuzhou.",
    "duration": "Lima tahun dan dapat diperpanjang.",
}
DAY = dt.date(2026, 11, 27)


@pytest.fixture
def liuzhou(bandung, staff):
    from kembar.partners.services import partner_create

    partner = partner_create(
        region=bandung,
        by=staff,
        name="Liuzhou",
        name_local="柳州市",
        country_id="CN",
        kind="local_government",
        level="city",
    )
    return make_cooperation(
        bandung,
        by=staff,
        ref="bandung-liuzhou",
        title="Kerja Sama Kota Bersaudara Bandung–Liuzhou",
        partner=partner,
        rule_pack="permendagri-3-2008",
        fields=["Ekonomi, Perdagangan, Industri, dan Pariwisata", "Pendidikan dan Kebudayaan"],
        goals="Kesetaraan dan saling menguntungkan.",
    )


@pytest.fixture
def dprd(bandung):
    return make_member("dprd", bandung, Role.DPRD)


@pytest.fixture
def submitted(liuzhou, staff):
    from kembar.plans import services

    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    return services.plan_submit(plan=plan, by=staff, on=DAY)
