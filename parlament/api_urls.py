"""The API under /api/v1/ (`urlpatterns`), and its human pages under /api/ (`pages`:
the interactive docs and the bulk downloads)."""

from pathlib import Path

from django.conf import settings
from django.shortcuts import render
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from bills import api as bills
from chambers import api as chambers
from deputies import api as deputies

from .api import not_found

OVERVIEW = Path(settings.BASE_DIR) / "templates" / "api" / "overview.md"

urlpatterns = [
    path("bills/", bills.BillList.as_view(), name="bill-list"),
    path("bills/<uuid:id>/", bills.BillDetail.as_view(), name="bill-detail"),
    path("bills/<uuid:id>/actions/", bills.BillActions.as_view(), name="bill-actions"),
    path("votes/", bills.VoteList.as_view(), name="vote-list"),
    path("votes/<uuid:id>/", bills.VoteDetail.as_view(), name="vote-detail"),
    path("votes/<uuid:id>/ballots/", bills.VoteBallots.as_view(), name="vote-ballots"),
    path("deputies/", deputies.DeputyList.as_view(), name="deputy-list"),
    path("deputies/<uuid:id>/", deputies.DeputyDetail.as_view(), name="deputy-detail"),
    path("deputies/<uuid:id>/ballots/", bills.DeputyBallots.as_view(), name="deputy-ballots"),
    path("factions/", deputies.FactionList.as_view(), name="faction-list"),
    path("factions/<str:id>/", deputies.FactionDetail.as_view(), name="faction-detail"),
    path("committees/", chambers.CommitteeList.as_view(), name="committee-list"),
    path("committees/<str:id>/", chambers.CommitteeDetail.as_view(), name="committee-detail"),
    path("chambers/", chambers.ChamberList.as_view(), name="chamber-list"),
    path("chambers/<slug:code>/", chambers.ChamberDetail.as_view(), name="chamber-detail"),
    path("convocations/", chambers.ConvocationList.as_view(), name="convocation-list"),
    path("convocations/<str:id>/", chambers.ConvocationDetail.as_view(), name="convocation-detail"),
    path("reports/", bills.ReportList.as_view(), name="report-list"),
    path("reports/<uuid:id>/", bills.ReportDetail.as_view(), name="report-detail"),
    path("reports/<uuid:id>/file", bills.ReportFile.as_view(), name="report-file"),
    path("downloads/", bills.DownloadList.as_view(), name="download-list"),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            custom_settings={"DESCRIPTION": OVERVIEW.read_text(encoding="utf-8")}
        ),
        name="schema",
    ),
    re_path(r"", not_found),
]


def downloads(request):
    """The latest dump of each convocation, for people (the API lists them at downloads/)."""
    dumps = []
    for report in bills.DownloadList.queryset.all():
        try:
            size = report.file.size
        except OSError:  # listed, but the file is gone: show it without a size
            size = None
        dumps.append({"report": report, "size": size})
    return render(request, "api/downloads.html", {"dumps": dumps})


# Under /api/ in parlament/urls.py: path("api/", include((pages, "api-pages"))).
pages = [
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/docs.html", title="API"
        ),
        name="docs",
    ),
    path("downloads/", downloads, name="downloads"),
]
