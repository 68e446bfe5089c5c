"""An evidence link opens from a page that shows where it leads, never by a redirect."""

import pytest
from django.utils import translation

from renaksi.monitoring.services import evidence_link_add
from renaksi.monitoring.tests.conftest import save


@pytest.fixture(autouse=True)
def _indonesian_afterwards():
    """The English requests activate English in this thread; later tests expect Indonesian."""
    yield
    translation.deactivate()


def test_a_link_opens_from_an_interstitial_page_not_a_redirect(client, people, cells):
    r = save(cells.sk, 1, people.pelaksana, status="in_progress", progress=10)
    url = "https://phishing.example.net/kpu.go.id/login?next=%2F&x=<b>"
    link = evidence_link_add(realisation=r, url=url, actor=people.pelaksana)
    client.force_login(people.viewer)
    response = client.get(f"/bukti/{link.pk}/unduh/")
    # Before: 302 straight to the external site. Now a page that names the host and the address.
    assert response.status_code == 200 and "Location" not in response
    html = response.content.decode()
    assert "Anda akan membuka phishing.example.net" in html
    assert "https://phishing.example.net/kpu.go.id/login?next=%2F&amp;x=&lt;b&gt;" in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_interstitial_speaks_english_when_chosen(client, people, cells):
    r = save(cells.sk, 1, people.pelaksana, status="in_progress", progress=10)
    link = evidence_link_add(realisation=r, url="https://kpu.go.id/sk", actor=people.pelaksana)
    client.force_login(people.viewer)
    client.cookies["django_language"] = "en"
    html = client.get(f"/bukti/{link.pk}/unduh/").content.decode()
    assert "You are about to open kpu.go.id" in html
