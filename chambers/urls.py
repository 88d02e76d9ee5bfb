from django.urls import path

from . import views

app_name = "chambers"
urlpatterns = [
    path("chambers/<slug:code>/", views.chamber_detail, name="detail"),
    path("committees/<slug:public_id>/", views.committee_detail, name="committee"),
]
