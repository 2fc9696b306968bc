"""Case-file formats 1 and 2: what a case file may contain, and reading one without the database.

`parse` checks a file on its own (YAML syntax, keys, types, enumerations, dates, source
references) and returns a `CaseData` whose values are ready for the models. Every problem is
reported as ``FILE:LINE: PATH: MESSAGE``, and all of them are collected, not just the first.
The YAML loader records the line of every mapping, key and list item for those messages.
The format is documented in docs/case-file.md; importing and exporting are in casefile.py.

A case file is read within limits (docs/case-file.md, "Limits"): its size before it is parsed
(KEMBAR_CASE_FILE_MAX_KB), no YAML anchors or aliases (a few KB of nested aliases expand to gigabytes),
a bounded nesting depth, and every text and list anywhere in it (KEMBAR_CASE_FILE_MAX_TEXT,
KEMBAR_CASE_FILE_MAX_ITEMS), each problem naming the field.

Format 2 adds to format 1 a recorded status with its date and basis (`cooperation.status` as a mapping) and
the procedure's stage records (`procedure:`); a format 1 file reads as it always did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

import yaml
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _

from kembar.core.dates import DateError, DateSpec
from kembar.core.fields import DateSpecField
from kembar.partners.models import Partner
from kembar.regions.models import RegionProfile

from .activities import activity_problems, to_decimal
from .models import Activity, Cooperation, Document, DocumentKind, Event, Finding, Obligation, Source

#: The formats this Kembar reads, and the latest (what an export writes when the dossier needs it).
FORMATS = (1, 2)
FORMAT = FORMATS[-1]


class CaseFileError(Exception):
    """One or more problems in case files; `messages` holds every one, each naming file, line and field."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


# --- YAML with line numbers ---------------------------------------------------------------


class LineDict(dict):
    """A YAML mapping that remembers its own line and each key's line (1-based)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 1
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that remembers its own line and each item's line (1-based)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = 1
        self.item_lines: list[int] = []


#: Mappings and lists inside one another deeper than this are refused (a case file needs five levels).
MAX_DEPTH = 20


class _Refused(yaml.composer.ComposerError):
    """A YAML construct a case file may not use; `problem` says which, in the reader's language."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (nested aliases expand a few KB into gigabytes: the
    "billion laughs") and nesting deeper than MAX_DEPTH, as the events arrive, before anything is built."""

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                problem=_("anchors (&) and aliases (*) are not allowed in a case file: write each value out"),
                problem_mark=event.start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(
                    problem=_("lists and mappings are nested more than %(n)s deep") % {"n": MAX_DEPTH},
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    seen = set()
    for key_node, _value in node.value:  # PyYAML silently keeps the last of two equal keys: we report it
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in seen:
                loader.duplicates.append((key_node.start_mark.line + 1, key_node.value))
            seen.add(key_node.value)
    loader.flatten_mapping(node)
    data = LineDict()
    data.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
            ) from exc
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    data = LineList(loader.construct_object(child, deep=True) for child in node.value)
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    return data


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        # An impossible date such as 2019-02-30: keep the text; the date check reports it with its line.
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


# --- What a case file may contain ---------------------------------------------------------


@dataclass(frozen=True)
class Key:
    name: str
    # text slug url choice source country regioncode date int decimal coordinate bool strlist maplist outcomes mapping
    # counts
    # ignore
    kind: str = "text"
    attr: str = ""  # model attribute, when it differs from the name
    required: bool = False
    choices: tuple[str, ...] = ()
    model: type[models.Model] | None = None  # whose field limits the length, when not the section's

    @property
    def target(self) -> str:
        return self.attr or self.name


@dataclass(frozen=True)
class Section:
    model: type[models.Model] | None
    keys: tuple[Key, ...]
    extra: bool = False  # unknown keys are kept in the model's `extra` JSON instead of being errors


def _required(model: type[models.Model], name: str) -> bool:
    return not model._meta.get_field(name).blank


SOURCE = Section(
    Source,
    (Key("id", "slug", attr="key", required=True), Key("cite", required=True), Key("seed"), Key("url", "url")),
)
BUREAU = Section(
    RegionProfile,
    (
        Key("unit", attr="bureau_unit"),
        Key("established", "int", attr="bureau_established"),
        Key("staff", "int", attr="bureau_staff"),
        Key("as_of", "date", attr="bureau_as_of"),
    ),
)
PORTFOLIO = Section(
    RegionProfile,
    (Key("as_of", "date", attr="portfolio_as_of"), Key("counts", "counts", attr="portfolio_counts")),
)
REGION = Section(
    None,
    (
        Key("code", "regioncode", required=True),
        Key("name"),
        Key("bureau", "ignore"),
        Key("portfolio", "ignore"),
        Key("source", "source"),
    ),
)
PARTNER = Section(
    Partner,
    (
        Key("name", required=True),
        Key("name_local"),
        Key("country", "country", attr="country_id", required=True),
        Key("kind", "choice", required=True, choices=tuple(Partner.Kind.values)),
        Key("level", "choice", required=True, choices=tuple(Partner.Level.values)),
        Key("admin_region"),
        Key("latitude", "coordinate"),
        Key("longitude", "coordinate"),
        Key("contacts"),
        Key("note"),
    ),
)
COOPERATION = Section(
    Cooperation,
    (
        Key("title", required=True),
        Key("type", "choice", required=True, choices=tuple(Cooperation.Type.values)),
        Key("form", "choice", required=True, choices=tuple(Cooperation.Form.values)),
        Key("rule_pack"),
        Key("legal_basis"),
        Key("fields", "strlist"),
        Key("goals"),
        Key("terms", "mapping"),
        Key("person_in_charge"),
        Key("started", "date"),
        Key("ends", "date"),
        Key("status", "choice", choices=tuple(Cooperation.Status.values)),
    ),
    extra=True,
)
#: Format 2: a recorded status with when it took effect and what says so (`cooperation.status` as a mapping).
STATUS = Section(
    Cooperation,
    (
        Key("value", "choice", attr="status", required=True, choices=tuple(Cooperation.Status.values)),
        Key("date", "date", attr="status_date"),
        Key("basis", attr="status_basis"),
    ),
)
#: Format 2: the procedure's stage records, in order (replayed on the cooperation's rule pack).
STAGE_ACTIONS = ("complete", "send_back")
STAGE = Section(
    None,
    (
        Key("stage", "slug", required=True),
        Key("action", "choice", choices=STAGE_ACTIONS),
        Key("date", "date"),
        Key("justification"),
        Key("source", "source"),
    ),
)
DOCUMENT_KEYS = ("signatories", "language", "summary")  # on an event, they describe its document
VALIDITY_KEYS = (("valid_from", "valid_from"), ("duration", "duration_months"), ("expires", "expires"))  # (key, field)
EVENT = Section(
    Event,
    (
        Key("date", "date", required=_required(Event, "date")),
        *((Key("end", "date"),) if any(f.name == "end" for f in Event._meta.fields) else ()),
        Key("kind", required=True),
        Key("document", "choice", attr="document_kind", choices=tuple(DocumentKind.values)),
        Key("title", required=True),
        Key("signatories", "maplist", model=Document),
        Key("language", model=Document),
        Key("summary", model=Document),
        Key("valid_from", "date", model=Document),
        Key("duration", "int", attr="duration_months", model=Document),
        Key("expires", "date", model=Document),
        Key("source", "source"),
    ),
)
OBLIGATION = Section(
    Obligation,
    (
        Key("kind", required=True),
        Key("text", required=True),
        Key("from", "date", attr="starts"),
        Key("recurrence"),
        Key("alternate_hosts", "bool"),
        Key("fulfilled", "bool"),
        Key("source", "source"),
    ),
    extra=True,
)
ACTIVITY = Section(
    Activity,
    (
        Key("date", "date", required=_required(Activity, "date")),
        Key("end", "date"),
        Key("title", required=True),
        Key("kind"),
        Key("field"),
        Key("host"),
        Key("initiated_by"),
        Key("beneficiary"),
        Key("participants", "strlist"),
        Key("community_in_planning", "bool"),
        Key("outcomes", "outcomes"),
        Key("participant_counts", "counts"),
        Key("budget_region", "decimal"),
        Key("budget_partner", "decimal"),
        Key("currency"),
        Key("source", "source"),
    ),
    extra=True,
)
FINDING = Section(Finding, (Key("topic", required=True), Key("text", required=True), Key("source", "source")))
DOCUMENT = Section(
    Document,
    (
        Key("kind", "choice", required=True, choices=tuple(DocumentKind.values)),
        Key("title", required=True),
        Key("date", "date"),
        Key("signatories", "maplist"),
        Key("language"),
        Key("summary"),
        Key("valid_from", "date"),
        Key("duration", "int", attr="duration_months"),
        Key("expires", "date"),
        Key("source", "source"),
        Key("files", "ignore"),  # written by export for information; files are uploaded, never imported
    ),
)
TOP_LEVEL = (
    "kembar_case",
    "id",
    "as_of",
    "sources",
    "region",
    "partner",
    "cooperation",
    "events",
    "obligations",
    "activities",
    "findings",
    "documents",
)
TOP_LEVEL_2 = (*TOP_LEVEL, "procedure")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
_BAD = object()


@dataclass
class CaseData:
    """A checked case file: values ready for the models (sources referenced by key)."""

    filename: str
    ref: str
    region_code: str
    region_name: str
    partner: dict
    cooperation: dict  # Cooperation fields, `as_of` and `extra` included
    profile: dict | None  # RegionProfile fields (`source` holds the citation), or None: leave it alone
    sources: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)  # `document`: dict of Document fields or None
    obligations: list[dict] = field(default_factory=list)
    activities: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # where the database-checked values are
    #: Format 2's stage records ({stage, action, date, justification, source, line}); None: the file has none,
    #: and the cooperation's stage records are left as they are.
    procedure: list[dict] | None = None
    version: int = FORMAT


def format_problem(filename: str, line: int | None, path: str, text: str) -> str:
    """The one shape of every problem report: ``FILE:LINE: PATH: MESSAGE`` (an editor can jump to it)."""
    values = {"file": filename, "line": line, "path": path, "message": text}
    if line is None:
        return _("%(file)s: %(message)s") % values
    if not path:
        return _("%(file)s:%(line)s: %(message)s") % values
    return _("%(file)s:%(line)s: %(path)s: %(message)s") % values


def _plain(value):
    """YAML values as JSON can store them: plain dicts and lists, dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _absent(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def quoted(value) -> str:
    return f"“{value}”"


class _Reader:
    """Walks one parsed file, collecting every problem and the values the models need."""

    def __init__(self, filename: str):
        self.filename = filename
        self.messages: list[str] = []
        self.source_ids: list[str] = []

    def error(self, line: int | None, path: str, message: str) -> None:
        self.messages.append(format_problem(self.filename, line, path, message))

    def section(self, data, path: str, section: Section, line: int) -> dict | None:
        if not isinstance(data, dict):
            self.error(line, path, _("expected a mapping of keys and values"))
            return None
        known = {k.name: k for k in section.keys}
        out: dict = {}
        extra: dict = {}
        for key in data:
            if key in known:
                continue
            if section.extra and isinstance(key, str):
                extra[key] = _plain(data[key])
            else:
                self.error(
                    data.line_of(key),
                    f"{path}.{key}",
                    _("unknown key; the keys here are: %(keys)s") % {"keys": ", ".join(known)},
                )
        for key in section.keys:
            if key.kind == "ignore":
                continue
            value = data.get(key.name)
            if _absent(value):
                if key.required:
                    self.error(data.key_lines.get(key.name, line), f"{path}.{key.name}", _("required"))
                elif section.model is not None:
                    out[key.target] = self.default(section.model, key)
                continue
            result = self.value(value, key, section.model, f"{path}.{key.name}", data.line_of(key.name))
            if result is not _BAD:
                out[key.target] = result
        if section.extra:
            out["extra"] = extra
        return out

    @staticmethod
    def default(model: type[models.Model], key: Key):
        if key.kind == "source" or key.attr == "document_kind":
            return None
        try:
            model_field = (key.model or model)._meta.get_field(key.target)
        except FieldDoesNotExist:
            return None
        value = model_field.get_default()
        return None if isinstance(model_field, DateSpecField) else value

    def value(self, value, key: Key, model, path: str, line: int):
        def bad(message: str):
            self.error(line, path, message)
            return _BAD

        kind = key.kind
        if kind == "date":
            try:
                return DateSpec.parse(value)
            except (DateError, TypeError) as exc:
                said = str(exc)
                return bad(said if isinstance(value, dict) or str(value) in said else f"{quoted(value)}: {said}")
        if kind == "regioncode" and not isinstance(value, str):
            return bad(_("write the code in quotes, as text: “%(example)s”") % {"example": "32.73"})
        if kind in ("text", "slug", "url", "choice", "source", "country", "regioncode"):
            if isinstance(value, dt.date):
                value = value.isoformat()
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                return bad(_("expected text"))
            text = str(value).strip()
            if kind == "slug" and not _SLUG.match(text):
                return bad(_("%(value)s: use only letters, digits, hyphens and underscores") % {"value": quoted(text)})
            if kind == "url":
                try:
                    URLValidator()(text)
                except ValidationError:
                    return bad(_("%(value)s is not a web address") % {"value": quoted(text)})
            if kind == "choice" and text not in key.choices:
                return bad(
                    _("%(value)s is not one of: %(choices)s")
                    % {"value": quoted(text), "choices": ", ".join(key.choices)}
                )
            if kind == "source" and text not in self.source_ids:
                declared = ", ".join(self.source_ids) or _("none")
                return bad(
                    _("%(value)s is not a source declared under sources: (declared: %(declared)s)")
                    % {"value": quoted(text), "declared": declared}
                )
            if kind == "country":
                text = text.upper()
                if not re.fullmatch(r"[A-Z]{2}", text):
                    return bad(_("%(value)s is not a two-letter ISO 3166 country code") % {"value": quoted(text)})
            limit = _max_length(key.model or model, key.target)
            if limit and len(text) > limit:
                return bad(
                    _("too long: %(length)s characters, at most %(limit)s") % {"length": len(text), "limit": limit}
                )
            return text
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                return bad(_("expected a whole number, 0 or more"))
            return value
        if kind == "decimal":
            number = to_decimal(value) if isinstance(value, int | float | str) else None
            if number is None:
                return bad(_("expected a number, e.g. 25000000 or 1500.50"))
            field = (key.model or model)._meta.get_field(key.target)
            places, whole = field.decimal_places, field.max_digits - field.decimal_places
            norm = number.normalize()
            if norm.as_tuple().exponent < -places or (norm != 0 and norm.adjusted() >= whole):
                return bad(
                    _("at most %(places)s decimal places and %(digits)s digits before the point")
                    % {"places": places, "digits": whole}
                )
            return number
        if kind == "coordinate":
            limit = 90 if key.name == "latitude" else 180
            if isinstance(value, bool) or not isinstance(value, int | float) or not -limit <= value <= limit:
                return bad(_("expected a number from -%(limit)s to %(limit)s") % {"limit": limit})
            return Decimal(str(round(value, 6)))
        if kind == "bool":
            if not isinstance(value, bool):
                return bad(_("expected true or false"))
            return value
        if kind == "strlist":
            if not isinstance(value, list) or any(
                isinstance(v, bool) or not isinstance(v, str | int | float) for v in value
            ):
                return bad(_("expected a list of texts"))
            return [str(v).strip() for v in value]
        if kind == "maplist":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                return bad(_("expected a list of mappings, e.g. [{name: …, office: …}]"))
            return _plain(value)
        if kind == "outcomes":
            # [{text: …, tangible: direct|indirect}]: a text, quoted when it holds a comma ("10,000 masks").
            if not isinstance(value, list) or not all(
                isinstance(v, dict)
                and isinstance(v.get("text"), str)
                and v["text"].strip()
                and v.get("tangible") in (None, "", "direct", "indirect")
                for v in value
            ):
                return bad(
                    _(
                        "expected outcomes as [{text: …, tangible: direct or indirect}], each text in quotes "
                        "when it holds a comma"
                    )
                )
            return _plain(value)
        if kind == "mapping":
            if not isinstance(value, dict):
                return bad(_("expected a mapping of keys and values"))
            return _plain(value)
        if kind == "counts":
            if not isinstance(value, dict) or any(
                isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in value.values()
            ):
                return bad(_("expected a mapping of names to whole numbers"))
            return _plain(value)
        raise AssertionError(kind)

    def items(self, data: dict, name: str, section: Section) -> list[tuple[int, dict, dict]]:
        """(line, raw item, checked values) for each item of a top-level list; bad items are left out."""
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(data.line_of(name), name, _("expected a list (items starting with “- ”)"))
            return []
        out = []
        for index, item in enumerate(value):
            line = value.item_lines[index] if isinstance(value, LineList) else data.line_of(name)
            checked = self.section(item, f"{name}[{index}]", section, line)
            if checked is not None:
                out.append((line, item, checked))
        return out


def _max_length(model, name: str) -> int | None:
    if model is None:
        return None
    try:
        return getattr(model._meta.get_field(name), "max_length", None)
    except FieldDoesNotExist:
        return None


def max_bytes() -> int:
    """The largest case file read (KEMBAR_CASE_FILE_MAX_KB), in bytes."""
    return settings.KEMBAR_CASE_FILE_MAX_KB * 1024


def too_large(filename: str, size: int) -> str:
    """The problem of a file over max_bytes(), before it is parsed."""
    return format_problem(
        filename,
        None,
        "",
        _("the file is %(size)s KB; a case file may be at most %(limit)s KB")
        % {"size": -(-size // 1024), "limit": settings.KEMBAR_CASE_FILE_MAX_KB},
    )


def _check_sizes(r: _Reader, data) -> None:
    """Every text and every list anywhere in the file against KEMBAR_CASE_FILE_MAX_TEXT and _MAX_ITEMS,
    each problem naming the field, before the file is read any further."""
    max_text, max_items = settings.KEMBAR_CASE_FILE_MAX_TEXT, settings.KEMBAR_CASE_FILE_MAX_ITEMS
    stack = [(data, "", getattr(data, "line", 1))]
    while stack:
        value, path, line = stack.pop()
        if isinstance(value, str):
            if len(value) > max_text:
                r.error(
                    line,
                    path,
                    _("too long: %(length)s characters, at most %(limit)s") % {"length": len(value), "limit": max_text},
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                line_of = value.line_of(key) if isinstance(value, LineDict) else line
                stack.append((key, path, line_of))
                stack.append((item, f"{path}.{key}" if path else str(key), line_of))
        elif isinstance(value, list):
            if len(value) > max_items:
                r.error(
                    line,
                    path,
                    _("%(n)s items; a list may hold at most %(limit)s") % {"n": len(value), "limit": max_items},
                )
                continue
            lines = value.item_lines if isinstance(value, LineList) else []
            for index, item in enumerate(value):
                stack.append((item, f"{path}[{index}]", lines[index] if index < len(lines) else line))


def _load(text: str, filename: str) -> tuple[object, list[tuple[int, str]]]:
    if len(text) > max_bytes() or len(text.encode("utf-8")) > max_bytes():
        raise CaseFileError([too_large(filename, len(text.encode("utf-8")))])
    loader = _Loader(text)
    try:
        return loader.get_single_data(), loader.duplicates
    except _Refused as exc:
        mark = exc.problem_mark
        raise CaseFileError([format_problem(filename, mark.line + 1 if mark else None, "", exc.problem)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or ""
        if exc.problem and exc.context and exc.context_mark:
            problem = _("%(problem)s (%(context)s on line %(line)s)") % {
                "problem": exc.problem,
                "context": exc.context,
                "line": exc.context_mark.line + 1,
            }
        message = _("YAML syntax error: %(problem)s") % {"problem": problem}
        raise CaseFileError([format_problem(filename, mark.line + 1 if mark else None, "", message)]) from exc
    except yaml.YAMLError as exc:
        message = _("YAML syntax error: %(problem)s") % {"problem": exc}
        raise CaseFileError([format_problem(filename, None, "", message)]) from exc
    finally:
        loader.dispose()


def parse(text: str, *, filename: str) -> CaseData:
    """Check one case file on its own (no database). Raises CaseFileError with every problem found."""
    data, duplicates = _load(text, filename)
    r = _Reader(filename)
    _check_sizes(r, data)
    if r.messages:  # a text or list over its limit: the rest would only be read at length for noise
        raise CaseFileError(r.messages)
    for line, key in duplicates:
        r.error(line, key, _("this key is given twice in the same mapping"))
    if not isinstance(data, dict):
        r.error(1, "", _("a case file is a mapping that starts with “kembar_case: %(format)s”") % {"format": FORMAT})
        raise CaseFileError(r.messages)

    version = data.get("kembar_case")
    if version is None:
        r.error(
            data.line,
            "kembar_case",
            _("required: a case file starts with “kembar_case: %(format)s”") % {"format": FORMAT},
        )
    elif type(version) is not int or version not in FORMATS:
        r.error(
            data.line_of("kembar_case"),
            "kembar_case",
            _("format %(value)s is not supported; this Kembar reads formats %(formats)s")
            % {"value": quoted(version), "formats": ", ".join(str(n) for n in FORMATS)},
        )
        raise CaseFileError(r.messages)  # another format: the rest would only be noise
    top_level = TOP_LEVEL_2 if version == 2 else TOP_LEVEL
    for key in data:
        if key not in top_level:
            hint = ""
            if key == "procedure":
                hint = " " + _("(stage records need “kembar_case: 2”)")
            r.error(
                data.line_of(key),
                str(key),
                _("unknown key; the keys here are: %(keys)s") % {"keys": ", ".join(top_level)} + hint,
            )

    head = {"ref": "", "as_of": None}
    for key in (Key("id", "slug", attr="ref", required=True), Key("as_of", "date")):
        if _absent(data.get(key.name)):
            if key.required:
                r.error(data.line, key.name, _("required"))
            continue
        value = r.value(data[key.name], key, Cooperation, key.name, data.line_of(key.name))
        if value is not _BAD:
            head[key.target] = value

    sources = []
    for line, _raw, item in r.items(data, "sources", SOURCE):
        if item.get("key") in r.source_ids:
            r.error(line, "sources", _("source id %(id)s is declared twice") % {"id": quoted(item["key"])})
        elif "key" in item:
            r.source_ids.append(item["key"])
            sources.append(item)

    case = CaseData(
        filename=filename,
        ref=head["ref"],
        region_code="",
        region_name="",
        partner={},
        cooperation={},
        profile=None,
        sources=sources,
        lines={"id": data.line_of("id")},
        version=version if version in FORMATS else FORMAT,
    )
    _read_region(r, data, case)
    for name, section in (("partner", PARTNER), ("cooperation", COOPERATION)):
        if name not in data:
            r.error(data.line, name, _("required"))
            continue
        raw = data[name]
        status = raw.get("status") if isinstance(raw, dict) and name == "cooperation" else None
        if isinstance(status, dict):  # format 2: the recorded status with its date and basis
            raw = LineDict(raw)
            raw.line, raw.key_lines = data[name].line, data[name].key_lines
            del raw["status"]
        checked = r.section(raw, name, section, data.line_of(name)) or {}
        if isinstance(data[name], dict):
            case.lines.update({f"{name}.{k}": data[name].line_of(k) for k in data[name]})
        if name == "cooperation":
            checked |= _read_status(r, status, case.version, data[name]) if isinstance(status, dict) else {}
            checked.setdefault("status_date", None)
            checked.setdefault("status_basis", "")
        setattr(case, name, checked)
    case.cooperation["as_of"] = head["as_of"]

    # Documents with the same kind and title are allowed: a re-import matches them in order.
    for index, (_line, raw, item) in enumerate(r.items(data, "documents", DOCUMENT)):
        _check_validity(r, raw, f"documents[{index}]", item)
        case.documents.append(item)
    for index, (_line, raw, item) in enumerate(r.items(data, "events", EVENT)):
        kind = item.pop("document_kind", None)
        doc_fields = {k: item.pop(k, None) for k in DOCUMENT_KEYS}
        validity = {attr: item.pop(attr, None) for _key, attr in VALIDITY_KEYS}
        item["document"] = None
        if kind is None:
            for key in DOCUMENT_KEYS + tuple(key for key, _attr in VALIDITY_KEYS):
                if not _absent(raw.get(key)) and raw.get(key) != []:
                    r.error(raw.line_of(key), f"events[{index}].{key}", _("only allowed with “document:”"))
        elif "title" in item:
            limit = _max_length(Document, "title")
            if len(item["title"]) > limit:
                r.error(
                    raw.line_of("title"),
                    f"events[{index}].title",
                    _("a document title is at most %(limit)s characters") % {"limit": limit},
                )
            item["document"] = {
                "kind": kind,
                "title": item["title"],
                "date": item.get("date"),
                "signatories": doc_fields["signatories"] or [],
                "language": doc_fields["language"] or "",
                "summary": doc_fields["summary"] or "",
                **validity,
                "source": item.get("source"),
            }
            _check_validity(r, raw, f"events[{index}]", item["document"])
        case.events.append(item)
    for name, section in (("obligations", OBLIGATION), ("activities", ACTIVITY), ("findings", FINDING)):
        items = r.items(data, name, section)
        if section is ACTIVITY:
            _check_activities(r, data.get(name), items)
        setattr(case, name, [item for _line, _raw, item in items])
    if case.version >= 2 and not _absent(data.get("procedure")):
        _read_procedure(r, data, case)

    if r.messages:
        raise CaseFileError(r.messages)
    return case


def _read_status(r: _Reader, raw: dict, version: int, cooperation: dict) -> dict:
    """Format 2's `cooperation.status: {value, date, basis}`: the recorded status, when it took effect and what
    says so."""
    line = cooperation.line_of("status")
    if version < 2:
        r.error(line, "cooperation.status", _("a status with its date and basis needs “kembar_case: 2”"))
        return {}
    return r.section(raw, "cooperation.status", STATUS, line) or {}


def _read_procedure(r: _Reader, data: dict, case: CaseData) -> None:
    """Format 2's stage records, in order; the rule pack they are replayed on is checked with the database
    (casefile.check_references)."""
    items = r.items(data, "procedure", STAGE)
    if not case.cooperation.get("rule_pack"):
        r.error(
            data.line_of("procedure"),
            "procedure",
            _("stage records need the rule pack they follow: give cooperation.rule_pack"),
        )
    case.procedure = [
        {
            "stage": item.get("stage", ""),
            "action": item.get("action") or STAGE_ACTIONS[0],
            "date": item.get("date"),
            "justification": item.get("justification") or "",
            "source": item.get("source"),
            "line": line,
        }
        for line, _raw, item in items
    ]
    case.lines["procedure"] = data.line_of("procedure")


def _check_activities(r: _Reader, listed: list, items: list[tuple[int, dict, dict]]) -> None:
    """The rules every activity meets (activities.py), reported with the line of the key they name."""
    for _line, raw, item in items:
        index = next(i for i, value in enumerate(listed) if value is raw)
        problems = activity_problems(
            date=item.get("date"),
            end=item.get("end"),
            participants=item.get("participants"),
            participant_counts=item.get("participant_counts"),
            budget_region=item.get("budget_region"),
            budget_partner=item.get("budget_partner"),
            currency=item.get("currency") or "",
        )
        for key, message in problems.items():
            r.error(raw.line_of(key), f"activities[{index}].{key}", message)


def _check_validity(r: _Reader, raw: dict, path: str, doc: dict) -> None:
    """A document's duration and expiry, checked with their lines; the expiry computed as the model does."""
    from .expiry import derive_expires

    if doc.get("duration_months") == 0:
        r.error(raw.line_of("duration"), f"{path}.duration", _("the duration must be at least one month"))
    start = doc.get("valid_from") or doc.get("date")
    expires = doc.get("expires")
    if not expires:
        doc["expires"] = derive_expires(start, doc.get("duration_months"))
    elif start and expires.latest() and start.earliest() and expires.latest() < start.earliest():
        r.error(
            raw.line_of("expires"),
            f"{path}.expires",
            _("the expiry is before the start (%(start)s)") % {"start": start},
        )


def _read_region(r: _Reader, data: dict, case: CaseData) -> None:
    raw = data.get("region")
    if raw is None:
        r.error(data.line, "region", _("required"))
        return
    region = r.section(raw, "region", REGION, data.line_of("region"))
    if region is None:
        return
    case.region_code = region.get("code", "")
    case.region_name = region.get("name") or ""
    case.lines.update({"region.code": raw.line_of("code"), "region.name": raw.line_of("name")})
    # The profile is replaced as a whole (it cites one source), so a block left out is cleared.
    profile: dict = {}
    for name, section in (("bureau", BUREAU), ("portfolio", PORTFOLIO)):
        block = raw.get(name) if raw.get(name) is not None else LineDict()
        profile.update(r.section(block, f"region.{name}", section, raw.line_of(name)) or {})
    if raw.get("bureau") is not None or raw.get("portfolio") is not None:
        key = region.get("source") or (case.sources[0]["key"] if case.sources else None)
        cite = next((s["cite"] for s in case.sources if s["key"] == key), "")
        for name in ("bureau_as_of", "portfolio_as_of"):
            profile[name] = str(profile[name]) if profile.get(name) else ""
        case.profile = {**profile, "source": cite}
