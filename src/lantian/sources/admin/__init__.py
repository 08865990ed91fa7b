"""The sources app's staff back office (污染源监管); see :mod:`.access` for who may do what."""
