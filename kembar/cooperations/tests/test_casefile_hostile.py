"""Hostile case files (issue 17): aliases that expand to gigabytes, huge files, huge texts and lists. Each
is built small here, with the limits lowered through the settings, and refused with a message naming the
field, before it costs memory, and nothing is imported."""

import time

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from kembar.cooperations.casefile import CaseFileError, import_files, parse
from kembar.cooperations.models import Cooperation

CASE = """kembar_case: 1
id: uji-serangan
sources:
  - id: s1
    cite: Sumber uji
region:
  code: "32.73"
partner:
  name: Liuzhou
  country: CN
  kind: local_government
  level: city
cooperation:
  title: Kerja sama uji
  type: KSDPL
  form: sister_city
  goals: Tujuan singkat
findings:
  - topic: hasil
    text: Temuan satu
    source: s1
"""

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def _problems(text: str) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        parse(text, filename="serangan.yaml")
    return caught.value.messages


def _laughs(depth: int) -> str:
    """The YAML "billion laughs": each level a list of nine aliases of the one before (9 ** depth items)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, depth + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_the_minimal_file_reads():
    assert parse(CASE, filename="ok.yaml").cooperation["goals"] == "Tujuan singkat"


def test_aliases_are_refused_before_anything_expands():
    """Nine levels ran 88 s to MemoryError at 6 GB; six levels (531,441 strings) would still be built today."""
    text = CASE + "extra_laughs:\n" + "".join("  " + line + "\n" for line in _laughs(6).splitlines())
    started = time.monotonic()
    (message,) = _problems(text)
    assert time.monotonic() - started < 1
    assert message.startswith("serangan.yaml:23: ")
    assert "anchors (&) and aliases (*) are not allowed in a case file" in message


def test_an_alias_to_a_plain_value_is_refused_too():
    text = CASE.replace("  goals: Tujuan singkat", "  goals: &g Tujuan singkat\n  terms: *g")
    (message,) = _problems(text)
    assert message.startswith("serangan.yaml:17: ") and "anchors (&) and aliases (*)" in message


def test_deep_nesting_is_refused():
    text = CASE + "cooperation_extra: " + "[" * 50 + "]" * 50 + "\n"
    (message,) = _problems(text)
    assert "nested more than 20 deep" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings, regions_and_countries):
    """137 MB with 2 million findings ran 354 s; a 3 KB file against a 2 KB limit here."""
    settings.KEMBAR_CASE_FILE_MAX_KB = 2
    findings = "".join(f"  - topic: t{i}\n    text: Temuan {i}\n    source: s1\n" for i in range(60))
    path = tmp_path / "besar.yaml"
    path.write_text(CASE + findings, encoding="utf-8")
    assert path.stat().st_size > 2048
    with pytest.raises(CaseFileError) as caught:
        import_files([path])
    (message,) = caught.value.messages
    assert message == f"{path}: the file is {-(-path.stat().st_size // 1024)} KB; a case file may be at most 2 KB"
    assert not Cooperation.objects.exists()
    # parse() holds to the same limit for text given to it directly (an upload).
    assert "a case file may be at most 2 KB" in _problems(CASE + findings)[0]


def test_a_long_text_is_refused_naming_the_field(settings, regions_and_countries, tmp_path):
    """A 100 MB `goals` was imported; 501 characters against a limit of 500 here."""
    settings.KEMBAR_CASE_FILE_MAX_TEXT = 500
    text = CASE.replace("Tujuan singkat", "g" * 501)
    (message,) = _problems(text)
    assert message == "serangan.yaml:17: cooperation.goals: too long: 501 characters, at most 500"
    path = tmp_path / "tujuan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseFileError):
        import_files([path])
    assert not Cooperation.objects.exists()


def test_texts_anywhere_are_bounded_even_under_unknown_keys(settings):
    settings.KEMBAR_CASE_FILE_MAX_TEXT = 500
    text = CASE.replace("  goals: Tujuan singkat", "  goals: Tujuan singkat\n  catatan_lain:\n    isi: " + "x" * 600)
    (message,) = _problems(text)
    assert message.startswith("serangan.yaml:19: cooperation.catatan_lain.isi: too long: 600 characters")


def test_a_long_list_is_refused_naming_the_field(settings):
    settings.KEMBAR_CASE_FILE_MAX_ITEMS = 3
    findings = "".join(f"  - topic: t{i}\n    text: Temuan {i}\n    source: s1\n" for i in range(4))
    (message,) = _problems(CASE + findings)
    assert message == "serangan.yaml:18: findings: 5 items; a list may hold at most 3"


def test_the_command_refuses_aliases_and_imports_nothing(tmp_path, regions_and_countries, capsys):
    path = tmp_path / "tawa.yaml"
    path.write_text(CASE.replace("  goals: Tujuan singkat", "  goals: &g x\n  terms: *g"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("cases", "import", str(path))
    assert "anchors (&) and aliases (*) are not allowed" in capsys.readouterr().err
    assert not Cooperation.objects.exists()
