"""Words for people, not for developers: every page of the demo that a user of each role reaches, in Indonesian
and in English, the list exports (CSV, XLSX), the annual report's PDF and XLSX files and the calendar feed say
nothing a reader cannot look up or read: no file name or path, no "seed", no internal key (snake_case, a key as
a citation mark), in Indonesian no English label of the catalogue left untranslated, and numbers written the
page's way (7,75 and 1.234 in Indonesian; 7.75 and 1,234 in English).

The pages are found as a user finds them: from the home page, following every link of every page reached
(GET only). Each kind of page (URL name) is read once per group of users who see the same pages and per
language, and a region's bureau admin reads the record pages of every cooperation; the kinds of page reached
are then checked against the ones the demo has something to show on."""

import csv
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from lxml import html as lxml_html

from kembar.accounts.models import User
from kembar.cooperations.models import Cooperation
from kembar.evaluation import lifecycle
from kembar.public import opendata
from kembar.regions.models import Region
from kembar.reports.services import build_bytes
from kembar.reports.tests.conftest import pdf_text, read_xlsx

pytestmark = pytest.mark.django_db

PO = Path(__file__).resolve().parents[3] / "locale" / "id" / "LC_MESSAGES" / "django.po"

#: What a developer writes and a reader cannot look up.
FORBIDDEN = re.compile(
    r"(?i:\bseeds?\b|\.py\b|\.ya?ml\b|\.md\b|\.txt\b|\.\./|shared/|kembar/)|DOMAIN\b",
)
#: An internal key: lower-case words joined by underscores (URLs and e-mail addresses removed first).
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
#: A source's key standing as its mark ("[little-bandung]"): the mark is words ("[Little Bandung]").
SLUG_MARK = re.compile(r"\[[a-z][a-z0-9]*(?:-[a-z0-9]+)*\]")
URLISH = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+")
#: A number written the English way in an Indonesian text: a decimal point before one, two or four+ digits
#: (1.234 is Indonesian for a thousand and more), and the other way round in English.
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,/])-?\d+\.(?:\d{1,2}|\d{4,})(?![\d.,])")
INDONESIAN_DECIMAL = re.compile(r"(?<![\d.,/])-?\d+,(?:\d{1,2}|\d{4,})(?![\d.,])")
#: Words readers saw in English on Indonesian pages and in the report (issue 16): some were never in the
#: catalogue, so the check of its labels alone would not see them come back.
SEEN_IN_ENGLISH = (
    "The region gains",
    "The partner gains",
    "(created)",
    "(version 1)",
    "yearly",
    "Temuan: start",
    "Temuan: plan",
    "set by Kembar",
)
#: A figure a demo note quotes in its English text (Bandung's UMKM: "30.6 percent"): recorded words, not
#: a number Kembar writes.
QUOTED_FIGURE = re.compile(r"30\.6\s+percent")
TIME_OF_DAY = re.compile(r"(?<=\d{4} )(?:[01]?\d|2[0-3])[.:][0-5]\d\b")
#: Paths never followed: leaving, the admin, switching language or region (forms elsewhere).
#: Not crawled: leaving, the admin, switches, files; and the login, which sends a logged-in user on (the portal's
#: pages link to it for everyone: they are the same for visitors and users).
SKIP = ("/logout/", "/admin/", "/i18n/", "/switch/", "/static/", "/media/", "/login/")

#: The demo's users, by what they see: each user reads, in both languages, every kind of page it reaches that
#: a user of its group has not read yet (the bureau's staff see the admin's pages without a few buttons; the
#: leadership and the DPRD read the same pages). A region's bureau admin reads the record pages of every
#: cooperation (their texts are the cases' own), everyone else one page of each kind.
ROLES = [
    ("bandung-admin", "bandung bureau", True),
    ("bandung-staf", "bandung bureau", False),
    ("bandung-pimpinan", "bandung readers", False),
    ("bandung-dprd", "bandung readers", False),
    ("bogor-admin", "bogor bureau", True),
    ("kemendagri", "national", False),
    ("kemendagri-admin", "national", False),
]
#: The pages that show a cooperation's own records (read for each cooperation; its forms once).
READ_PER_COOPERATION = {
    "cooperation_detail",
    "cooperation_evaluation",
    "cooperation_obligations",
    "cooperation_history",
    "condition_checklist",
    "activity_list",
}
#: Files that are a format, not words for a reader: the import templates list the codes a cell may hold
#: (docs/import.md), a case file is YAML keyed by design (docs/case-file.md), a Word draft is edited.
NOT_WORDS = {"import_template", "cooperation_export", "mou_draft_docx", "plan_docx"}
#: The pages the demo has something to show on, reached by following links (a new page that no link
#: reaches, or that the crawl stops reaching, is noticed here).
MUST_REACH = {
    "home",
    "dashboard",
    "national",
    "national_dashboard",
    "cooperation_list",
    "cooperation_detail",
    "cooperation_history",
    "cooperation_evaluation",
    "cooperation_obligations",
    "condition_checklist",
    "activity_list",
    "activity_detail",
    "document_detail",
    "partner_list",
    "country_list",
    "deadlines",
    "obligation_due_list",
    "capacity",
    "plan_list",
    "plan_edit",
    "mou_draft",
    "rule_pack_list",
    "rule_pack_detail",
    "report_list",
    "alert_list",
    "import_index",
    "export_list",
    "cooperation_edit",
    "document_edit",
    "activity_edit",
    "partner_edit",
    "evaluation_settings",
    "region_settings",
    "trash",
}


@pytest.fixture
def demo_world(ref_data, settings):
    call_command("demo", stdout=io.StringIO())
    return Region.objects.get(code="32.73")


#: The open data's column names and the codes its dictionary lists (forms, statuses).
OPEN_DATA_NAMES = {c.name for c in opendata.COLUMNS} | set(Cooperation.Form.values) | set(lifecycle.ORDER)


def _words() -> dict:
    """What the checks compare with: the catalogue's English labels, the region codes, the language names."""
    codes = sorted(Region.objects.values_list("code", flat=True), key=len, reverse=True)
    return {
        "labels": _english_labels(),
        "codes": re.compile("|".join(r"(?<![\d.])" + re.escape(c) + r"(?![\d.])" for c in codes) or "$^"),
        # The language menu names each language in its own words ("English" on an Indonesian page).
        "allowed": {str(name) for _code, name in settings.LANGUAGES}
        | {"English", "Bahasa Indonesia"}
        | OPEN_DATA_NAMES,
        # The open data's column names and codes are its published schema, described on /data/
        # (kembar/public/opendata.py), and a licence has a version in its name.
        "names": re.compile(
            "|".join(r"\b" + re.escape(name) + r"\b" for name in OPEN_DATA_NAMES)
            + r"|\b(?:CC BY|Attribution|Atribusi) 4\.0\b"
        ),
    }


def _english_labels() -> dict[str, str]:
    """Every msgid of the catalogue whose Indonesian text differs: seen as it stands on an Indonesian page, it
    was not translated."""
    labels = {}
    for entry in polib.pofile(str(PO)):
        if entry.obsolete or entry.fuzzy or entry.msgctxt or not entry.msgstr or entry.msgstr == entry.msgid:
            continue  # a guess not yet in use, a word of one context, or the same in both languages
        if "%" in entry.msgid:
            continue
        if len(entry.msgid) < 4 or not re.search(r"[a-z]", entry.msgid):
            continue  # "MoU", "PKS", "LoI": the same word in both languages
        labels[entry.msgid] = entry.msgstr
    return labels


def _visible_nodes(body: str) -> list[str]:
    """The page's text nodes as a reader sees them: no scripts, styles, templates, comments or attributes, and
    no text marked as written in another language than the page's (`lang`: a source recorded in Indonesian
    on an English page is quoted as written, its numbers too)."""
    tree = lxml_html.fromstring(body)
    # A textarea holds what a person typed (a term "name: text" per line), not a label.
    for bad in tree.xpath("//script|//style|//template|//noscript|//textarea|//comment()"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    page = (tree.get("lang") or tree.xpath("string(/html/@lang)") or "")[:2]
    for other in tree.xpath("//body//*[@lang]"):
        if page and other.get("lang", "")[:2] != page:
            other.drop_tree()
    nodes = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for text in (el.text, el.tail):
            if text and text.strip():
                nodes.append(" ".join(text.split()))
    return nodes


def _problems(where: str, texts: list[str], lang: str, words: dict, *, wrapped: bool = False) -> list[str]:
    """What a reader of `texts` should not see. `words`: the catalogue's English labels and what is allowed.
    `wrapped`: the texts are a PDF's lines, where one English word of a recorded text may stand alone."""
    found = []
    whole = "\n".join(texts)
    for m in FORBIDDEN.finditer(whole):
        found.append(f"{where}: developer word {whole[max(0, m.start() - 40) : m.end() + 40]!r}")
    plain = words["names"].sub(" ", URLISH.sub(" ", whole))
    for m in SNAKE.finditer(plain):
        found.append(f"{where}: internal key {m.group()!r}")
    for m in SLUG_MARK.finditer(plain):
        found.append(f"{where}: a key as a citation mark {m.group()!r}")
    plain = words["codes"].sub(" ", plain)  # a region's code (32.73) is a code, not a number
    plain = QUOTED_FIGURE.sub(" ", plain)
    plain = TIME_OF_DAY.sub(" ", plain)  # "6 Desember 2026 11.24": Indonesian writes the time with a point
    for m in (ENGLISH_DECIMAL if lang == "id" else INDONESIAN_DECIMAL).finditer(plain):
        found.append(f"{where}: number {m.group()!r} not written the {lang} way")
    if lang == "id":
        for seen in SEEN_IN_ENGLISH:
            if seen in whole:
                found.append(f"{where}: English {seen!r} on an Indonesian page")
        for text in texts:
            if text in words["labels"] and text not in words["allowed"] and (" " in text or not wrapped):
                found.append(f"{where}: untranslated {text!r} (Indonesian: {words['labels'][text]!r})")
    return found


def _crawl(client, lang: str, words: dict, seen: set, problems: list[str], *, each_cooperation: bool) -> set[str]:
    """Every page reachable by links from the home page, its problems appended to `problems`; the URL names
    reached. A page type is read once per cooperation (`each_cooperation`) or once; `seen` keeps what was."""
    client.cookies["django_language"] = lang
    queue, done, names = ["/"], set(), set()
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in done:
            continue
        done.add(path)
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name in NOT_WORDS:
            continue
        per_cooperation = each_cooperation and match.url_name in READ_PER_COOPERATION
        key = (lang, match.url_name, match.kwargs.get("ref") if per_cooperation else None)
        if key in seen and url != "/":
            continue
        seen.add(key)
        names.add(match.url_name)
        response = client.get(url, follow=path == "/")
        assert response.status_code == 200, (lang, url, response.status_code)
        kind = response.get("Content-Type", "")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if "text/html" not in kind:
            if path.startswith("/data/"):
                continue  # open data: machine-readable, codes beside their words by design (described on /data/)
            problems += _problems(f"{lang} {url}", _file_texts(content, kind), lang, words)
            continue
        body = content.decode()
        problems += _problems(f"{lang} {url}", _visible_nodes(body), lang, words)
        for href in lxml_html.fromstring(body).xpath("//a/@href"):
            parts = urlsplit(href)
            if not (parts.scheme or parts.netloc) and parts.path.startswith("/") and not parts.path.startswith(SKIP):
                queue.append(href.split("#")[0])
    return names


def _file_texts(content: bytes, kind: str) -> list[str]:
    if "pdf" in kind:
        return [line.strip() for line in pdf_text(content).splitlines() if line.strip()]
    if "spreadsheet" in kind:
        book = read_xlsx(content)
        # A number cell is shown the reader's way by the spreadsheet program: only texts are Kembar's words.
        return [
            v
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if isinstance(v, str)
        ]
    if "csv" in kind:
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
        return [v for row in rows for v in row if v]
    return []  # a case file (YAML, keys by design), a calendar, a Word file, an uploaded file


def test_every_page_of_every_role_speaks_to_people(client, demo_world):
    words = _words()
    problems: list[str] = []
    reached: set[str] = set()
    seen_by_group: dict[str, set] = {}
    for username, group, each_cooperation in ROLES:
        client.force_login(User.objects.get(username=username))
        seen = seen_by_group.setdefault(group, set())
        for lang in ("id", "en"):
            reached |= _crawl(client, lang, words, seen, problems, each_cooperation=each_cooperation)
    problems = sorted(set(problems))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # Every kind of page the demo has something to show on was reached (and so read), the exports too.
    assert reached >= MUST_REACH, sorted(MUST_REACH - reached)


def test_the_annual_report_speaks_to_people(demo_world):
    words = _words()
    year = timezone.localdate().year
    problems = []
    for fmt, kind in (("pdf", "application/pdf"), ("xlsx", "spreadsheet")):
        content = build_bytes(region=demo_world, year=year, format=fmt)
        problems += _problems(f"annual report {fmt}", _file_texts(content, kind), "id", words, wrapped=fmt == "pdf")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_calendar_feed_speaks_to_people(client, demo_world, lang):
    """The deadlines a calendar app shows (summary and description of each event), in the user's language."""
    from icalendar import Calendar

    from kembar.alerts.services import feed_token_create, preference_set

    user = User.objects.get(username="bandung-staf")
    preference_set(user=user, language=lang, email=False)
    response = client.get(reverse("alert_feed_ics", args=[feed_token_create(user=user)]))
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert events, "the demo has deadlines"
    texts = [str(e.get(k)) for e in events for k in ("SUMMARY", "DESCRIPTION") if e.get(k)]
    problems = _problems(f"calendar feed ({lang})", texts, lang, _words())
    assert not problems, "\n".join(problems)


def test_keys_and_reasons_read_as_words():
    from django.utils import translation

    from kembar.core.words import change_reason, key_label

    with translation.override("id"):
        assert key_label("partner_choice") == "Pemilihan mitra"
        assert key_label("duration_stated") == "Tujuan dan jangka waktu dinyatakan"
        assert change_reason("created") == "dibuat"
        assert change_reason("case file bandung-liuzhou.yaml") == "diimpor dari berkas kasus"
        assert change_reason("version 2") == "versi 2"
    with translation.override("en"):
        assert key_label("joint_working_group") == "Joint working group"
        assert key_label("study_tour_abroad") == "Study tour abroad"  # a key nobody labelled: its words
        assert key_label("Pendanaan bersama") == "Pendanaan bersama"  # already words
        # A person's own words stay theirs; the service's words around them are translated.
        assert change_reason("procedure: sent back perencanaan — dokumen kurang") == (
            "procedure: sent back perencanaan — dokumen kurang"
        )
