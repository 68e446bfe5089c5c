"""The printable QR poster of a questionnaire, per service, A4 or A5, HTML or PDF."""

from datetime import timedelta

import pypdfium2
import segno
from django.urls import reverse
from django.utils import timezone

from renaksi.surveys import services


def test_the_poster_shows_a_qr_code_of_the_public_form(client, questionnaire, people):
    client.force_login(people.viewer)
    response = client.get(reverse("surveys:survey_poster", args=[questionnaire.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    form_url = f"http://testserver/s/{questionnaire.code}/"
    assert form_url in html
    # the SVG is exactly the QR code of that address
    expected = segno.make(form_url, error="m").svg_inline(scale=8, border=2, omitsize=False)
    assert expected in html


def test_a_service_poster_opens_the_form_with_that_service_chosen(client, tree, service, people):
    today = timezone.localdate()
    questionnaire = services.questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="SKM",
        start=today - timedelta(days=1),
        end=today + timedelta(days=1),
        actor=people.sekretaris,
    )
    client.force_login(people.sekretaris)
    response = client.get(
        reverse("surveys:survey_poster", args=[questionnaire.pk]), {"layanan": service.pk}
    )
    form_url = f"http://testserver/s/{questionnaire.code}/?layanan={service.pk}"
    assert form_url in response.content.decode()
    assert "Pelayanan PPID" in response.content.decode()
    form = client.get(form_url)
    assert f'value="{service.pk}" selected' in form.content.decode()


def test_the_poster_prints_as_an_a5_pdf(client, questionnaire, people):
    client.force_login(people.sekretaris)
    response = client.get(
        reverse("surveys:survey_poster", args=[questionnaire.pk]), {"kertas": "a5", "format": "pdf"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"poster-skm-{questionnaire.code}-a5.pdf" in response["Content-Disposition"]
    # A5 portrait (148 x 210 mm = 420 x 595 points), and the address printed under the code
    pdf = pypdfium2.PdfDocument(response.content)
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (420, 595)
    assert f"/s/{questionnaire.code}/" in pdf[0].get_textpage().get_text_range()


def test_the_poster_is_hidden_outside_the_unit_tree(client, questionnaire, people):
    client.force_login(people.sibling_sekretaris)
    assert client.get(reverse("surveys:survey_poster", args=[questionnaire.pk])).status_code == 404
