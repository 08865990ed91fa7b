"""Wagtail loads this module; the screens live in :mod:`lantian.complaints.admin`, one
module each, registered by importing them here."""

from __future__ import annotations


# public reaction: items under watch and hot-topic responses, typical cases (own hooks)
from lantian.complaints.admin import hot_topics, typical_cases  # noqa: E402, F401
from lantian.complaints.admin import batches  # noqa: E402, F401  (inspection batches)
