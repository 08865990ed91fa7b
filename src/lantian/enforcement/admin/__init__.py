"""The enforcement app's staff back office (执法); see :mod:`.access` for who may do what."""
