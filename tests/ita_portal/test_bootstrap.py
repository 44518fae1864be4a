import io

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings

from disclosures.models import FiscalYear, Organisation


def run_bootstrap(**options) -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out, **options)
    return out.getvalue()


def test_it_prepares_an_empty_database_and_prints_a_login_it_keeps(db, tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        first = run_bootstrap()
        second = run_bootstrap()

    # 2564, 2568, 2569: the shipped catalogues; 2566, 2567: the demo's earlier ITA results.
    assert set(FiscalYear.objects.values_list("year", flat=True)) == {2564, 2566, 2567, 2568, 2569}
    assert Organisation.objects.count() == 1
    assert User.objects.filter(is_superuser=True).count() == 1
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert len(password) >= 12
    assert User.objects.get(username="admin").check_password(password)
    assert f"ผู้ใช้ admin  รหัสผ่าน {password}" in first
    assert f"ผู้ใช้ admin  รหัสผ่าน {password}" in second  # printed again, not replaced
    assert "โหลดรายการข้ออ้างอิง" not in second  # the catalogues are loaded once


def test_it_leaves_an_organisations_own_data_alone(db, tmp_path, factory):
    factory.organisation(name_th="เทศบาลตำบลจริง")
    User.objects.create_superuser("coordinator", password="their-own-password-1")

    with override_settings(VAR_DIR=tmp_path):
        out = run_bootstrap()

    assert list(Organisation.objects.values_list("name_th", flat=True)) == ["เทศบาลตำบลจริง"]
    assert not User.objects.filter(username="admin").exists()
    assert not (tmp_path / "admin-password.txt").exists()
    assert "changepassword" in out


def test_no_demo_skips_the_demo_organisation(db, tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        run_bootstrap(no_demo=True)
    assert not Organisation.objects.exists()
    assert FiscalYear.objects.filter(year=2569).exists()
