from django.urls import path

from . import itas_views, views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("ita/", views.year_list, name="years"),
    path("ita/<int:year>/", views.year_detail, name="year"),
    # The ITAS submission sheet (Thai whatever the prefix); before the item route.
    path("ita/<int:year>/itas.csv", itas_views.itas_sheet, {"kind": "csv"}, name="itas_csv"),
    path("ita/<int:year>/itas.xlsx", itas_views.itas_sheet, {"kind": "xlsx"}, name="itas_xlsx"),
    path("ita/<int:year>/<str:code>/", views.item_detail, name="item"),
    path("files/<int:pk>/<str:filename>", views.evidence_file, name="evidence_file"),
    path("search/", views.search, name="search"),
]
