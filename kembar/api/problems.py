"""Errors as RFC 9457 problem details (`application/problem+json`), worded in the request's language."""

from __future__ import annotations

import json

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

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


def _invalid(request, exc: ValidationError):
    """A request the schema refuses: where (`loc`) and what (`msg`, pydantic's words; `type`, its code)."""
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
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


def _http_error(request, exc: HttpError):
    return response(request, exc.status_code, str(exc.message) if exc.status_code != 404 else "")


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
    them: every operation 400, 422 and 429; one with a path parameter 404; one behind a token 401 and 403."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    with translation.override("en"):
        words = titles()
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            codes = [400, 422, 429]
            if "{" in path:
                codes.append(404)
            if operation.get("security"):
                codes += [401, 403]
            for code in sorted(codes):
                operation.setdefault("responses", {}).setdefault(code, {"description": words[code], "content": content})
    return schema
