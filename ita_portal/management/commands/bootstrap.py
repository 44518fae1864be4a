"""python manage.py bootstrap: what `make run` does after migrating.

Loads the shipped reference catalogues for years that do not exist yet, fills an empty
database with the demo organisation, and makes sure there is an admin login to print. When it
creates that login, the demo's role users (workflow.demo) get the same password.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from disclosures.catalog import load_catalog_file
from disclosures.models import Evidence, FiscalYear, Organisation

LOGIN_FILE_NAME = "admin-password.txt"


class Command(BaseCommand):
    help = "เตรียมฐานข้อมูลใหม่: รายการข้ออ้างอิง ข้อมูลตัวอย่าง และบัญชีผู้ดูแลระบบ"

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="ไม่ใส่ข้อมูลหน่วยงานตัวอย่าง")

    def handle(self, *args, no_demo: bool, **options):
        self._load_reference_catalogues()
        if not no_demo and not Organisation.objects.exists() and not Evidence.objects.exists():
            call_command("demo_data", stdout=self.stdout, stderr=self.stderr)
        self._admin_login()

    def _load_reference_catalogues(self) -> None:
        for path in sorted((Path(settings.BASE_DIR) / "catalogs").glob("catalog-*.yaml")):
            year = int(path.stem.split("-")[1])
            if FiscalYear.objects.filter(year=year, items__isnull=False).exists():
                continue
            report = load_catalog_file(path, year)
            self.stdout.write(f"โหลดรายการข้ออ้างอิงปี {year}: {len(report.created)} ข้อ")

    def _admin_login(self) -> None:
        user_model = get_user_model()
        password_file = Path(settings.VAR_DIR) / LOGIN_FILE_NAME
        role_logins = ""
        if not user_model.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser("admin", password=password)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            role_logins = _share_password_with_demo_staff(password)
        if password_file.exists():
            password = password_file.read_text().strip()
            self.stdout.write(
                self.style.SUCCESS(
                    f"เข้าสู่ระบบหลังบ้าน: http://127.0.0.1:{_port()}/admin/  "
                    f"ผู้ใช้ admin  รหัสผ่าน {password}"
                )
            )
        if role_logins:
            self.stdout.write(
                self.style.SUCCESS(
                    _("ผู้ใช้ตัวอย่างตามบทบาท (รหัสผ่านเดียวกัน): %(logins)s") % {"logins": role_logins}
                )
            )
        else:
            self.stdout.write(
                "มีบัญชีผู้ดูแลระบบอยู่แล้ว ตั้งรหัสผ่านใหม่ได้ด้วย "
                "`.venv/bin/python manage.py changepassword <ชื่อผู้ใช้>`"
            )


def _share_password_with_demo_staff(password: str) -> str:
    """Give the new admin password to the demo's role users that have none yet, so that
    whoever tries the portal can see it as a coordinator, a division editor or a viewer.
    Returns "login (role), …" for the output; empty when there are none."""
    from workflow.demo import role_label, staff_awaiting_password

    staff = staff_awaiting_password()
    for user in staff:
        user.set_password(password)
        user.save(update_fields=["password"])
    return ", ".join(f"{user.get_username()} ({role_label(user)})" for user in staff)


def _port() -> str:
    import os

    return os.environ.get("PORT", "8000")
