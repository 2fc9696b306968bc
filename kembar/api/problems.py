"""Errors as RFC 9457 problem details (`application/problem+json`), worded in the request's language."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kembar.core.dates import in_words
from kembar.core.uploads import limit_megabytes

MEDIA_TYPE = "application/problem+json"


class Problem(Exception):
    """An answer that is not the resource: its status, a title and what went wrong (`detail`)."""

    def __init__(self, status: int, detail: str = "", *, title: str = "", retry_after: int | None = None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.title, self.retry_after, self.extra = status, detail, title, retry_after, extra


def titles() -> dict[int, str]:
    """Each status's title, in the active language (read per request: the texts are translated)."""
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Content too large"),
        422: _("Invalid data"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def response(request, status: int, detail: str = "", *, title: str = "", **extra) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": title or titles().get(status, str(status)),
        "status": status,
        **({"detail": detail} if detail else {}),
        "instance": request.path,
        **extra,
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE)


def _problem(request, exc: Problem):
    answer = response(request, exc.status, exc.detail, title=exc.title, **exc.extra)
    if exc.retry_after is not None:
        answer["Retry-After"] = str(exc.retry_after)
    return answer


def _shown(value) -> str:
    """A limit of a refused value as the reader writes it: a day in words, a number grouped ("10.000.000")."""
    if isinstance(value, dt.date):
        return in_words(value.isoformat())
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


def _choices(expected: str) -> str:
    """pydantic's list of the values allowed ("'', 'a' or 'b'", English words between) as codes only."""
    return ", ".join(code for code in re.findall(r"'([^']*)'", expected) if code) or expected


#: What each of pydantic's error types means, in the request's language (its `ctx` fills the placeholders).
_WORDS = {
    "missing": lambda c: _("This field is required."),
    "extra_forbidden": lambda c: _("This field is not known: remove it or check its name."),
    "control_characters": lambda c: _("The text contains characters that cannot be kept: type it again."),
    "string_type": lambda c: _("Write text here."),
    "string_unicode": lambda c: _("Write text here."),
    "string_too_short": lambda c: _("Write at least %(n)s characters.") % {"n": _shown(c["min_length"])},
    "string_too_long": lambda c: _("Write at most %(n)s characters.") % {"n": _shown(c["max_length"])},
    "year": lambda c: _("Write a year as four digits, e.g. 2024."),
    "country": lambda c: _("Write a country's two-letter code (ISO 3166-1), e.g. KR."),
    "string_pattern_mismatch": lambda c: _("This value is not in the expected form."),
    "int_type": lambda c: _("Write a whole number."),
    "int_parsing": lambda c: _("Write a whole number."),
    "int_from_float": lambda c: _("Write a whole number."),
    "int_parsing_size": lambda c: _("Write a whole number."),
    "float_type": lambda c: _("Write a number."),
    "float_parsing": lambda c: _("Write a number."),
    "decimal_type": lambda c: _("Write a number."),
    "decimal_parsing": lambda c: _("Write a number."),
    "finite_number": lambda c: _("Write a finite number."),
    "decimal_max_digits": lambda c: _("Write at most %(n)s digits.") % {"n": _shown(c["max_digits"])},
    "decimal_max_places": lambda c: _("Write at most %(n)s decimal places.") % {"n": _shown(c["decimal_places"])},
    "decimal_whole_digits": lambda c: (
        _("Write at most %(n)s digits before the decimal point.") % {"n": _shown(c["whole_digits"])}
    ),
    "greater_than": lambda c: _("Write more than %(n)s.") % {"n": _shown(c["gt"])},
    "greater_than_equal": lambda c: _("Write %(n)s or more.") % {"n": _shown(c["ge"])},
    "less_than": lambda c: _("Write less than %(n)s.") % {"n": _shown(c["lt"])},
    "less_than_equal": lambda c: _("Write %(n)s or less.") % {"n": _shown(c["le"])},
    "bool_type": lambda c: _("Write true or false."),
    "bool_parsing": lambda c: _("Write true or false."),
    "literal_error": lambda c: _("Choose one of: %(choices)s.") % {"choices": _choices(c["expected"])},
    "enum": lambda c: _("Choose one of: %(choices)s.") % {"choices": _choices(c["expected"])},
    "list_type": lambda c: _("Send a list."),
    "dict_type": lambda c: _("Send a JSON object."),
    "model_type": lambda c: _("Send a JSON object."),
    "model_attributes_type": lambda c: _("Send a JSON object."),
    "date_type": lambda c: _("Write a day that exists, as YYYY-MM-DD."),
    "date_parsing": lambda c: _("Write a day that exists, as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda c: _("Write a day that exists, as YYYY-MM-DD."),
    "date_from_datetime_inexact": lambda c: _("Write a day that exists, as YYYY-MM-DD."),
}

#: pydantic's container types: their `too_long` counts items, any other counts characters.
_CONTAINERS = {"List", "Tuple", "Set", "Frozenset", "Dictionary"}


def _words(error: dict) -> str:
    """pydantic's refusal in the request's language; a type not listed is said in general words."""
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    try:
        if kind in ("too_long", "too_short"):
            items = ctx.get("field_type") in _CONTAINERS
            n = _shown(ctx["max_length" if kind == "too_long" else "min_length"])
            if kind == "too_long":
                return (_("Send at most %(n)s items.") if items else _("Write at most %(n)s characters.")) % {"n": n}
            return (_("Send at least %(n)s items.") if items else _("Write at least %(n)s characters.")) % {"n": n}
        if kind in _WORDS:
            return _WORDS[kind](ctx)
    except KeyError:  # a context without the limit this version of pydantic used to give
        pass
    return _("This value is not valid.")


def _invalid(request, exc: ValidationError):
    """A request the schema refuses: where (`loc`), what in the request's words (`msg`) and pydantic's code
    (`type`)."""
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": _words(e), "type": str(e.get("type", ""))}
        for e in exc.errors
    ]
    detail = _("Some values of the request are not valid: see errors.")
    return response(request, 422, detail, errors=errors)


def _refused(request, exc: DjangoValidationError):
    """What a service refused (the same rules and words as the pages' forms), by field."""
    if hasattr(exc, "error_dict"):
        errors = [{"loc": ["body", name], "msg": " ".join(map(str, msgs))} for name, msgs in exc.message_dict.items()]
    else:
        errors = [{"loc": ["body"], "msg": " ".join(exc.messages)}]
    return response(request, 422, _("The data were not saved: see errors."), errors=errors)


def _unauthenticated(request, exc):
    answer = response(request, 401, _("Send a valid API token: Authorization: Bearer <token>."))
    answer["WWW-Authenticate"] = 'Bearer realm="kembar"'
    return answer


def _forbidden(request, exc):
    return response(request, 403, str(exc) if str(exc) else _("This token may not do this."))


def _not_found(request, exc):
    return response(request, 404, _("There is nothing here, or it is not yours to see."))


def _unreadable(exc: HttpError) -> str:
    """Why a body could not be read (ninja says "Cannot parse request body", in English, for every reason)."""
    cause = exc.__cause__
    if isinstance(cause, RecursionError):
        return _("The body is nested too deeply to be read.")
    if isinstance(cause, UnicodeDecodeError):
        return _("The body is not UTF-8 text.")
    if isinstance(cause, json.JSONDecodeError):
        return _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    return _("The body is not valid JSON.")


def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and str(exc.message).startswith("Cannot parse request body"):
        return response(request, 400, _unreadable(exc))
    return response(request, exc.status_code, str(exc.message) if exc.status_code != 404 else "")


def _suspicious(request, exc: SuspiciousOperation):
    """What Django refuses to read (raised while ninja reads the body or the query): a problem, not the site's
    HTML 400 page."""
    if isinstance(exc, RequestDataTooBig):
        limit = limit_megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return response(request, 413, _("The request is larger than %(limit)s MB.") % {"limit": limit})
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return response(request, 400, _("The request has too many fields."))
    return response(request, 400, _("The request cannot be read."))


def install(api) -> None:
    """Make every error of `api` a problem detail."""
    api.add_exception_handler(Problem, _problem)
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(DjangoValidationError, _refused)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ObjectDoesNotExist, _not_found)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(SuspiciousOperation, _suspicious)


#: The problem detail's shape, as the OpenAPI document declares it (components/schemas/Problem).
SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"loc": {"type": "array", "items": {"type": "string"}}, "msg": {"type": "string"}},
            },
        },
    },
}


def declare(schema: dict) -> dict:
    """Add to an OpenAPI document the problems each operation may answer, so clients (and schemathesis) know
    them: every operation 400, 422 and 429; one with a body 413; one with a path parameter 404; one behind a token
    401 and 403."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    with translation.override("en"):
        words = titles()
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            codes = [400, 422, 429] + ([413] if operation.get("requestBody") else [])
            if "{" in path:
                codes.append(404)
            if operation.get("security"):
                codes += [401, 403]
            for code in sorted(codes):
                operation.setdefault("responses", {}).setdefault(code, {"description": words[code], "content": content})
    return schema
