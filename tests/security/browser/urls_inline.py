"""A page that breaks the policy on purpose, to prove the browser check notices."""

from django.http import HttpResponse
from django.urls import path


def _inline(request):
    return HttpResponse(
        '<!DOCTYPE html><html lang="th"><body><p style="color:red">ทดสอบ</p>'
        "<script>document.title = 'x';</script></body></html>"
    )


urlpatterns = [path("inline/", _inline)]
