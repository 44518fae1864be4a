"""Public URLs of the ITA result and the integrity measures. Included before the disclosures
URLs: /ita/<year>/<code>/ would otherwise take "score" and "measures" for item codes."""

from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("ita/<int:year>/score/", views.score, name="score"),
    path("ita/<int:year>/measures/", views.measure_list, name="measures"),
    path("ita/<int:year>/measures/<int:number>/", views.measure_detail, name="measure"),
    path("files/measures/<int:pk>/<str:filename>", views.attachment_file, name="attachment_file"),
]
