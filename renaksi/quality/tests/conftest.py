from renaksi.monitoring.tests.conftest import cells, media  # noqa: F401 - shared fixtures
