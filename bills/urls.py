from django.urls import path

from . import feeds, views

app_name = "bills"
urlpatterns = [
    path("bills/", views.bill_list, name="list"),
    path("bills/<uuid:id>/", views.bill_detail, name="detail"),
    path("votes/<uuid:id>/", views.vote_detail, name="vote"),
    path("feeds/bills/", feeds.BillEventsFeed(), name="feed"),
    path("feeds/bills/<uuid:id>/", feeds.BillFeed(), name="bill-feed"),
    path("feeds/committees/<str:public_id>/", feeds.CommitteeFeed(), name="committee-feed"),
    path("feeds/deputies/<uuid:id>/", feeds.DeputyFeed(), name="deputy-feed"),
]
