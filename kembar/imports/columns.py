"""What an import file may say: its columns, how headers are guessed, how each cell is read,
and the rules each row must meet (no database: lookups arrive as plain dicts and sets).

The activity rules are those of kembar/cooperations/activities.py (`activity_problems`), the
same the forms, the services and the case-file reader apply, so every door refuses alike.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.cooperations import activities as rules
from kembar.core.dates import DateError, DateSpec, parse_input
from kembar.core.params import typed

from .reading import ErrorValue, UnsavedFormula

COOPERATIONS, ACTIVITIES = "cooperations", "activities"


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy text
    required: bool = False
    aliases: tuple[str, ...] = ()  # header names in Indonesian and English, any case or punctuation
    help: object = ""
    example: object = ""


def _c(key, label, *aliases, required=False, help="", example=""):
    return Column(key, label, required, (key, *aliases), help, example)


COOPERATION_COLUMNS = (
    _c(
        "ref",
        gettext_lazy("Reference"),
        "ref",
        "kode",
        "referensi",
        "nomor",
        "no ref",
        help=gettext_lazy("Optional; made from the title when empty. Letters, digits and dashes."),
        example="bandung-liuzhou",
    ),
    _c(
        "title",
        gettext_lazy("Title"),
        "judul",
        "nama kerja sama",
        "judul kerja sama",
        "kerja sama",
        "cooperation",
        required=True,
        example="Kerja sama Kota Bandung – Kota Liuzhou",
    ),
    _c(
        "partner",
        gettext_lazy("Partner"),
        "mitra",
        "nama mitra",
        "mitra asing",
        "partner name",
        "pihak asing",
        required=True,
        help=gettext_lazy("A partner not yet in Kembar is created on commit."),
        example="Liuzhou",
    ),
    _c(
        "partner_local",
        gettext_lazy("Partner name in local script"),
        "nama lokal",
        "nama mitra lokal",
        "local name",
        example="柳州市",
    ),
    _c(
        "country",
        gettext_lazy("Country"),
        "negara",
        "negara mitra",
        "partner country",
        required=True,
        help=gettext_lazy("Name in Indonesian or English, or ISO code (CN, CHN)."),
        example="Tiongkok",
    ),
    _c(
        "type",
        gettext_lazy("Type"),
        "jenis",
        "tipe",
        "jenis kerja sama",
        required=True,
        help="KSDPL, KSDLL",
        example="KSDPL",
    ),
    _c(
        "form",
        gettext_lazy("Form"),
        "bentuk",
        "bentuk kerja sama",
        help="sister_city, sister_province, other, institution",
        example="sister_city",
    ),
    _c(
        "partner_level",
        gettext_lazy("Partner level"),
        "tingkat mitra",
        "level",
        "tingkat",
        help=gettext_lazy("province, city, regency or institution; from the form when empty."),
        example="city",
    ),
    _c(
        "status",
        gettext_lazy("Status"),
        "status kerja sama",
        "keadaan",
        help="idea, in_preparation, active, dormant, expired, ended, unknown",
        example="active",
    ),
    _c(
        "started",
        gettext_lazy("Start"),
        "mulai",
        "tanggal mulai",
        "tanggal",
        "date",
        "start date",
        "tanggal ttd",
        "tanggal penandatanganan",
        example="2019-10",
    ),
    _c("ends", gettext_lazy("End"), "berakhir", "tanggal berakhir", "selesai", "end date", "expiry", example=""),
    _c(
        "fields",
        gettext_lazy("Fields of cooperation"),
        "bidang",
        "bidang kerja sama",
        "fields",
        help=gettext_lazy("Separated by semicolons."),
        example="pendidikan; pariwisata",
    ),
    _c("person_in_charge", gettext_lazy("Person in charge"), "penanggung jawab", "pic", "pj", example="Bagian KSLN"),
    _c("goals", gettext_lazy("Goals"), "tujuan", "maksud dan tujuan", "objectives", example=""),
    _c("legal_basis", gettext_lazy("Legal basis"), "dasar hukum", example=""),
)

ACTIVITY_COLUMNS = (
    _c(
        "cooperation",
        gettext_lazy("Cooperation"),
        "kerja sama",
        "kerjasama",
        "ref kerja sama",
        "judul kerja sama",
        required=True,
        help=gettext_lazy("The cooperation's reference or exact title."),
        example="bandung-liuzhou",
    ),
    _c(
        "date", gettext_lazy("Date"), "tanggal", "tanggal kegiatan", "waktu", "tgl", required=True, example="2019-10-05"
    ),
    _c("end", gettext_lazy("End date"), "tanggal selesai", "sampai", "selesai", "end", example=""),
    _c(
        "title",
        gettext_lazy("Title"),
        "judul",
        "kegiatan",
        "nama kegiatan",
        "uraian",
        "what happened",
        "activity",
        required=True,
        example="Kunjungan delegasi Liuzhou",
    ),
    _c(
        "kind",
        gettext_lazy("Kind"),
        "jenis",
        "jenis kegiatan",
        "type",
        help=", ".join(rules.KINDS),
        example="delegation_visit",
    ),
    _c("field", gettext_lazy("Field"), "bidang", example="pendidikan"),
    _c("host", gettext_lazy("Host"), "tuan rumah", "tempat", help=", ".join(rules.HOSTS), example="region"),
    _c(
        "initiated_by",
        gettext_lazy("Initiated by"),
        "inisiator",
        "diprakarsai oleh",
        "prakarsa",
        help=", ".join(rules.INITIATORS),
        example="partner",
    ),
    _c(
        "beneficiary",
        gettext_lazy("Beneficiary"),
        "penerima manfaat",
        "manfaat",
        help=", ".join(rules.SIDES),
        example="both",
    ),
    _c(
        "participants",
        gettext_lazy("Sectors taking part"),
        "peserta",
        "sektor",
        "sectors",
        # Worked out when shown, in the reader's language (a lazy text's % is worked out at once, at import).
        help=lazy(lambda: _("Separated by semicolons: %(sectors)s") % {"sectors": ", ".join(rules.SECTORS)}, str)(),
        example="government; education",
    ),
    _c(
        "community_in_planning",
        gettext_lazy("Community in planning"),
        "masyarakat dalam perencanaan",
        "pelibatan masyarakat",
        help=gettext_lazy("yes / no (ya / tidak), empty when not known"),
        example="ya",
    ),
    _c(
        "budget_region",
        gettext_lazy("Budget of the region"),
        "anggaran daerah",
        "anggaran",
        "biaya",
        "budget",
        example="15000000",
    ),
    _c("budget_partner", gettext_lazy("Budget of the partner"), "anggaran mitra", "biaya mitra", example=""),
    _c("currency", gettext_lazy("Currency"), "mata uang", "kurs", help="ISO 4217 (IDR, CNY, USD…)", example="IDR"),
    _c(
        "outcomes",
        gettext_lazy("Outcomes"),
        "hasil",
        "capaian",
        "keluaran",
        help=gettext_lazy("Separated by semicolons; “direct: …” or “indirect: …”."),
        example="direct: MoU pendidikan",
    ),
)

COLUMNS = {COOPERATIONS: COOPERATION_COLUMNS, ACTIVITIES: ACTIVITY_COLUMNS}


def normalise(text) -> str:
    """Header or name for matching: no accents, lower case, words separated by one space."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, int | None]:
    """Column key → index of the header that names it (exact alias first, then a header that contains
    one), each header used once. Labels in both languages count as aliases."""
    names = [normalise(h) for h in headers]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    columns = COLUMNS[kind]
    aliases = {}
    for col in columns:
        found = {normalise(a) for a in col.aliases}
        for lang in ("en", "id"):
            with translation.override(lang):
                found.add(normalise(str(col.label)))
        aliases[col.key] = found
    for exact in (True, False):
        for col in columns:
            if mapping.get(col.key) is not None:
                continue
            for i, name in enumerate(names):
                if i in used or not name:
                    continue
                if name in aliases[col.key] or (
                    not exact and any(len(a) > 3 and f" {a} " in f" {name} " for a in aliases[col.key])
                ):
                    mapping[col.key] = i
                    used.add(i)
                    break
    return {col.key: mapping.get(col.key) for col in columns}


def mapping_problems(kind: str, mapping: dict, n_headers: int) -> list[str]:
    """Missing required columns and columns mapped twice, as messages."""
    problems = []
    seen: dict[int, str] = {}
    for col in COLUMNS[kind]:
        index = mapping.get(col.key)
        if index is None:
            if col.required:
                problems.append(
                    _("The required column “%(column)s” is not in the file or not chosen.") % {"column": col.label}
                )
            continue
        if not 0 <= index < n_headers:
            problems.append(_("Column “%(column)s” points to a column the file does not have.") % {"column": col.label})
        elif index in seen:
            problems.append(
                _("“%(a)s” and “%(b)s” are read from the same column.") % {"a": seen[index], "b": col.label}
            )
        else:
            seen[index] = str(col.label)
    return problems


# --- Cell readers --------------------------------------------------------------------------

_DMY = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")
_MY = re.compile(r"^(?P<m>\d{1,2})/(?P<y>\d{4})$")
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00(\.0+)?)?$")
#: Excel serial day numbers Kembar reads as dates (1954–2119); smaller integers are years.
_SERIAL = range(20000, 80000)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_date(value) -> DateSpec | None:
    """An Excel date cell or serial number, or any date a form reads (dates.parse_input: "31/12/2024",
    "Sept 2006", "2006-09-21"…); kept at the precision given. Raises DateError with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return DateSpec.parse(value.date() if isinstance(value, dt.datetime) else value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if value in _SERIAL:
            from openpyxl.utils.datetime import from_excel

            return DateSpec.parse(from_excel(value).date())
        return DateSpec.parse(value)
    if isinstance(value, float):
        raise DateError(_("“%(value)s” is not a date.") % {"value": value})
    raw = str(value).strip()
    if m := _MIDNIGHT.match(raw):
        raw = m.group(1)
    if m := _DMY.match(raw):
        # PartialDate says why a day cannot be (“2019-02-31 does not exist: that month has 28 days.”).
        return DateSpec.parse(f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}")
    if m := _MY.match(raw):
        return DateSpec.parse(f"{int(m['y']):04d}-{int(m['m']):02d}")
    if raw.isascii() and raw.isdigit() and int(raw) in _SERIAL:
        return read_date(int(raw))
    # What a form reads too: "21 September 2006", "Sept 2006", "31/12/2024", a bounded range; refused with why.
    return parse_input(raw)


def read_decimal(value) -> Decimal | None:
    """A number cell, or text like 15000000, 15.000.000, 1.500.000,50, 1,500,000.50, Rp 2.000."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return rules.to_decimal(value)
    raw = re.sub(r"(?i)^(rp\.?|idr)\s*", "", str(value).strip()).replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        raw = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif dots > 1:
        raw = raw.replace(".", "")
    elif commas > 1:
        raw = raw.replace(",", "")
    elif commas == 1:
        raw = raw.replace(",", ".")
    return rules.to_decimal(raw)


_YES = {"ya", "yes", "y", "true", "benar", "1", "iya"}
_NO = {"tidak", "no", "n", "false", "salah", "0", "tdk", "bukan"}
_UNKNOWN = {"", "tidak diketahui", "unknown", "not known", "-", "?"}


def read_bool(value):
    """True / False / None (not known); raises ValueError when it is none of these."""
    if isinstance(value, bool):
        return value
    raw = normalise(text(value)) if text(value) not in ("-", "?") else text(value)
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    if raw in _UNKNOWN:
        return None
    raise ValueError(_("“%(value)s” is not yes or no (ya / tidak).") % {"value": text(value)})


def read_list(value, *, commas: bool = False) -> list[str]:
    raw = text(value)
    parts = re.split(r"[;\n]" if not commas else r"[;\n,]", raw)
    return [p.strip() for p in parts if p.strip()]


def choice(value, choices: dict[str, object]) -> str:
    """A code from `choices` (code → lazy label), given as the code or its label in en/id."""
    raw = text(value)
    if not raw:
        return ""
    if raw in choices:
        return raw
    wanted = normalise(raw)
    for code, label in choices.items():
        if wanted in (normalise(code), normalise(code.replace("_", " "))):
            return code
        for lang in ("en", "id"):
            with translation.override(lang):
                if wanted == normalise(str(label)):
                    return code
    raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": raw, "allowed": ", ".join(choices)})


# --- Rows ----------------------------------------------------------------------------------


@dataclass
class Context:
    """What the rows are checked against, read from the database once per import."""

    countries: dict[str, str] = field(default_factory=dict)  # normalised name or code → ISO alpha-2
    existing_refs: set[str] = field(default_factory=set)
    existing_titles: dict[str, str] = field(default_factory=dict)  # normalised title → ref
    cooperations: dict[str, int] = field(default_factory=dict)  # ref or normalised title → pk
    existing_activities: set[tuple[int, str, str]] = field(default_factory=set)  # (coop pk, date, title)
    today: dt.date | None = None


@dataclass
class RowResult:
    number: int
    values: dict
    errors: list[tuple[str, str]]  # (column key or "", message)


def cell(row: tuple, mapping: dict, key: str):
    index = mapping.get(key)
    if index is None or index >= len(row):
        return None
    return row[index]


def _required(errors, key, value, label):
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        errors.append((key, _("%(column)s is required.") % {"column": label}))
        return False
    return True


_LABELS = {kind: {c.key: c.label for c in columns} for kind, columns in COLUMNS.items()}


def _labels(kind):
    return _LABELS[kind]


def check_cooperation(number: int, row: tuple, mapping: dict, ctx: Context, seen: dict) -> RowResult:
    """One cooperation row → its model values (with `partner_*` for the partner) and its problems."""
    from kembar.cooperations.models import Cooperation
    from kembar.partners.models import Partner

    labels = _labels(COOPERATIONS)
    errors: list[tuple[str, str]] = []
    get = lambda key: cell(row, mapping, key)  # noqa: E731
    values: dict = {}
    for key in ("title", "partner", "country", "type"):
        _required(errors, key, text(get(key)), labels[key])
    values["title"] = text(get("title"))[:300]
    if len(text(get("title"))) > 300:
        errors.append(("title", _("The title is longer than 300 characters.")))
    values["partner_name"] = text(get("partner"))[:200]
    values["partner_local"] = text(get("partner_local"))[:200]
    country = text(get("country"))
    if country:
        code = ctx.countries.get(normalise(country)) or ctx.countries.get(country.upper())
        if code is None:
            errors.append(
                ("country", _("Unknown country “%(value)s”: give its name or ISO code.") % {"value": country})
            )
        values["country"] = code
    for key, choices in (("type", Cooperation.Type), ("form", Cooperation.Form), ("status", Cooperation.Status)):
        try:
            values[key] = choice(get(key), dict(choices.choices)) if key != "type" else _type(get(key))
        except ValueError as exc:
            errors.append((key, str(exc)))
    values["form"] = values.get("form") or (
        Cooperation.Form.INSTITUTION if values.get("type") == "KSDLL" else Cooperation.Form.OTHER
    )
    values["status"] = values.get("status") or Cooperation.Status.UNKNOWN
    try:
        level = choice(get("partner_level"), dict(Partner.Level.choices))
    except ValueError as exc:
        errors.append(("partner_level", str(exc)))
        level = ""
    if not level:
        level = {"sister_city": "city", "sister_province": "province", "institution": "institution"}.get(
            values["form"], ""
        )
        if values.get("type") == "KSDLL":
            level = "institution"
    values["partner_level"] = level
    values["partner_kind"] = "institution" if values.get("type") == "KSDLL" else "local_government"
    for key in ("started", "ends"):
        try:
            values[key] = read_date(get(key))
        except DateError as exc:
            errors.append((key, str(exc)))
    if values.get("started") and values.get("ends"):
        if values["ends"].latest() < values["started"].earliest():
            errors.append(
                (
                    "ends",
                    _("The end (%(end)s) is before the start (%(start)s).")
                    % {"end": values["ends"], "start": values["started"]},
                )
            )
    values["fields"] = read_list(get("fields"))
    for key, limit in (("person_in_charge", 200), ("goals", None), ("legal_basis", None)):
        values[key] = text(get(key))[:limit] if limit else text(get(key))
    ref = text(get("ref"))
    if ref and slugify(ref) != ref.lower():
        errors.append(("ref", _("“%(value)s” is not a reference: use letters, digits and dashes.") % {"value": ref}))
    values["ref"] = ref.lower()[:80]
    # Duplicates: within the file, then against the region's cooperations.
    title_key = normalise(values["title"])
    if values["ref"] and values["ref"] in seen.get("refs", {}):
        errors.append(("ref", _("Duplicate of row %(row)s (same reference).") % {"row": seen["refs"][values["ref"]]}))
    elif title_key and title_key in seen.get("titles", {}):
        errors.append(("title", _("Duplicate of row %(row)s (same title).") % {"row": seen["titles"][title_key]}))
    if values["ref"] and values["ref"] in ctx.existing_refs:
        errors.append(("ref", _("A cooperation with reference “%(ref)s” already exists.") % {"ref": values["ref"]}))
    elif title_key and title_key in ctx.existing_titles:
        errors.append(
            (
                "title",
                _("A cooperation with this title already exists (%(ref)s).") % {"ref": ctx.existing_titles[title_key]},
            )
        )
    if values["ref"]:
        seen.setdefault("refs", {}).setdefault(values["ref"], number)
    if title_key:
        seen.setdefault("titles", {}).setdefault(title_key, number)
    if values.get("country") and values["partner_name"] and not level:
        errors.append(("partner_level", _("Give the partner's level (province, city, regency or institution).")))
    return RowResult(number, values, errors)


def _type(value) -> str:
    raw = text(value).upper().replace(" ", "")
    if not raw:
        return ""
    for code in ("KSDPL", "KSDLL"):
        if raw.startswith(code):
            return code
    raise ValueError(_("“%(value)s” is not KSDPL or KSDLL.") % {"value": text(value)})


_ACTIVITY_CHOICES = (
    ("kind", rules.KINDS),
    ("host", {h: rules.SIDE_LABELS[h] for h in rules.HOSTS}),
    ("initiated_by", {s: rules.SIDE_LABELS[s] for s in rules.INITIATORS}),
    ("beneficiary", {s: rules.SIDE_LABELS[s] for s in rules.SIDES}),
)


def check_activity(number: int, row: tuple, mapping: dict, ctx: Context, seen: dict) -> RowResult:
    """One activity row → the keyword arguments of `activity_create` (plus `cooperation_id`) and its problems."""
    labels = _labels(ACTIVITIES)
    errors: list[tuple[str, str]] = []
    get = lambda key: cell(row, mapping, key)  # noqa: E731
    values: dict = {}
    coop = text(get("cooperation"))
    if _required(errors, "cooperation", coop, labels["cooperation"]):
        pk = ctx.cooperations.get(coop.lower()) or ctx.cooperations.get(normalise(coop))
        if pk is None:
            errors.append(
                (
                    "cooperation",
                    _("No cooperation of this region has the reference or title “%(value)s”.") % {"value": coop},
                )
            )
        values["cooperation_id"] = pk
    values["title"] = text(get("title"))
    _required(errors, "title", values["title"], labels["title"])
    raw_date = get("date")
    for key in ("date", "end"):
        try:
            values[key] = read_date(get(key))
        except DateError as exc:
            errors.append((key, str(exc)))
    if "date" in values and values["date"] is None:
        _required(errors, "date", raw_date, labels["date"])
    for key, choices in _ACTIVITY_CHOICES:
        try:
            values[key] = choice(get(key), choices)
        except ValueError as exc:
            errors.append((key, str(exc)))
    values["field"] = text(get("field"))[:200]
    participants = []
    for item in read_list(get("participants"), commas=True):
        try:
            participants.append(choice(item, rules.SECTOR_LABELS))
        except ValueError:
            participants.append(item)  # activity_problems names it
    values["participants"] = participants
    try:
        values["community_in_planning"] = read_bool(get("community_in_planning"))
    except ValueError as exc:
        errors.append(("community_in_planning", str(exc)))
    for key in ("budget_region", "budget_partner"):
        raw = get(key)
        number_ = read_decimal(raw)
        if number_ is None and text(raw):
            errors.append((key, _("The budget must be a number.")))
        values[key] = number_
    currency = text(get("currency")).upper()
    has_budget = values.get("budget_region") is not None or values.get("budget_partner") is not None
    values["currency"] = currency or (rules.DEFAULT_CURRENCY if has_budget else "")
    values["outcomes"] = rules.outcomes_from_lines(read_list(get("outcomes")))
    problems = rules.activity_problems(
        date=values.get("date"),
        end=values.get("end"),
        participants=values["participants"],
        budget_region=values.get("budget_region"),
        budget_partner=values.get("budget_partner"),
        currency=values["currency"],
        today=ctx.today,
    )
    reported = {k for k, _m in errors}
    errors += [(k, str(m)) for k, m in problems.items() if k not in reported]
    if values.get("cooperation_id") and values["title"] and values.get("date"):
        key = (values["cooperation_id"], str(values["date"]), normalise(values["title"]))
        if key in seen:
            errors.append(
                ("title", _("Duplicate of row %(row)s (same cooperation, date and title).") % {"row": seen[key]})
            )
        elif key in ctx.existing_activities:
            errors.append(("title", _("This activity (same date and title) is already recorded for the cooperation.")))
        seen.setdefault(key, number)
    return RowResult(number, values, errors)


def cell_problem(value) -> str | None:
    """What makes a cell unfit to import whatever its column: a formula without its result, an error value, text
    with a control character (the records refuse it: core.params.typed). None when it is fit as a cell."""
    if isinstance(value, UnsavedFormula):
        return _(
            "The cell holds a formula (%(formula)s) whose result is not saved in the file: open the file in Excel "
            "or LibreOffice, save it again and upload it."
        ) % {"formula": value}
    if isinstance(value, ErrorValue):
        return _("The cell shows an error (%(error)s): correct it in the spreadsheet and upload the file again.") % {
            "error": value
        }
    try:
        typed(value)
    except ValidationError as refused:
        return refused.messages[0]
    return None


def _cells_first(check):
    """`check`, with each mapped cell looked at first: a cell unfit to import is the problem of its column (said
    once, instead of whatever reading it further would say), found by the check as by the import."""

    def checked(number: int, row: tuple, mapping: dict, ctx: Context, seen: dict) -> RowResult:
        result = check(number, row, mapping, ctx, seen)
        problems = {key: p for key in mapping if (p := cell_problem(cell(row, mapping, key)))}
        if problems:
            result.errors = [(k, m) for k, m in result.errors if k not in problems] + list(problems.items())
        return result

    return checked


CHECKS = {COOPERATIONS: _cells_first(check_cooperation), ACTIVITIES: _cells_first(check_activity)}
