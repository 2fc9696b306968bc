import pytest

from kembar.partners.models import Country
from kembar.regions.models import Region
from kembar.regions.services import regions_load


@pytest.mark.django_db
def test_all_provinces_and_regencies_with_kemendagri_codes(ref_data):
    assert Region.objects.filter(kind=Region.Kind.PROVINCE).count() == 38
    assert Region.objects.exclude(kind=Region.Kind.PROVINCE).count() == 514
    bandung = Region.objects.select_related("parent").get(code="32.73")
    assert (bandung.name, bandung.kind, bandung.parent.name) == ("Kota Bandung", "city", "Jawa Barat")
    assert Region.objects.get(code="32.01").kind == "regency"
    assert regions_load() == (0, 0)  # loading again changes nothing


@pytest.mark.django_db
def test_countries_in_four_languages_with_relations_to_verify(ref_data):
    kr = Country.objects.get(code="KR")
    assert (kr.name_id, kr.name_ko, kr.name_ja) == ("Korea Selatan", "대한민국", "韓国")
    assert Country.objects.get(code="IL").diplomatic_relations is False
    tw = Country.objects.get(code="TW")
    assert tw.diplomatic_relations is False and "kantor dagang" in tw.relations_note
    assert Country.objects.get(code="CN").diplomatic_relations is True
    assert not Country.objects.filter(verified=True).exists()
