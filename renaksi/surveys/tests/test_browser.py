# ruff: noqa: E501
"""A citizen fills the public SKM form on a 390-px phone screen in Debian's Chromium."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from renaksi.browser_testing import shot
from renaksi.surveys import services
from renaksi.surveys.models import Answer, Response, Source


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_citizen_fills_the_public_form_on_a_phone(live_server, browser, tree, people, settings):
    settings.SKM_MIN_FILL_SECONDS = 1
    cache.clear()
    today = timezone.localdate()
    form = services.questionnaire_create(
        unit=tree.bengkulu_tengah, title="SKM", start=today - timedelta(days=1), end=today + timedelta(days=1),
        actor=people.sekretaris,
    )  # fmt: skip
    services.service_create(
        unit=tree.bengkulu_tengah, name="Pelayanan PPID", actor=people.sekretaris
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/s/{form.code}/")
        expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.get_by_label("Jenis layanan yang diterima").select_option(label="Pelayanan PPID")
        for group in page.locator("fieldset").filter(has=page.locator("input[type=radio]")).all():
            group.locator("input[type=radio]").last.check()
        page.get_by_label("Gratis").check()
        page.get_by_label("Jenis kelamin").select_option("P")
        page.get_by_label("Saran dan masukan").fill("Antrean sudah rapi.")
        shot(page, "surveys-public-form-390")
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="Kirim jawaban").click()
        expect(page.get_by_role("heading", name="Terima kasih")).to_be_visible()
        shot(page, "surveys-public-thanks-390")
    finally:
        context.close()
    response = Response.objects.get()
    assert response.source == Source.PUBLIC and response.sex == "P"
    assert (
        response.suggestion == "Antrean sudah rapi." and response.service.name == "Pelayanan PPID"
    )
    assert Answer.objects.filter(response=response, value=4).count() == 9
