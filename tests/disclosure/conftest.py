"""Fixtures of the disclosure tests (each part keeps its own in a module of its own)."""

# ---- workflow, timeliness, statistics: catalogue, make_item
from .disclosure_fixtures import catalogue, make_item  # noqa: F401
