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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_clerk_types_a_paper_questionnaire_with_the_keyboard_only(
    live_server, browser, tree, people
):
    from renaksi.conftest import PASSWORD

    today = timezone.localdate()
    form = services.questionnaire_create(
        unit=tree.bengkulu_tengah, title="SKM", start=today - timedelta(days=1), end=today + timedelta(days=1),
        actor=people.sekretaris,
    )  # fmt: skip
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Nama pengguna").fill(people.sekretaris.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.goto(f"{live_server.url}/skm/kuesioner/{form.pk}/isi/")
        # the cursor starts on U1: nine digits with Tab between them, then Enter saves
        expect(page.locator("#e-persyaratan")).to_be_focused()
        for i, digit in enumerate("432344443"):
            if i:
                page.keyboard.press("Tab")
            page.keyboard.type(digit)
        page.keyboard.press("Enter")
        expect(page.get_by_text("Jawaban responden tersimpan")).to_be_visible()
        expect(page.locator("#e-persyaratan")).to_be_focused()
        page.keyboard.type("7")
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("Jawaban U1 harus 1 sampai 4.")
        shot(page, "surveys-entry-error")
    finally:
        context.close()
    response = Response.objects.get()
    assert response.source == Source.TYPED and response.created_by == people.sekretaris
    values = response.answers.order_by("unsur__position").values_list("value", flat=True)
    assert "".join(map(str, values)) == "432344443"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_public_results_fit_a_phone(live_server, browser, tree, people):
    today = timezone.localdate()
    form = services.questionnaire_create(
        unit=tree.bengkulu_tengah, title="SKM", start=today - timedelta(days=1), end=today + timedelta(days=1),
        actor=people.sekretaris,
    )  # fmt: skip
    for value in (4, 3, 4):
        services.response_record(
            questionnaire=form, date=today, actor=people.sekretaris,
            answers={u.key: value for u in form.unsur.all()},
        )  # fmt: skip
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/skm/hasil/{tree.bengkulu_tengah.code}/")
        expect(page.get_by_role("heading", name="Hasil Survei Kepuasan Masyarakat")).to_be_visible()
        expect(
            page.get_by_role("img", name="Nilai rata-rata (NRR) per unsur, skala 1–4")
        ).to_be_visible()
        expect(page.locator(".ikm-value")).to_have_text("91,67")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "surveys-public-results-390")
    finally:
        context.close()
