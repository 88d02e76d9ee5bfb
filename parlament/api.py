"""What every API endpoint shares: error bodies, strict query parameters, pagination, CSV,
conditional requests and the API headers, languages and public ids.

Nothing here may import rest_framework.views or generics: the REST_FRAMEWORK settings name
classes of this module, and DRF reads them while it defines its views. The read endpoints
therefore combine the mixins below with DRF's generic views in their own modules.
"""

import csv
import datetime
import io
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import orjson
from django import forms
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.functional import Promise
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django_filters import filters
from django_filters import rest_framework as django_filters
from drf_spectacular.drainage import set_override
from rest_framework import (
    exceptions,
    negotiation,
    permissions,
    renderers,
    serializers,
    throttling,
)
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from bills.services import DomainError
from chambers.models import roman

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
API_VERSION = settings.API_VERSION


# --- Languages and public ids ---------------------------------------------------------------


def localized(obj, field: str) -> dict[str, str]:
    """A translated field as {"kk": …, "ru": …, "en": …} (empty where not translated)."""
    return {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGE_CODES}


_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {}


def texts(row: dict, column: str) -> dict[str, str]:
    """The same from a `.values()` row holding column_kk, column_ru, column_en."""
    keys = _COLUMNS.get(column)
    if keys is None:
        keys = _COLUMNS[column] = tuple((code, f"{column}_{code}") for code in LANGUAGE_CODES)
    return {code: row[key] or "" for code, key in keys}


def translated(*columns: str, prefix: str = "") -> list[str]:
    """The kk/ru/en columns of translated fields: name -> name_kk, name_ru, name_en."""
    return [f"{prefix}{column}_{code}" for column in columns for code in LANGUAGE_CODES]


def public_id(chamber: str, convocation_number: int, code: str) -> str:
    """Committees and factions: chamber, convocation and code, e.g. "majilis-viii-finance"."""
    return f"{chamber}-{roman(convocation_number).lower()}-{code}"


def local_iso(moment: datetime.datetime | None) -> str | None:
    """A stored time as DRF writes it: ISO 8601 in the portal's time zone."""
    if moment is None:
        return None
    return moment.astimezone(timezone.get_default_timezone()).isoformat()


# --- Errors -----------------------------------------------------------------------------------


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
    elif isinstance(exc, exceptions.Throttled):
        message = _("Too many requests; try again in %(seconds)s seconds.") % {
            "seconds": exc.wait and int(exc.wait + 0.999)
        }
        response.data = error_body("throttled", message, retry_after=int(exc.wait or 0) + 1)
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = error_body(code, str(exc.detail))
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Unknown paths under the API answer in JSON like everything else there (whatever the
    method: no CSRF page in HTML)."""
    return JsonResponse(error_body("not_found", _("No such resource.")), status=404)


# --- Rendering --------------------------------------------------------------------------------


def _json_default(value):
    if isinstance(value, Promise | Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


class JSONRenderer(renderers.JSONRenderer):
    """The same compact UTF-8 JSON as DRF's renderer, written by orjson (several times
    faster on long lists)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_json_default)


@dataclass
class Table:
    """What a list answers with `?format=csv`: a header row and rows of plain values."""

    header: list[str]
    rows: Iterable[list]


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(data.header)
        writer.writerows([_cell(v) for v in row] for row in data.rows)
        return buffer.getvalue().encode("utf-8")


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    """An unknown `format` is a 400 naming the parameter (DRF answers 404)."""

    def filter_renderers(self, renderers, format):
        found = [r for r in renderers if r.format == format]
        if not found:
            offered = ", ".join(r.format for r in renderers)
            raise exceptions.ValidationError(
                {"format": [_("This address offers: %(formats)s.") % {"formats": offered}]}
            )
        return found


# --- Query parameters -------------------------------------------------------------------------

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:\d{2})?)?"
)
_POSITIVE = re.compile(r"[0-9]{1,9}")
# The patterns the schema publishes for them.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"


def check_query(request, allowed: Iterable[str]) -> None:
    """Unknown parameters, repeated ones and empty values are a 400 naming them: a filter
    is applied or refused, never silently ignored."""
    allowed = set(allowed)
    errors = {}
    for key, values in request.query_params.lists():
        if key not in allowed:
            errors[key] = [
                _("Unknown parameter. This address takes: %(known)s.")
                % {"known": ", ".join(sorted(allowed))}
            ]
        elif len(values) > 1:
            errors[key] = [_("Give this parameter once; separate several values with commas.")]
        elif not values[0]:
            errors[key] = [_("Empty value; leave the parameter out instead.")]
    if errors:
        raise exceptions.ValidationError(errors)


def positive_int(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not _POSITIVE.fullmatch(raw) or int(raw) < 1:
        raise exceptions.ValidationError({name: [_("Give a whole number from 1.")]})
    if maximum is not None and int(raw) > maximum:
        raise exceptions.ValidationError({name: [_("At most %(maximum)s.") % {"maximum": maximum}]})
    return int(raw)


def date_param(request, name: str, default: Callable[[], datetime.date]) -> datetime.date:
    """A date parameter of a detail view (lists check theirs through their filters)."""
    raw = request.query_params.get(name)
    if raw is None:
        return default()
    try:
        return DateParam().clean(raw)
    except forms.ValidationError as error:
        raise exceptions.ValidationError({name: list(error.messages)}) from None


def parse_include(request, allowed: Iterable[str]) -> frozenset[str]:
    raw = request.query_params.get("include")
    if raw is None:
        return frozenset()
    names = raw.split(",")
    unknown = [n for n in names if n not in allowed]
    if unknown:
        raise exceptions.ValidationError(
            {
                "include": [
                    _("Cannot include %(unknown)s here; this address can include: %(known)s.")
                    % {
                        "unknown": ", ".join(f"“{n}”" for n in unknown),
                        "known": ", ".join(allowed) or _("nothing"),
                    }
                ]
            }
        )
    return frozenset(names)


class DateParam(forms.Field):
    default_error_messages = {
        "invalid": _("Write the date as YYYY-MM-DD."),
        "impossible": _("There is no such day."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _DATE.fullmatch(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["impossible"], code="impossible"
            ) from None


class DateTimeParam(forms.Field):
    """An ISO 8601 time (naive times are in the portal's time zone) or a date (its start)."""

    default_error_messages = {
        "invalid": _(
            "Write the time as YYYY-MM-DDTHH:MM[:SS][+05:00 or Z], or a date as YYYY-MM-DD."
        ),
        "impossible": _("There is no such time."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        match = _DATETIME.fullmatch(value)
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, time, zone = match.groups()
        try:
            moment = datetime.datetime.fromisoformat(f"{day}T{time or '00:00'}{zone or ''}")
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["impossible"], code="impossible"
            ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


class ChoiceParam(forms.Field):
    def __init__(self, *, values: Iterable[str] = (), **kwargs):
        self.valid = list(values)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value is None:
            return None
        if value not in self.valid:
            raise forms.ValidationError(
                _("“%(value)s” is not one of: %(choices)s."),
                code="invalid_choice",
                params={"value": value[:60], "choices": ", ".join(self.valid)},
            )
        return value


class PatternParam(forms.Field):
    def __init__(self, *, pattern: str = "", message: str = "", **kwargs):
        self.pattern = re.compile(pattern)
        self.message = message
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not self.pattern.fullmatch(value):
            raise forms.ValidationError(self.message, code="invalid")
        return value


class UUIDParam(forms.UUIDField):
    default_error_messages = {"invalid": _("Give an id such as 3f2c…: a UUID.")}


def _documented(filter_, schema: dict, description: str):
    set_override(filter_, "field", {**schema, "description": description})
    return filter_


class DateFilter(filters.Filter):
    field_class = DateParam

    def __init__(self, *args, description: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _documented(
            self, {"type": "string", "format": "date", "pattern": DATE_PATTERN}, description
        )


class UpdatedSince(filters.Filter):
    """`updated_since`: rows whose change time is at or after the given moment."""

    field_class = DateTimeParam

    def __init__(self, field_name: str = "updated_at", *, description: str = "", **kwargs):
        super().__init__(field_name=field_name, lookup_expr="gte", **kwargs)
        _documented(self, {"type": "string", "pattern": DATETIME_PATTERN}, description)


class ChoiceFilter(filters.Filter):
    """One value of a fixed set."""

    field_class = ChoiceParam

    def __init__(self, *args, choices: Iterable[str], description: str = "", **kwargs):
        choices = list(choices)
        super().__init__(*args, values=choices, **kwargs)
        _documented(self, {"type": "string", "enum": choices}, description)


class ChoicesFilter(filters.BaseInFilter):
    """One or several values of a fixed set, separated by commas."""

    field_class = ChoiceParam

    def __init__(self, *args, choices: Iterable[str], description: str = "", **kwargs):
        choices = list(choices)
        super().__init__(*args, values=choices, **kwargs)
        _documented(
            self,
            {"type": "string", "enum": choices},
            description + " " + _("Several values may be separated by commas."),
        )


class BooleanFilter(ChoiceFilter):
    def __init__(self, *args, description: str = "", **kwargs):
        super().__init__(*args, choices=["true", "false"], description=description, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return super().filter(qs, value == "true")


class UUIDFilter(filters.Filter):
    field_class = UUIDParam

    def __init__(self, *args, description: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        _documented(self, {"type": "string", "format": "uuid"}, description)


class PatternFilter(filters.Filter):
    """A public id or a short text checked against a pattern; `method` does the filtering."""

    field_class = PatternParam

    def __init__(self, *args, pattern: str, message: str, description: str = "", **kwargs):
        super().__init__(*args, pattern=pattern, message=message, **kwargs)
        schema = {"type": "string", "pattern": f"^{pattern}$"}
        _documented(self, schema, description)


class OrderingFilter(filters.Filter):
    """`ordering`: one of the named orders, each with a tie-breaker so pages never overlap."""

    field_class = ChoiceParam

    def __init__(self, orders: dict[str, tuple[str, ...]], *, description: str = "", **kwargs):
        self.orders = orders
        super().__init__(values=list(orders), **kwargs)
        _documented(self, {"type": "string", "enum": list(orders)}, description)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.order_by(*self.orders[value])


class FilterSet(django_filters.FilterSet):
    """A list's filters: each validates its value (a 400 naming it) and is applied.

    Only the filters a request names are built: copying every filter and building its form
    field costs more than the query itself on a short page."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if data is not None:
            self.base_filters = {k: f for k, f in self.base_filters.items() if k in data}
        super().__init__(data, queryset, request=request, prefix=prefix)


# --- Pagination -------------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    """`page` and `per_page`, checked: a bad value or a page past the last is a 400."""

    page_size_query_param = "per_page"
    page_size = 50
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None, rows=None, total=None):
        """The rows of the asked page: a count (unless `total` is known), then the page, where
        `rows` turns the filtered queryset into what to load (e.g. `.values(...)`).
        (COUNT(*) OVER () would save the count, but makes the database build every row.)"""
        self.number = positive_int(request, self.page_query_param, 1)
        self.per_page = positive_int(
            request, self.page_size_query_param, self.page_size, self.max_page_size
        )
        self.total = queryset.count() if total is None else total
        self.max_page = max(1, -(-self.total // self.per_page))
        if self.number > self.max_page:
            raise exceptions.ValidationError(
                {
                    self.page_query_param: [
                        _("Past the last page, %(last)s.") % {"last": self.max_page}
                    ]
                }
            )
        start = (self.number - 1) * self.per_page
        loaded = rows(queryset) if rows else queryset
        return list(loaded[start : start + self.per_page])

    def get_paginated_response(self, data):
        return Response({"results": data, "pagination": self.block()})

    def block(self) -> dict:
        return {
            "page": self.number,
            "per_page": self.per_page,
            "total_items": self.total,
            "max_page": self.max_page,
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": _("Page number, from 1."),
                "schema": {"type": "integer", "minimum": 1, "maximum": 999999999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": _("Items per page: %(default)s unless given, at most %(max)s.")
                % {"default": self.page_size, "max": self.max_page_size},
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def get_paginated_response_schema(self, schema):
        def number(example):
            return {"type": "integer", "minimum": 0, "example": example}

        return {
            "type": "object",
            "required": ["results", "pagination"],
            "properties": {
                "results": schema,
                "pagination": {
                    "type": "object",
                    "required": ["page", "per_page", "total_items", "max_page"],
                    "properties": {
                        "page": number(1),
                        "per_page": number(50),
                        "total_items": number(214),
                        "max_page": number(5),
                    },
                },
            },
        }


# --- Permissions and throttles ----------------------------------------------------------------


class IsStaffOrReadOnly(permissions.BasePermission):
    """Anyone reads; staff write (and the services check the chamber they clerk for)."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


def _count(key: str, timeout: int) -> int:
    """Add one to a counter in the shared cache; the new value."""
    backend = caches["default"]  # `cache` is a proxy to it
    if isinstance(backend, RedisCache):
        # One round trip: Django's incr() first asks whether the key exists. (_cache is the
        # backend's client wrapper, unchanged since Django 4.0.)
        key = backend.make_and_validate_key(key)
        client = backend._cache.get_client(key, write=True)
        count = client.incr(key)
        if count == 1:  # a new window (a key left without expiry would only take room)
            client.expire(key, timeout)
        return count
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        return 1 if cache.add(key, 1, timeout) else cache.incr(key)


class WindowThrottle(throttling.BaseThrottle):
    """Requests counted per client in fixed one-period windows of the shared cache (Redis
    when REDIS_URL is set): one atomic increment per request, whatever the rate. DRF's own
    throttles keep a list of every request's time, which costs more the higher the rate."""

    scope = ""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view):
        # Read per request, so that settings (and tests) can change the rates.
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        ident = self.ident(request)
        if rate is None or ident is None:
            return True
        number, per = rate.split("/")
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[per[0]]
        now = time.time()
        window = int(now // seconds)
        count = _count(f"throttle:{self.scope}:{ident}:{window}", seconds + 1)
        self.retry_after = (window + 1) * seconds - now
        return count <= int(number)

    def wait(self):
        return self.retry_after


class AnonThrottle(WindowThrottle):
    """Requests without a token, counted per IP address."""

    scope = "anon"

    def ident(self, request):
        return None if request.user.is_authenticated else self.get_ident(request)


class TokenThrottle(WindowThrottle):
    """Requests with a token (or a staff session), counted per user: a higher rate."""

    scope = "user"

    def ident(self, request):
        return str(request.user.pk) if request.user.is_authenticated else None


# --- Shapes -----------------------------------------------------------------------------------


class ReadSerializer(serializers.Serializer):
    """An output shape: its fields document the schema; `to_representation` builds the dict
    from rows loaded in bulk (`.values()`), without per-field machinery."""

    def to_representation(self, row):  # pragma: no cover - every shape defines its own
        raise NotImplementedError


class Texts(serializers.Serializer):
    """A text in the three languages; empty where not translated."""

    kk = serializers.CharField(allow_blank=True)
    ru = serializers.CharField(allow_blank=True)
    en = serializers.CharField(allow_blank=True)


class ErrorDetail(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable machine-readable code, e.g. `invalid`."))
    message = serializers.CharField(help_text=_("What went wrong, in the reader's language."))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per field or query parameter (`invalid`)."),
    )
    field = serializers.CharField(required=False)
    allowed_actions = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorOut(serializers.Serializer):
    error = ErrorDetail()


# --- Read endpoints ---------------------------------------------------------------------------

CSV_CHUNK = 1000


class PublicRead:
    """Mixed into a read view before its DRF generic base: strict parameters, `include=`,
    JSON errors even when CSV was asked for, and `Last-Modified` when the data has one."""

    includes: tuple[str, ...] = ()

    def allowed_parameters(self) -> set[str]:
        allowed = {"format"}
        if self.includes:
            allowed.add("include")
        return allowed

    def read_parameters(self, request) -> frozenset[str]:
        check_query(request, self.allowed_parameters())
        return parse_include(request, self.includes)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            check_query(request, {"format"})  # a write takes its input in the body

    def last_modified(self) -> datetime.datetime | None:
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        table = isinstance(getattr(response, "data", None), Table)
        if getattr(renderer, "format", None) == "csv" and not table:  # errors, writes
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)
        modified = getattr(self, "_last_modified", None)
        if modified is not None and response.status_code == 200:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response


class PublicList(PublicRead):
    """A list: filters (django-filter), `ordering`, `page`/`per_page`, `include=`,
    `?format=csv` (every matching row unless `page` or `per_page` is given)."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    filter_backends = [django_filters.DjangoFilterBackend]
    # (model, field): the change time of the rows listed; its latest value in the whole table
    # (or the latest deletion, see latest_change) is the list's Last-Modified, so a row
    # leaving a filtered list counts as a change.
    changed_at: tuple | None = None
    csv_columns: list[tuple[str, Callable[[dict], object]]] = []

    def allowed_parameters(self) -> set[str]:
        names = set(self.filterset_class.base_filters) if self.filterset_class else set()
        return super().allowed_parameters() | names | {"page", "per_page"}

    def filter_queryset(self, queryset):
        if not self.request.query_params.keys() & self.filterset_class.base_filters.keys():
            return queryset  # no filter asked: skip building the filter set
        return super().filter_queryset(queryset)

    def rows(self, queryset):
        """What to load per row: a `.values()` queryset over the filtered one."""
        return queryset

    def represent(self, rows: list, include: frozenset[str]) -> list[dict]:
        """The page's rows as output dicts, with related data loaded in bulk."""
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        include = self.read_parameters(request)
        queryset = self.filter_queryset(self.get_queryset())
        if request.accepted_renderer.format == "csv":
            if include:
                raise exceptions.ValidationError(
                    {"include": [_("CSV has one row per item; leave include out.")]}
                )
            self._last_modified = self.last_modified()
            if "page" in request.query_params or "per_page" in request.query_params:
                return Response(Table(self.csv_header(), self.csv_rows(queryset)))
            return self.csv_stream(queryset)
        self._last_modified = self.last_modified()
        total = key = None
        if self.changed_at:
            key = (self.__class__, self.filter_key(request))
            total = TOTALS.get(key, self._last_modified)
        rows = self.paginator.paginate_queryset(queryset, request, self, self.rows, total)
        if key is not None and total is None:
            TOTALS.put(key, self._last_modified, self.paginator.total)
        return self.get_paginated_response(self.represent(rows, include))

    def filter_key(self, request) -> tuple:
        """The filters a request asks for: what its total depends on."""
        names = self.filterset_class.base_filters.keys() - {"ordering"}
        return tuple(sorted((k, v) for k in names for v in request.query_params.getlist(k)))

    def last_modified(self):
        if not self.changed_at:
            return None
        return latest_change(*self.changed_at)

    def csv_header(self):
        return [name for name, _get in self.csv_columns]

    def csv_rows(self, queryset):
        """One page as CSV rows."""
        getters = [get for _name, get in self.csv_columns]
        page = self.paginator.paginate_queryset(queryset, self.request, self, self.rows)
        return [[get(item) for get in getters] for item in self.represent(page, frozenset())]

    def csv_stream(self, queryset) -> StreamingHttpResponse:
        """The whole list as CSV, written a chunk of rows at a time as it is sent: a list of
        a million ballots never sits in memory."""
        getters = [get for _name, get in self.csv_columns]

        def lines():
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(self.csv_header())
            for chunk in _chunks(self.rows(queryset), CSV_CHUNK):
                for item in self.represent(chunk, frozenset()):
                    writer.writerow([_cell(get(item)) for get in getters])
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
            yield buffer.getvalue().encode()

        return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


# Models whose history has a partial index on its deletions (bills' migration 0007), so that
# latest_change can read their latest deletion at the cost of an index probe.
DELETIONS_INDEXED = frozenset({"bills.bill", "bills.vote"})


def latest_change(model, field: str) -> datetime.datetime | None:
    """When `model`'s rows last changed: the latest value of an indexed time column that
    every save moves, or for the models in DELETIONS_INDEXED the latest deletion their
    history records if that came later (a deleted row leaves no time behind). Index probes,
    without building an ORM query."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    probes = [
        f"SELECT MAX({quote(model._meta.get_field(field).column)}) "
        f"FROM {quote(model._meta.db_table)}"
    ]
    if model._meta.label_lower in DELETIONS_INDEXED:
        table = model.history.model._meta.db_table
        probes.append(f"SELECT MAX(history_date) FROM {quote(table)} WHERE history_type = '-'")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"({probe})" for probe in probes))
        values = [_aware(value) for value in cursor.fetchone() if value is not None]
    return max(values, default=None)


def _aware(value) -> datetime.datetime:
    if isinstance(value, str):  # SQLite
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=datetime.UTC) if timezone.is_naive(value) else value


def kept_until_changed(key: str, model, compute: Callable[[], object], timeout: int = 600):
    """compute(), kept in the shared cache while `model`'s rows stay unchanged (see
    latest_change) and for at most `timeout` seconds (writes that skip save(), delete() or
    the history move no time)."""
    latest = latest_change(model, "updated_at")
    key = f"{key}:{latest.timestamp() if latest else 0}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


class Totals:
    """The totals of filtered lists, kept per process while the table's latest change (see
    latest_change) stays the same and for at most `ttl` seconds (writes that skip save(),
    delete() or the history move no time): counting every matching row on each request
    costs more than the page itself once a table holds hundreds of thousands of rows."""

    def __init__(self, size: int = 2048, ttl: float = 60):
        self.size, self.ttl = size, ttl
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, latest) -> int | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            stored_latest, total, stored_at = entry
            if stored_latest != latest or time.monotonic() - stored_at > self.ttl:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return total

    def put(self, key, latest, total: int) -> None:
        with self.lock:
            self.entries[key] = (latest, total, time.monotonic())
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


TOTALS = Totals()


def _chunks(queryset, size: int):
    start = 0
    while True:
        chunk = list(queryset[start : start + size])
        if chunk:
            yield chunk
        if len(chunk) < size:
            return
        start += size


def text_columns(name: str, get: Callable[[dict], dict]) -> list[tuple[str, Callable]]:
    """A multilingual field as name_kk, name_ru, name_en columns."""
    return [
        (f"{name}_{code}", lambda row, c=code: (get(row) or {}).get(c)) for code in LANGUAGE_CODES
    ]


def plain_columns(*names: str) -> list[tuple[str, Callable]]:
    """Columns holding a top-level field as it is."""
    return [(name, lambda row, n=name: row[n]) for name in names]


def ids(items: Iterable[dict] | None, key: str = "id") -> str:
    """Several ids in one CSV cell, separated by semicolons."""
    return ";".join(str(item[key]) for item in items or ())


# --- Headers on every API response --------------------------------------------------------------

CORS_EXPOSED = "API-Version, ETag, Last-Modified, Retry-After, Content-Disposition"
CORS_ALLOWED_HEADERS = "Accept, Accept-Language, Authorization, If-None-Match, If-Modified-Since"


class ApiMiddleware:
    """Under /api/: the `API-Version` header, CORS for reading from any origin, and
    conditional GET (an ETag over the body, `Last-Modified` where the view set it, 304)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        preflight = (
            request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
        )
        response = HttpResponse(status=204) if preflight else self.get_response(request)
        response["API-Version"] = API_VERSION
        if request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = CORS_EXPOSED
        if preflight:
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:  # no ETag without the whole body; Last-Modified serves
            return get_conditional_response(
                request,
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        # Revalidate before each use: the ETag makes that cheap for the client.
        response.headers.setdefault("Cache-Control", "no-cache")
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )


# --- OpenAPI ----------------------------------------------------------------------------------


def _renamed(node, names: dict[str, str]):
    if isinstance(node, dict):
        return {
            key: names.get(value, value) if key == "$ref" else _renamed(value, names)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_renamed(item, names) for item in node]
    return node


def schema_hook(result, generator, request, public):
    """What drf-spectacular cannot infer: non-empty query values (an empty one is a 400),
    the error shape on every 4xx and the headers every response carries. Output shapes are
    named for what they are ("Bill", not the "BillOut" serializer)."""
    schemas = result.get("components", {}).get("schemas", {})
    names = {}
    for name in list(schemas):
        plain = re.sub(r"Out(List)?$", r"\1", name)
        if plain != name and plain not in schemas:
            schemas[plain] = schemas.pop(name)
            names[f"#/components/schemas/{name}"] = f"#/components/schemas/{plain}"
    result = _renamed(result, names)
    error_ref = {"$ref": "#/components/schemas/Error"}
    errors = {
        "400": _("A bad or unknown parameter or field, named in `error.fields`."),
        "404": _("No such object."),
        "429": _("Too many requests: see the `Retry-After` header."),
    }
    for url, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if method == "get" and {} not in operation.get("security", [{}]):
                operation["security"].append({})  # reading needs no token
            for status, description in errors.items():
                if status != "404" or "{" in url:
                    operation["responses"].setdefault(status, {"description": description})
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query":
                    if schema.get("type") == "string":
                        schema.setdefault("minLength", 1)
                    elif schema.get("type") == "array":
                        schema.setdefault("minItems", 1)
                        schema.get("items", {}).setdefault("minLength", 1)
            for status, response in operation.get("responses", {}).items():
                headers = response.setdefault("headers", {})
                headers["API-Version"] = {
                    "description": _("The API's version: the major in the URL, then minor."),
                    "schema": {"type": "string"},
                }
                if status.startswith("4") and "content" not in response:
                    response["content"] = {"application/json": {"schema": error_ref}}
                if status == "429":
                    headers["Retry-After"] = {
                        "description": _("Seconds to wait."),
                        "schema": {"type": "integer"},
                    }
    return result
