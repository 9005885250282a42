"""Fixtures of the data-safety tests."""

from readonly_folder import make_read_only  # noqa: F401  (the fixture)
