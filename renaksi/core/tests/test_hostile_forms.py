"""Random and hostile values posted to the main forms: never a server error, never a partial write.

hypothesis fills each form's fields (and a few it does not have) with text, markup, formula-like
strings, NUL, huge and odd numbers, impossible dates and wrong choices. Every answer is a page
(200, a 409 conflict, a 404 for a cell that does not exist) or a redirect after a save; the test
client raises on any exception, so a 500 fails the test. A refused post changes nothing; a saved
one changes the database together with exactly one audit event.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.audit.models import AuditEvent
from renaksi.monitoring.models import Realisation, RealisationEvent
from renaksi.plans.models import Decree, Indicator, Target
from renaksi.plans.tests.test_import_mapping_views import _upload
from renaksi.plans.views_import import SESSION_KEY

HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "a\x00b",
    "9" * 40,
    "1e999",
    "NaN",
    "-0",
    "0,5",
    "1.234,5",
    "2022-02-30",
    "30/02/2022",
    "31/12/9999",
    "0",
    "13",
    "100",
    "101",
    "x" * 5000,
    "activity:999999",
    "sub:abc",
    "' OR 1=1 --",
    "../../etc/passwd",
]
value = st.one_of(
    st.sampled_from(HOSTILE),
    # Any character a browser can send (a lone surrogate cannot be encoded in a request).
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
FORM_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _post_data(data, fields: list[str], lists: tuple[str, ...] = ()) -> dict:
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
    post = {}
    for name in chosen:
        if name in lists:
            post[name] = data.draw(st.lists(value, max_size=4))
        else:
            post[name] = data.draw(value)
    if data.draw(st.booleans()):
        post[data.draw(st.text("abcdefghij_-", min_size=1, max_size=10))] = data.draw(value)
    return post


def _audits() -> int:
    return AuditEvent.objects.exclude(action__startswith="auth.").count()


def _check(before_state, after_state, before_audits, response):
    assert response.status_code in (200, 302, 404, 409), response.status_code
    added = _audits() - before_audits
    if response.status_code != 302:
        assert after_state == before_state and added == 0  # refused: nothing written
    else:
        # Saved: one audit event (a save that changed nothing may still be recorded), and a
        # change is never without its audit event.
        assert added == 1 or (added == 0 and after_state == before_state)


# --- the cell (realisation) form -------------------------------------------------------------

CELL_FIELDS = ["version", "status", "progress", "value", "done_on", "narrative"]
CELL_FIELDS += ["obstacles", "follow_up"]


def _cell_state():
    return (
        sorted(
            Realisation.objects.values_list(
                "indicator_id", "period", "version", "status", "progress", "value", "narrative"
            )
        ),
        RealisationEvent.objects.count(),
    )


@FORM_SETTINGS
@given(data=st.data())
def test_it_survives_anything_posted_to_the_cell_form(client, people, small_plan, data):
    client.force_login(people.sekretaris)
    indicator = data.draw(
        st.sampled_from(list(Indicator.objects.filter(activity__area__plan=small_plan)))
    )
    period = data.draw(st.integers(0, 14))
    post = _post_data(data, CELL_FIELDS)
    if data.draw(st.booleans()):  # often a well-formed request, to reach the service
        post.setdefault("version", str(data.draw(st.integers(0, 3))))
        post.setdefault("status", data.draw(st.sampled_from(Realisation.Status.values)))
        post.setdefault("progress", str(data.draw(st.integers(-5, 105))))
    before, audits = _cell_state(), _audits()
    url = f"/rencana/{small_plan.pk}/sel/{indicator.pk}/{period}/simpan/"
    response = client.post(url, post)
    _check(before, _cell_state(), audits, response)
    if response.status_code == 200:
        assert 'class="alert' in response.content.decode()  # the reason is on the page


# --- the indicator form ------------------------------------------------------------------------

INDICATOR_FIELDS = ["number", "text", "periods", "note", "target_value", "target_unit", "pic"]
INDICATOR_FIELDS += ["pic_name", "parent"]


def _plan_state(plan):
    indicators = Indicator.objects.filter(activity__area__plan=plan)
    return (
        sorted(
            indicators.values_list(
                "pk",
                "number",
                "text",
                "note",
                "target_value",
                "target_unit",
                "pic_id",
                "pic_name",
                "activity_id",
                "sub_activity_id",
                "position",
            )
        ),
        sorted(Target.objects.filter(indicator__in=indicators).values_list("indicator", "period")),
    )


@FORM_SETTINGS
@given(data=st.data())
def test_it_survives_anything_posted_to_the_indicator_form(client, people, small_plan, data):
    client.force_login(people.sekretaris)
    indicators = list(Indicator.objects.filter(activity__area__plan=small_plan))
    indicator = data.draw(st.sampled_from(indicators))
    post = _post_data(data, INDICATOR_FIELDS, lists=("periods",))
    if data.draw(st.booleans()):
        post.setdefault("text", data.draw(value))
        post.setdefault("parent", f"activity:{indicators[0].activity_id}")
        post.setdefault("periods", [str(p) for p in data.draw(st.lists(st.integers(0, 13)))])
    before, audits = _plan_state(small_plan), _audits()
    url = reverse("indicator_edit", args=[small_plan.pk, indicator.pk])
    response = client.post(url, post)
    _check(before, _plan_state(small_plan), audits, response)
    for stored in Indicator.objects.filter(activity__area__plan=small_plan):
        assert "\x00" not in stored.text and stored.text.strip()


# --- the decree form ---------------------------------------------------------------------------

DECREE_FIELDS = [f.name for f in Decree._meta.concrete_fields if f.name != "id"]


def _decree_state(plan):
    plan.refresh_from_db()
    return tuple(Decree.objects.filter(pk=plan.decree_id).values_list(*DECREE_FIELDS).first() or ())


@FORM_SETTINGS
@given(data=st.data())
def test_it_survives_anything_posted_to_the_decree_form(client, people, small_plan, data):
    client.force_login(people.sekretaris)
    post = _post_data(data, DECREE_FIELDS)
    before, audits = _decree_state(small_plan), _audits()
    response = client.post(reverse("decree_edit", args=[small_plan.pk]), post)
    _check(before, _decree_state(small_plan), audits, response)


# --- the import mapping step -------------------------------------------------------------------

MAPPING_FIELDS = ["granularity", "header_row", "first_data_row"] + [
    f"col_{letter}" for letter in "ABCDEFGHIJKLMNOP"
]
ROLES = ["", "area", "activity", "sub_activity", "indicator", "note", "target", "pic"]


def _small_unknown_table() -> bytes:
    """A short workbook whose headings the importer cannot guess: it asks for a mapping."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    rows = [
        ["Kol A", "Kol B", "Kol C", "Kol D", "Kol E", "Kol F"],
        ["Manajemen Perubahan", "1. Perencanaan", "a. Tim", "SK tim", "v", ""],
        ["Manajemen Perubahan", "1. Perencanaan", "b. Rapat", "Notula", "", "v"],
        ["=1+1", "<script>x</script>", "", "@SUM(A1)", "1", "x"],
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            ws.write_string(r, c, text)
    book.close()
    return buffer.getvalue()


SMALL_TABLE = _small_unknown_table()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_it_survives_anything_posted_to_the_import_mapping(client, people, tree, data):
    client.force_login(people.sekretaris)
    if SESSION_KEY not in client.session:
        response = client.post(
            reverse("plan_import"),
            {
                "unit": tree.bengkulu_tengah.pk,
                "year": "2024",
                "file": _upload("rb.xlsx", SMALL_TABLE),
            },
        )
        assert response["Location"] == reverse("plan_import_mapping")
    post = _post_data(data, MAPPING_FIELDS)
    for name in MAPPING_FIELDS[3:]:
        if data.draw(st.integers(0, 3)) == 0:
            post[name] = data.draw(st.sampled_from(ROLES + [f"period_{n}" for n in range(0, 14)]))
    response = client.post(reverse("plan_import_mapping"), post)
    assert response.status_code in (200, 302)
    preview = client.get(reverse("plan_import_preview"), follow=True)
    assert preview.status_code == 200
    # Mapping and previewing never write: the plan appears only on "confirm".
    assert not Indicator.objects.exists()
    assert _audits() == 0


@pytest.mark.django_db
def test_it_counts_the_hostile_samples():
    # The figure the README quotes: hand-picked hostile values mixed into the random ones.
    assert len(HOSTILE) == 27
