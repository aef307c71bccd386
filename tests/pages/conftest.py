"""The page tests' one browser for the whole run (tests/pages/browser.py)."""

from tests.pages.browser import browser  # noqa: F401 - the session's Chromium
