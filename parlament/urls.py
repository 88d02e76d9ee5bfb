from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import api_urls, health, stats, views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(("parlament.api_urls", "api"))),
    path("api/", include((api_urls.pages, "api-pages"))),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("stats/", stats.stats, name="stats"),
    path("", include("deputies.urls")),
    path("", include("chambers.urls")),
    path("", include("bills.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
