"""Sample SMEs and products in bulk, for trials and benchmarks (`kembar catalogue demo --products N`): every row is
marked `is_sample=True` (pages show "contoh"), with invented names in the four languages, texts reviewed. All or
nothing: one transaction. Rows are inserted in bulk (no save() per row), so the search entries are written here.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from . import index

#: (category, [(id, en, ko, ja)] products) — invented, generic products of the seed's four categories.
GOODS = {
    "fesyen": [
        ("Tas", "Bag", "가방", "バッグ"),
        ("Syal", "Scarf", "스카프", "スカーフ"),
        ("Kemeja", "Shirt", "셔츠", "シャツ"),
        ("Sepatu", "Shoes", "신발", "靴"),
        ("Jaket", "Jacket", "재킷", "ジャケット"),
        ("Dompet", "Wallet", "지갑", "財布"),
    ],
    "kerajinan": [
        ("Wayang Golek", "Wooden Puppet", "나무 인형", "木製人形"),
        ("Angklung", "Angklung", "앙클룽", "アンクルン"),
        ("Keramik", "Ceramic Bowl", "도자기 그릇", "陶器の器"),
        ("Anyaman Bambu", "Bamboo Basket", "대나무 바구니", "竹かご"),
        ("Lukisan", "Painting", "그림", "絵画"),
    ],
    "makanan_minuman": [
        ("Kopi Arabika", "Arabica Coffee", "아라비카 커피", "アラビカコーヒー"),
        ("Teh Hijau", "Green Tea", "녹차", "緑茶"),
        ("Keripik Tempe", "Tempeh Chips", "템페 칩", "テンペチップス"),
        ("Sambal", "Chili Sauce", "칠리 소스", "チリソース"),
        ("Dodol", "Dodol Sweets", "도돌 과자", "ドドル菓子"),
    ],
    "aneka_ragam": [
        ("Sabun Herbal", "Herbal Soap", "허브 비누", "ハーブ石鹸"),
        ("Lilin Aroma", "Scented Candle", "향초", "アロマキャンドル"),
        ("Boneka", "Doll", "인형", "人形"),
        ("Mainan Kayu", "Wooden Toy", "나무 장난감", "木のおもちゃ"),
    ],
}
QUALITIES = [
    ("Batik", "Batik", "바틱", "バティック"),
    ("Kulit Domba", "Sheepskin", "양가죽", "羊革"),
    ("Rajut", "Knitted", "니트", "ニット"),
    ("Sutra", "Silk", "실크", "シルク"),
    ("Tenun", "Woven", "직조", "織物"),
    ("Organik", "Organic", "유기농", "オーガニック"),
    ("Bambu", "Bamboo", "대나무", "竹製"),
    ("Premium", "Premium", "프리미엄", "プレミアム"),
    ("Tradisional", "Traditional", "전통", "伝統的な"),
    ("Sunda", "Sundanese", "순다", "スンダ"),
]
PLACES = ["Cibaduyut", "Cigondewah", "Suci", "Binong", "Cihampelas", "Sukajadi", "Kiaracondong", "Cicadas"]
PRODUCTS_PER_SME = 5


def _name(lang_index: int, quality, good, serial: int) -> str:
    q, g = quality[lang_index], good[lang_index]
    if lang_index == 0:  # Indonesian: the noun first
        return f"{g} {q} {serial}"
    return f"{q} {g} {serial}"


@transaction.atomic
def sample_products(*, region, n: int, seed: int = 0, batch: int = 2000) -> int:
    """Add `n` sample products (and one sample SME per PRODUCTS_PER_SME) to the region; how many were added."""
    from kembar.smes.models import SME, Product, ProductText

    rng = random.Random(seed + region.pk)
    start = Product.all_objects.filter(region=region).count()
    categories = list(GOODS)
    made = 0
    while made < n:
        size = min(batch, n - made)
        n_smes = (size + PRODUCTS_PER_SME - 1) // PRODUCTS_PER_SME
        smes = SME.objects.bulk_create(
            [
                SME(
                    region=region,
                    name=f"UMKM Contoh {PLACES[(start + made + i) % len(PLACES)]} {start + made + i + 1}",
                    owner_name="Contoh",
                    export_readiness=rng.choice(["exported", "ready", "needs_help"]),
                    is_sample=True,
                )
                for i in range(n_smes)
            ]
        )
        rows = []
        for i in range(size):
            category = categories[(start + made + i) % len(categories)]
            price = Decimal(rng.choice([25_000, 75_000, 150_000, 450_000, 1_200_000]))
            rows.append(
                Product(
                    region=region,
                    sme=smes[i // PRODUCTS_PER_SME],
                    category=category,
                    price_min=price,
                    price_max=price * 2,
                    currency="IDR",
                    min_order=rng.choice([1, 10, 50]),
                    unit="pcs",
                    is_sample=True,
                )
            )
        products = Product.objects.bulk_create(rows)
        texts = []
        for i, product in enumerate(products):
            serial = start + made + i + 1
            good = rng.choice(GOODS[product.category])
            quality = rng.choice(QUALITIES)
            for li, lang in enumerate(("id", "en", "ko", "ja")):
                name = _name(li, quality, good, serial)
                texts.append(
                    ProductText(
                        region=region,
                        product=product,
                        language=lang,
                        name=name,
                        short=f"{name} — {PLACES[serial % len(PLACES)]}, Bandung",
                        status="reviewed",
                    )
                )
        ProductText.objects.bulk_create(texts, batch_size=1000)
        index.write_products([p.pk for p in products])
        made += size
    return made
