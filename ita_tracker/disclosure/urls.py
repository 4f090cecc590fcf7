"""The public site's dynamic routes (the published files answer first, see ``middleware``).
Addresses are built in ``disclosure.paths``; ``tests/disclosure`` checks that both agree."""

from django.urls import path

from ita_tracker.disclosure import views

app_name = "public"

Y = "<slug:agency_slug>/ita/<int:year>/"

urlpatterns = [
    path("ita/", views.site_index, name="site_index"),
    path("ita/data.json", views.site_json, name="site_json"),
    path("ita/data.csv", views.site_csv, name="site_csv"),
    path("<slug:agency_slug>/ita/", views.agency_index, name="agency_index"),
    path("<slug:agency_slug>/ita/feed.atom", views.agency_feed, name="agency_feed"),
    path(Y, views.year_page, name="year_page"),
    path(Y + "data.json", views.year_json, name="year_json"),
    path(Y + "data.csv", views.year_csv, name="year_csv"),
    path(Y + "oit/<str:code>/", views.oit_item, name="oit_item"),
    path(Y + "oit/<str:code>/embed/", views.oit_embed, name="oit_embed"),
    path(Y + "documents/<str:name>", views.document_file, name="document_file"),
    path(Y + "files/<str:name>", views.evidence_file, name="evidence_file"),
]
