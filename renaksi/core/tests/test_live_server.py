"""The browser tests' live server answers requests that arrive together (a page, its iframe,
its download), on SQLite too, where its threads share the test's one database connection
(``renaksi.browser_testing.OneViewAtATime``)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_requests_that_arrive_together_all_get_their_page(live_server, people):
    client = Client()
    client.force_login(people.sekretaris)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}

    def fetch(path: str) -> int:
        return requests.get(f"{live_server.url}{path}", cookies=cookies, timeout=60).status_code

    # The same signed-in queries, twelve requests at once.
    with ThreadPoolExecutor(max_workers=12) as pool:
        codes = list(pool.map(fetch, ["/api/v1/units/", "/rekap/"] * 24))
    assert codes == [200] * 48
