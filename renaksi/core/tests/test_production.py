"""Production mode for real: ``./dev serve``, and two stateless app nodes on PostgreSQL, Redis and
an S3-compatible server (moto's), with two huey workers. Every process is a real one on
127.0.0.1; nothing is mocked. Slow (a minute or two each): ``./dev serve`` runs in the SQLite pass,
the nodes in the PostgreSQL pass.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import re
import signal
import time
import uuid

import psycopg
import pytest
import redis
from django.conf import settings

from renaksi.core.tests.nodes import (
    MINIMAL_PDF,
    ROOT,
    Browser,
    Node,
    base_env,
    job_id,
    manage,
    prepare,
    worker,
)
from renaksi.core.tests.s3 import s3_server

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
REDIS_DB = 7  # a database of its own on the shared Redis


def _cell(ids: dict, n: int) -> str:
    indicator, period = ids["cells"][n]
    return f"/rencana/{ids['plan']}/sel/{indicator}/{period}/"


def _pdf(tag: str) -> bytes:
    return MINIMAL_PDF + f"% {tag}\n".encode()


def _save(browser: Browser, ids: dict, n: int, narrative: str, status="in_progress"):
    progress = "100" if status == "done" else "50"
    data = {"version": "0", "status": status, "progress": progress, "narrative": narrative}
    return browser.post(f"{_cell(ids, n)}simpan/", data, allow_redirects=False)


def _upload(browser: Browser, ids: dict, n: int, content: bytes) -> int:
    cell = _cell(ids, n)
    saved = _save(browser, ids, n, "SK Tim RB disusun")
    assert saved.status_code == 302, _problem(saved.text)
    response = browser.post(
        f"{cell}bukti/unggah/",
        {"description": "SK Tim RB"},
        files={"file": ("sk-tim-rb.pdf", content, "application/pdf")},
        allow_redirects=False,
    )
    assert response.status_code == 302, _problem(response.text)
    found = re.findall(r"/bukti/(\d+)/unduh/", browser.get(cell).text)
    assert found, "the uploaded file is not on the cell page"
    return max(int(n) for n in found)


def _problem(html: str) -> str:
    """The page's error messages, for a failing assertion."""
    found = re.findall(r'class="[^"]*(?:alert|invalid-feedback)[^"]*"[^>]*>(.*?)</', html, re.S)
    return " | ".join(m.strip() for m in found)[:1500] or html[-1500:]


def _wait_download(browser: Browser, job: int, timeout: float = 180) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = browser.get(f"/laporan/{job}/unduh/")
        if response.status_code == 200:
            return response.content
        time.sleep(1)
    raise AssertionError(f"report job {job} not finished in {timeout} s")


def _request_pdf(browser: Browser, ids: dict) -> int:
    plan = ids["plan"]
    response = browser.post(
        f"/rencana/{plan}/laporan/",
        {"kind": "lampiran", "fmt": "pdf", "paper": "a4"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:1000]
    return job_id(browser.get(f"/rencana/{plan}/laporan/").text)


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite pass only: ./dev serve with the embedded database")
def test_dev_serve_runs_the_production_app_and_its_worker(tmp_path):
    var = tmp_path / "var"
    env = base_env(var, DATABASE_URL=f"sqlite:///{tmp_path / 'renaksi.sqlite3'}")
    ids = prepare(env)
    node = Node(env, tmp_path / "serve.log", command=[str(ROOT / "dev"), "serve"])
    node.start()
    try:
        # The first start of a release collects and compresses the static files (~30 s of CPU).
        node.wait_ready(timeout=300)
        browser = Browser(node.url)
        browser.sign_in("sekretaris")
        evidence = _upload(browser, ids, 0, _pdf("serve"))
        assert browser.get(f"/bukti/{evidence}/unduh/").content == _pdf("serve")
        pdf = _wait_download(browser, _request_pdf(browser, ids))
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        assert "DEBUG" not in browser.get("/tidak-ada/").text  # production 404, no debug page
        log = node.log.read_text()
        # The one gunicorn file: gthread with a deadline on every client read.
        assert "Background worker started" in log and "TimedThreadWorker" in log
    finally:
        node.stop()


def _create_database(url: str, name: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def _drop_database(url: str, name: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _count(env: dict, code: str) -> object:
    out = manage(env, "shell", "-c", code)
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL pass only: the nodes share PostgreSQL")
def test_two_app_nodes_keep_nothing_on_the_node(tmp_path):
    admin_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    admin_url = admin_url.rsplit("/", 1)[0] + "/postgres"
    suffix = uuid.uuid4().hex[:8]
    db_name, restore_name = f"renaksi_nodes_{suffix}", f"renaksi_restore_{suffix}"
    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
    processes = []
    try:
        with s3_server(bucket="renaksi-nodes") as s3:
            env = base_env(
                tmp_path / "admin",
                DATABASE_URL=_create_database(admin_url, db_name),
                REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
                **s3["env"],
            )
            ids = prepare(env)

            def node_env(name):
                return {
                    **env,
                    "RENAKSI_VAR_DIR": str(tmp_path / name),
                    "MEDIA_ROOT": str(tmp_path / name / "media"),
                }

            a = Node(node_env("a"), tmp_path / "a.log")
            b = Node(node_env("b"), tmp_path / "b.log")
            workers = [worker(node_env(f"w{i}"), tmp_path / f"w{i}.log") for i in (1, 2)]
            processes = [a, b, *workers]
            for p in processes:
                p.start()
            a.wait_ready()
            b.wait_ready()

            # Signed in on A, working on B: the session lives in the database.
            on_a = Browser(a.url)
            on_a.sign_in("sekretaris")
            on_b = on_a.at(b.url)
            plan_page = on_b.get(f"/rencana/{ids['plan']}/", allow_redirects=False)
            assert plan_page.status_code == 200

            # Evidence uploaded through A downloads through B, from the bucket, by its SHA-256.
            content = _pdf("node-a")
            evidence = _upload(on_a, ids, 0, content)
            assert on_b.get(f"/bukti/{evidence}/unduh/").content == content
            digest = hashlib.sha256(content).hexdigest()
            objects = s3["client"].list_objects_v2(Bucket="renaksi-nodes").get("Contents", [])
            stored = [
                hashlib.sha256(
                    s3["client"].get_object(Bucket="renaksi-nodes", Key=o["Key"])["Body"].read()
                ).hexdigest()
                for o in objects
            ]
            assert digest in stored
            for name in ("a", "b", "w1", "w2"):
                media = tmp_path / name / "media"
                assert not media.exists() or not any(media.rglob("*")), f"{name} kept a file"

            # A report requested on B is built by a worker and downloaded through A.
            job = _request_pdf(on_b, ids)
            pdf = _wait_download(on_a, job)
            assert pdf.startswith(b"%PDF")

            # A write on A shows at once on B's roll-up (shared summaries, no node-local cache).
            province = _count(
                env,
                "from renaksi.organisations.models import Unit; import json; "
                "print(json.dumps(Unit.objects.get(code='17').pk))",
            )
            rollup = f"/rekap/{province}/2022/?per=2022-12-31"
            before = on_b.get(rollup).text
            cell = _cell(ids, 1)
            saved = _save(on_a, ids, 1, "Selesai di A", status="done")
            assert saved.status_code == 302, _problem(saved.text)
            assert "Selesai di A" in on_b.get(cell).text
            assert on_b.get(rollup).text != before

            # Node A killed in the middle of writes: every write it accepted is in the database.
            def save(n):
                try:
                    return n, _save(on_a, ids, n, f"tulis-{n}").status_code
                except Exception:  # noqa: BLE001 - a connection cut by the kill
                    return n, None

            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                futures = [pool.submit(save, n) for n in range(2, 30)]
                time.sleep(1.0)
                a.signal(signal.SIGKILL)
                results = [f.result() for f in futures]
            accepted = sorted(n for n, status in results if status == 302)
            stored_narratives = set(
                _count(
                    env,
                    "import json; from renaksi.monitoring.models import Realisation; "
                    "qs = Realisation.objects.filter(narrative__startswith='tulis-'); "
                    "print(json.dumps(list(qs.values_list('narrative', flat=True))))",
                )
            )
            assert accepted, "no write was accepted before the kill"
            missing = [n for n in accepted if f"tulis-{n}" not in stored_narratives]
            assert not missing, f"accepted writes lost: {missing}"
            assert b.proc.poll() is None  # B still serves
            assert on_b.get(f"/rencana/{ids['plan']}/").status_code == 200

            # Backup with S3 storage, restored into an empty database and another bucket.
            archive = tmp_path / "cadangan.tar.gz"
            manage(env, "backup", "-o", str(archive))
            s3["client"].create_bucket(Bucket="renaksi-restore")
            restore_env = {
                **env,
                "DATABASE_URL": _create_database(admin_url, restore_name),
                "S3_BUCKET": "renaksi-restore",
            }
            manage(restore_env, "migrate", "--no-input", "-v", "0", timeout=600)
            manage(restore_env, "restore", str(archive), timeout=600)
            restored = s3["client"].list_objects_v2(Bucket="renaksi-restore").get("Contents", [])
            restored_hashes = {
                hashlib.sha256(
                    s3["client"].get_object(Bucket="renaksi-restore", Key=o["Key"])["Body"].read()
                ).hexdigest()
                for o in restored
            }
            assert digest in restored_hashes
    finally:
        for p in processes:
            p.stop()
        redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()
        for name in (db_name, restore_name):
            _drop_database(admin_url, name)
