"""What the sources say about a region's SME export programme, shown on the programme's home with its source.

Kota Bandung's Little Bandung: 5,198 SMEs, 30.6 % of them naming marketing as their problem, five channels
(Mobile, Wall, Catalogue, Store, f4bdg), a catalogue of 100 products in four categories. Cited as the
procedure's rule pack cites the same article (kembar/procedure/packs/permendagri-3-2008.yaml)."""

from dataclasses import dataclass
from decimal import Decimal

ARTICLE = (
    "[Artikel tanpa judul tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, Seoul; "
    "penulis dan tahun tidak tercantum]"
)


@dataclass(frozen=True)
class Facts:
    name: str
    smes: int
    marketing_percent: Decimal
    channels: tuple[str, ...]
    catalogue_products: int
    source: str


FACTS = {
    "32.73": Facts(
        name="Little Bandung",
        smes=5198,
        marketing_percent=Decimal("30.6"),
        channels=("Mobile", "Wall", "Catalogue", "Store", "f4bdg"),
        catalogue_products=100,
        source=f"{ARTICLE}, pendahuluan; mengutip Dinas KUMKM dan Perindag Kota Bandung (2015).",
    )
}


def facts_for(region) -> Facts | None:
    return FACTS.get(region.code)
