import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from renaksi.audit.models import AuditEvent
from renaksi.maintenance.backup import BackupError, backup_create, backup_restore
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent
from renaksi.monitoring.services import evidence_upload, realisation_submit
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import PDF, upload
from renaksi.plans.interchange import parsed_to_json
from renaksi.plans.models import Indicator, Plan
from renaksi.plans.selectors import plan_to_parsed


def _state():
    plan = Plan.objects.get()
    return {
        "plan": parsed_to_json(plan_to_parsed(plan=plan)),
        "realisations": sorted(
            Realisation.objects.values_list("indicator__text", "period", "review_state", "version")
        ),
        "events": RealisationEvent.objects.count(),
        "audit": sorted(AuditEvent.objects.values_list("action", "object_id")),
        "history": Indicator.history.count(),
        "evidence": sorted(Evidence.objects.values_list("display_name", "sha256")),
    }


@pytest.fixture
def filled(small_plan, people):
    ind = Indicator.objects.get(text="Tersedianya SK")
    r = save(ind, 1, people.pelaksana, status="done", progress=100)
    evidence_upload(
        realisation=r,
        actor=people.pelaksana,
        upload=upload("notulen.pdf", PDF),
    )
    realisation_submit(realisation=r, actor=people.pelaksana)
    return small_plan


@pytest.mark.django_db(transaction=True)
def test_it_restores_plans_realisations_evidence_and_audit_exactly(filled, tmp_path):
    before = _state()
    stored = Evidence.objects.get().file.name
    original = default_storage.open(stored).read()
    archive = tmp_path / "cadangan.tar.gz"
    summary = backup_create(output=archive)
    assert summary.files == 1 and summary.rows["plans.plan"] == 1

    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(stored)
    assert not Plan.objects.exists()

    restored = backup_restore(source=archive)
    assert _state() == before
    assert default_storage.open(stored).read() == original
    assert hashlib.sha256(original).hexdigest() == Evidence.objects.get().sha256
    assert restored.rows == summary.rows


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_over_existing_data_unless_told_to_wipe(filled, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup_create(output=archive)
    with pytest.raises(BackupError, match="sudah berisi data"):
        backup_restore(source=archive)
    Realisation.objects.update(progress=100)
    backup_restore(source=archive, wipe=True)
    assert Plan.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_tampered_backup_and_changes_nothing(filled, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup_create(output=archive)
    tampered = tmp_path / "rusak.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name.startswith("files/"):
                data = data.replace(b"%PDF", b"%PDX")
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(BackupError, match="rusak"):
        backup_restore(source=tampered)
    assert not Plan.objects.exists()


def test_it_explains_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "bukan.tar.gz"
    junk.write_bytes(b"bukan arsip")
    with pytest.raises(CommandError, match="bukan cadangan Renaksi"):
        call_command("restore", str(junk))


def test_it_writes_a_manifest_with_the_migration_state(filled, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["format"] == "renaksi-backup"
    assert "plans" in manifest["migrations"] and manifest["rows"]["monitoring.realisation"] == 1
