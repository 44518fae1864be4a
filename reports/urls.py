"""Report URLs: always Thai, so outside the /en/ prefix. They are linked from the public
pages and the admin, and given to auditors: never change them."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("ita/<int:year>/report.pdf", views.report, {"kind": "report"}, name="report"),
    path("ita/<int:year>/measures.pdf", views.report, {"kind": "measures"}, name="measures"),
    path("ita/<int:year>/score.pdf", views.report, {"kind": "score"}, name="score"),
]
