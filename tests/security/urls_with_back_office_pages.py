"""The portal's URLs plus two back-office pages outside /admin/: one that forgot its login
(the URL walk in test_url_walk.py must catch it) and one that did not; and a page that
fails, for the 500 page's policy (test_csp.py)."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse
from django.urls import path

from ita_portal.urls import urlpatterns as portal_urlpatterns


def _page(request):
    return HttpResponse("ภายใน")


def _broken(request):
    raise RuntimeError("a bug")


handler500 = "ita_portal.views.server_error"
urlpatterns = [
    *portal_urlpatterns,
    path("internal/open/", _page, name="internal_open"),
    path("internal/closed/", staff_member_required(_page), name="internal_closed"),
    path("internal/broken/", staff_member_required(_broken), name="internal_broken"),
]
