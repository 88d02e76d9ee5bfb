from django.urls import path, re_path

from bills import api as bills

from .api import not_found

urlpatterns = [
    path("bills/", bills.BillList.as_view(), name="bill-list"),
    path("bills/<uuid:id>/", bills.BillDetail.as_view(), name="bill-detail"),
    path("bills/<uuid:id>/actions/", bills.BillActions.as_view(), name="bill-actions"),
    path("votes/", bills.VoteList.as_view(), name="vote-list"),
    path("votes/<uuid:id>/", bills.VoteDetail.as_view(), name="vote-detail"),
    path("reports/", bills.ReportList.as_view(), name="report-list"),
    path("reports/<uuid:id>/", bills.ReportDetail.as_view(), name="report-detail"),
    path("reports/<uuid:id>/file", bills.report_file, name="report-file"),
    re_path(r"", not_found),
]
