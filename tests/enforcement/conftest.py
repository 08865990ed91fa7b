"""The sources app's three enterprises (a power plant, a waste-water plant, a chemical
works) serve the enforcement tests too."""

from __future__ import annotations

from tests.sources.conftest import Plants, plants

__all__ = ["Plants", "plants"]
