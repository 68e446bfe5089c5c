from renaksi.monitoring.tests.conftest import cells, media, realisation_in  # noqa: F401
