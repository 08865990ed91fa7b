"""Back office for proactive disclosure."""

# ---- catalogue, items, review workflow, timeliness and statistics reports
from lantian.disclosure import admin  # noqa: F401, E402
