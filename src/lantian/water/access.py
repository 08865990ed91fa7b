"""Who may do what with water data in the back office: data managers (the monitoring
station) and administrators add and edit sites, upload sample files and read the
samples and the files; every other role holds none of these permissions, so the
screens refuse them."""

from __future__ import annotations

from typing import Any

from lantian.core.roles import Role, register_permissions

UPLOAD = "water.add_samplebatch"
PERMISSIONS = (
    "water.add_site",
    "water.change_site",
    "water.view_site",
    "water.view_sample",
    "water.view_samplebatch",
    UPLOAD,
)
ROLES = (Role.DATA_MANAGER, Role.ADMINISTRATOR)


def register() -> None:
    """Add the water permissions to the roles (from ``WaterConfig.ready``)."""
    for role in ROLES:
        register_permissions(role, PERMISSIONS)


def can_upload(user: Any) -> bool:
    """Upload a file of samples."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(UPLOAD)


def door(user: Any, view_kwargs: Any) -> bool:
    """The check :mod:`lantian.core.admin_access` puts in front of the upload screen."""
    return can_upload(user)
