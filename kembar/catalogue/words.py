"""The printed and online catalogue's own words in its four languages: category names and the few labels of a
product's half page. They are catalogue content, like the products' texts (seed 000: the catalogue is written in
Indonesian, English, Korean and Japanese), not the site's interface, whose languages are Indonesian and English
(gettext); docs/adr/0038 explains the split.
"""

LANGUAGES = ("id", "en", "ko", "ja")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English", "ko": "한국어", "ja": "日本語"}

#: The four categories of the seed's catalogue (seed 000: Fesyen, Kerajinan, Makanan & Minuman, Aneka Ragam).
CATEGORIES = {
    "fesyen": {"id": "Fesyen", "en": "Fashion", "ko": "패션", "ja": "ファッション"},
    "kerajinan": {"id": "Kerajinan", "en": "Crafts", "ko": "공예품", "ja": "工芸品"},
    "makanan_minuman": {"id": "Makanan & Minuman", "en": "Food & Beverages", "ko": "식음료", "ja": "食品・飲料"},
    "aneka_ragam": {"id": "Aneka Ragam", "en": "Miscellaneous", "ko": "기타", "ja": "その他"},
}
CATEGORY_ORDER = tuple(CATEGORIES)

LABELS = {
    "price": {"id": "Harga", "en": "Price", "ko": "가격", "ja": "価格"},
    "min_order": {"id": "Pesanan minimum", "en": "Minimum order", "ko": "최소 주문량", "ja": "最小注文数"},
    "capacity": {"id": "Kapasitas per bulan", "en": "Capacity per month", "ko": "월 생산능력", "ja": "月産能力"},
    "contact": {"id": "Kontak", "en": "Contact", "ko": "연락처", "ja": "連絡先"},
    "sample": {"id": "contoh", "en": "sample", "ko": "예시", "ja": "サンプル"},
    "contents": {"id": "Daftar isi", "en": "Contents", "ko": "목차", "ja": "目次"},
    "edition": {"id": "Edisi", "en": "Edition", "ko": "호", "ja": "号"},
    "scan": {
        "id": "Pindai untuk halaman daring",
        "en": "Scan for the online page",
        "ko": "온라인 페이지 보기",
        "ja": "オンラインページへ",
    },
}


def category_name(code: str, lang: str) -> str:
    return CATEGORIES.get(code, {}).get(lang) or CATEGORIES.get(code, {}).get("en", code)


def category_rank(code: str) -> int:
    return CATEGORY_ORDER.index(code) if code in CATEGORY_ORDER else len(CATEGORY_ORDER)


def label(key: str, lang: str) -> str:
    return LABELS[key].get(lang) or LABELS[key]["en"]


def labels_all(key: str) -> str:
    """A label in the four languages, " / " between them."""
    return " / ".join(LABELS[key][lang] for lang in LANGUAGES)
