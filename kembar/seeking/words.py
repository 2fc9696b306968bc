# ruff: noqa: E501 — CJK characters count two columns; the dictionary's lines are split by sentence, not width.
"""The words of the pages a foreign city or institution reads (the seeking pages, the interest form, its emails
and the pages behind its secret link), in the five languages they are offered in (docs/adr/0042).

Indonesian and English come from the project's gettext catalogues like every other message (the msgids here are
English and are extracted with the rest). Korean, Japanese and Chinese (simplified) are a small dictionary
here, one text per key and language, because the rest of the site is not translated into them: adding those
languages to the catalogues would offer three half-translated sites. `test_words.py` checks that every key has
its three texts with the same placeholders. The rule is kembar.core.own_words's, with Chinese as a third language
of the dictionary and a short key in place of the msgid."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kembar.core import own_words

#: The languages of the pages for foreign readers, in the order of their switcher, with their own names.
LANGUAGES = (("id", "Bahasa Indonesia"), ("en", "English"), ("ko", "한국어"), ("ja", "日本語"), ("zh", "中文"))
CODES = frozenset(code for code, _name in LANGUAGES)
#: hreflang / lang attribute of each language (Chinese is written in simplified characters here).
TAGS = {"id": "id", "en": "en", "ko": "ko", "ja": "ja", "zh": "zh-Hans"}
#: The languages of the dictionary below; the others are gettext's.
FOREIGN = ("ko", "ja", "zh")

WORDS = {
    # The list of seeking regions and a region's page.
    "list_title": _("Regions of Indonesia seeking partners abroad"),
    "list_lead": _(
        "These regions of Indonesia have published that they seek a partner city or institution abroad. A city "
        "government, a university or another institution may express its interest; the region's cooperation "
        "bureau reads it and answers."
    ),
    "list_empty": _("No region is seeking partners at the moment."),
    "region_title": _("%(region)s seeks partners abroad"),
    "offer": _("What the region offers"),
    "fields": _("Fields of cooperation"),
    "countries": _("Preferred countries"),
    "any_country": _("Any country that has diplomatic relations with Indonesia"),
    "message": _("Message from the region"),
    "since": _("Published on %(day)s"),
    "express": _("Express interest"),
    "facts": _("About the region"),
    "population": _("Population"),
    "breadcrumb": _("Breadcrumb"),
    "source": _("Source"),
    "unconfirmed": _("not confirmed"),
    "legal": _(
        "Indonesian regions cooperate only with partners in countries that have diplomatic relations with "
        "Indonesia, and look for a partner of equal administrative status (Permendagri No. 3 Tahun 2008, Pasal 5)."
    ),
    "language": _("Language"),
    "back_list": _("All regions seeking partners"),
    # The form.
    "form_title": _("Express interest in cooperating with %(region)s"),
    "form_lead": _(
        "Tell the cooperation bureau of %(region)s who you are and what you would like to do together. The "
        "bureau reads your message after you confirm your email address."
    ),
    "about_you": _("About you"),
    "your_interest": _("Your interest"),
    "institution": _("Institution or city government"),
    "kind": _("You write for"),
    "kind_city": _("a city or regional government"),
    "kind_university": _("a university or school"),
    "kind_other": _("another institution"),
    "country": _("Country"),
    "choose": _("Choose…"),
    "city": _("City"),
    "city_help": _("The city's name in any script, for example 名古屋, 수원 or Nagoya."),
    "place": _("Which city do you mean?"),
    "name": _("Contact person"),
    "email": _("Email"),
    "email_help": _("We send a link to confirm it: the region sees your message only after that."),
    "fields_help": _("Choose at least one."),
    "text": _("Message"),
    "text_help": _("At most %(n)s characters, plain text."),
    "consent": _(
        "I agree that the cooperation bureau of this region processes my name and email address only to answer "
        "this message, as Indonesia's Law No. 27 of 2022 on Personal Data Protection provides. They are never "
        "shown on the public portal. With the secret link I receive by email I can download or erase my data at "
        "any time."
    ),
    "honeypot": _("Leave this field empty"),
    "send": _("Send"),
    # Form errors.
    "required": _("This field is required."),
    "bad_email": _("Enter a valid email address."),
    "too_long": _("At most %(n)s characters."),
    "bad_choice": _("Choose one of the options."),
    "bad_text": _("The text contains characters that cannot be kept: type it again."),
    "no_place": _(
        "No city of this name was found in this country. Check the spelling, or type the name in another script."
    ),
    "several": _("Several cities have this name: choose one."),
    "errors": _("Please correct the fields marked below."),
    "not_seeking": _("This region is not seeking partners at the moment."),
    # After sending, and too many.
    "sent_title": _("Check your email"),
    "sent_lead": _(
        "We have sent you an email with a link to confirm your address. Open it within 3 days: only then does the "
        "region's bureau read your message. The email also holds your own secret link to follow it."
    ),
    "too_many_title": _("Too many requests"),
    "too_many": _("Too many messages were sent from here in a short time. Please try again in %(n)s minutes."),
    # The pages behind the secret link.
    "skip": _("Skip to content"),
    "status_title": _("Your expression of interest"),
    "status": _("Status"),
    "st_unverified": _("awaiting email confirmation"),
    "st_new": _("received"),
    "st_contact": _("in contact"),
    "st_declined": _("declined"),
    "st_candidate": _("in the region's study of potential partners"),
    "to": _("To"),
    "sent_on": _("Sent"),
    "your_data": _("Your personal data"),
    "data_kept": _("The bureau keeps your name and email only to answer you; they never appear on the public portal."),
    "data_erased": _("Your name and email were erased on %(day)s. Your message stays without them."),
    "download": _("Download my data (JSON)"),
    "erase": _("Erase my data"),
    "erase_lead": _(
        "Your name and your email will be erased for good. Your message stays, without them, and the bureau can "
        "no longer write to you."
    ),
    "erased": _("Your name and email have been erased."),
    "already_erased": _("Your data has already been erased."),
    "cancel": _("Cancel"),
    "confirm_title": _("Confirm your email"),
    "confirm_lead": _("Confirm that you sent this message to %(region)s. The bureau reads it after that."),
    "confirm": _("Confirm my email"),
    "confirmed": _("Thank you: your email is confirmed and the region's bureau can now read your message."),
    "already_confirmed": _("Your email is already confirmed."),
    "expired": _("This confirmation link has expired or is not valid. Send your message again to receive a new one."),
    # The emails.
    "mail_subject": _("Confirm your message to %(region)s"),
    "mail_intro": _(
        "You (or someone using your email address) expressed interest in cooperating with %(region)s, Indonesia."
    ),
    "mail_confirm": _(
        "Confirm your email address with this link (valid for 3 days); only then does the bureau read it:"
    ),
    "mail_follow": _("Your own secret link, to follow it, download your data or erase it (keep it; do not share it):"),
    "mail_ignore": _("If you did not send this, ignore this email: without confirmation it is never shown to anyone."),
    "mail_status_subject": _("Your message to %(region)s: %(status)s"),
    "mail_status": _("The cooperation bureau of %(region)s has changed the status of your message to: %(status)s."),
}

_KO = {
    "list_title": "해외 파트너를 찾는 인도네시아 지역",
    "list_lead": "다음 인도네시아 지역들이 해외 자매도시나 협력 기관을 찾고 있다고 공개했습니다. 시 정부, 대학 또는 "
    "다른 기관이 관심을 표명할 수 있으며, 해당 지역의 협력 담당 부서가 읽고 답변합니다.",
    "list_empty": "현재 파트너를 찾는 지역이 없습니다.",
    "region_title": "%(region)s, 해외 파트너를 찾습니다",
    "offer": "지역이 제공할 수 있는 것",
    "fields": "협력 분야",
    "countries": "선호 국가",
    "any_country": "인도네시아와 외교 관계가 있는 모든 국가",
    "message": "지역의 메시지",
    "since": "%(day)s 게시",
    "express": "관심 표명하기",
    "facts": "지역 정보",
    "population": "인구",
    "breadcrumb": "이동 경로",
    "source": "출처",
    "unconfirmed": "확인되지 않음",
    "legal": "인도네시아의 지방정부는 인도네시아와 외교 관계가 있는 국가의 파트너와만 협력하며, 동등한 행정 지위의 "
    "파트너를 찾습니다 (Permendagri No. 3 Tahun 2008, Pasal 5).",
    "language": "언어",
    "back_list": "파트너를 찾는 모든 지역",
    "form_title": "%(region)s와(과)의 협력에 관심 표명하기",
    "form_lead": "%(region)s 협력 담당 부서에 귀하가 누구이며 함께 무엇을 하고 싶은지 알려 주십시오. 이메일 주소를 "
    "확인하신 후에 담당 부서가 메시지를 읽습니다.",
    "about_you": "귀하에 대하여",
    "your_interest": "관심 내용",
    "institution": "기관 또는 시 정부",
    "kind": "대표하는 곳",
    "kind_city": "시 또는 지방 정부",
    "kind_university": "대학 또는 학교",
    "kind_other": "기타 기관",
    "country": "국가",
    "choose": "선택…",
    "city": "도시",
    "city_help": "어떤 문자로든 도시 이름을 입력하십시오. 예: 名古屋, 수원, Nagoya.",
    "place": "어느 도시를 말씀하시는 건가요?",
    "name": "담당자",
    "email": "이메일",
    "email_help": "확인 링크를 보내 드립니다. 확인 후에만 지역에서 메시지를 볼 수 있습니다.",
    "fields_help": "하나 이상 선택하십시오.",
    "text": "메시지",
    "text_help": "최대 %(n)s자, 일반 텍스트.",
    "consent": "이 지역의 협력 담당 부서가 인도네시아 개인정보보호법(2022년 법률 제27호)에 따라 이 메시지에 답변하기 "
    "위해서만 본인의 이름과 이메일 주소를 처리하는 데 동의합니다. 이 정보는 공개 포털에 표시되지 않습니다. 이메일로 "
    "받는 비밀 링크로 언제든지 본인의 데이터를 내려받거나 삭제할 수 있습니다.",
    "honeypot": "이 칸은 비워 두십시오",
    "send": "보내기",
    "required": "필수 항목입니다.",
    "bad_email": "올바른 이메일 주소를 입력하십시오.",
    "too_long": "최대 %(n)s자입니다.",
    "bad_choice": "선택지 중 하나를 고르십시오.",
    "bad_text": "저장할 수 없는 문자가 포함되어 있습니다. 다시 입력하십시오.",
    "no_place": "이 국가에서 해당 이름의 도시를 찾지 못했습니다. 철자를 확인하거나 다른 문자로 입력해 보십시오.",
    "several": "같은 이름의 도시가 여러 곳 있습니다. 하나를 선택하십시오.",
    "errors": "아래 표시된 항목을 수정해 주십시오.",
    "not_seeking": "이 지역은 현재 파트너를 찾고 있지 않습니다.",
    "sent_title": "이메일을 확인하십시오",
    "sent_lead": "주소 확인 링크가 담긴 이메일을 보냈습니다. 3일 이내에 열어 주십시오. 그래야 지역 담당 부서가 메시지를 "
    "읽습니다. 이메일에는 진행 상황을 볼 수 있는 본인만의 비밀 링크도 들어 있습니다.",
    "too_many_title": "요청이 너무 많습니다",
    "too_many": "짧은 시간에 이곳에서 너무 많은 메시지가 전송되었습니다. %(n)s분 후에 다시 시도해 주십시오.",
    "skip": "본문으로 건너뛰기",
    "status_title": "관심 표명",
    "status": "상태",
    "st_unverified": "이메일 확인 대기 중",
    "st_new": "접수됨",
    "st_contact": "연락 중",
    "st_declined": "거절됨",
    "st_candidate": "지역의 잠재 파트너 검토 대상",
    "to": "받는 곳",
    "sent_on": "보낸 날짜",
    "your_data": "개인 정보",
    "data_kept": "담당 부서는 답변을 위해서만 이름과 이메일을 보관하며, 공개 포털에는 절대 표시되지 않습니다.",
    "data_erased": "이름과 이메일이 %(day)s에 삭제되었습니다. 메시지는 이름과 이메일 없이 남아 있습니다.",
    "download": "내 데이터 내려받기 (JSON)",
    "erase": "내 데이터 삭제",
    "erase_lead": "이름과 이메일이 영구히 삭제됩니다. 메시지는 그것들 없이 남으며, 담당 부서는 더 이상 연락할 수 "
    "없습니다.",
    "erased": "이름과 이메일이 삭제되었습니다.",
    "already_erased": "데이터가 이미 삭제되었습니다.",
    "cancel": "취소",
    "confirm_title": "이메일 확인",
    "confirm_lead": "%(region)s에 이 메시지를 보냈음을 확인해 주십시오. 확인 후 담당 부서가 읽습니다.",
    "confirm": "이메일 확인하기",
    "confirmed": "감사합니다. 이메일이 확인되어 이제 지역 담당 부서가 메시지를 읽을 수 있습니다.",
    "already_confirmed": "이메일이 이미 확인되었습니다.",
    "expired": "확인 링크가 만료되었거나 유효하지 않습니다. 새 링크를 받으려면 메시지를 다시 보내 주십시오.",
    "mail_subject": "%(region)s에 보낸 메시지를 확인해 주십시오",
    "mail_intro": "귀하(또는 귀하의 이메일 주소를 사용한 누군가)가 인도네시아 %(region)s와(과)의 협력에 관심을 "
    "표명했습니다.",
    "mail_confirm": "이 링크로 이메일 주소를 확인해 주십시오(3일간 유효). 확인 후에만 담당 부서가 읽습니다:",
    "mail_follow": "진행 상황 확인, 데이터 내려받기 또는 삭제를 위한 본인만의 비밀 링크입니다(보관하시고 공유하지 "
    "마십시오):",
    "mail_ignore": "보내신 적이 없다면 이 이메일을 무시하십시오. 확인하지 않으면 누구에게도 표시되지 않습니다.",
    "mail_status_subject": "%(region)s에 보낸 메시지: %(status)s",
    "mail_status": "%(region)s 협력 담당 부서가 메시지의 상태를 다음으로 변경했습니다: %(status)s.",
}

_JA = {
    "list_title": "海外のパートナーを求めるインドネシアの地域",
    "list_lead": "以下のインドネシアの地域は、海外の姉妹都市や協力機関を求めていることを公表しています。市の行政、大学、"
    "その他の機関は関心を表明することができ、地域の国際協力担当部署が読んで回答します。",
    "list_empty": "現在、パートナーを求めている地域はありません。",
    "region_title": "%(region)s は海外のパートナーを求めています",
    "offer": "地域が提供できること",
    "fields": "協力分野",
    "countries": "希望する国",
    "any_country": "インドネシアと外交関係のあるすべての国",
    "message": "地域からのメッセージ",
    "since": "%(day)s 公開",
    "express": "関心を伝える",
    "facts": "地域について",
    "population": "人口",
    "breadcrumb": "パンくずリスト",
    "source": "出典",
    "unconfirmed": "未確認",
    "legal": "インドネシアの地方政府は、インドネシアと外交関係のある国のパートナーとのみ協力し、同等の行政上の地位を持つ"
    "パートナーを求めます（Permendagri No. 3 Tahun 2008, Pasal 5）。",
    "language": "言語",
    "back_list": "パートナーを求めるすべての地域",
    "form_title": "%(region)s との協力への関心を伝える",
    "form_lead": "%(region)s の国際協力担当部署に、あなたがどなたで、共に何をしたいかをお知らせください。メールアドレスの"
    "確認後に、担当部署がメッセージを読みます。",
    "about_you": "あなたについて",
    "your_interest": "関心の内容",
    "institution": "機関名または市の行政",
    "kind": "代表する組織",
    "kind_city": "市または地方の行政",
    "kind_university": "大学または学校",
    "kind_other": "その他の機関",
    "country": "国",
    "choose": "選択…",
    "city": "都市",
    "city_help": "都市名はどの文字でも入力できます。例：名古屋、수원、Nagoya。",
    "place": "どの都市のことですか？",
    "name": "担当者名",
    "email": "メールアドレス",
    "email_help": "確認用のリンクをお送りします。確認後にのみ、地域があなたのメッセージを見ることができます。",
    "fields_help": "一つ以上選んでください。",
    "text": "メッセージ",
    "text_help": "最大 %(n)s 文字、プレーンテキスト。",
    "consent": "この地域の国際協力担当部署が、インドネシアの個人データ保護法（2022年法律第27号）に基づき、このメッセージへの"
    "回答のためにのみ私の氏名とメールアドレスを取り扱うことに同意します。これらが公開ポータルに表示されることはありません。"
    "メールで受け取る秘密のリンクから、いつでも自分のデータをダウンロードまたは削除できます。",
    "honeypot": "この欄は空のままにしてください",
    "send": "送信",
    "required": "この項目は必須です。",
    "bad_email": "有効なメールアドレスを入力してください。",
    "too_long": "最大 %(n)s 文字です。",
    "bad_choice": "選択肢から一つ選んでください。",
    "bad_text": "保存できない文字が含まれています。もう一度入力してください。",
    "no_place": "この国でその名前の都市は見つかりませんでした。綴りを確認するか、別の文字で入力してください。",
    "several": "同じ名前の都市が複数あります。一つ選んでください。",
    "errors": "下に示された項目を修正してください。",
    "not_seeking": "この地域は現在パートナーを求めていません。",
    "sent_title": "メールを確認してください",
    "sent_lead": "アドレス確認用のリンクを記載したメールをお送りしました。3日以内に開いてください。確認後にのみ地域の担当部署"
    "がメッセージを読みます。メールには進行状況を確認できるあなた専用の秘密のリンクも記載されています。",
    "too_many_title": "リクエストが多すぎます",
    "too_many": "短時間にここから送信されたメッセージが多すぎます。%(n)s 分後にもう一度お試しください。",
    "skip": "本文へ移動",
    "status_title": "関心の表明",
    "status": "状況",
    "st_unverified": "メール確認待ち",
    "st_new": "受付済み",
    "st_contact": "連絡中",
    "st_declined": "お断り",
    "st_candidate": "地域の潜在的パートナー調査の対象",
    "to": "宛先",
    "sent_on": "送信日",
    "your_data": "あなたの個人データ",
    "data_kept": "担当部署は回答のためにのみ氏名とメールアドレスを保管し、公開ポータルに表示することはありません。",
    "data_erased": "氏名とメールアドレスは %(day)s に削除されました。メッセージはそれらなしで残ります。",
    "download": "自分のデータをダウンロード（JSON）",
    "erase": "自分のデータを削除",
    "erase_lead": "氏名とメールアドレスは完全に削除されます。メッセージはそれらなしで残り、担当部署はあなたに連絡できなく"
    "なります。",
    "erased": "氏名とメールアドレスを削除しました。",
    "already_erased": "データはすでに削除されています。",
    "cancel": "キャンセル",
    "confirm_title": "メールアドレスの確認",
    "confirm_lead": "%(region)s にこのメッセージを送ったことを確認してください。確認後に担当部署が読みます。",
    "confirm": "メールアドレスを確認する",
    "confirmed": "ありがとうございます。メールアドレスが確認され、地域の担当部署がメッセージを読めるようになりました。",
    "already_confirmed": "メールアドレスはすでに確認済みです。",
    "expired": "この確認リンクは期限切れか無効です。新しいリンクを受け取るには、メッセージをもう一度送信してください。",
    "mail_subject": "%(region)s へのメッセージを確認してください",
    "mail_intro": "あなた（またはあなたのメールアドレスを使った誰か）が、インドネシアの %(region)s との協力に関心を表明しました。",
    "mail_confirm": "このリンクからメールアドレスを確認してください（3日間有効）。確認後にのみ担当部署が読みます：",
    "mail_follow": "進行状況の確認、データのダウンロードや削除のための、あなた専用の秘密のリンクです（保管し、共有しないで"
    "ください）：",
    "mail_ignore": "送信した覚えがない場合は、このメールを無視してください。確認されない限り、誰にも表示されません。",
    "mail_status_subject": "%(region)s へのメッセージ：%(status)s",
    "mail_status": "%(region)s の国際協力担当部署が、あなたのメッセージの状況を次のように変更しました：%(status)s。",
}

_ZH = {
    "list_title": "寻求海外合作伙伴的印度尼西亚地区",
    "list_lead": "以下印度尼西亚地区已公开表示正在寻求海外友好城市或合作机构。城市政府、大学或其他机构均可表达合作意向，"
    "该地区的合作事务部门将阅读并回复。",
    "list_empty": "目前没有地区在寻求合作伙伴。",
    "region_title": "%(region)s 正在寻求海外合作伙伴",
    "offer": "该地区可以提供的",
    "fields": "合作领域",
    "countries": "优先考虑的国家",
    "any_country": "与印度尼西亚有外交关系的任何国家",
    "message": "该地区的留言",
    "since": "发布于 %(day)s",
    "express": "表达合作意向",
    "facts": "地区概况",
    "population": "人口",
    "breadcrumb": "导航路径",
    "source": "来源",
    "unconfirmed": "未核实",
    "legal": "印度尼西亚的地方政府只与同印度尼西亚有外交关系的国家的伙伴合作，并寻求行政级别相当的伙伴"
    "（Permendagri No. 3 Tahun 2008, Pasal 5）。",
    "language": "语言",
    "back_list": "所有寻求合作伙伴的地区",
    "form_title": "表达与 %(region)s 合作的意向",
    "form_lead": "请告诉 %(region)s 的合作事务部门您是谁，以及希望共同开展什么。确认电子邮箱后，该部门才会阅读您的留言。",
    "about_you": "关于您",
    "your_interest": "您的意向",
    "institution": "机构或城市政府",
    "kind": "您代表",
    "kind_city": "城市或地方政府",
    "kind_university": "大学或学校",
    "kind_other": "其他机构",
    "country": "国家",
    "choose": "请选择…",
    "city": "城市",
    "city_help": "可用任何文字输入城市名称，例如：名古屋、수원 或 Nagoya。",
    "place": "您指的是哪座城市？",
    "name": "联系人",
    "email": "电子邮箱",
    "email_help": "我们会发送确认链接：确认后该地区才能看到您的留言。",
    "fields_help": "请至少选择一项。",
    "text": "留言",
    "text_help": "最多 %(n)s 个字符，纯文本。",
    "consent": "我同意该地区的合作事务部门依照印度尼西亚《个人数据保护法》（2022年第27号法律），仅为回复本留言而处理我的"
    "姓名和电子邮箱。这些信息绝不会显示在公开门户上。通过电子邮件收到的秘密链接，我可以随时下载或删除我的数据。",
    "honeypot": "请将此栏留空",
    "send": "发送",
    "required": "此项为必填项。",
    "bad_email": "请输入有效的电子邮箱地址。",
    "too_long": "最多 %(n)s 个字符。",
    "bad_choice": "请从选项中选择一项。",
    "bad_text": "文本中含有无法保存的字符，请重新输入。",
    "no_place": "在该国家未找到此名称的城市。请检查拼写，或用其他文字输入。",
    "several": "有多座同名城市，请选择一座。",
    "errors": "请更正下方标出的栏目。",
    "not_seeking": "该地区目前未在寻求合作伙伴。",
    "sent_title": "请查收电子邮件",
    "sent_lead": "我们已向您发送一封含有确认链接的电子邮件。请在3天内打开：确认后地区的部门才会阅读您的留言。邮件中还有供您"
    "跟进进展的专属秘密链接。",
    "too_many_title": "请求过多",
    "too_many": "短时间内从此处发送的留言过多。请在 %(n)s 分钟后重试。",
    "skip": "跳到正文",
    "status_title": "您的合作意向",
    "status": "状态",
    "st_unverified": "等待邮箱确认",
    "st_new": "已收到",
    "st_contact": "联系中",
    "st_declined": "已婉拒",
    "st_candidate": "已列入该地区的潜在伙伴研究",
    "to": "收件方",
    "sent_on": "发送日期",
    "your_data": "您的个人数据",
    "data_kept": "该部门仅为回复您而保存您的姓名和电子邮箱，它们绝不会出现在公开门户上。",
    "data_erased": "您的姓名和电子邮箱已于 %(day)s 删除。您的留言保留，但不含这些信息。",
    "download": "下载我的数据（JSON）",
    "erase": "删除我的数据",
    "erase_lead": "您的姓名和电子邮箱将被永久删除。您的留言会保留，但不含这些信息，该部门将无法再联系您。",
    "erased": "您的姓名和电子邮箱已删除。",
    "already_erased": "您的数据已被删除。",
    "cancel": "取消",
    "confirm_title": "确认您的电子邮箱",
    "confirm_lead": "请确认是您向 %(region)s 发送了此留言。确认后该部门才会阅读。",
    "confirm": "确认我的电子邮箱",
    "confirmed": "谢谢：您的电子邮箱已确认，该地区的部门现在可以阅读您的留言。",
    "already_confirmed": "您的电子邮箱已确认。",
    "expired": "此确认链接已过期或无效。请重新发送留言以获取新链接。",
    "mail_subject": "请确认您发给 %(region)s 的留言",
    "mail_intro": "您（或使用您电子邮箱的某人）表达了与印度尼西亚 %(region)s 合作的意向。",
    "mail_confirm": "请通过此链接确认您的电子邮箱（3天内有效）；确认后该部门才会阅读：",
    "mail_follow": "您的专属秘密链接，可跟进进展、下载或删除您的数据（请妥善保存，勿与他人分享）：",
    "mail_ignore": "如果您没有发送过此留言，请忽略本邮件：未经确认，它不会向任何人显示。",
    "mail_status_subject": "您发给 %(region)s 的留言：%(status)s",
    "mail_status": "%(region)s 的合作事务部门已将您留言的状态更改为：%(status)s。",
}

DICTIONARY = {"ko": _KO, "ja": _JA, "zh": _ZH}


def language_of(value: str | None) -> str:
    """One of the five languages (Indonesian for anything else)."""
    return value if value in CODES else "id"


def word(key: str, language: str, **values) -> str:
    """The text of `key` in `language` (one of LANGUAGES), its named placeholders filled with `values`."""
    if language in DICTIONARY:
        text = DICTIONARY[language][key]
    else:
        text = own_words.in_language(WORDS[key], language)
    return own_words.fill(text, values)


class Words:
    """What a template reads as `w.key` (the page's language fixed when made)."""

    def __init__(self, language: str):
        self.language = language_of(language)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_") or key not in WORDS:
            raise AttributeError(key)
        return word(key, self.language)

    def __getitem__(self, key: str) -> str:
        return self.__getattr__(key)
