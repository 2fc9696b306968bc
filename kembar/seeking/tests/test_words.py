"""Every word of the pages for foreign readers exists in Korean, Japanese and Chinese, with the placeholders of its
English message, and the page's language decides which one a reader gets."""

import re

from django.utils import translation

from kembar.seeking.words import DICTIONARY, FOREIGN, WORDS, Words, language_of, word

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def test_every_key_has_its_three_texts_with_the_same_placeholders():
    for language in FOREIGN:
        texts = DICTIONARY[language]
        assert set(texts) == set(WORDS), (language, set(WORDS) ^ set(texts))
        for key, message in WORDS.items():
            with translation.override("en"):
                english = sorted(PLACEHOLDER.findall(str(message)))
            assert sorted(PLACEHOLDER.findall(texts[key])) == english, (language, key)
            assert texts[key].strip(), (language, key)


def test_a_word_in_each_language():
    assert word("send", "ja") == "送信"
    assert word("send", "ko") == "보내기"
    assert word("send", "zh") == "发送"
    assert word("send", "en") == "Send"
    assert word("region_title", "ja", region="Kota Bandung") == "Kota Bandung は海外のパートナーを求めています"
    assert Words("xx").language == "id" == language_of("<script>")
