"""The back office's roles, as Django groups, and what each may do to which record.

- Coordinator (ผู้ประสานงาน ITA): edits and publishes everything of the ITA work.
- Division editor (ผู้แก้ไขของส่วนราชการ): reads everything, edits only the items and
  measure methods owned by the divisions they belong to, never publishes.
- Viewer (ผู้ดูข้อมูล): reads the back office.
Superusers may do everything. The groups are created and kept up to date after every
`migrate`; staff are put into them in the admin's user page.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

COORDINATOR = "ผู้ประสานงาน ITA"
DIVISION_EDITOR = "ผู้แก้ไขของส่วนราชการ"
VIEWER = "ผู้ดูข้อมูล"
ROLES = (COORDINATOR, DIVISION_EDITOR, VIEWER)

# The apps of the ITA work (user accounts stay with superusers).
WORK_APPS = (
    "disclosures",
    "measures",
    "procurement",
    "links",
    "submissions",
    "ita_portal",
    "workflow",  # the evidence bin: coordinators restore and purge, everyone else looks
)

PUBLISH_EVIDENCE = "disclosures.publish_evidence"
PUBLISH_ITEM = "disclosures.publish_item"
PUBLISH_METHOD = "measures.publish_method"
EDIT_ALL = "disclosures.edit_all_divisions"

# What a division editor may do besides reading: (app, codename).
EDITOR_WORK = [
    ("disclosures", "change_item"),
    ("disclosures", "add_evidence"),
    ("disclosures", "change_evidence"),
    ("disclosures", "delete_evidence"),
    ("disclosures", "change_requiredelement"),
    ("measures", "change_method"),
    ("measures", "add_methodattachment"),
    ("measures", "change_methodattachment"),
    ("measures", "delete_methodattachment"),
    ("measures", "add_progressupdate"),
    ("measures", "change_progressupdate"),
    ("measures", "delete_progressupdate"),
]


def _work_permissions():
    return Permission.objects.filter(content_type__app_label__in=WORK_APPS)


def role_permissions() -> dict[str, list[Permission]]:
    reading = _work_permissions().filter(codename__startswith="view_")
    editing = Q()
    for app, codename in EDITOR_WORK:
        editing |= Q(content_type__app_label=app, codename=codename)
    return {
        COORDINATOR: list(_work_permissions()),
        DIVISION_EDITOR: list(reading) + list(Permission.objects.filter(editing)),
        VIEWER: list(reading),
    }


def ensure_roles(sender=None, **kwargs) -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    if sender is not None and sender.name != "workflow":
        return
    using = kwargs.get("using", "default")
    if not Permission.objects.using(using).filter(content_type__app_label="disclosures").exists():
        return  # a partial migrate: nothing to give yet
    for name, permissions in role_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions)


# --- who may touch what ---------------------------------------------------------------------


def edits_everything(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(EDIT_ALL))


def division_ids(user) -> set[int]:
    """The divisions a user works for (cached on the user object for the request)."""
    if not hasattr(user, "_division_ids"):
        user._division_ids = set(user.divisions.values_list("pk", flat=True)) if user.pk else set()
    return user._division_ids


def may_edit_division(user, division_id: int | None) -> bool:
    """Whether the user may change a record owned by this division (None: no owner yet)."""
    if edits_everything(user):
        return True
    return division_id is not None and division_id in division_ids(user)


def division_filter(user, path: str) -> Q:
    """A filter for the records a user may change; `path` leads to the owning division."""
    if edits_everything(user):
        return Q()
    return Q(**{f"{path}__in": division_ids(user)})
