"""The page fixtures of tests/pages, for attacks driven through a page."""

from tests.pages.conftest import app_engine  # noqa: F401
