"""Tests that drive headless Chromium over the built site (a package, so its conftest does not
shadow tests/conftest.py, which other test modules import from)."""
