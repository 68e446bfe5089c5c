import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Throttle counts live in the cache, keyed by token id; ids repeat after each rollback."""
    cache.clear()
    yield
    cache.clear()
