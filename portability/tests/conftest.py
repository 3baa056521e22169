import pytest


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    """Export archives go to a temporary private folder, never the working tree."""
    settings.REVIEWHUB_PRIVATE_ROOT = tmp_path / "private"
