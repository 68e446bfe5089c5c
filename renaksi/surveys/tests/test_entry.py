# ruff: noqa: E501
"""Staff type paper questionnaires in: one respondent per form, keyboard only, audited."""

import re
from datetime import date

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.audit.models import AuditEvent
from renaksi.surveys.models import Answer, Response, Source
from renaksi.surveys.tests.test_services import KEYS


def url(questionnaire):
    return reverse("surveys:survey_entry", args=[questionnaire.pk])


def test_it_saves_one_typed_respondent_then_opens_an_empty_form_for_the_next(
    client, questionnaire, service, people
):
    client.force_login(people.sekretaris)
    data = {
        "tanggal": "2022-08-01",
        "layanan": str(service.pk),
        **{k: "4" for k in KEYS},
        "sex": "P",
        "suggestion": "Ruang tunggu sempit.",
    }
    data["waktu"] = ""  # an unanswered item stays empty
    response = client.post(url(questionnaire), data)
    assert response.status_code == 302
    assert response["Location"] == f"{url(questionnaire)}?tanggal=2022-08-01&layanan={service.pk}"
    stored = Response.objects.get()
    assert (stored.source, stored.date, stored.service, stored.sex, stored.created_by) == (
        Source.TYPED,
        date(2022, 8, 1),
        service,
        "P",
        people.sekretaris,
    )
    assert Answer.objects.filter(response=stored, value=4).count() == 8
    assert Answer.objects.filter(response=stored, value__isnull=True).count() == 1
    assert (
        AuditEvent.objects.filter(action="surveys.response_record", actor=people.sekretaris).count()
        == 1
    )
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Jawaban responden tersimpan" in html and "Sudah 1 kuesioner diketik" in html
    # the date and the service are kept for the next paper; the answers are empty again
    assert 'value="2022-08-01"' in html and f'value="{service.pk}" selected' in html
    assert 'name="persyaratan" value=""' in html


def test_the_fields_follow_the_paper_in_tab_order_and_start_on_the_first_unsur(
    client, questionnaire, people
):
    client.force_login(people.sekretaris)
    html = client.get(url(questionnaire)).content.decode()
    form = html[html.index('<form method="post" class="skm-entry"') :]
    names = re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', form)
    assert names == [
        "csrfmiddlewaretoken",
        "tanggal",
        "layanan",
        *KEYS,
        "sex",
        "age_band",
        "education",
        "occupation",
        "suggestion",
    ]
    assert "tabindex" not in form  # the document order is the tab order
    assert re.search(r'name="persyaratan"[^>]*autofocus', form)
    assert 'inputmode="numeric"' in form and 'pattern="[1-4]"' in form


def test_a_wrong_digit_is_refused_in_indonesian_with_what_was_typed_kept(
    client, questionnaire, people
):
    client.force_login(people.sekretaris)
    data = {"tanggal": "2022-08-01", **{k: "3" for k in KEYS}}
    data["biaya"] = "5"
    response = client.post(url(questionnaire), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Jawaban belum tersimpan" in html and "Jawaban U4 harus 1 sampai 4." in html
    assert 'name="biaya" value="5"' in html and 'name="persyaratan" value="3"' in html
    assert Response.objects.count() == 0


def test_a_date_outside_the_period_or_missing_is_refused(client, questionnaire, people):
    client.force_login(people.sekretaris)
    answers = {k: "3" for k in KEYS}
    outside = client.post(url(questionnaire), {"tanggal": "2023-01-02", **answers})
    assert "Tanggal survei di luar periode kuesioner." in outside.content.decode()
    missing = client.post(url(questionnaire), {"tanggal": "", **answers})
    assert "Tanggal survei wajib diisi" in missing.content.decode()
    foreign = client.post(
        url(questionnaire), {"tanggal": "2022-08-01", "layanan": "999999", **answers}
    )
    assert "Layanan tidak dikenal." in foreign.content.decode()
    assert Response.objects.count() == 0


def test_only_the_units_managers_type_answers_in(client, questionnaire, people):
    data = {"tanggal": "2022-08-01", **{k: "3" for k in KEYS}}
    client.force_login(people.pelaksana)
    assert client.post(url(questionnaire), data).status_code == 403
    client.force_login(people.sibling_sekretaris)
    assert client.post(url(questionnaire), data).status_code == 404
    client.logout()
    assert client.post(url(questionnaire), data).status_code == 302
    assert Response.objects.count() == 0


HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '=HYPERLINK("x")',
    "a\x00b",
    "9" * 400,
    "-1",
    "4.0",
    "٣",
    "x" * 6000,
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                *KEYS,
                "tanggal",
                "layanan",
                "sex",
                "age_band",
                "education",
                "occupation",
                "suggestion",
                "extra",
            ]
        ),
        st.one_of(
            st.sampled_from(HOSTILE),
            st.text(max_size=300),
            st.sampled_from(["1", "2", "3", "4", "2022-08-01"]),
        ),
    )
)
def test_hostile_typed_forms_never_fail_or_half_store(client, questionnaire, people, data):
    client.force_login(people.sekretaris)
    data = {
        k: v.replace("\x00", "") for k, v in data.items()
    }  # the test client refuses NUL in a form
    before = (Response.objects.count(), Answer.objects.count(), AuditEvent.objects.count())
    response = client.post(url(questionnaire), data)
    assert response.status_code in (302, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()
    after = (Response.objects.count(), Answer.objects.count(), AuditEvent.objects.count())
    if response.status_code == 302:
        assert after == (before[0] + 1, before[1] + 9, before[2] + 1)
    else:
        assert after == before
