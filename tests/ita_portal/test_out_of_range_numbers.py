"""Numbers in URLs beyond any database integer are a 404, never a server error (PostgreSQL
refuses out-of-range integers where SQLite only finds nothing)."""

import pytest

pytestmark = pytest.mark.django_db

HUGE = "9" * 25
PATHS = (
    f"/ita/{HUGE}/",
    f"/ita/{HUGE}/O1/",
    f"/ita/{HUGE}/score/",
    f"/ita/{HUGE}/measures/",
    f"/ita/2569/measures/{HUGE}/",
    f"/ita/{HUGE}/procurement/",
    f"/ita/{HUGE}/data/procurement.csv",
    f"/ita/{HUGE}/itas.csv",
    f"/ita/{HUGE}/report.pdf",
    f"/ita/{HUGE}/measures.pdf",
    f"/ita/{HUGE}/score.pdf",
    f"/files/{HUGE}/x.pdf",
    f"/files/measures/{HUGE}/x.pdf",
)


@pytest.mark.parametrize("path", PATHS)
def test_a_number_too_large_for_the_database_is_not_found(client, factory, path):
    factory.year(2569)

    assert client.get(path).status_code == 404
