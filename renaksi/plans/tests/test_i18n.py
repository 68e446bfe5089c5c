import pytest
from django.utils import translation

from renaksi.plans.findings import MESSAGES


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_it_has_an_english_text_for_every_finding(code):
    with translation.override("id"):
        indonesian = str(MESSAGES[code])
    with translation.override("en"):
        english = str(MESSAGES[code])
    assert english != indonesian


def test_it_serves_pages_in_indonesian_by_default_and_english_on_request(client, people):
    client.force_login(people.sekretaris)
    assert "Beranda" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Home" in client.get("/").content.decode()


def test_it_ignores_an_english_browser_until_the_user_picks_english(client, people):
    client.force_login(people.sekretaris)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Beranda" in page and 'lang="id"' in page
