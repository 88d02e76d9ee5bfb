"""The site's URLs with the API's human pages under /api/ (docs, downloads), as
parlament/urls.py includes them: `path("api/", include((pages, "api-pages")))`."""

from django.urls import include, path

from parlament.api_urls import pages
from parlament.urls import urlpatterns as site

urlpatterns = [*site, path("api/", include((pages, "api-pages")))]
