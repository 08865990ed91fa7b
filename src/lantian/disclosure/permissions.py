"""Who may do what with disclosure items and the catalogue (added to the core roles).

Nobody but a superuser holds "publish" on items: publication is the end of the review
workflow (保密审查 by reviewers, then 部门负责人审批), so nobody bypasses review and no
editor publishes.
"""

from __future__ import annotations

from lantian.core.roles import Role, register_permissions

ITEM_VIEW = "disclosure.view_disclosureitem"
ITEM_ADD = "disclosure.add_disclosureitem"
ITEM_CHANGE = "disclosure.change_disclosureitem"
ITEM_WITHDRAW = "disclosure.withdraw_disclosureitem"
CATEGORY = (
    "disclosure.add_category",
    "disclosure.change_category",
    "disclosure.delete_category",
    "disclosure.view_category",
)


def register_role_permissions() -> None:
    register_permissions(Role.EDITOR, [ITEM_VIEW, ITEM_ADD, ITEM_CHANGE])
    register_permissions(Role.REVIEWER, [ITEM_VIEW, ITEM_CHANGE])
    register_permissions(Role.DEPARTMENT_HEAD, [ITEM_VIEW, ITEM_CHANGE, ITEM_WITHDRAW])
    register_permissions(Role.ADMINISTRATOR, [ITEM_VIEW, ITEM_WITHDRAW, *CATEGORY])
