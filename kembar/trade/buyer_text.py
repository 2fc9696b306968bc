"""What a foreign buyer reads (the inquiry form, its pages and email) in the catalogue's four languages.

The site's interface languages are Indonesian and English (gettext, locale/*.po); a buyer reading the catalogue
in Korean or Japanese gets the inquiry form in that language too. Each text here is an English msgid marked
for gettext (so Indonesian comes from the .po files like every other string) with its Korean and Japanese
beside it: a small catalogue of its own for these buyer-facing strings only, read by the rule of
kembar.core.own_words and checked complete by a test (docs/adr/0039-little-bandung-channels-and-inquiries.md)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from kembar.core import own_words

LANGUAGES = ("id", "en", "ko", "ja")
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English", "ko": "한국어", "ja": "日本語"}

#: The consent the buyer gives (UU 27/2022 tentang Pelindungan Data Pribadi), recorded with its version.
CONSENT_VERSION = "2026-12-buyer-1"
CONSENT = gettext_noop(
    "I agree that the trade office of this region and the businesses I ask process my name, company and email "
    "address only to answer this inquiry, as Indonesia's Law No. 27 of 2022 on Personal Data Protection "
    "provides. They are never shown publicly."
)

TEXTS: dict[str, dict[str, str]] = {
    gettext_noop("Skip to content"): {"ko": "본문으로 건너뛰기", "ja": "本文へ移動"},
    gettext_noop("Send an inquiry"): {"ko": "구매 문의 보내기", "ja": "お問い合わせを送る"},
    gettext_noop(
        "Ask the businesses of %(region)s about their products. Your inquiry reaches each business and the "
        "region's trade office once you have confirmed your email address."
    ): {
        "ko": "%(region)s 기업에 제품에 대해 문의하세요. 이메일 "
        "주소를 확인하시면 문의가 각 기업과 지역 무역 사무소에 전달됩니다.",
        "ja": "%(region)sの事業者に製品についてお問い合わせください。"
        "メールアドレスを確認いただくと、各事業者と地域の通商担当部署にお問い合わせが届きます。",
    },
    gettext_noop("Language"): {"ko": "언어", "ja": "言語"},
    gettext_noop("Products"): {"ko": "제품", "ja": "製品"},
    gettext_noop("Your name"): {"ko": "성함", "ja": "お名前"},
    gettext_noop("Company"): {"ko": "회사명", "ja": "会社名"},
    gettext_noop("Country"): {"ko": "국가", "ja": "国"},
    gettext_noop("Email"): {"ko": "이메일", "ja": "メールアドレス"},
    gettext_noop("Quantity"): {"ko": "수량", "ja": "数量"},
    gettext_noop("For example: 500 pieces a month, or one container."): {
        "ko": "예: 월 500개, 또는 컨테이너 1개.",
        "ja": "例：月500個、またはコンテナ1本。",
    },
    gettext_noop("Message"): {"ko": "메시지", "ja": "メッセージ"},
    gettext_noop("Send the inquiry"): {"ko": "문의 보내기", "ja": "問い合わせを送信"},
    gettext_noop("Leave this field empty"): {"ko": "이 칸은 비워 두세요", "ja": "この欄は空欄のままにしてください"},
    gettext_noop("Choose the country."): {"ko": "국가를 선택하세요.", "ja": "国を選択してください。"},
    gettext_noop("Choose at least one product."): {
        "ko": "제품을 하나 이상 선택하세요.",
        "ja": "製品を1つ以上選択してください。",
    },
    gettext_noop("At most 20 products in one inquiry."): {
        "ko": "한 번의 문의에는 최대 20개 제품까지 가능합니다.",
        "ja": "1回のお問い合わせで選べる製品は20個までです。",
    },
    gettext_noop("This field is required."): {"ko": "필수 항목입니다.", "ja": "この項目は必須です。"},
    gettext_noop("Enter a valid email address."): {
        "ko": "올바른 이메일 주소를 입력하세요.",
        "ja": "有効なメールアドレスを入力してください。",
    },
    gettext_noop("Too long: at most %(n)s characters."): {
        "ko": "너무 깁니다. 최대 %(n)s자까지 입력할 수 있습니다.",
        "ja": "長すぎます。%(n)s文字以内で入力してください。",
    },
    gettext_noop("The text contains characters that cannot be kept: type it again."): {
        "ko": "저장할 수 없는 문자가 포함되어 있습니다. 다시 입력하세요.",
        "ja": "保存できない文字が含まれています。もう一度入力してください。",
    },
    gettext_noop("Give your consent to send the inquiry."): {
        "ko": "문의를 보내려면 동의해 주세요.",
        "ja": "送信するには同意が必要です。",
    },
    gettext_noop("There is a problem with the form: see the fields marked below."): {
        "ko": "입력 내용에 문제가 있습니다. 아래 표시된 항목을 확인하세요.",
        "ja": "入力内容に問題があります。下に示された項目をご確認ください。",
    },
    gettext_noop("sample"): {"ko": "예시", "ja": "サンプル"},
    gettext_noop("Sample data: this business and its products are invented for the demonstration."): {
        "ko": "예시 데이터: 이 기업과 제품은 시연을 위해 만든 가상의 것입니다.",
        "ja": "サンプルデータ：この事業者と製品はデモ用の架空のものです。",
    },
    gettext_noop("Check your email"): {"ko": "이메일을 확인하세요", "ja": "メールをご確認ください"},
    gettext_noop(
        "We have sent you an email with a link. Open it to confirm your inquiry: until then nobody sees it."
    ): {
        "ko": "링크가 담긴 이메일을 보냈습니다. 링크를 열어 문의를 "
        "확인해 주세요. 확인 전까지는 아무도 문의를 볼 수 없습니다.",
        "ja": "リンク付きのメールをお送りしました。リンクを開いてお問い合わせを確認してください。"
        "確認されるまで、誰にも表示されません。",
    },
    gettext_noop("Confirm your email"): {"ko": "이메일 확인", "ja": "メールアドレスの確認"},
    gettext_noop("Confirm that you sent this inquiry. The businesses and the trade office see it after that."): {
        "ko": "이 문의를 보낸 것이 맞는지 확인해 주세요. 확인 후 기업과 무역 사무소가 문의를 보게 됩니다.",
        "ja": "このお問い合わせを送信したことを確認してください。確認後、事業者と通商担当部署に表示されます。",
    },
    gettext_noop("Confirm my email"): {"ko": "이메일 확인하기", "ja": "メールアドレスを確認する"},
    gettext_noop("This confirmation link has expired or is not valid. Send the inquiry again to receive a new one."): {
        "ko": "이 확인 링크는 만료되었거나 유효하지 않습니다. 문의를 다시 보내면 새 링크를 받을 수 있습니다.",
        "ja": "この確認リンクは期限切れか無効です。お問い合わせを再送信すると新しいリンクが届きます。",
    },
    gettext_noop("Thank you: your email is confirmed and your inquiry has been passed on."): {
        "ko": "감사합니다. 이메일이 확인되었고 문의가 전달되었습니다.",
        "ja": "ありがとうございます。メールアドレスが確認され、お問い合わせが転送されました。",
    },
    gettext_noop("Your inquiry"): {"ko": "나의 문의", "ja": "お問い合わせ内容"},
    gettext_noop("Business name"): {"ko": "업체명", "ja": "事業者名"},
    gettext_noop("Status"): {"ko": "상태", "ja": "状況"},
    gettext_noop("awaiting email confirmation"): {"ko": "이메일 확인 대기 중", "ja": "メール確認待ち"},
    gettext_noop("received"): {"ko": "접수됨", "ja": "受付済み"},
    gettext_noop("answered"): {"ko": "답변함", "ja": "回答済み"},
    gettext_noop("sample sent"): {"ko": "샘플 발송함", "ja": "サンプル発送済み"},
    gettext_noop("deal"): {"ko": "거래 성사", "ja": "成約"},
    gettext_noop("closed"): {"ko": "종료됨", "ja": "終了"},
    gettext_noop("Too many requests"): {"ko": "요청이 너무 많습니다", "ja": "リクエストが多すぎます"},
    gettext_noop("Too many inquiries were sent from here in a short time. Please try again in %(n)s minutes."): {
        "ko": "짧은 시간에 너무 많은 문의가 전송되었습니다. %(n)s분 후에 다시 시도하세요.",
        "ja": "短時間に多くのお問い合わせが送信されました。%(n)s分後にもう一度お試しください。",
    },
    gettext_noop("Confirm your inquiry to %(region)s"): {
        "ko": "%(region)s에 보낸 문의를 확인해 주세요",
        "ja": "%(region)sへのお問い合わせの確認",
    },
    gettext_noop("You (or someone using your email address) sent an inquiry to SMEs of %(region)s."): {
        "ko": "귀하(또는 귀하의 이메일 주소를 사용한 누군가)가 %(region)s의 중소기업에 문의를 보냈습니다.",
        "ja": "あなた（またはあなたのメールアドレスを使った誰か）が%(region)sの中小企業にお問い合わせを送信しました。",
    },
    gettext_noop("Confirm your email address with this link (valid for 3 days); only then does anyone see it:"): {
        "ko": "이 링크로 이메일 주소를 확인해 주세요(3일간 유효). 확인 후에만 문의가 전달됩니다:",
        "ja": "このリンクでメールアドレスを確認してください（3日間有効）。確認後にのみお問い合わせが届きます：",
    },
    gettext_noop("Your own link to follow the inquiry (keep it; do not share it):"): {
        "ko": "문의 진행 상황을 볼 수 있는 개인 링크(보관하시고 공유하지 마세요):",
        "ja": "お問い合わせの状況を確認できる専用リンク（保管し、共有しないでください）：",
    },
    gettext_noop("If you did not send this inquiry, ignore this email: without confirmation nobody sees it."): {
        "ko": "문의를 보내지 않으셨다면 이 이메일을 무시하세요. 확인하지 않으면 아무도 보지 못합니다.",
        "ja": "お問い合わせに心当たりがない場合は、このメールを無視してください。"
        "確認されなければ誰にも表示されません。",
    },
    gettext_noop("Your data"): {"ko": "나의 개인정보", "ja": "あなたのデータ"},
    gettext_noop(
        "The trade office and the businesses keep your name, company and email only to answer you; they are never "
        "shown publicly."
    ): {
        "ko": "무역 사무소와 기업은 귀하께 답변하기 위해서만 성함, 회사명, 이메일을 보관하며, "
        "이 정보는 공개되지 않습니다.",
        "ja": "通商担当部署と事業者は、お問い合わせへの回答のためにのみ氏名・会社名・メールアドレスを保管します。"
        "これらは公開されません。",
    },
    gettext_noop("Download my data (JSON)"): {"ko": "내 데이터 내려받기 (JSON)", "ja": "データをダウンロード（JSON）"},
    gettext_noop("Erase my data"): {"ko": "내 데이터 삭제", "ja": "データを消去"},
    gettext_noop(
        "Your name, your company's name and your email will be erased for good from every inquiry sent with this "
        "link. The inquiries stay, without them, and the businesses and the trade office can no longer write to you."
    ): {
        "ko": "이 링크로 보낸 모든 문의에서 성함, 회사명, 이메일이 영구히 삭제됩니다. "
        "문의 내용은 이 정보 없이 남으며, 기업과 무역 사무소는 더 이상 귀하께 연락할 수 없습니다.",
        "ja": "このリンクで送信したすべてのお問い合わせから、氏名・会社名・メールアドレスが完全に消去されます。"
        "お問い合わせ自体はそれらを除いて残り、事業者と通商担当部署はあなたに連絡できなくなります。",
    },
    gettext_noop("Your name, company and email have been erased. Your inquiry stays, without them."): {
        "ko": "성함, 회사명, 이메일이 삭제되었습니다. 문의 내용은 이 정보 없이 남습니다.",
        "ja": "氏名・会社名・メールアドレスを消去しました。お問い合わせはそれらを除いて残ります。",
    },
    gettext_noop("Your name, company and email have been erased."): {
        "ko": "성함, 회사명, 이메일이 삭제되었습니다.",
        "ja": "氏名・会社名・メールアドレスは消去済みです。",
    },
    gettext_noop("Cancel"): {"ko": "취소", "ja": "キャンセル"},
    CONSENT: {
        "ko": "본인은 이 지역의 무역 사무소와 문의한 기업이 인도네시아 "
        "개인정보보호법(2022년 법률 제27호)에 따라 이 문의에 답하기 위해서만 "
        "저의 이름, 회사명, 이메일 주소를 처리하는 것에 동의합니다. 이 정보는 공개되지 않습니다.",
        "ja": "この地域の通商担当部署と問い合わせ先の事業者が、インドネシア個人情報保護法（2022年法律第27号）に従い、"
        "このお問い合わせへの回答のためにのみ私の氏名、会社名、"
        "メールアドレスを取り扱うことに同意します。これらは公開されません。",
    },
}

#: The inquiry's status as the buyer reads it (the office's "lost" is "closed" to them).
STATUS = {
    "unverified": "awaiting email confirmation",
    "new": "received",
    "answered": "answered",
    "sample_sent": "sample sent",
    "deal": "deal",
    "lost": "closed",
}


def language_of(code: str | None) -> str:
    """One of the four languages (English for anything else)."""
    code = (code or "")[:2].lower()
    return code if code in LANGUAGES else "en"


def get(msgid: str, language: str) -> str:
    """The text in the buyer's language: Korean and Japanese from TEXTS, Indonesian and English by gettext."""
    return own_words.lookup(TEXTS, msgid, language)


def bundle(language: str) -> dict[str, str]:
    """Every text in one language, keyed by its msgid (for a page's template: `t.<key>` by the keys of KEYS)."""
    return {key: get(msgid, language) for key, msgid in KEYS.items()}


#: Short names the templates use for the page texts.
KEYS = {
    "skip": "Skip to content",
    "title": "Send an inquiry",
    "language": "Language",
    "products": "Products",
    "send": "Send the inquiry",
    "errors": "There is a problem with the form: see the fields marked below.",
    "sample": "sample",
    "sample_note": "Sample data: this business and its products are invented for the demonstration.",
    "check_email": "Check your email",
    "check_email_lead": (
        "We have sent you an email with a link. Open it to confirm your inquiry: until then nobody sees it."
    ),
    "confirm": "Confirm your email",
    "confirm_lead": "Confirm that you sent this inquiry. The businesses and the trade office see it after that.",
    "confirm_button": "Confirm my email",
    "expired": "This confirmation link has expired or is not valid. Send the inquiry again to receive a new one.",
    "confirmed": "Thank you: your email is confirmed and your inquiry has been passed on.",
    "yours": "Your inquiry",
    "business": "Business name",
    "status": "Status",
    "quantity": "Quantity",
    "message": "Message",
    "too_many": "Too many requests",
    "your_data": "Your data",
    "data_kept": (
        "The trade office and the businesses keep your name, company and email only to answer you; they are never "
        "shown publicly."
    ),
    "download": "Download my data (JSON)",
    "erase": "Erase my data",
    "erase_lead": (
        "Your name, your company's name and your email will be erased for good from every inquiry sent with this "
        "link. The inquiries stay, without them, and the businesses and the trade office can no longer write to you."
    ),
    "erased": "Your name, company and email have been erased.",
    "cancel": "Cancel",
}
