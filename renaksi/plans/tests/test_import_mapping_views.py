from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.conftest import small_parsed_plan
from renaksi.plans.models import ImportReport, Indicator, Plan
from renaksi.plans.services import plan_import
from renaksi.plans.tests.test_table_import import MESSY_MAPPING, messy_xlsx
from renaksi.plans.views_import import SESSION_KEY
from renaksi.reports.lampiran import lampiran_xlsx


def _upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _tmp_files() -> list[Path]:
    return list((Path(settings.MEDIA_ROOT) / "import-tmp").glob("*"))


def _mapping_post(mapping: dict) -> dict:
    data = {
        "granularity": mapping["granularity"],
        "header_row": mapping["header_row"],
        "first_data_row": mapping["first_data_row"],
    }
    for role, letter in mapping["columns"].items():
        data[f"col_{letter}"] = role
    for period, letter in mapping["periods"].items():
        data[f"col_{letter}"] = f"period_{period}"
    return data


def _nothing_written():
    assert not Plan.objects.exists()
    assert not ImportReport.objects.exists()
    assert not AuditEvent.objects.exclude(action__startswith="auth.").exists()


def test_it_imports_a_messy_xlsx_through_mapping_preview_and_confirm(client, people, tree):
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("rb.xlsx", messy_xlsx())},
    )
    assert response.status_code == 302 and response["Location"] == reverse("plan_import_mapping")
    assert len(_tmp_files()) == 1
    assert str(settings.MEDIA_ROOT) not in str(client.session[SESSION_KEY])  # no path kept

    page = client.get(reverse("plan_import_mapping")).content.decode()
    assert 'data-testid="mapping-form"' in page
    assert "Target (%)" in page and "Manajemen Perubahan" in page  # headers and first values
    assert '<option value="indicator" selected>' in page  # the guess is preselected
    _nothing_written()

    response = client.post(reverse("plan_import_mapping"), _mapping_post(MESSY_MAPPING))
    assert response.status_code == 302 and response["Location"] == reverse("plan_import_preview")
    preview = client.get(reverse("plan_import_preview")).content.decode()
    assert "2 area, 3 kegiatan, 4 indikator" in preview
    assert "2. Rapat koordinasi" in preview
    assert "#NAME?" in preview and "H5" in preview  # every finding is shown
    assert "3000 baris kosong" in preview
    _nothing_written()

    # Going back to the mapping changes nothing.
    assert client.get(reverse("plan_import_mapping")).status_code == 200
    _nothing_written()

    response = client.post(reverse("plan_import_preview"), {"action": "confirm"})
    plan = Plan.objects.get(unit=tree.bengkulu_tengah, year=2024)
    assert response.status_code == 302 and response["Location"] == reverse(
        "plan_detail", args=[plan.pk]
    )
    assert plan.granularity == "quarter"
    assert Indicator.objects.filter(activity__area__plan=plan).count() == 4
    report = ImportReport.objects.get(plan=plan)
    assert report.source_format == "xlsx" and report.source_name == "rb.xlsx"
    assert {f["code"] for f in report.findings} >= {"cell_error", "empty_rows_skipped"}
    assert _tmp_files() == [] and SESSION_KEY not in client.session


def test_it_goes_straight_to_the_preview_for_the_official_lampiran(client, people, tree):
    original = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=None,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )
    data = lampiran_xlsx(plan=original)
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2023", "file": _upload("lampiran.xlsx", data)},
    )
    assert response["Location"] == reverse("plan_import_preview")
    preview = client.get(reverse("plan_import_preview")).content.decode()
    assert "lampiran resmi" in preview and "2 area, 2 kegiatan, 4 indikator" in preview
    assert not Plan.objects.filter(unit=tree.bengkulu_tengah).exists()
    client.post(reverse("plan_import_preview"), {"action": "confirm"})
    assert Plan.objects.filter(unit=tree.bengkulu_tengah, year=2023).exists()


def test_it_cancels_an_import_and_deletes_the_upload(client, people, tree):
    client.force_login(people.sekretaris)
    client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("rb.xlsx", messy_xlsx())},
    )
    client.post(reverse("plan_import_mapping"), _mapping_post(MESSY_MAPPING))
    response = client.post(reverse("plan_import_preview"), {"action": "cancel"})
    assert response["Location"] == reverse("plan_import")
    assert _tmp_files() == []
    _nothing_written()
    # Nothing waits any more: both steps send the user back to the upload page.
    assert client.get(reverse("plan_import_preview"))["Location"] == reverse("plan_import")
    assert client.get(reverse("plan_import_mapping"))["Location"] == reverse("plan_import")


def test_it_rejects_a_mapping_without_an_indicator_column(client, people, tree):
    client.force_login(people.sekretaris)
    client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("rb.xlsx", messy_xlsx())},
    )
    post = _mapping_post(MESSY_MAPPING)
    post.pop("col_D")
    response = client.post(reverse("plan_import_mapping"), post)
    assert response.status_code == 200
    assert "Pilih kolom yang berisi indikator keberhasilan." in response.content.decode()
    _nothing_written()


def test_it_shows_a_hostile_table_as_an_upload_error(client, people, tree):
    client.force_login(people.sekretaris)
    response = client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("x.xlsx", b"bukan zip")},
    )
    assert response.status_code == 200 and "bukan zip" in response.content.decode()
    assert _tmp_files() == []
    _nothing_written()


@pytest.mark.parametrize("persona", ["viewer", "asesor", "outsider"])
def test_it_forbids_the_mapping_steps_to_people_who_manage_no_unit(client, people, tree, persona):
    client.force_login(getattr(people, persona))
    assert client.get(reverse("plan_import_mapping")).status_code == 403
    assert client.post(reverse("plan_import_preview"), {"action": "confirm"}).status_code == 403
    _nothing_written()


def test_it_drops_a_pending_upload_for_a_unit_the_user_no_longer_manages(client, people, tree):
    client.force_login(people.sekretaris)
    client.post(
        reverse("plan_import"),
        {"unit": tree.bengkulu_tengah.pk, "year": "2024", "file": _upload("rb.xlsx", messy_xlsx())},
    )
    client.post(reverse("plan_import_mapping"), _mapping_post(MESSY_MAPPING))
    session = client.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "unit": tree.palembang.pk}
    session.save()
    response = client.post(reverse("plan_import_preview"), {"action": "confirm"})
    assert response["Location"] == reverse("plan_import")
    assert _tmp_files() == []
    _nothing_written()


def test_it_ignores_a_forged_token_and_never_reads_a_client_path(client, people, tree):
    client.force_login(people.sekretaris)
    session = client.session
    session[SESSION_KEY] = {
        "token": "../../etc/passwd",
        "name": "x.xlsx",
        "unit": tree.bengkulu_tengah.pk,
        "year": 2024,
        "replace": False,
        "format": "xlsx",
        "mapping": MESSY_MAPPING,
    }
    session.save()
    assert client.get(reverse("plan_import_preview"))["Location"] == reverse("plan_import")
    _nothing_written()
