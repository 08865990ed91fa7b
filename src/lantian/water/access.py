"""Who may do what with water data in the back office: data managers (the monitoring
station) and administrators add and edit sites and read the samples and the sample
files; every other role holds none of these permissions, so the screens refuse them."""

from __future__ import annotations

from lantian.core.roles import Role, register_permissions

PERMISSIONS = (
    "water.add_site",
    "water.change_site",
    "water.view_site",
    "water.view_sample",
    "water.view_samplebatch",
)
ROLES = (Role.DATA_MANAGER, Role.ADMINISTRATOR)


def register() -> None:
    """Add the water permissions to the roles (from ``WaterConfig.ready``)."""
    for role in ROLES:
        register_permissions(role, PERMISSIONS)
