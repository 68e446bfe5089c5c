"""The browser tests' live server on SQLite serves evidence files (read and closed after the
view returns) while other pages are asked for at the same time: the cell page's preview frame
and its download link arrive together (``renaksi.browser_testing.OneViewAtATime``)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse

from renaksi.monitoring.services import evidence_upload
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_files_and_pages_asked_for_together_all_arrive_whole(live_server, people, cells):
    realisation = save(cells.sk, 1, people.pelaksana)
    evidence = evidence_upload(
        realisation=realisation, upload=upload("sk.pdf", files.PDF), actor=people.pelaksana
    )
    client = Client()
    client.force_login(people.pelaksana)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    preview = reverse("evidence_preview", args=[evidence.pk])
    download = reverse("evidence_download", args=[evidence.pk])

    def fetch(path: str) -> tuple[int, bytes]:
        response = requests.get(f"{live_server.url}{path}", cookies=cookies, timeout=60)
        return response.status_code, response.content if path != "/rekap/" else b""

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(fetch, [preview, download, "/rekap/"] * 20))
    assert [code for code, _ in answers] == [200] * 60
    assert [body for _, body in answers if body] == [files.PDF] * 40
