# ruff: noqa: E501
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.surveys import public, services
from renaksi.surveys.models import Answer, Response, Source

KEYS = [
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
]


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.SKM_MIN_FILL_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_form(tree, people):
    today = timezone.localdate()
    return services.questionnaire_create(
        unit=tree.bengkulu_tengah,
        title="SKM",
        start=today - timedelta(days=30),
        end=today + timedelta(days=30),
        actor=people.sekretaris,
    )


def body(form, **extra):
    data = {k: "4" for k in KEYS}
    data["token"] = public.form_token(form.code)
    data.update(extra)
    return data


def test_the_form_opens_without_sign_in_and_is_small(client, open_form):
    page = client.get(f"/s/{open_form.code}/")
    assert page.status_code == 200
    assert len(page.content) < 50 * 1024
    text = page.content.decode()
    assert "KPU Kabupaten Bengkulu Tengah" in text and "Dikelola dengan baik" in text
    assert "<script" not in text and "style=" not in text
    assert client.get("/s/tidakada/").status_code == 404


def test_an_answer_is_stored_whole(client, open_form):
    page = client.post(f"/s/{open_form.code}/", body(open_form, suggestion="Bagus", sex="P"))
    assert page.status_code == 200 and "Terima kasih" in page.content.decode()
    response = Response.objects.get()
    assert response.source == Source.PUBLIC and response.sex == "P"
    assert Answer.objects.filter(response=response, value=4).count() == 9


def test_the_honeypot_stores_nothing_but_looks_fine(client, open_form):
    page = client.post(f"/s/{open_form.code}/", body(open_form, situs_web="http://spam"))
    assert page.status_code == 200 and not Response.objects.exists()


def test_too_fast_and_forged_tokens_are_refused(client, open_form, settings):
    settings.SKM_MIN_FILL_SECONDS = 60
    page = client.post(f"/s/{open_form.code}/", body(open_form))
    assert page.status_code == 400 and "terlalu cepat" in page.content.decode()
    settings.SKM_MIN_FILL_SECONDS = 0
    page = client.post(f"/s/{open_form.code}/", body(open_form, token="palsu"))
    assert page.status_code == 400 and "tidak sah" in page.content.decode()
    assert not Response.objects.exists()


def test_a_duplicate_is_refused(client, open_form):
    client.post(f"/s/{open_form.code}/", body(open_form))
    page = client.post(f"/s/{open_form.code}/", body(open_form))
    assert page.status_code == 400 and "sudah dikirim" in page.content.decode()
    assert Response.objects.count() == 1


def test_a_flood_is_stored_up_to_the_limit_then_refused(client, open_form, settings):
    settings.SKM_RATE_PER_ADDRESS = 5
    statuses = [
        client.post(f"/s/{open_form.code}/", body(open_form, suggestion=f"ke-{i}")).status_code
        for i in range(12)
    ]
    assert statuses == [200] * 5 + [429] * 7
    assert Response.objects.count() == 5 and Answer.objects.count() == 45
    settings.SKM_RATE_PER_ADDRESS = 1000
    settings.SKM_RATE_PER_FORM = 5
    other = client.post(
        f"/s/{open_form.code}/", body(open_form, suggestion="lain"), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 429 and "terlalu banyak" in other.content.decode().lower()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [*KEYS, "sex", "age_band", "education", "occupation", "suggestion", "service", "zzz"]
        ),
        st.one_of(
            st.text(max_size=50),
            st.sampled_from(
                ["1", "4", "<script>alert(1)</script>", "x" * 100_000, "0", "-1", "4.0"]
            ),
        ),
        max_size=12,
    )
)
def test_hostile_posts_never_fail_or_half_store(client, open_form, data):
    cache.clear()
    before = (Response.objects.count(), Answer.objects.count())
    data = {k: v.replace("\x00", "") for k, v in data.items()}
    page = client.post(
        f"/s/{open_form.code}/", {**data, "token": public.form_token(open_form.code)}
    )
    assert page.status_code in (200, 400)
    after = (Response.objects.count(), Answer.objects.count())
    if page.status_code == 400:
        assert after == before
    else:
        assert after[0] in (before[0], before[0] + 1)
        assert after[1] - before[1] == 9 * (after[0] - before[0])
    assert "<script>alert" not in page.content.decode()
