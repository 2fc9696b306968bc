# ruff: noqa: E501 — the sample texts are data, one sentence a line
"""The demo's SME registry for Kota Bandung: six invented businesses with real-looking Bandung names and twelve
products with photos and texts in Indonesian, English, Korean and Japanese (all reviewed, but one product's
Korean, left missing to show the translator's queue). Every row is sample data (`is_sample=True`, a "contoh"
badge on the pages); the photos are drawn here with Pillow and say "CONTOH" on them.

`demo_smes(region=…)` is safe to run again (it adds nothing when the region has its sample SMEs).
`demo_products(region, n)` adds n sample products in bulk, all or nothing, for trials and benchmarks.
"""

from __future__ import annotations

import io
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kembar.accounts.models import Membership, Role
from kembar.core import pages

from . import services
from .models import LANGUAGES, SME, Product, ProductText

# (name, owner, kecamatan code, address, founded, workforce, readiness, markets, NIB, owned by the demo owner)
SMES = [
    (
        "Rajut Binong Lestari",
        "Euis Suryani",
        "32.73.12",
        "Jl. Binong Jati No. 45",
        2009,
        14,
        "ready",
        ["KR", "JP", "MY"],
        "9120301234561",
        True,
    ),
    (
        "Kaos Suci Kreasi",
        "Rizky Pratama",
        "32.73.14",
        "Jl. PHH. Mustofa No. 88",
        2014,
        9,
        "exported",
        ["MY", "SG", "KR"],
        "9120301234562",
        False,
    ),
    (
        "Sepatu Cibaduyut Mandiri",
        "Asep Hidayat",
        "32.73.17",
        "Jl. Cibaduyut Raya No. 120",
        2001,
        22,
        "ready",
        ["JP", "AU"],
        "9120301234563",
        False,
    ),
    (
        "Kopi Braga Priangan",
        "Dewi Lestari",
        "32.73.19",
        "Jl. Braga No. 17",
        2017,
        6,
        "exported",
        ["KR", "JP", "NL"],
        "9120301234564",
        False,
    ),
    (
        "Kriya Bambu Padasuka",
        "Ujang Saepudin",
        "32.73.14",
        "Jl. Padasuka No. 30",
        2011,
        11,
        "needs_help",
        ["JP", "KR"],
        "9120301234565",
        False,
    ),
    (
        "Camilan Cicadas Rasa",
        "Neneng Rohaeti",
        "32.73.14",
        "Jl. Cicadas No. 9",
        2016,
        5,
        "ready",
        ["KR", "SA"],
        "9120301234566",
        False,
    ),
]

# (SME index, category, price min, max, min order, unit, capacity, HS code, materials, {lang: (name, short, long)})
PRODUCTS = [
    (
        0,
        "fesyen",
        185000,
        260000,
        24,
        "pcs",
        1500,
        "611020",
        "benang katun",
        {
            "id": (
                "Sweter Rajut Binong",
                "Sweter rajut katun buatan tangan perajin Binong Jati.",
                "Dirajut dengan mesin tangan oleh perajin di sentra rajut Binong Jati, Bandung. Benang katun lembut, tersedia dalam 6 warna dan ukuran S–XL.",
            ),
            "en": (
                "Binong Knit Sweater",
                "Hand-finished cotton knit sweater from the Binong Jati knitting centre.",
                "Knitted on hand-operated machines by craftspeople of Bandung's Binong Jati knitting centre. Soft cotton yarn, in 6 colours, sizes S–XL.",
            ),
            "ko": (
                "비농 니트 스웨터",
                "비농자티 니트 공방에서 손으로 마감한 면 니트 스웨터.",
                "반둥 비농자티 니트 산지의 장인들이 수동 편직기로 짠 스웨터입니다. 부드러운 면사를 사용했으며 6가지 색상, S–XL 사이즈가 있습니다.",
            ),
            "ja": (
                "ビノン・ニットセーター",
                "ビノン・ジャティのニット工房で手仕上げした綿ニットセーター。",
                "バンドンのビノン・ジャティ・ニット産地の職人が手動編み機で編んだセーターです。柔らかな綿糸を使用し、6色、S〜XLサイズをご用意しています。",
            ),
        },
    ),
    (
        0,
        "fesyen",
        90000,
        120000,
        30,
        "pcs",
        2000,
        "611710",
        "benang akrilik",
        {
            "id": (
                "Syal Rajut Motif Sunda",
                "Syal rajut akrilik dengan motif kawung.",
                "Syal rajut ringan dengan motif kawung khas Sunda, panjang 180 cm. Cocok untuk musim gugur dan musim dingin.",
            ),
            "en": (
                "Sundanese Pattern Knit Scarf",
                "Acrylic knit scarf with the kawung pattern.",
                "A light knit scarf with the Sundanese kawung pattern, 180 cm long. Made for autumn and winter.",
            ),
            "ko": (
                "순다 문양 니트 목도리",
                "까웅 문양의 아크릴 니트 목도리.",
                "순다 전통 까웅 문양을 넣은 가벼운 니트 목도리로 길이는 180cm입니다. 가을과 겨울에 잘 어울립니다.",
            ),
            "ja": (
                "スンダ柄ニットマフラー",
                "カウン柄のアクリルニットマフラー。",
                "スンダ伝統のカウン柄を編み込んだ軽いニットマフラーで、長さは180cmです。秋冬に最適です。",
            ),
        },
    ),
    (
        1,
        "fesyen",
        65000,
        95000,
        100,
        "pcs",
        5000,
        "610910",
        "katun combed 30s",
        {
            "id": (
                "Kaos Sablon Bandung",
                "Kaos katun combed 30s dengan sablon ilustrasi Gedung Sate.",
                "Kaos katun combed 30s, sablon plastisol tahan cuci. Desain ilustrasi ikon kota Bandung; bisa dengan desain pembeli untuk pesanan di atas 100 potong.",
            ),
            "en": (
                "Bandung Screen-Printed T-Shirt",
                "Combed cotton 30s T-shirt printed with a Gedung Sate illustration.",
                "Combed cotton 30s T-shirt with a wash-resistant plastisol print. Illustrations of Bandung landmarks; buyers' own designs for orders over 100 pieces.",
            ),
            "ko": (
                "반둥 실크스크린 티셔츠",
                "게둥 사테 일러스트를 인쇄한 코마사 30수 면 티셔츠.",
                "코마사 30수 면 티셔츠에 세탁에 강한 플라스티졸 잉크로 인쇄했습니다. 반둥의 명소를 그린 디자인이며, 100장 이상 주문 시 구매자 디자인으로 제작할 수 있습니다.",
            ),
            "ja": (
                "バンドン・シルクスクリーンTシャツ",
                "ゲドゥン・サテのイラストをプリントしたコーマ綿30番手Tシャツ。",
                "コーマ綿30番手のTシャツに、洗濯に強いプラスチゾルインクでプリントしました。バンドンの名所を描いたデザインで、100枚以上のご注文ではお客様のデザインでも製作できます。",
            ),
        },
    ),
    (
        1,
        "aneka_ragam",
        45000,
        70000,
        50,
        "pcs",
        3000,
        "420222",
        "kanvas 12 oz",
        {
            "id": (
                "Tas Tote Kanvas",
                "Tas tote kanvas tebal dengan sablon motif batik.",
                "Kanvas 12 oz, jahitan ganda, saku dalam. Ukuran 38 × 42 cm.",
            ),
            "en": (
                "Canvas Tote Bag",
                "Heavy canvas tote bag printed with a batik motif.",
                "12 oz canvas, double stitching, inner pocket. 38 × 42 cm.",
            ),
            "ko": (
                "캔버스 토트백",
                "바틱 문양을 인쇄한 두꺼운 캔버스 토트백.",
                "12온스 캔버스, 이중 박음질, 안주머니가 있습니다. 크기는 38 × 42cm입니다.",
            ),
            "ja": (
                "キャンバストートバッグ",
                "バティック柄をプリントした厚手のキャンバストート。",
                "12オンスのキャンバス地、ダブルステッチ、内ポケット付き。サイズは38×42cmです。",
            ),
        },
    ),
    (
        2,
        "fesyen",
        450000,
        650000,
        12,
        "pasang",
        400,
        "640391",
        "kulit sapi, sol karet",
        {
            "id": (
                "Sepatu Kulit Pantofel Cibaduyut",
                "Sepatu pantofel pria dari kulit sapi asli, dijahit tangan.",
                "Dibuat perajin sentra sepatu Cibaduyut. Kulit sapi asli, sol karet, ukuran 38–45.",
            ),
            "en": (
                "Cibaduyut Leather Oxford Shoes",
                "Men's hand-stitched oxford shoes in genuine cowhide.",
                "Made by craftspeople of the Cibaduyut shoe centre. Genuine cowhide, rubber sole, sizes 38–45.",
            ),
            "ko": (
                "치바두윳 가죽 구두",
                "천연 소가죽으로 손바느질한 남성용 구두.",
                "치바두윳 구두 산지의 장인이 만들었습니다. 천연 소가죽과 고무 밑창을 사용했으며 사이즈는 38–45입니다.",
            ),
            "ja": (
                "チバドゥユット革靴",
                "本牛革を手縫いした紳士用革靴。",
                "チバドゥユット靴産地の職人による製作です。本牛革、ラバーソール、サイズは38〜45です。",
            ),
        },
    ),
    (
        2,
        "kerajinan",
        150000,
        220000,
        20,
        "pcs",
        800,
        "420231",
        "kulit sapi samak nabati",
        {
            "id": (
                "Dompet Kulit Lipat",
                "Dompet lipat kulit sapi dengan jahitan tangan.",
                "Kulit sapi samak nabati, 8 slot kartu, dapat diberi inisial dengan emboss.",
            ),
            "en": (
                "Bifold Leather Wallet",
                "Hand-stitched cowhide bifold wallet.",
                "Vegetable-tanned cowhide, 8 card slots, initials can be embossed.",
            ),
            "ko": (
                "가죽 반지갑",
                "손바느질로 만든 소가죽 반지갑.",
                "식물성 무두질 소가죽, 카드 슬롯 8개, 이니셜 각인이 가능합니다.",
            ),
            "ja": (
                "二つ折り革財布",
                "手縫いの牛革二つ折り財布。",
                "タンニンなめしの牛革、カードポケット8つ、イニシャルの型押しができます。",
            ),
        },
    ),
    (
        3,
        "makanan_minuman",
        95000,
        140000,
        40,
        "kantong 250 g",
        1200,
        "090121",
        "kopi arabika",
        {
            "id": (
                "Kopi Arabika Java Preanger",
                "Biji kopi arabika sangrai medium dari dataran tinggi Bandung.",
                "Ditanam di ketinggian 1.300–1.600 m, diproses natural, disangrai medium. Kemasan 250 g dengan katup satu arah.",
            ),
            "en": (
                "Java Preanger Arabica Coffee",
                "Medium-roast arabica beans from the Bandung highlands.",
                "Grown at 1,300–1,600 m, natural process, medium roast. 250 g bags with a one-way valve.",
            ),
            "ko": (
                "자바 프리앙안 아라비카 커피",
                "반둥 고원에서 재배한 미디엄 로스트 아라비카 원두.",
                "해발 1,300–1,600m에서 재배하고 내추럴 방식으로 가공해 미디엄으로 로스팅했습니다. 원웨이 밸브가 달린 250g 포장입니다.",
            ),
            "ja": (
                "ジャワ・プリアンガン・アラビカコーヒー",
                "バンドン高原産のミディアムローストのアラビカ豆。",
                "標高1,300〜1,600mで栽培し、ナチュラル製法で精製、ミディアムローストに仕上げました。ワンウェイバルブ付き250g袋入りです。",
            ),
        },
    ),
    (
        3,
        "makanan_minuman",
        55000,
        75000,
        60,
        "kotak",
        2500,
        "090121",
        "kopi arabika",
        {
            "id": (
                "Kopi Drip Bag Sunda",
                "Kopi seduh praktis dalam kantong drip, isi 10.",
                "Campuran arabika Bandung, giling sedang, 10 g per kantong. Cukup tuang air panas 150 ml.",
            ),
            "en": (
                "Sundanese Drip Bag Coffee",
                "Easy-brew coffee in drip bags, 10 per box.",
                "A blend of Bandung arabicas, medium grind, 10 g per bag. Just pour 150 ml of hot water.",
            ),
            "ko": (
                "순다 드립백 커피",
                "간편하게 내려 마시는 드립백 커피, 10개입.",
                "반둥산 아라비카 블렌드를 중간 굵기로 분쇄해 한 봉지에 10g씩 담았습니다. 뜨거운 물 150ml만 부으면 됩니다.",
            ),
            "ja": (
                "スンダ・ドリップバッグコーヒー",
                "手軽に淹れられるドリップバッグ、10袋入り。",
                "バンドン産アラビカのブレンドを中挽きにし、1袋10gずつ詰めました。お湯150mlを注ぐだけです。",
            ),
        },
    ),
    (
        4,
        "kerajinan",
        250000,
        350000,
        10,
        "set",
        300,
        "",
        "bambu hitam",
        {
            "id": (
                "Set Angklung Suvenir",
                "Set 8 angklung kecil bernada diatonis, dari bambu hitam.",
                "Angklung mini dari bambu hitam yang dikeringkan, disetel satu oktaf diatonis. Dengan kotak dan buku petunjuk bermain.",
            ),
            "en": (
                "Souvenir Angklung Set",
                "A set of 8 small diatonic angklung of black bamboo.",
                "Mini angklung of dried black bamboo, tuned to one diatonic octave. With a box and a playing guide.",
            ),
            "ko": (
                "기념품 앙끌룽 세트",
                "검은 대나무로 만든 온음계 소형 앙끌룽 8개 세트.",
                "말린 검은 대나무로 만든 미니 앙끌룽으로, 온음계 한 옥타브로 조율했습니다. 상자와 연주 안내서가 포함되어 있습니다.",
            ),
            "ja": (
                "おみやげアンクルンセット",
                "黒竹で作った全音階の小型アンクルン8本セット。",
                "乾燥させた黒竹のミニアンクルンで、全音階1オクターブに調律しています。箱と演奏ガイド付きです。",
            ),
        },
    ),
    (
        4,
        "kerajinan",
        175000,
        240000,
        15,
        "pcs",
        500,
        "",
        "bambu tali, pernis",
        {
            "id": (
                "Lampu Hias Anyaman Bambu",
                "Kap lampu gantung dari anyaman bambu.",
                "Dianyam tangan dari bambu tali, diameter 40 cm, dilapisi pernis anti jamur. Dudukan lampu E27.",
            ),
            "en": (
                "Woven Bamboo Pendant Lamp",
                "Pendant lampshade of woven bamboo.",
                "Hand-woven from bambu tali, 40 cm across, with an anti-mould varnish. E27 lamp holder.",
            ),
            "ko": (
                "대나무 엮음 펜던트 조명",
                "대나무를 엮어 만든 펜던트 조명 갓.",
                "땀부 딸리 대나무를 손으로 엮어 만들었으며 지름은 40cm이고 곰팡이 방지 니스를 칠했습니다. E27 소켓입니다.",
            ),
            "ja": (
                "竹編みペンダントランプ",
                "竹を編んで作ったペンダントランプシェード。",
                "バンブー・タリ竹を手編みした直径40cmのシェードで、防カビニスで仕上げています。E27ソケット対応です。",
            ),
        },
    ),
    (
        5,
        "makanan_minuman",
        18000,
        25000,
        200,
        "bungkus 150 g",
        10000,
        "",
        "tempe kedelai, minyak sawit",
        {
            "id": (
                "Keripik Tempe Renyah",
                "Keripik tempe tipis dengan bumbu bawang dan daun jeruk.",
                "Tempe kedelai non-GMO diiris tipis, digoreng dengan minyak kelapa sawit. Kemasan 150 g, tahan 6 bulan.",
            ),
            "en": (
                "Crispy Tempeh Chips",
                "Thin tempeh chips with garlic and lime leaf.",
                "Thinly sliced non-GMO soybean tempeh, fried in palm oil. 150 g packs, 6-month shelf life.",
            ),
            "ko": (
                "바삭한 템페 칩",
                "마늘과 라임잎으로 양념한 얇은 템페 칩.",
                "유전자 변형이 없는 콩으로 만든 템페를 얇게 썰어 팜유에 튀겼습니다. 150g 포장이며 유통기한은 6개월입니다.",
            ),
            "ja": (
                "サクサクテンペチップス",
                "にんにくとこぶみかんの葉で味付けした薄切りテンペチップス。",
                "非遺伝子組換え大豆のテンペを薄く切り、パーム油で揚げました。150g入り、賞味期限は6か月です。",
            ),
        },
    ),
    # Korean missing: what the translator's queue shows.
    (
        5,
        "makanan_minuman",
        28000,
        35000,
        100,
        "botol 200 g",
        4000,
        "210390",
        "cabai rawit, tomat, terasi",
        {
            "id": (
                "Sambal Dadak Botol",
                "Sambal terasi khas Sunda dalam botol kaca.",
                "Cabai rawit, tomat dan terasi, dimasak tanpa pengawet buatan. Botol 200 g.",
            ),
            "en": (
                "Sundanese Chilli Sambal",
                "Sundanese shrimp-paste sambal in a glass jar.",
                "Bird's-eye chillies, tomato and shrimp paste, cooked without artificial preservatives. 200 g jar.",
            ),
            "ja": (
                "スンダ風サンバル",
                "スンダ風のエビみそ入りサンバル、ガラス瓶入り。",
                "唐辛子、トマト、テラシ（エビみそ）を合成保存料を使わずに調理しました。200g瓶入りです。",
            ),
        },
    ),
]

#: (SME index, kind, number, expiry) — invented numbers in the issuers' formats.
CERTIFICATIONS = [
    (3, "halal", "ID32110000456780124", "2028-03-31"),
    (3, "pirt", "2103273010456-28", "2028-06-30"),
    (5, "halal", "ID32110000987650223", "2027-11-30"),
    (5, "pirt", "2103273010987-27", "2027-05-31"),
    (2, "sni", "SNI 0111:2009/0425", "2026-01-31"),
]

#: Colours of the drawn photos, by category.
COLOURS = {
    "fesyen": ((37, 99, 160), (214, 234, 248)),
    "kerajinan": ((133, 87, 35), (245, 230, 205)),
    "makanan_minuman": ((150, 40, 40), (250, 222, 210)),
    "aneka_ragam": ((46, 125, 50), (220, 240, 220)),
}


def _user(region, role):
    m = Membership.objects.filter(region=region, role=role).select_related("user").order_by("pk").first()
    return m.user if m else None


def sample_photo(title: str, category: str, number: int, *, size=(800, 600)) -> SimpleUploadedFile:
    """A drawn picture marked "CONTOH": a background in the category's colour, a shape, the product's name."""
    from PIL import Image, ImageDraw, ImageFont

    dark, light = COLOURS.get(category, ((80, 80, 80), (230, 230, 230)))
    image = Image.new("RGB", size, light)
    draw = ImageDraw.Draw(image)
    w, h = size
    shape = number % 3
    box = (w * 0.3, h * 0.18, w * 0.7, h * 0.68)
    if shape == 0:
        draw.ellipse(box, fill=dark)
    elif shape == 1:
        draw.rounded_rectangle(box, radius=40, fill=dark)
    else:
        draw.polygon([(w * 0.5, h * 0.15), (w * 0.72, h * 0.68), (w * 0.28, h * 0.68)], fill=dark)
    try:
        big, small = ImageFont.load_default(size=42), ImageFont.load_default(size=28)
    except TypeError:  # an older Pillow without sized default fonts
        big = small = ImageFont.load_default()
    draw.text((w / 2, h * 0.78), title[:40], fill=dark, font=big, anchor="mm")
    draw.text((w / 2, h * 0.9), "CONTOH", fill=(120, 120, 120), font=small, anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"contoh-{number}.jpg", out.getvalue(), content_type="image/jpeg")


@transaction.atomic
def demo_smes(*, region) -> dict:
    """The sample SMEs and products of the region (Kota Bandung in `kembar demo`); returns what it made."""
    if SME.all_objects.filter(region=region, is_sample=True).exists():
        return {"smes": 0, "products": 0}
    trade = _user(region, Role.TRADE_STAFF)
    owner = _user(region, Role.SME_OWNER)
    translator = _user(region, Role.TRANSLATOR)
    if translator is not None:
        services.translator_assign(region=region, user=translator, languages=["ko", "ja"], by=trade)
    smes = []
    for name, owner_name, kecamatan, address, founded, workforce, readiness, markets, nib, owned in SMES:
        sme = services.sme_create(
            region=region,
            by=trade,
            owners=[owner] if owned and owner is not None else [],
            name=name,
            owner_name=owner_name,
            kecamatan=kecamatan,
            address=address,
            founded=founded,
            workforce=workforce,
            export_readiness=readiness,
            markets=markets,
            nib=nib,
            phone="+62 22 " + nib[-7:-4] + " " + nib[-4:],
            email=f"{name.split()[0].lower()}@contoh.example",
            is_sample=True,
        )
        if readiness != "needs_help":
            services.sme_verify(sme=sme, by=trade)
        smes.append(sme)
    for index, kind, number, expires in CERTIFICATIONS:
        services.certification_add(sme=smes[index], by=trade, kind=kind, number=number, expires=expires)
    for number, (index, category, low, high, min_order, unit, capacity, hs, materials, texts) in enumerate(PRODUCTS):
        reviewed = {
            lang: {"name": n, "short": s, "long": text, "status": ProductText.Status.REVIEWED}
            for lang, (n, s, text) in texts.items()
        }
        product = services.product_create(
            sme=smes[index],
            by=trade,
            category=category,
            price_min=Decimal(low),
            price_max=Decimal(high),
            currency="IDR",
            min_order=min_order,
            unit=unit,
            capacity_per_month=capacity,
            hs_code=hs,
            materials=materials,
            is_sample=True,
            texts=reviewed,
        )
        if translator is not None:  # the Korean and Japanese were the translator's
            ProductText.objects.filter(product=product, language__in=["ko", "ja"]).exclude(status="missing").update(
                translator=translator, reviewed_by=translator
            )
        for shot in range(2 if number % 2 == 0 else 1):
            services.photo_add(
                product=product,
                by=trade,
                upload=sample_photo(texts["en"][0], category, number + shot),
                alt=texts["id"][0],
            )
    return {"smes": len(smes), "products": len(PRODUCTS)}


# --- Bulk sample products (trials, benchmarks) -----------------------------------------------------------------

#: (category, [(id, en, ko, ja)]) goods and qualities combined into invented product names.
GOODS = {
    "fesyen": [
        ("Tas", "Bag", "가방", "バッグ"),
        ("Syal", "Scarf", "스카프", "スカーフ"),
        ("Kemeja", "Shirt", "셔츠", "シャツ"),
        ("Sepatu", "Shoes", "구두", "靴"),
    ],
    "kerajinan": [
        ("Wayang Golek", "Wooden Puppet", "나무 인형", "木彫り人形"),
        ("Keramik", "Ceramic Bowl", "도자기 그릇", "陶器の器"),
        ("Keranjang", "Basket", "바구니", "かご"),
    ],
    "makanan_minuman": [
        ("Kopi", "Coffee", "커피", "コーヒー"),
        ("Teh", "Tea", "차", "お茶"),
        ("Keripik", "Chips", "칩", "チップス"),
        ("Dodol", "Dodol Sweets", "도돌 과자", "ドドル菓子"),
    ],
    "aneka_ragam": [
        ("Sabun", "Soap", "비누", "石鹸"),
        ("Lilin", "Candle", "양초", "キャンドル"),
        ("Mainan", "Toy", "장난감", "おもちゃ"),
    ],
}
QUALITIES = [
    ("Batik", "Batik", "바틱", "バティック"),
    ("Rajut", "Knitted", "니트", "ニット"),
    ("Tenun", "Woven", "직조", "織りの"),
    ("Bambu", "Bamboo", "대나무", "竹の"),
    ("Organik", "Organic", "유기농", "オーガニック"),
    ("Sunda", "Sundanese", "순다", "スンダの"),
    ("Kulit", "Leather", "가죽", "革の"),
]
SHORT = (
    "Contoh produk UMKM Bandung.",
    "A sample product of a Bandung SME.",
    "반둥 중소기업의 예시 상품.",
    "バンドン中小企業のサンプル商品。",
)


def _bulk_sme(region, by) -> list[SME]:
    smes = list(SME.objects.filter(region=region, is_sample=True).order_by("pk"))
    if not smes:
        smes = [
            services.sme_create(region=region, by=by, name="UMKM Contoh Bandung", owner_name="Contoh", is_sample=True)
        ]
    return smes


@transaction.atomic
def demo_products(region, n: int, *, by=None, batch: int = 2000) -> list[int]:
    """Add n sample products (is_sample, texts reviewed in the four languages) to the region's sample SMEs, in
    bulk and all or nothing; returns their ids. Bulk inserts write no history rows and send no signals: the
    caller indexes them for search (kembar catalogue demo)."""
    if n < 1 or n > 200_000:
        raise ValueError("n must be between 1 and 200,000")
    smes = _bulk_sme(region, by)
    combos = [(category, good, quality) for category, goods in GOODS.items() for good in goods for quality in QUALITIES]
    ids: list[int] = []
    cycle = itertools.cycle(combos)
    start = Product.all_objects.filter(region=region).count()
    for offset in range(0, n, batch):
        size = min(batch, n - offset)
        rows = []
        picked = []
        for i in range(size):
            category, good, quality = next(cycle)
            serial = start + offset + i + 1
            price = Decimal(10_000 + (serial * 7919) % 490_000)
            rows.append(
                Product(
                    region=region,
                    sme=smes[(offset + i) % len(smes)],
                    category=category,
                    price_min=price,
                    price_max=price * 2,
                    currency="IDR",
                    min_order=10,
                    unit="pcs",
                    is_sample=True,
                )
            )
            picked.append((good, quality, serial))
        made = Product.objects.bulk_create(rows)
        if any(p.pk is None for p in made):  # a backend that returns no ids
            made = list(Product.objects.filter(region=region).order_by("-pk")[:size])[::-1]
        texts = []
        for product, (good, quality, serial) in zip(made, picked, strict=True):
            for li, lang in enumerate(LANGUAGES):
                sep = "" if lang == "ja" else " "
                name = f"{quality[li]}{sep}{good[li]} {serial}"
                texts.append(
                    ProductText(
                        region=region,
                        product=product,
                        language=lang,
                        name=name[:120],
                        short=SHORT[li],
                        status=ProductText.Status.REVIEWED,
                    )
                )
            ids.append(product.pk)
        ProductText.objects.bulk_create(texts, batch_size=batch * 4)
    pages.bump([region.pk])
    return ids
