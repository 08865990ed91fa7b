"""Staff roles as Django groups, with their permissions.

Roles are the six kinds of staff work named in DESIGN.md. Model permissions are
granted to the group; page permissions are granted once at each portal section root
(never per item), so a new page inherits them from its section.

Domain apps add their own permissions to a role from their ``AppConfig.ready`` with
:func:`register_permissions`; core does not import them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(enum.StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    CASE_HANDLER = "case_handler"
    DEPARTMENT_HEAD = "department_head"
    DATA_MANAGER = "data_manager"
    ADMINISTRATOR = "administrator"

    @property
    def group_name(self) -> str:
        """The group's stored name: fixed Chinese, the bureau's working language."""
        return GROUP_NAMES[self]

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])

    @classmethod
    def from_group_name(cls, name: str) -> Role | None:
        return next((role for role, group in GROUP_NAMES.items() if group == name), None)


GROUP_NAMES: dict[Role, str] = {
    Role.EDITOR: "编辑",
    Role.REVIEWER: "审核员",
    Role.CASE_HANDLER: "承办人",
    Role.DEPARTMENT_HEAD: "处室负责人",
    Role.DATA_MANAGER: "数据管理员",
    Role.ADMINISTRATOR: "系统管理员",
}

ROLE_LABELS = {
    Role.EDITOR: pgettext_lazy("role", "Editor"),
    Role.REVIEWER: pgettext_lazy("role", "Reviewer"),
    Role.CASE_HANDLER: pgettext_lazy("role", "Case handler"),
    Role.DEPARTMENT_HEAD: pgettext_lazy("role", "Department head"),
    Role.DATA_MANAGER: pgettext_lazy("role", "Data manager"),
    Role.ADMINISTRATOR: pgettext_lazy("role", "Administrator"),
}

ROLE_DESCRIPTIONS = {
    Role.EDITOR: _("Drafts pages and disclosure items and submits them for review."),
    Role.REVIEWER: _("Reviews and approves publications (four eyes) and publishes them."),
    Role.CASE_HANDLER: _("Works FOI requests and complaints assigned to the department."),
    Role.DEPARTMENT_HEAD: _("Oversees the department's cases and approves extensions."),
    Role.DATA_MANAGER: _("Runs data ingestion and keeps monitoring data correct."),
    Role.ADMINISTRATOR: _("Manages users, departments, roles, the calendar and settings."),
}

ADMIN_ACCESS = "wagtailadmin.access_admin"
WAGTAIL_STARTER_GROUPS = ("Moderators", "Editors")

# Model permissions as "app_label.codename".
BASE_PERMISSIONS: dict[Role, set[str]] = {
    Role.EDITOR: {
        ADMIN_ACCESS,
    },
    Role.REVIEWER: {
        ADMIN_ACCESS,
    },
    Role.CASE_HANDLER: {ADMIN_ACCESS},
    Role.DEPARTMENT_HEAD: {ADMIN_ACCESS, "core.view_department"},
    Role.DATA_MANAGER: {ADMIN_ACCESS, "core.view_calendaryear", "core.view_calendarday"},
    Role.ADMINISTRATOR: {
        ADMIN_ACCESS,
        "core.add_user",
        "core.change_user",
        "core.delete_user",
        "core.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "core.add_department",
        "core.change_department",
        "core.view_department",
        "core.add_calendaryear",
        "core.change_calendaryear",
        "core.view_calendaryear",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
        "core.view_calendarday",
        "portal.change_bureausettings",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    },
}

# Image and document permissions, granted at the root collection (Wagtail checks
# collections, not bare model permissions, for these).
COLLECTION_PERMISSIONS: dict[Role, set[str]] = {
    Role.EDITOR: {
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    },
    Role.REVIEWER: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
    Role.ADMINISTRATOR: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    },
}

# Page permissions granted at every section root.
SECTION_PAGE_PERMISSIONS: dict[Role, set[str]] = {
    Role.EDITOR: {"add_page", "change_page", "lock_page"},
    Role.REVIEWER: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
    Role.DEPARTMENT_HEAD: {"change_page"},
    Role.ADMINISTRATOR: {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    },
}

_registered: dict[Role, set[str]] = {role: set() for role in Role}


def register_permissions(role: Role, permissions: Iterable[str]) -> None:
    """Let a domain app add ``app_label.codename`` permissions to a role."""
    _registered[role].update(permissions)


def permissions_for(role: Role) -> set[str]:
    return BASE_PERMISSIONS.get(role, set()) | _registered[role]


def _resolve(names: Iterable[str], using: str) -> list[Permission]:
    # One query for all of a role's permissions (a role has dozens).
    wanted = sorted(tuple(name.split(".", 1)) for name in names)
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using)
        .filter(codename__in={codename for _app, codename in wanted})
        .select_related("content_type")
    }
    for app_label, codename in wanted:
        if (app_label, codename) not in found:
            raise LookupError(f"permission {app_label}.{codename!r} does not exist")
    return [found[key] for key in wanted]


def role_groups(using: str = "default") -> dict[Role, Group]:
    """The role groups; set up by :func:`ensure_roles` (after every migrate) only when
    one is missing, so that saving a staff member does not re-sync every permission."""
    names = {role.group_name: role for role in Role}
    found = {
        names[group.name]: group for group in Group.objects.using(using).filter(name__in=names)
    }
    return found if len(found) == len(names) else ensure_roles(using)


@transaction.atomic
def ensure_roles(using: str = "default") -> dict[Role, Group]:
    """Create the role groups and set their model permissions; safe to run again.

    Wagtail's starter groups ("Moderators", "Editors", with rights over the whole tree)
    are removed while nobody belongs to them: Lantian's roles replace them.
    """
    Group.objects.using(using).filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True).delete()
    groups = {}
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.group_name)
        group.permissions.set(_resolve(permissions_for(role), using))
        groups[role] = group
    _grant_collection_permissions(groups, using)
    return groups


def _grant_collection_permissions(groups: dict[Role, Group], using: str) -> None:
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    for role, names in COLLECTION_PERMISSIONS.items():
        for permission in _resolve(names, using):
            GroupCollectionPermission.objects.using(using).get_or_create(
                group=groups[role], collection=root, permission=permission
            )


@transaction.atomic
def grant_section_permissions(section_pages: Iterable[object]) -> None:
    """Grant each role's page permissions at the given section roots; safe to run again."""
    from wagtail.models import GroupPagePermission

    groups = role_groups()
    for page in section_pages:
        for role, codenames in SECTION_PAGE_PERMISSIONS.items():
            for codename in codenames:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.get_or_create(
                    group=groups[role], page=page, permission=permission
                )


def roles_of(user: object) -> list[Role]:
    if not getattr(user, "is_authenticated", False):
        return []
    names = user.groups.values_list("name", flat=True)  # type: ignore[attr-defined]
    return [role for name in names if (role := Role.from_group_name(name))]


def is_administrator(user: Any) -> bool:
    """A signed-in superuser or holder of the administrator role."""
    return bool(getattr(user, "is_authenticated", False)) and (
        bool(getattr(user, "is_superuser", False)) or Role.ADMINISTRATOR in roles_of(user)
    )


def works_in(user: Any, department_code: str) -> bool:
    """The user's department is the one with ``department_code`` or a unit below it."""
    profile = getattr(user, "staff_profile", None)
    department = profile.department if profile is not None else None
    seen = 0
    while department is not None and seen < 10:  # a cycle in the tree cannot hang us
        if department.code == department_code:
            return True
        department, seen = department.parent, seen + 1
    return False


def in_enforcement_brigade(user: Any) -> bool:
    """Works in the enforcement brigade (``ENFORCEMENT_DEPARTMENT``) or a unit below it,
    whose staff alone do enforcement work among the case handlers and heads."""
    from django.conf import settings

    return works_in(user, str(getattr(settings, "ENFORCEMENT_DEPARTMENT", "enforcement")))
