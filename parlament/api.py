"""What every API endpoint shares: error bodies, pagination, permissions, languages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from bills.services import DomainError

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def localized(obj, field: str) -> dict[str, str]:
    """A translated field as {"kk": …, "ru": …, "en": …} (empty where not translated)."""
    return {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGE_CODES}


def error_body(code: str, message: str, **extra) -> dict:
    return {"error": {"code": code, "message": message, **extra}}


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {key: [str(m) for m in (value if isinstance(value, list) else [value])]
                for key, value in detail.items()}  # fmt: skip
    return {
        "non_field_errors": [str(m) for m in (detail if isinstance(detail, list) else [detail])]
    }


def exception_handler(exc, context):
    """Every 4xx is JSON with a stable code and a message in the reader's language."""
    # Imported here: rest_framework.views reads the settings that name this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        extra = {"field": exc.field} if exc.field else {}
        if exc.allowed:
            extra["allowed_actions"] = exc.allowed
        extra.update(exc.details)
        return Response(error_body(exc.code, exc.message, **extra), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.items()))
        message = _("%(field)s: %(message)s") % {"field": first[0], "message": first[1][0]}
        response.data = error_body("invalid", message, fields=fields)
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = error_body(code, str(exc.detail))
    return response


class Pagination(PageNumberPagination):
    page_size_query_param = "per_page"
    page_size = 50
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response(
            {
                "results": data,
                "pagination": {
                    "page": self.page.number,
                    "per_page": self.page.paginator.per_page,
                    "total_items": self.page.paginator.count,
                    "max_page": self.page.paginator.num_pages,
                },
            }
        )


class IsStaffOrReadOnly(permissions.BasePermission):
    """Anyone reads; staff write (and the services check the chamber they clerk for)."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


def not_found(request, *args, **kwargs):
    """Unknown paths under the API answer in JSON like everything else there."""
    return JsonResponse(error_body("not_found", _("No such resource.")), status=404)
