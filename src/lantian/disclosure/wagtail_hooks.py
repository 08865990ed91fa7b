"""Back office for proactive disclosure: the catalogue, items, review workflow,
timeliness and statistics reports (``admin``), and the publication outbox with its
"retry now" action (``channel_admin``). Importing the modules registers them."""

from lantian.disclosure import (
    admin,  # noqa: F401
    channel_admin,  # noqa: F401
)
