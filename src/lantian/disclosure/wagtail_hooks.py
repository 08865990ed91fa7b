"""Back office for proactive disclosure."""

# Publication channels: the outbox listing, its "retry now" action and log labels.
from lantian.disclosure import channel_admin  # noqa: F401, E402

# ---- catalogue, items, review workflow, timeliness and statistics reports
from lantian.disclosure import admin  # noqa: F401, E402
