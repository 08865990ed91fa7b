"""Wagtail loads this module; the screens live in :mod:`lantian.complaints.admin`, one
module each, registered by importing them here."""

from __future__ import annotations
