from django.urls import path

from . import views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("ita/", views.year_list, name="years"),
    path("ita/<int:year>/", views.year_detail, name="year"),
    path("ita/<int:year>/<str:code>/", views.item_detail, name="item"),
    path("files/<int:pk>/<str:filename>", views.evidence_file, name="evidence_file"),
    path("search/", views.search, name="search"),
]
