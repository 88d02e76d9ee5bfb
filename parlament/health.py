from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "not configured (tasks run in-process)"
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()
    return "ok"


def healthz(request):
    """Database and broker status: 200 when both answer, else 503."""
    checks, healthy = {}, True
    for name, check in (("database", _database), ("broker", _broker)):
        try:
            checks[name] = check()
        except Exception as error:  # any failure is the answer, not a crash
            checks[name] = f"error: {type(error).__name__}"
            healthy = False
    return JsonResponse(checks, status=200 if healthy else 503)
