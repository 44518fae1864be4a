"""Public URLs of a year's procurement. Included before the disclosures URLs:
/ita/<year>/<code>/ would otherwise take "procurement" for an item code."""

from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("ita/<int:year>/procurement/", views.procurement_list, name="list"),
    path("ita/<int:year>/data/procurement.<str:kind>", views.procurement_data, name="data"),
]
