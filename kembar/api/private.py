"""The endpoints of a region's own data, for a personal API token (docs/adr/0036-personal-api-tokens.md).

Each reads through the selectors the pages use and writes through the services (with history): the same
tenant rule as the pages (kembar.accounts.access.region_access: another region's code is 404, never a hint),
the token's scope and the user's role at this moment (a read token or a read-only role writing: 403)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError

from kembar.accounts.access import Access, region_access
from kembar.cooperations import selectors, services
from kembar.cooperations.activities import HOSTS, INITIATORS, KINDS, SIDES
from kembar.cooperations.models import Activity, Cooperation
from kembar.core import pages, params
from kembar.core.dates import DateError, DateSpec
from kembar.core.models import FormSubmission
from kembar.core.params import typed_text
from kembar.evaluation import lifecycle

from .kept import kept_json
from .paging import Page, Paging, page_of_list, page_of_queryset

router = Router()


def _no_control(value: str) -> str:
    if not typed_text(value):
        raise PydanticCustomError("control_characters", "control characters are not allowed")  # problems.py words it
    return value


#: Text as a person writes it: no NUL or other control characters (a database refuses NUL).
Text = Annotated[str, AfterValidator(_no_control)]


def _year(value: str) -> str:
    if value and params.year(value) is None:
        raise PydanticCustomError("year", "a year from 1 to 9999")  # problems.py words it
    return value.strip()


def _country(value: str) -> str:
    if value and not (len(value) == 2 and value.isascii() and value.isalpha()):
        raise PydanticCustomError("country", "an ISO 3166-1 alpha-2 code")  # problems.py words it
    return value.upper()


#: A filter's year ("2024"): another value is refused, not ignored (which would list every year).
Year = Annotated[str, AfterValidator(_year)]
#: A filter's country, ISO 3166-1 alpha-2 in either case ("kr" is Korea, as "KR" is).
Country = Annotated[str, AfterValidator(_country)]


class Input(Schema):
    """A request's body: a JSON object of the fields declared, nothing else (an unknown or misspelt field is
    refused, not silently dropped; a list, a string or a number is not an object)."""

    model_config = ConfigDict(extra="forbid")


def _date(value) -> str | None:
    return str(value) if value else None


def access_to(request, code: str, *, write: bool = False) -> Access:
    """The token's user's access to the region (404 when not theirs); for a write, a token that may write and a
    role that edits (403)."""
    access = region_access(request.user, code)
    if write and not request.auth.can_write:
        raise PermissionDenied(_("This token may only read."))
    if write and not access.can_edit:
        raise PermissionDenied(_("Your role may not change this region's records."))
    return access


# --- Cooperations -------------------------------------------------------------------------------------------


class CooperationOut(Schema):
    ref: str
    title: str
    partner: str
    partner_local: str
    country: str = Field(description="ISO 3166-1 alpha-2.")
    type: str
    form: str
    fields: list[str]
    started: str | None
    ends: str | None
    status: str = Field(description="The status shown: the recorded one, else the one derived from the records.")
    status_label: str
    recorded_status: str
    published: bool
    updated_at: dt.datetime

    @staticmethod
    def resolve_partner(obj) -> str:
        return obj.partner.name

    @staticmethod
    def resolve_partner_local(obj) -> str:
        return obj.partner.name_local

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.partner.country_id

    @staticmethod
    def resolve_fields(obj) -> list[str]:
        return [str(f) for f in obj.fields or [] if isinstance(f, str)]

    @staticmethod
    def resolve_started(obj) -> str | None:
        return _date(obj.started)

    @staticmethod
    def resolve_ends(obj) -> str | None:
        return _date(obj.ends)

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.lifecycle.code

    @staticmethod
    def resolve_status_label(obj) -> str:
        from kembar.evaluation.lifecycle import label

        return label(obj.lifecycle.code)

    @staticmethod
    def resolve_recorded_status(obj) -> str:
        return obj.status


class CooperationDetailOut(CooperationOut):
    legal_basis: str
    goals: str
    person_in_charge: str


class CooperationQuery(Schema):
    q: Text = Field("", max_length=200)
    type: Literal["", *Cooperation.Type.values] = ""  # type: ignore[valid-type]
    form: Literal["", *Cooperation.Form.values] = ""  # type: ignore[valid-type]
    country: Country = Field("", max_length=2, description="ISO 3166-1 alpha-2.")
    status: Literal["", *lifecycle.ORDER] = Field("", description="A lifecycle status code.")  # type: ignore[valid-type]
    field: Text = Field("", max_length=200)
    person: Text = Field("", max_length=200)


@router.get(
    "/{code}/cooperations",
    response=Page[CooperationOut],
    url_name="api_cooperations",
    summary="The region's cooperations (the registry's filters)",
)
def cooperations(request, code: str, query: Query[CooperationQuery], paging: Query[Paging]):
    access = access_to(request, code)

    def build():
        filters = {k: v for k, v in query.dict().items() if v and k != "status"}
        qs = selectors.cooperation_list(region=access.region, **filters)
        if query.status:
            return page_of_list(
                selectors.by_status(qs, status=query.status), paging, scope="cooperations", key=lambda c: (c.pk,)
            )
        page = page_of_queryset(qs, paging, scope="cooperations")
        page["items"] = selectors.with_lifecycle(page["items"])
        return page

    # The same for every reader of the region until its next write (kept.py).
    return kept_json(
        request, "cooperations", Page[CooperationOut], build, version=pages.version(access.region), scope=code
    )


@router.get(
    "/{code}/cooperations/{ref}", response=CooperationDetailOut, url_name="api_cooperation", summary="A cooperation"
)
def cooperation(request, code: str, ref: str):
    access = access_to(request, code)
    coop = selectors.cooperation_get(region=access.region, ref=ref)
    return selectors.with_lifecycle([coop])[0]


# --- Activities ---------------------------------------------------------------------------------------------

Kind = Literal["", *KINDS]  # type: ignore[valid-type]
Host = Literal["", *HOSTS]  # type: ignore[valid-type]
Side = Literal["", *SIDES]  # type: ignore[valid-type]
Initiator = Literal["", *INITIATORS]  # type: ignore[valid-type]
Sector = Literal["government", "business", "education", "youth", "community", "ngo", "institution"]
Money = Annotated[Decimal, Field(max_digits=18, decimal_places=2, allow_inf_nan=False)]


class Outcome(Input):
    text: Text = Field(min_length=1, max_length=2000)
    tangible: Literal["", "direct", "indirect"] = ""


class OutcomeOut(Schema):
    """An outcome as recorded (read back as it is: the rules are the request's, Outcome's)."""

    text: str
    tangible: Literal["", "direct", "indirect"] = ""


class ActivityOut(Schema):
    id: int
    cooperation: str = Field(description="The cooperation's ref.")
    date: str | None = Field(description="YYYY, YYYY-MM, YYYY-MM-DD, or a range a/b (../b, a/..).")
    end: str | None
    title: str
    kind: str
    field: str
    host: str
    initiated_by: str
    beneficiary: str
    participants: list[str]
    participant_counts: dict[str, int]
    community_in_planning: bool | None
    outcomes: list[OutcomeOut]
    budget_region: Decimal | None
    budget_partner: Decimal | None
    currency: str
    updated_at: dt.datetime

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_cooperation(obj) -> str:
        return obj.cooperation.ref

    @staticmethod
    def resolve_date(obj) -> str | None:
        return _date(obj.date)

    @staticmethod
    def resolve_end(obj) -> str | None:
        return _date(obj.end)

    @staticmethod
    def resolve_participants(obj) -> list[str]:
        return [str(p) for p in obj.participants or []]

    @staticmethod
    def resolve_participant_counts(obj) -> dict[str, int]:
        counts = obj.participant_counts or {}
        return {str(k): v for k, v in counts.items() if isinstance(v, int)} if isinstance(counts, dict) else {}

    @staticmethod
    def resolve_outcomes(obj) -> list[dict]:
        out = []
        for o in obj.outcomes or []:
            text = str(o.get("text", "") if isinstance(o, dict) else o).strip()
            tangible = o.get("tangible", "") if isinstance(o, dict) else ""
            if text:
                out.append({"text": text, "tangible": tangible if tangible in ("direct", "indirect") else ""})
        return out


#: The activity's columns ActivityOut reads.
ACTIVITY_COLUMNS = (
    "date",
    "end",
    "title",
    "kind",
    "field",
    "host",
    "initiated_by",
    "beneficiary",
    "participants",
    "participant_counts",
    "community_in_planning",
    "outcomes",
    "budget_region",
    "budget_partner",
    "currency",
    "updated_at",
    "cooperation",
)


class ActivityFields(Input):
    """What a client may set on an activity (every field optional on PATCH)."""

    date: Text | None = Field(None, max_length=50, description="YYYY, YYYY-MM, YYYY-MM-DD, or a range a/b.")
    end: Text | None = Field(None, max_length=50)
    title: Text | None = Field(None, min_length=1, max_length=2000)
    kind: Kind | None = None
    field: Text | None = Field(None, max_length=200)
    host: Host | None = None
    initiated_by: Initiator | None = None
    beneficiary: Side | None = None
    participants: list[Sector] | None = Field(None, max_length=7)
    participant_counts: dict[Sector, Annotated[int, Field(ge=0, le=10_000_000)]] | None = None
    community_in_planning: bool | None = None
    outcomes: list[Outcome] | None = Field(None, max_length=100)
    budget_region: Money | None = None
    budget_partner: Money | None = None
    currency: Text | None = Field(None, max_length=3)


class ActivityIn(ActivityFields):
    cooperation: Text = Field(max_length=80, description="The ref of one of the region's cooperations.")
    title: Text = Field(min_length=1, max_length=2000)


class ActivityQuery(Schema):
    cooperation: Text = Field("", max_length=80, description="A cooperation's ref.")
    year: Year = Field("", max_length=4)
    kind: Kind = ""
    field: Text = Field("", max_length=200)
    host: Host = ""
    initiated_by: Initiator = ""
    beneficiary: Side = ""
    sector: Literal["", "government", "business", "education", "youth", "community", "ngo", "institution"] = ""
    community_in_planning: Literal["", "yes", "no", "unknown"] = ""


def _service_fields(data: dict) -> dict:
    """The request's fields as the services take them (dates read as stored, text trimmed)."""
    fields = {}
    for name, value in data.items():
        if name in ("date", "end"):
            try:
                fields[name] = DateSpec.parse(value.strip()) if value and value.strip() else ""
            except DateError as bad:
                raise DjangoValidationError({name: str(bad)}) from None
        elif name == "outcomes":
            fields[name] = [{k: v for k, v in o.items() if v} for o in value or []]
        elif name in ("participants",):
            fields[name] = list(dict.fromkeys(value or []))
        elif name == "participant_counts":
            fields[name] = dict(value or {})
        elif isinstance(value, str):
            fields[name] = value.strip()
        elif value is None and name not in ("community_in_planning", "budget_region", "budget_partner"):
            fields[name] = ""
        else:
            fields[name] = value
    return fields


@router.get(
    "/{code}/activities",
    response=Page[ActivityOut],
    url_name="api_activities",
    summary="The region's activities (the list's filters)",
)
def activities(request, code: str, query: Query[ActivityQuery], paging: Query[Paging]):
    access = access_to(request, code)
    filters = query.dict()
    ref = filters.pop("cooperation")
    qs = selectors.activity_list(region=access.region, cooperation_ref=ref, **filters)
    # Only the columns the answer shows (of the cooperation, its ref): a page of 50 loads no source, no terms.
    qs = qs.select_related(None).select_related("cooperation").only(*ACTIVITY_COLUMNS, "cooperation__ref")
    return page_of_queryset(qs, paging, scope="activities")


@router.get("/{code}/activities/{pk}", response=ActivityOut, url_name="api_activity", summary="An activity")
def activity(request, code: str, pk: int):
    access = access_to(request, code)
    return selectors.activity_get(region=access.region, pk=pk)


def _key(idempotency_key: str) -> str:
    return "api:" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:60]


def _replayed(request, code: str, key: str):
    done = FormSubmission.objects.filter(user=request.user, token=key).exclude(url="").first()
    if done is None:
        return None
    pk = resolve(done.url).kwargs["pk"]
    return selectors.activity_get(region=region_access(request.user, code).region, pk=pk)


@router.post(
    "/{code}/activities",
    response={201: ActivityOut, 200: ActivityOut},
    url_name="api_activity_create",
    summary="Record an activity (with an Idempotency-Key, sent again it records once)",
)
def activity_create(
    request,
    code: str,
    body: ActivityIn,
    idempotency_key: Annotated[
        str,
        Header(
            "",
            alias="Idempotency-Key",
            max_length=200,
            description="Any unique text: a request repeated with the same key records the activity once and "
            "answers 200 with it.",
        ),
    ] = "",
):
    access = access_to(request, code, write=True)
    key = _key(idempotency_key) if idempotency_key else ""
    if key and (earlier := _replayed(request, code, key)) is not None:
        return Status(200, earlier)
    data = body.dict(exclude_unset=True)
    ref = data.pop("cooperation")
    try:
        coop = Cooperation.objects.get(region=access.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise DjangoValidationError({"cooperation": _("There is no such cooperation in this region.")}) from None
    fields = _service_fields(data)
    with transaction.atomic():
        if key:
            try:
                with transaction.atomic():
                    row = FormSubmission.objects.create(user=request.user, token=key)
            except IntegrityError:  # the same key, sent again while the first was recording
                row = None
        if key and row is None:
            earlier = _replayed(request, code, key)
            if earlier is None:
                raise Http404
            return Status(200, earlier)
        made = services.activity_create(cooperation=coop, by=request.user, **fields)
        if key:
            row.url = reverse("api_v1:api_activity", args=[code, made.pk])
            row.save(update_fields=["url"])
    return Status(201, selectors.activity_get(region=access.region, pk=made.pk))


@router.patch(
    "/{code}/activities/{pk}", response=ActivityOut, url_name="api_activity_update", summary="Change an activity"
)
def activity_update(request, code: str, pk: int, body: ActivityFields):
    access = access_to(request, code, write=True)
    current = Activity.objects.select_related("cooperation").get(
        region=access.region, pk=pk, cooperation__deleted_at__isnull=True
    )
    fields = _service_fields(body.dict(exclude_unset=True))
    if "title" in fields and not fields["title"]:
        raise DjangoValidationError({"title": _("An activity needs a title.")})
    services.activity_update(activity=current, by=request.user, reason="API", **fields)
    return selectors.activity_get(region=access.region, pk=pk)


# --- A cooperation's documents, obligations, evaluation -------------------------------------------------------


class FileOut(Schema):
    """One uploaded version of a document's file (its metadata: never its stored or uploaded name)."""

    version: int
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime

    @staticmethod
    def resolve_uploaded_at(obj) -> dt.datetime:
        return obj.created_at


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    date: str | None
    language: str
    summary: str
    valid_from: str | None
    duration_months: int | None
    expires: str | None
    public: bool
    files: list[FileOut]

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_date(obj) -> str | None:
        return _date(obj.date)

    @staticmethod
    def resolve_valid_from(obj) -> str | None:
        return _date(obj.valid_from)

    @staticmethod
    def resolve_expires(obj) -> str | None:
        return _date(obj.expires)

    @staticmethod
    def resolve_files(obj) -> list:
        return sorted(obj.files.all(), key=lambda f: f.version)


class ObligationOut(Schema):
    id: int
    kind: str
    text: str
    starts: str | None
    recurrence: str
    alternate_hosts: bool
    fulfilled: bool | None

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_starts(obj) -> str | None:
        return _date(obj.starts)


class VerdictOut(Schema):
    id: str
    label: str
    verdict: str
    verdict_label: str


class EvaluationOut(Schema):
    framework: str
    framework_title: str
    as_of: dt.date
    elements: list[VerdictOut]


class EvaluationQuery(Schema):
    framework: Literal["undp", "tm2009"] = "undp"
    as_of: dt.date | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2100, 12, 31))


@router.get(
    "/{code}/cooperations/{ref}/documents",
    response=list[DocumentOut],
    url_name="api_documents",
    summary="A cooperation's documents (their metadata and file versions)",
)
def documents(request, code: str, ref: str):
    access = access_to(request, code)
    return selectors.dossier_get(region=access.region, ref=ref).documents


@router.get(
    "/{code}/cooperations/{ref}/obligations",
    response=list[ObligationOut],
    url_name="api_obligations",
    summary="A cooperation's obligations",
)
def obligations(request, code: str, ref: str):
    access = access_to(request, code)
    return selectors.dossier_get(region=access.region, ref=ref).obligations


@router.get(
    "/{code}/cooperations/{ref}/evaluation",
    response=EvaluationOut,
    url_name="api_evaluation",
    summary="A cooperation's evaluation by a framework, as of a day (today by default)",
)
def evaluation(request, code: str, ref: str, query: Query[EvaluationQuery]):
    from kembar.evaluation.lifecycle import text_in
    from kembar.evaluation.selectors import evaluation_get

    access = access_to(request, code)
    coop = selectors.cooperation_get(region=access.region, ref=ref)
    ev = evaluation_get(
        region=access.region, cooperation=coop, as_of=query.as_of, framework=query.framework, detail=False
    )
    return {
        "framework": query.framework,
        "framework_title": text_in(ev.framework.get("title")),
        "as_of": ev.as_of,
        "elements": [
            {"id": e.id, "label": str(e.label), "verdict": e.verdict, "verdict_label": str(e.verdict_label)}
            for e in ev.elements
        ],
    }


# --- The user's alerts ------------------------------------------------------------------------------------------

alerts_router = Router()


class AlertOut(Schema):
    id: int
    region: str
    cooperation: str | None = Field(description="The cooperation's ref, if the alert is about one.")
    kind: str
    level: str
    title: str
    due: dt.date | None
    read: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region.code

    @staticmethod
    def resolve_cooperation(obj) -> str | None:
        return obj.cooperation.ref if obj.cooperation_id else None

    @staticmethod
    def resolve_read(obj) -> bool:
        return obj.read_at is not None


@alerts_router.get(
    "",
    response=Page[AlertOut],
    url_name="api_alerts",
    summary="The token's user's alerts in the regions they still belong to, oldest first",
)
def alerts(request, paging: Query[Paging], unread: bool = False):
    from kembar.alerts.selectors import alert_list

    qs = alert_list(user=request.user)
    return page_of_queryset(qs.filter(read_at__isnull=True) if unread else qs, paging, scope="alerts")
