"""The endpoints through the services: plans by the JSON interchange, realisations with the
optimistic version (409 in the error shape), chain reports, report jobs, evidence, filters."""

from __future__ import annotations

import pytest

from renaksi.api.serializers import PlanDetailSerializer
from renaksi.api.tests.helpers import assert_error, client_for
from renaksi.audit.models import AuditEvent
from renaksi.conftest import small_parsed_plan
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.tests.files import EXE, PDF, upload
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db


def _cell(plan) -> Indicator:
    return Indicator.objects.get(activity__area__plan=plan, text="Tersedianya SK")


def _save(client, indicator, version, **extra):
    body = {
        "indicator": indicator.pk,
        "period": 1,
        "version": version,
        "status": "done",
        "progress": 100,
        "narrative": "SK ditetapkan",
        **extra,
    }
    return client.post("/api/v1/realisations/", body, format="json")


def test_plan_list_filters_and_detail_document(tree, people, small_plan):
    client = client_for(people.viewer)
    body = client.get("/api/v1/plans/?unit=17.09&year=2023").json()
    assert [p["id"] for p in body["results"]] == [small_plan.pk]
    assert body["results"][0]["unit"]["code"] == "17.09"
    assert client.get("/api/v1/plans/?unit=17.09&year=2022").json()["results"] == []
    assert_error(client.get("/api/v1/plans/?year=abc"), 400, "invalid_filter")
    detail = client.get(f"/api/v1/plans/{small_plan.pk}/").json()
    assert list(detail) == [*PlanDetailSerializer.Meta.fields]
    assert detail["document"]["format"] == "renaksi-plan"
    assert detail["document"]["areas"][0]["name"] == "Manajemen Perubahan"
    assert_error(client.get("/api/v1/plans/999999/"), 404, "not_found")


def test_plan_create_and_replace_through_the_interchange(tree, people, small_plan):
    document = parsed_to_json(small_parsed_plan())
    write = client_for(people.sibling_sekretaris, scope="write")
    response = write.post(
        "/api/v1/plans/", {"unit": "17.01", "year": 2023, "document": document}, format="json"
    )
    assert response.status_code == 201, response.content
    plan = Plan.objects.get(unit__code="17.01", year=2023)
    assert AuditEvent.objects.filter(action="plan.imported", object_id=str(plan.pk)).exists()
    # Again: the service's "sudah ada".
    again = write.post(
        "/api/v1/plans/", {"unit": "17.01", "year": 2023, "document": document}, format="json"
    )
    assert "sudah ada" in assert_error(again, 400, "invalid")["message"]
    # A broken document names the place and changes nothing.
    bad = {**document, "granularity": "week"}
    response = write.put(f"/api/v1/plans/{plan.pk}/", {"document": bad}, format="json")
    assert_error(response, 400, "invalid_document")
    document["areas"][0]["name"] = "Manajemen Perubahan (ganti)"
    response = write.put(f"/api/v1/plans/{plan.pk}/", {"document": document}, format="json")
    assert response.status_code == 200, response.content
    assert plan.areas.first().name == "Manajemen Perubahan (ganti)"
    # Someone who may not manage 17.09 is refused; someone who cannot see it gets 404.
    assert_error(
        write.put(f"/api/v1/plans/{small_plan.pk}/", {"document": document}, format="json"),
        404,
        "not_found",
    )
    viewer = client_for(people.viewer, scope="write")
    assert_error(
        viewer.put(f"/api/v1/plans/{small_plan.pk}/", {"document": document}, format="json"),
        403,
        "permission_denied",
    )


def test_realisation_save_submit_verify_with_versions_and_conflicts(tree, people, small_plan):
    pic = client_for(people.pelaksana, scope="write")
    indicator = _cell(small_plan)
    first = _save(pic, indicator, 0)
    assert first.status_code == 200, first.content
    data = first.json()
    assert data["version"] == 1 and data["review_state"] == "draft"
    # A second writer who also read "nothing yet" loses: 409 in the error shape.
    body = assert_error(_save(pic, indicator, 0), 409, "conflict")
    assert "Muat ulang" in body["message"] or body["message"]
    # A stale version on submit: 409, nothing changed.
    rid = data["id"]
    assert_error(pic.post(f"/api/v1/realisations/{rid}/submit/", {"version": 7}), 409, "conflict")
    assert Realisation.objects.get(pk=rid).review_state == "draft"
    submitted = pic.post(f"/api/v1/realisations/{rid}/submit/", {"version": 1}, format="json")
    assert submitted.status_code == 200 and submitted.json()["review_state"] == "submitted"
    assessor = client_for(people.asesor, scope="write")
    assert_error(
        assessor.post(f"/api/v1/realisations/{rid}/return/", {"version": 2}, format="json"),
        400,
        "invalid",
    )  # the note is required: the service's rule
    verified = assessor.post(
        f"/api/v1/realisations/{rid}/verify/", {"version": 2, "note": "ok"}, format="json"
    )
    assert verified.status_code == 200 and verified.json()["review_state"] == "verified"
    assert AuditEvent.objects.filter(action="realisation.verified").count() == 1
    # The PIC may not verify their own cell; a read token may not even try.
    assert_error(
        pic.post(f"/api/v1/realisations/{rid}/verify/", {"version": 3}, format="json"),
        403,
        "permission_denied",
    )
    listed = client_for(people.viewer).get(f"/api/v1/realisations/?plan={small_plan.pk}").json()
    assert [r["id"] for r in listed["results"]] == [rid]
    assert listed["results"][0]["unit"] == "17.09"
    assert (
        client_for(people.viewer).get("/api/v1/realisations/?status=draft").json()["results"] == []
    )


def test_evidence_upload_and_download_behind_the_access_check(tree, people, small_plan):
    pic = client_for(people.pelaksana, scope="write")
    rid = _save(pic, _cell(small_plan), 0).json()["id"]
    pdf = upload("bukti.pdf", PDF)
    response = pic.post(
        f"/api/v1/realisations/{rid}/evidence/",
        {"file": pdf, "description": "SK"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    evidence = response.json()
    assert evidence["content_type"] == "pdf"
    # The same content checks: a disguised file is refused.
    fake = upload("palsu.pdf", EXE)
    assert_error(
        pic.post(f"/api/v1/realisations/{rid}/evidence/", {"file": fake}, format="multipart"),
        400,
        "invalid",
    )
    listed = pic.get(f"/api/v1/realisations/{rid}/evidence/").json()
    assert [e["id"] for e in listed] == [evidence["id"]]
    got = client_for(people.viewer).get(f"/api/v1/evidence/{evidence['id']}/download/")
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    outsider = client_for(people.sibling_sekretaris)
    assert_error(outsider.get(f"/api/v1/evidence/{evidence['id']}/download/"), 404, "not_found")


def test_report_job_request_poll_download(
    tree, people, small_plan, django_capture_on_commit_callbacks
):
    client = client_for(people.viewer, scope="write")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/report-jobs/",
            {"plan": small_plan.pk, "kind": "lampiran", "format": "xlsx"},
            format="json",
        )
    assert response.status_code == 202, response.content
    job = client.get(f"/api/v1/report-jobs/{response.json()['id']}/").json()
    assert job["status"] == "done"  # the tests run tasks inline
    file = client.get(f"/api/v1/report-jobs/{job['id']}/download/")
    assert file.status_code == 200 and b"".join(file.streaming_content)[:2] == b"PK"
    assert_error(
        client_for(people.sibling_sekretaris).get(f"/api/v1/report-jobs/{job['id']}/"),
        404,
        "not_found",
    )
    bad = client.post(
        "/api/v1/report-jobs/",
        {"plan": small_plan.pk, "kind": "decree", "format": "xlsx"},
        format="json",
    )
    assert_error(bad, 400, "invalid")


def test_chain_submit_acknowledge_return_with_versions(tree, people, small_plan):
    unit = client_for(people.sekretaris, scope="write")
    response = unit.post(
        "/api/v1/chain-reports/", {"plan": small_plan.pk, "number": 1}, format="json"
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["status"] == "submitted" and report["recipient"] == "17"
    parent = client_for(people.province_sekretaris, scope="write")
    listed = parent.get("/api/v1/chain-reports/?status=submitted").json()["results"]
    assert [r["id"] for r in listed] == [report["id"]]
    assert_error(
        parent.post(f"/api/v1/chain-reports/{report['id']}/acknowledge/", {"version": 9}),
        409,
        "conflict",
    )
    returned = parent.post(
        f"/api/v1/chain-reports/{report['id']}/return/",
        {"version": report["version"], "note": "Lengkapi"},
        format="json",
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    # The unit itself cannot acknowledge its own report.
    assert_error(
        unit.post(
            f"/api/v1/chain-reports/{report['id']}/acknowledge/",
            {"version": returned.json()["version"]},
        ),
        403,
        "permission_denied",
    )


def test_units_rollup_and_indicators(tree, people, small_plan):
    client = client_for(people.province_sekretaris)
    codes = [u["code"] for u in client.get("/api/v1/units/").json()["results"]]
    assert sorted(codes) == ["17", "17.01", "17.09"]
    rollup = client.get("/api/v1/rollup/?unit=17&year=2023").json()
    assert rollup["unit"] == "17" and {c["unit"] for c in rollup["children"]} == {"17.01", "17.09"}
    assert_error(client.get("/api/v1/rollup/?unit=16&year=2023"), 404, "not_found")
    indicators = client.get(f"/api/v1/indicators/?plan={small_plan.pk}").json()["results"]
    ppid = next(i for i in indicators if i["text"] == "Jumlah permohonan informasi")
    assert {t["period"]: t["value"] for t in ppid["targets"]}[1] == "2.5000"


def test_schema_and_docs_pages_are_served_under_the_csp(client, tree, people):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    data = schema.json()
    assert data["openapi"].startswith("3.1")
    for path in (
        "/api/v1/plans/",
        "/api/v1/plans/{id}/",
        "/api/v1/realisations/",
        "/api/v1/evaluations/worksheets/",
        "/api/v1/evaluations/worksheets/{id}/answer/",
        "/api/v1/surveys/ikm/",
        "/api/v1/surveys/questionnaires/",
        "/api/v1/registers/figures/",
    ):
        assert path in data["paths"]
    assert "Error" in data["components"]["schemas"]
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "<script>" not in html and "cdn" not in html.lower()
        policy = page["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe" not in policy
    # Redoc's page allows its two own <style> elements by hash, and only that page.
    redoc = client.get("/api/v1/redoc/")["Content-Security-Policy"]
    assert "style-src 'self' 'sha256-" in redoc and "worker-src 'self' blob:" in redoc
    assert "sha256" not in client.get("/api/v1/docs/")["Content-Security-Policy"]
