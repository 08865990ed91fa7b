"""Back office for proactive disclosure: the catalogue, items, review workflow,
timeliness and statistics reports (``admin``), the publication outbox with its
"retry now" action (``channel_admin``) and the dashboard's drafts and time limits
(``dashboard``). Importing the modules registers them."""

from lantian.disclosure import (
    admin,  # noqa: F401
    channel_admin,  # noqa: F401
    dashboard,  # noqa: F401
)
