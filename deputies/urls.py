from django.urls import path

from . import views

app_name = "deputies"
urlpatterns = [
    path("deputies/", views.deputy_list, name="list"),
    path("deputies/<uuid:id>/", views.deputy_detail, name="detail"),
    path("factions/<slug:public_id>/", views.faction_detail, name="faction"),
]
