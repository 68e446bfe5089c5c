"""Backup and restore of the whole installation: the database and the stored files.

A backup is one ``.tar.gz`` holding ``manifest.json`` (when, from which database, the migration
state, row counts and the SHA-256 of every file), ``data.jsonl`` (Django's JSON-lines dump of every
table, streamed, so large databases do not need to fit in memory) and ``files/…`` (every file in
the default storage: local folder or S3 bucket). It is database-neutral: a backup of SQLite
restores into PostgreSQL and back.

Restore refuses a database that already holds data (unless told to wipe it), refuses a backup
made with a different migration state, loads everything in one transaction, writes the files back
and checks every file's SHA-256 against the manifest and against the evidence rows.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.rollup.services import plan_summary_refresh

FORMAT = "renaksi-backup"
VERSION = 1
# Rebuilt by migrate on the target; dumping them would clash with the rows migrate creates.
# The roll-up summaries are derived from the cells and recounted after a restore.
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "rollup.planperiodsummary",
]


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why, in the user's language."""


@dataclass
class BackupSummary:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _migration_state() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _row_counts() -> dict[str, int]:
    excluded_apps = {e for e in EXCLUDE if "." not in e}
    excluded_models = {e for e in EXCLUDE if "." in e}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in excluded_models:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[label] = model._default_manager.count()
    return dict(sorted(counts.items()))


def _walk_storage(path: str = ""):
    directories, files = default_storage.listdir(path)
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for name in sorted(directories):
        yield from _walk_storage(f"{path}/{name}" if path else name)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup_create(*, output: Path) -> BackupSummary:
    """Write a complete backup to ``output`` (a .tar.gz)."""
    output = Path(output)
    summary = BackupSummary(path=output)
    with tempfile.TemporaryDirectory() as tmp:
        data_path = Path(tmp) / "data.jsonl"
        # One read transaction: rows and counts describe the same moment.
        with transaction.atomic():
            call_command(
                "dumpdata",
                format="jsonl",
                output=str(data_path),
                exclude=EXCLUDE,
                natural_foreign=True,
                verbosity=0,
            )
            summary.rows = _row_counts()
        files = {}
        tmp_output = output.with_name(output.name + ".partial")
        with tarfile.open(tmp_output, "w:gz") as tar:
            tar.add(data_path, arcname="data.jsonl")
            for name in _walk_storage():
                with default_storage.open(name, "rb") as fh:
                    content = fh.read()
                files[name] = hashlib.sha256(content).hexdigest()
                _add_bytes(tar, f"files/{name}", content)
                summary.bytes += len(content)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": _migration_state(),
                "rows": summary.rows,
                "files": files,
            }
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2).encode())
        tmp_output.replace(output)  # a crash mid-way leaves no file that looks complete
    summary.files = len(files)
    return summary


def _database_is_empty() -> bool:
    from renaksi.organisations.models import Unit, User
    from renaksi.plans.models import Plan

    return not (User.objects.exists() or Unit.objects.exists() or Plan.objects.exists())


def _safe_member(name: str) -> bool:
    parts = Path(name).parts
    return not (name.startswith("/") or ".." in parts)


def backup_restore(*, source: Path, wipe: bool = False) -> BackupSummary:
    """Restore a backup into this (migrated) database and storage."""
    source = Path(source)
    try:
        tar = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("Berkas %(name)s bukan cadangan Renaksi yang dapat dibaca.") % {"name": source.name}
        ) from exc
    with tar, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(_("Cadangan tidak memiliki manifest yang sah.")) from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(_("Berkas ini bukan cadangan Renaksi."))
        if manifest.get("migrations") != _migration_state():
            raise BackupError(
                _(
                    "Cadangan dibuat dengan versi basis data yang berbeda. Pasang versi Renaksi "
                    "yang sama dengan saat pencadangan, jalankan migrate, lalu pulihkan lagi."
                )
            )
        if not _database_is_empty() and not wipe:
            raise BackupError(
                _(
                    "Basis data tujuan sudah berisi data. Pulihkan ke basis data kosong, atau "
                    "gunakan --wipe untuk menghapus isinya terlebih dahulu."
                )
            )
        data_path = Path(tmp) / "data.jsonl"
        member = tar.extractfile("data.jsonl")
        if member is None:
            raise BackupError(_("Cadangan tidak berisi data."))
        with open(data_path, "wb") as fh:
            while chunk := member.read(1024 * 1024):
                fh.write(chunk)

        files: dict[str, bytes] = {}
        for info in tar.getmembers():
            if not info.name.startswith("files/") or not info.isfile():
                continue
            name = info.name[len("files/") :]
            if not _safe_member(name):
                raise BackupError(
                    _("Cadangan berisi nama berkas yang tidak aman: %(name)s") % {"name": name}
                )
            content = tar.extractfile(info).read()  # type: ignore[union-attr]  # a regular file
            if hashlib.sha256(content).hexdigest() != manifest["files"].get(name):
                raise BackupError(
                    _("Berkas %(name)s di dalam cadangan rusak (SHA-256 tidak cocok).")
                    % {"name": name}
                )
            files[name] = content
        if set(files) != set(manifest["files"]):
            raise BackupError(_("Cadangan tidak lengkap: ada berkas yang hilang."))

        with transaction.atomic():
            if wipe:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data_path), verbosity=0)
            rows = _row_counts()
            if rows != manifest["rows"]:
                diff = {
                    k: (manifest["rows"].get(k), rows.get(k))
                    for k in rows
                    if rows.get(k) != manifest["rows"].get(k)
                }
                raise BackupError(
                    _("Jumlah baris setelah pemulihan tidak cocok: %(diff)s") % {"diff": diff}
                )
            # The roll-up summaries are derived rows: recount them from the restored cells.
            plan_summary_refresh(plan_ids=Plan.objects.values_list("pk", flat=True))
        for name, content in files.items():
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(
                    _("Berkas %(name)s tidak dapat ditulis kembali.") % {"name": name}
                )
        _check_evidence_files()
    return BackupSummary(
        path=source, rows=rows, files=len(files), bytes=sum(map(len, files.values()))
    )


def _check_evidence_files():
    """Every evidence file row points at a stored file with the SHA-256 it recorded."""
    from renaksi.monitoring.models import Evidence

    for name, sha256 in Evidence.objects.exclude(file="").values_list("file", "sha256"):
        with default_storage.open(name, "rb") as fh:
            if hashlib.sha256(fh.read()).hexdigest() != sha256:
                raise BackupError(
                    _("Data dukung %(name)s tidak cocok dengan SHA-256 yang tercatat.")
                    % {"name": name}
                )


def default_backup_name() -> str:
    return f"renaksi-cadangan-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
