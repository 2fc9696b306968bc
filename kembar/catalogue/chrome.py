"""The online catalogue's own words — headings, buttons, labels, notices, filters, the footer — in the
catalogue's four languages, so that a page in Korean or Japanese is Korean or Japanese throughout.

The site's interface languages are Indonesian and English (gettext, locale/*.po). Each text here is an English
msgid marked for gettext, so Indonesian and English come from the .po files like every other string, with its
Korean and Japanese beside it, looked up by the rule of kembar.core.own_words, for the public catalogue's pages only
(`{% say %}` in kembar.catalogue.templatetags.catalogue). Category names and the print labels are catalogue
content (kembar.catalogue.words). A test checks that every text has both languages.

The Korean and Japanese texts await a native speaker's review (written by the developers, 2026-12).
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext_noop, ngettext_lazy

from kembar.core import own_words

TEXTS: dict[str, dict[str, str]] = {
    gettext_noop("Skip to content"): {"ko": "본문으로 건너뛰기", "ja": "本文へ移動"},
    gettext_noop("Language"): {"ko": "언어", "ja": "言語"},
    gettext_noop("Breadcrumb"): {"ko": "현재 위치", "ja": "現在地"},
    gettext_noop("Catalogue"): {"ko": "카탈로그", "ja": "カタログ"},
    gettext_noop("Catalogue of %(name)s's SME products"): {
        "ko": "%(name)s 중소기업 제품 카탈로그",
        "ja": "%(name)s 中小企業製品カタログ",
    },
    gettext_noop(
        "Products of the small and medium businesses of %(name)s, in Indonesian, English, Korean and Japanese."
    ): {
        "ko": "%(name)s 중소기업의 제품을 인도네시아어, 영어, 한국어, 일본어로 소개합니다.",
        "ja": "%(name)sの中小企業の製品を、インドネシア語・英語・韓国語・日本語でご紹介します。",
    },
    gettext_noop("The catalogue of the region's small and medium businesses, as its trade office published it."): {
        "ko": "지역 무역 사무소가 발행한 이 지역 중소기업 제품 카탈로그입니다.",
        "ja": "地域の通商担当部署が発行した、地域の中小企業の製品カタログです。",
    },
    gettext_noop("Search the catalogue"): {"ko": "카탈로그 검색", "ja": "カタログを検索"},
    gettext_noop("Search"): {"ko": "검색", "ja": "検索"},
    gettext_noop("Editions"): {"ko": "발행호", "ja": "発行号"},
    gettext_noop("Edition %(n)s"): {"ko": "제%(n)s호", "ja": "第%(n)s号"},
    gettext_noop("No edition published yet."): {
        "ko": "아직 발행된 호가 없습니다.",
        "ja": "まだ発行された号はありません。",
    },
    gettext_noop("Sample data: the products marked so are invented examples, not real businesses."): {
        "ko": "예시 데이터: 표시된 제품은 실제 기업이 아닌 가상의 예시입니다.",
        "ja": "サンプルデータ：表示の付いた製品は実在の事業者ではなく、架空の例です。",
    },
    gettext_noop("Sample data: an invented example, not a real business."): {
        "ko": "예시 데이터: 실제 기업이 아닌 가상의 예시입니다.",
        "ja": "サンプルデータ：実在の事業者ではなく、架空の例です。",
    },
    gettext_noop("sample"): {"ko": "예시", "ja": "サンプル"},
    gettext_noop("The printed catalogue (PDF)"): {"ko": "인쇄용 카탈로그 (PDF)", "ja": "印刷版カタログ（PDF）"},
    gettext_noop("Buyers' guide: visiting the businesses (PDF)"): {
        "ko": "바이어 가이드: 기업 방문 안내 (PDF)",
        "ja": "バイヤーガイド：事業者訪問のご案内（PDF）",
    },
    gettext_noop("Price"): {"ko": "가격", "ja": "価格"},
    gettext_noop("Minimum order"): {"ko": "최소 주문량", "ja": "最小注文数"},
    gettext_noop("Capacity per month"): {"ko": "월 생산능력", "ja": "月産能力"},
    gettext_noop("HS code"): {"ko": "HS 코드", "ja": "HSコード"},
    gettext_noop("Materials"): {"ko": "소재", "ja": "素材"},
    gettext_noop("Export readiness"): {"ko": "수출 준비 상태", "ja": "輸出への対応状況"},
    gettext_noop("has exported"): {"ko": "수출 경험 있음", "ja": "輸出実績あり"},
    gettext_noop("ready to export"): {"ko": "수출 준비 완료", "ja": "輸出準備済み"},
    gettext_noop("needs help to export"): {"ko": "수출 지원 필요", "ja": "輸出支援が必要"},
    gettext_noop("Halal"): {"ko": "할랄", "ja": "ハラール"},
    gettext_noop("Contact"): {"ko": "연락처", "ja": "連絡先"},
    gettext_noop("In other languages"): {"ko": "다른 언어로 보기", "ja": "他の言語で見る"},
    gettext_noop("Words in Indonesian, English, Korean or Japanese"): {
        "ko": "인도네시아어, 영어, 한국어 또는 일본어 검색어",
        "ja": "インドネシア語・英語・韓国語・日本語のキーワード",
    },
    gettext_noop("In"): {"ko": "검색 언어", "ja": "検索する言語"},
    gettext_noop("every language"): {"ko": "모든 언어", "ja": "すべての言語"},
    gettext_noop("Filters"): {"ko": "필터", "ja": "絞り込み"},
    gettext_noop("Category"): {"ko": "분류", "ja": "カテゴリー"},
    gettext_noop("Certification"): {"ko": "인증", "ja": "認証"},
    gettext_noop("All"): {"ko": "전체", "ja": "すべて"},
    gettext_noop("from %(low)s"): {"ko": "%(low)s 이상", "ja": "%(low)s以上"},
    gettext_noop("below %(high)s"): {"ko": "%(high)s 미만", "ja": "%(high)s未満"},
    gettext_noop("priced in another currency"): {"ko": "다른 통화로 표시된 가격", "ja": "他の通貨での価格"},
    gettext_noop("More than %(n)s products found: add a word or a filter."): {
        "ko": "%(n)s개가 넘는 제품이 검색되었습니다. 검색어나 필터를 추가하세요.",
        "ja": "%(n)s件を超える製品が見つかりました。キーワードか絞り込みを追加してください。",
    },
    gettext_noop("Pages"): {"ko": "페이지", "ja": "ページ"},
    gettext_noop("Previous"): {"ko": "이전", "ja": "前へ"},
    gettext_noop("Next"): {"ko": "다음", "ja": "次へ"},
    gettext_noop("The search contains characters that cannot be searched for."): {
        "ko": "검색어에 검색할 수 없는 문자가 포함되어 있습니다.",
        "ja": "検索語に検索できない文字が含まれています。",
    },
    gettext_noop("The search text is too long (at most %(n)s characters)."): {
        "ko": "검색어가 너무 깁니다(최대 %(n)s자).",
        "ja": "検索語が長すぎます（%(n)s文字以内）。",
    },
    gettext_noop("There is no such filter."): {"ko": "해당 필터가 없습니다.", "ja": "その絞り込み条件はありません。"},
    gettext_noop("Not found"): {"ko": "페이지를 찾을 수 없습니다", "ja": "ページが見つかりません"},
    gettext_noop(
        "This page is not in the catalogue: its address may be mistyped, or its edition may have been withdrawn."
    ): {
        "ko": "카탈로그에 없는 페이지입니다. 주소가 잘못 입력되었거나 해당 호의 게시가 중단되었을 수 있습니다.",
        "ja": "カタログにないページです。アドレスの誤りか、その号の公開が取り下げられた可能性があります。",
    },
}

#: Texts with a number: the Indonesian and English forms by ngettext, one Korean and one Japanese form.
PLURALS = {
    "products": (
        ngettext_lazy("%(n)s product", "%(n)s products", "n"),
        {"ko": "제품 %(n)s개", "ja": "%(n)s製品"},
    ),
    "found": (
        ngettext_lazy("%(n)s product found.", "%(n)s products found.", "n"),
        {"ko": "제품 %(n)s개를 찾았습니다.", "ja": "%(n)s件の製品が見つかりました。"},
    ),
    "edition_description": (
        ngettext_lazy(
            "Edition %(n)s of the catalogue of %(name)s: %(count)s product.",
            "Edition %(n)s of the catalogue of %(name)s: %(count)s products.",
            "count",
        ),
        {
            "ko": "%(name)s 카탈로그 제%(n)s호: 제품 %(count)s개.",
            "ja": "%(name)sカタログ第%(n)s号：%(count)s製品。",
        },
    ),
}


#: Whether a language's texts are in TEXTS (Korean, Japanese) rather than in the .po files.
own = own_words.is_own


def get(msgid: str, language: str, **values) -> str:
    """The text in the page's language: Korean and Japanese from TEXTS, Indonesian and English by gettext."""
    return own_words.lookup(TEXTS, msgid, language, **values)


def count(key: str, language: str, **values) -> str:
    """A text with a number (PLURALS[key]), its values given by name."""
    lazy, texts = PLURALS[key]
    if own(language):
        return texts[language] % values
    with translation.override(language):
        return str(lazy % values)


def date(value: dt.date, language: str) -> str:
    """A date as the language writes it: 2026년 11월 1일, 2026年11月1日; Indonesian and English as Django does."""
    if language == "ko":
        return f"{value.year}년 {value.month}월 {value.day}일"
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日"
    with translation.override(language):
        return formats.date_format(value)


#: Certification and export-readiness names the pages show (the models' labels: the same msgids).
CERTIFICATIONS = {"halal": "Halal"}
READINESS = {"exported": "has exported", "ready": "ready to export", "needs_help": "needs help to export"}


def certification(code: str, language: str) -> str:
    """SNI, BPOM and PIRT are names in every language; Halal is written in each."""
    msgid = CERTIFICATIONS.get(code)
    return get(msgid, language) if msgid else code.upper()


def readiness(code: str, language: str) -> str:
    msgid = READINESS.get(code)
    return get(msgid, language) if msgid else code
