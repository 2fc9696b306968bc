from kembar.cooperations.models import Cooperation
from kembar.core.dates import DateSpec


def test_datespec_field_validates_length_of_its_stored_text():
    """full_clean() used to fail with TypeError: CharField's max-length check called len() on a DateSpec."""
    coop = Cooperation(ref="x", title="x", type="KSDPL", form="other", as_of=DateSpec.parse("2004-04-01/2006-09-21"))
    coop.clean_fields(exclude=["region", "partner"])
    assert str(coop.as_of) == "2004-04-01/2006-09-21"
