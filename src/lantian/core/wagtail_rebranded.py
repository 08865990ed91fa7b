"""Wagtail's messages whose Chinese names Wagtail, on screens the bureau's staff use.

Never executed for its values: the calls only put the messages into Lantian's catalogue,
which comes first (LOCALE_PATHS), so that they are translated without Wagtail's name —
the back office carries the bureau's name (core.admin_shell). The messages Wagtail's own
catalogue lacks are in core/wagtail_strings.py; their translations there are reworded."""

from django.utils.translation import gettext_noop

WAGTAIL_REBRANDED = [
    # the group approval task's help on the workflow task screens
    gettext_noop("Members of the chosen Wagtail Groups can approve this task"),
    # the user bar that signed-in staff see on the public site
    gettext_noop("View Wagtail quick actions"),
    # the apps' names, before each permission on the role (group) screens
    gettext_noop("Wagtail admin"),
    gettext_noop("Wagtail core"),
    gettext_noop("Wagtail users"),
    gettext_noop("Wagtail images"),
    gettext_noop("Wagtail documents"),
    gettext_noop("Wagtail snippets"),
    gettext_noop("Wagtail search"),
    gettext_noop("Wagtail sites"),
    gettext_noop("Wagtail embeds"),
    gettext_noop("Wagtail redirects"),
    gettext_noop("Wagtail forms"),
]
