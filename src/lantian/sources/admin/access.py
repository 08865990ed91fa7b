"""Who may open the pollution-source back office, and what they may do there.

The roles' model permissions (registered by :func:`register`, called from
``SourcesConfig.ready``) open the door; behind it the role must also fit the work
(docs/decisions/0024-sources-back-office.md):

- the enforcement brigade (生态环境执法支队: case handlers and department heads of the
  department named by ``ENFORCEMENT_DEPARTMENT``, or one below it) keeps the register of
  enterprises, outlets, permits and key-unit listings, and reviews exceedance events;
  its department heads send the year's key-unit list to publication;
- data managers (the monitoring station) see the register, upload self-monitoring files
  and supervisory-monitoring sheets, and send the quarter's supervisory report to
  publication;
- administrators do all of it, bind API keys to enterprises and open (or close) the
  accounts with which an enterprise signs in on the public site.

Case handlers and department heads of other departments, editors and reviewers hold
nothing here (403).
"""

from __future__ import annotations

from typing import Any

from lantian.core.roles import (
    Role,
    in_enforcement_brigade,
    is_administrator,
    register_permissions,
    roles_of,
)

VIEW = "sources.view_enterprise"
EDIT = "sources.change_enterprise"
REVIEW = "sources.change_exceedanceevent"
UPLOAD = "sources.add_monitoringbatch"
PUBLISH_LIST = "sources.add_keyunitlist"
PUBLISH_REPORT = "sources.add_supervisoryreport"
BIND = "sources.add_enterprisekey"
ACCOUNTS = "sources.add_enterpriseaccount"

_SEE = (
    VIEW,
    "sources.view_outlet",
    "sources.view_outletpollutant",
    "sources.view_permit",
    "sources.view_keyunitlisting",
    "sources.view_exceedanceevent",
    "sources.view_monitoringbatch",
    "sources.view_supervisorysample",
    "sources.view_keyunitlist",
    "sources.view_supervisoryreport",
)
_REGISTER = tuple(
    f"sources.{action}_{model}"
    for model in ("enterprise", "outlet", "outletpollutant", "permit", "keyunitlisting")
    for action in ("add", "change")
)
_REVIEW = (REVIEW,)
_UPLOAD = (UPLOAD, "sources.add_supervisorysample", "sources.change_supervisorysample")
_PUBLISH_LIST = (PUBLISH_LIST, "sources.change_keyunitlist")
_PUBLISH_REPORT = (PUBLISH_REPORT, "sources.change_supervisoryreport")
_BIND = (
    BIND,
    "sources.change_enterprisekey",
    "sources.view_enterprisekey",
    ACCOUNTS,
    "sources.change_enterpriseaccount",
    "sources.view_enterpriseaccount",
)

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CASE_HANDLER: _SEE + _REGISTER + _REVIEW,
    Role.DEPARTMENT_HEAD: _SEE + _REGISTER + _REVIEW + _PUBLISH_LIST,
    Role.DATA_MANAGER: _SEE + _UPLOAD + _PUBLISH_REPORT,
    Role.ADMINISTRATOR: _SEE + _REGISTER + _REVIEW + _UPLOAD + _PUBLISH_LIST + _PUBLISH_REPORT
    + _BIND,
}  # fmt: skip


def register() -> None:
    """Add the sources permissions to the roles (from ``SourcesConfig.ready``)."""
    for role, permissions in ROLE_PERMISSIONS.items():
        register_permissions(role, permissions)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_brigade_staff(user: Any) -> bool:
    return (
        _signed_in(user)
        and bool({Role.CASE_HANDLER, Role.DEPARTMENT_HEAD} & set(roles_of(user)))
        and in_enforcement_brigade(user)
    )


def is_brigade_head(user: Any) -> bool:
    return (
        _signed_in(user) and Role.DEPARTMENT_HEAD in roles_of(user) and in_enforcement_brigade(user)
    )


def is_station(user: Any) -> bool:
    return _signed_in(user) and Role.DATA_MANAGER in roles_of(user)


def _holds(user: Any, permission: str) -> bool:
    return _signed_in(user) and user.has_perm(permission)


def can_view(user: Any) -> bool:
    """The register, the exceedance list, the uploads' results and the publications."""
    return _holds(user, VIEW) and (
        is_administrator(user) or is_brigade_staff(user) or is_station(user)
    )


def can_edit(user: Any) -> bool:
    """Enterprises, outlets and their pollutants, permits, key-unit listings."""
    return _holds(user, EDIT) and (is_administrator(user) or is_brigade_staff(user))


def can_review(user: Any) -> bool:
    """Confirm or dismiss an exceedance event."""
    return _holds(user, REVIEW) and (is_administrator(user) or is_brigade_staff(user))


def can_upload(user: Any) -> bool:
    """Self-monitoring files and supervisory-monitoring sheets."""
    return _holds(user, UPLOAD) and (is_administrator(user) or is_station(user))


def can_publish_list(user: Any) -> bool:
    """Send the year's key-unit list to publication."""
    return _holds(user, PUBLISH_LIST) and (is_administrator(user) or is_brigade_head(user))


def can_publish_report(user: Any) -> bool:
    """Send a quarter's supervisory-monitoring report to publication."""
    return _holds(user, PUBLISH_REPORT) and (is_administrator(user) or is_station(user))


def can_bind(user: Any) -> bool:
    """Bind an API key to an enterprise."""
    return _holds(user, BIND) and is_administrator(user)


def can_publish(user: Any) -> bool:
    return can_publish_list(user) or can_publish_report(user)


def can_manage_accounts(user: Any) -> bool:
    """Open, re-send the link of, or close an enterprise's account: credentials, like API
    keys, are the administrators'."""
    return _holds(user, ACCOUNTS) and is_administrator(user)
