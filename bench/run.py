"""``./dev bench``: build the national dataset, serve it with gunicorn, measure, report.

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from bench import report
from bench.djangoside import TODAY, YEAR
from bench.load import run_locust
from bench.measure import Browser, documents, tiny_pdf
from bench.server import App, app_env

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "renaksi/plans/fixtures/seed/kpu_bengkulu_tengah_2022.txt"
FULL_UNITS = 553
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/renaksi_bench"


STARTED = time.monotonic()


def say(message: str) -> None:
    elapsed = time.monotonic() - STARTED
    print(f"\033[1m--> [{elapsed:6.1f} s] {message}\033[0m", file=sys.stderr, flush=True)


# --- databases -------------------------------------------------------------------------------


def _migrations_key() -> str:
    files = sorted(ROOT.glob("renaksi/*/migrations/*.py"))
    text = "".join(
        f"{f.relative_to(ROOT)}:{f.stat().st_size}:{f.stat().st_mtime_ns};" for f in files
    )
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def sqlite_url(tag: str, fresh: bool) -> str:
    """A file per dataset; a fresh one starts as a copy of a migrated template (faster)."""
    folder = ROOT / "var/bench/sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{tag}.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        template = folder / f"migrated-{_migrations_key()}.sqlite3"
        if not template.exists():
            for old in folder.glob("migrated-*.sqlite3"):
                old.unlink()
            partial = template.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            env = app_env(database_url=f"sqlite:///{partial}", var_dir=folder / "template-var")
            subprocess.run(  # noqa: S603 - fixed argument list, our own venv
                [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
            import sqlite3

            with sqlite3.connect(partial) as conn:  # one self-contained file to copy
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")
            partial.rename(template)
        shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def postgres_url(base: str, tag: str, fresh: bool) -> str:
    """One schema per dataset in the bench database (created when missing)."""
    import psycopg

    parts = urlsplit(base)
    dbname = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone():
            conn.execute(f'CREATE DATABASE "{dbname}"')
    with psycopg.connect(base, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP SCHEMA IF EXISTS "{tag}" CASCADE')
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{tag}"')
    return urlunsplit(parts._replace(query="options=" + quote(f"-c search_path={tag}")))


def flush_redis(url: str) -> None:
    """Empty the bench's Redis database (its cache and job queue); never database 0."""
    import redis

    client = redis.Redis.from_url(url)
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        raise SystemExit("--redis-url: use a database number other than 0, e.g. redis://…/5")
    client.flushdb()


def database_version(kind: str, url: str) -> str:
    if kind == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres", query=""))) as conn:
        return conn.execute("SELECT version()").fetchone()[0].split(" on ")[0]


def django_step(env: dict, *args: str) -> dict:
    completed = subprocess.run(  # noqa: S603 - fixed argument list, our own venv
        [sys.executable, "-m", "bench.djangoside", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench.djangoside {args[0]} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- one dataset -----------------------------------------------------------------------------


def measure_config(kind: str, units: int, scale: int, opts, *, main: bool, tree: int = 1) -> dict:
    """One dataset: build it, serve it, measure. ``tree`` > 1: the ``units`` tree that many times
    larger below the regencies (``--tree-scale``), measured lean: unit pages and roll-ups only."""
    total = units * tree
    tag = f"{'quick_' if opts.quick else ''}u{total}x{scale}"
    fresh = not opts.reuse
    url = (
        sqlite_url(tag, fresh) if kind == "sqlite" else postgres_url(opts.postgres_url, tag, fresh)
    )
    var_dir = ROOT / "var/bench" / kind / tag
    if fresh and var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    env = app_env(database_url=url, var_dir=var_dir, redis_url=opts.redis_url)
    if opts.redis_url:  # each dataset starts with an empty cache, as a new gunicorn's local memory
        flush_redis(opts.redis_url)
    say(f"{kind}: dataset {total} units × plan size {scale} ({tag})")
    prepared = django_step(
        env,
        "prepare",
        "--units",
        str(units),
        "--scale",
        str(scale),
        "--tree-scale",
        str(tree),
    )
    ids = prepared["ids"]
    result = {
        "units": total,
        "scale": scale,
        "tag": tag,
        "shape": prepared["shape"],
        "unit_level": ids["unit_level"],
        "dataset": {
            "fresh": fresh,
            "seconds": round(prepared["build_seconds"], 2),
            "migrate_seconds": round(prepared["migrate_seconds"], 2),
            "analyze_seconds": round(prepared["analyze_seconds"], 2),
            "steps": {k: round(v, 2) for k, v in prepared["build_steps"].items()},
            "rows": prepared["rows"],
        },
        "measures": {},
        "rollup_raw": {},
    }
    if tree > 1:
        result["tree_scale"], result["base_units"] = tree, units
    if opts.build_only:
        return result
    app = App(env, workers=opts.workers, threads=opts.threads, log=var_dir / "gunicorn.log")
    say(f"{kind}: gunicorn on 127.0.0.1 ({opts.workers} workers × {opts.threads} threads)")
    app.start()
    try:
        browser = Browser(app.url)
        n = opts.repeat
        m = result["measures"]
        per = f"?per={TODAY.isoformat()}"
        say(f"{kind}: pages ({n} requests each)")
        m["plan_page"] = browser.get(f"/rencana/{ids['unit_plan']}/", n=n)
        m["dashboard"] = browser.get(f"/rencana/{ids['unit_plan']}/dasbor/{per}", n=n)
        # Cold: first visits to other units' plans (the warm figures above reuse one plan).
        others = [pk for pk in ids["plans"] if pk != ids["unit_plan"]][:n]
        if others:
            m["plan_page_cold"] = browser.get_each([f"/rencana/{pk}/" for pk in others])
            m["dashboard_cold"] = browser.get_each([f"/rencana/{pk}/dasbor/{per}" for pk in others])
        if ids["province"]:
            m["province_rollup"] = browser.get(f"/rekap/{ids['province']}/{YEAR}/{per}", n=n)
            m["national_rollup"] = browser.get(f"/rekap/{ids['national']}/{YEAR}/{per}", n=n)
        if tree == 1:
            _other_pages(env, browser, ids, result, opts, main=main, kind=kind)
        rollups = {
            name: unit
            for name, unit in (
                ("province_rollup", ids["province"]),
                ("national_rollup", ids["national"]),
            )
            if unit and name in m
        }
        if rollups:
            units = [str(u) for u in rollups.values()]
            raws = django_step(env, "rawsql", "--units", *units, "--repeat", str(n))
            for name, unit in rollups.items():
                raw = raws[str(unit)]
                raw["page_over_raw"] = (
                    round(m[name]["median_ms"] / raw["raw_median_ms"], 2)
                    if m[name]["median_ms"] and raw["raw_median_ms"]
                    else None
                )
                result["rollup_raw"][name] = raw
        if main:
            if not opts.quick:  # PDFs in one process (bench.documents); minutes on a busy box
                result["documents"] = documents(env, repeat=3)
            _load(kind, env, app, browser, ids, opts, var_dir, result)
    finally:
        memory = app.stop()
    result["memory"] = memory
    return result


def _other_pages(
    env: dict, browser: Browser, ids: dict, result: dict, opts, *, main: bool, kind: str
):
    """Every measure but the unit pages and roll-ups (skipped on the ``--tree-scale`` dataset)."""
    n = opts.repeat
    m = result["measures"]
    evaluation = django_step(env, "evaluations")
    result["evaluations"] = evaluation
    # SKM: answers in every unit, the IKM rolled up over the tree (fixed query count)
    result["surveys"] = django_step(env, "surveys", "--repeat", str(n))
    for name, unit in (
        ("evaluation_ranking_province", ids["province"]),
        ("evaluation_ranking_national", ids["national"]),
    ):
        if unit:
            m[name] = browser.get(
                f"/evaluasi/peringkat/{unit}/{evaluation['instrument']}/{YEAR}/", n=n
            )
    # The ranking selector scored straight (no HTTP): queries must be the same for the
    # province and for the whole tree.
    rank_units = [str(u) for u in (ids["province"], ids["national"]) if u]
    result["evaluation_ranking"] = django_step(
        env,
        "evalrank",
        "--instrument",
        str(evaluation["instrument"]),
        "--units",
        *rank_units,
        "--repeat",
        str(n),
    )
    m["json_export"] = browser.get(f"/rencana/{ids['unit_plan']}/unduh/rencana.json", n=n)
    # The REST API's list endpoints (first page of each, session-authenticated).
    m["api_units"] = browser.get("/api/v1/units/", n=n)
    m["api_plans"] = browser.get(f"/api/v1/plans/?year={YEAR}", n=n)
    m["api_realisations"] = browser.get(f"/api/v1/realisations/?plan={ids['unit_plan']}", n=n)
    m["api_realisations_year"] = browser.get(f"/api/v1/realisations/?year={YEAR}", n=n)
    # The newer apps' endpoints: every unit's worksheet (the evaluations step), the national
    # IKM over the whole tree and the national register figures.
    m["api_worksheets"] = browser.get(f"/api/v1/evaluations/worksheets/?year={YEAR}", n=n)
    m["api_ikm"] = browser.get(f"/api/v1/surveys/ikm/?unit=RI&year={YEAR}&subtree=1", n=n)
    m["api_register_figures"] = browser.get(f"/api/v1/registers/figures/?unit=RI&year={YEAR}", n=n)
    m["lampiran_xlsx"] = browser.get(
        f"/rencana/{ids['unit_plan']}/unduh/lampiran.xlsx", n=max(3, n // 2)
    )
    if main:
        say(f"{kind}: PDF lampiran ({opts.pdf_repeat}×), seed import, evidence upload")
        # The PDF is made by the worker (renaksi/reports/queue.py); the request only queues
        # it (202, a waiting page), and repeats are the same pending job.
        m["lampiran_pdf"] = browser.get(
            f"/rencana/{ids['unit_plan']}/unduh/lampiran.pdf",
            n=opts.pdf_repeat,
            warmup=0,
            expect=202,
        )
        seed = SEED.read_bytes()
        m["seed_import"] = browser.post(
            "/rencana/impor/",
            n=max(3, n // 2),
            data=lambda i: {"unit": ids["import_unit"], "year": 2001 + i},
            files=lambda i: {"file": (SEED.name, seed, "text/plain")},
        )
        m["evidence_upload"] = _uploads(browser, ids["upload_plan"], ids["upload_cells"], n)


# --- load: the read mix and the deadline scenario (bench/README.md, steps 5 and 5b) -----------


def _load(kind, env, app, browser, ids, opts, var_dir, result) -> None:
    """The worker and its report jobs, then locust: the mixed reads, then the deadline."""
    app.start_worker()
    queued = django_step(env, "enqueue", "--plans", *map(str, ids["plans"][:4]))
    say(f"{kind}: locust, {opts.users} users for {opts.seconds} s (mixed reads)")
    targets = {
        "plans": ids["plans"],
        "provinces": ids["provinces"],
        "national": ids["national"],
        # One signed-in session shared by every simulated user: the load is reads only, not 20
        # Argon2 sign-ins at once.
        "cookies": dict(browser.session.cookies),
    }
    result["load"] = run_locust(
        url=app.url,
        targets=targets,
        users=opts.users,
        seconds=opts.seconds,
        workdir=var_dir,
    )
    result["load"]["background_jobs"] = _jobs_after(env, queued["jobs"], opts)
    if opts.redis_url:
        result["load_warm"] = _load_warm(kind, app, browser, ids, opts, var_dir, targets)
    result["deadline"] = _deadline(kind, env, app, ids, opts, var_dir)


def mixed_read_paths(ids) -> list[str]:
    """Every page the mixed reads pick from (``bench/locustfile.py``)."""
    paths = [f"/rencana/{pk}/" for pk in ids["plans"]]
    paths += [f"/rencana/{pk}/dasbor/" for pk in ids["plans"]]
    if ids["provinces"]:
        paths += [f"/rekap/{pk}/{YEAR}/" for pk in ids["provinces"]]
        paths.append(f"/rekap/{ids['national']}/{YEAR}/")
    return paths


def _load_warm(kind, app, browser, ids, opts, var_dir, targets) -> dict:
    """The mixed reads again once every page they pick from has been opened (steady state with
    a cache shared by the gunicorn processes: Redis, as production). Local memory holds 300
    entries per process, fewer than the pages, so this runs only with ``--redis-url``."""
    from concurrent.futures import ThreadPoolExecutor

    paths = mixed_read_paths(ids)
    say(f"{kind}: warming the shared cache ({len(paths)} pages), then the mixed reads again")
    started = time.perf_counter()
    cookies = dict(browser.session.cookies)

    def visit(chunk: list[str]) -> int:
        import requests

        with requests.Session() as session:
            session.cookies.update(cookies)
            return sum(
                session.get(app.url + path, allow_redirects=False, timeout=300).status_code != 200
                for path in chunk
            )

    chunks = [paths[i :: opts.threads] for i in range(opts.threads)]
    with ThreadPoolExecutor(max_workers=opts.threads) as pool:
        errors = sum(pool.map(visit, chunks))
    warm_seconds = round(time.perf_counter() - started, 1)
    figures = run_locust(
        url=app.url,
        targets=targets,
        users=opts.users,
        seconds=opts.seconds,
        workdir=var_dir,
        name="locust-warm",
    )
    return {**figures, "warmed_pages": len(paths), "warm_seconds": warm_seconds,
            "warm_errors": errors}  # fmt: skip


def _deadline(kind, env, app, ids, opts, var_dir) -> dict:
    """The monthly deadline: bench accounts with real roles and sessions (``bench.deadline``),
    a dozen report jobs queued for the worker, then ``bench/locust_deadline.py``."""
    people = django_step(env, "deadline", "--users", str(opts.deadline_users))
    queued = django_step(env, "enqueue", "--plans", *map(str, ids["plans"][-4:]))
    say(
        f"{kind}: locust, deadline scenario, {opts.deadline_users} users for "
        f"{opts.deadline_seconds} s ({people['counts']})"
    )
    figures = run_locust(
        url=app.url,
        targets={
            "year": YEAR,
            "today": TODAY.isoformat(),
            "national": ids["national"],
            "think_seconds": opts.deadline_think,
            "counts": people["counts"],
            "accounts": people["accounts"],
        },
        users=opts.deadline_users,
        seconds=opts.deadline_seconds,
        workdir=var_dir,
        locustfile="locust_deadline.py",
        name="deadline",
        # A visit under way when the time is up is finished (save, then submit), not cut off.
        stop_timeout=60,
    )
    by_action = figures.pop("by_page")
    for figure in by_action.values():
        figure["errors"] = figure.pop("failures")
    return {
        **figures,
        "by_action": by_action,
        "roles": people["counts"],
        "shares": people["shares"],
        "think_seconds": opts.deadline_think,
        "accounts_seconds": people["seconds"],
        "background_jobs": _jobs_after(env, queued["jobs"], opts),
    }


def _jobs_after(env, jobs: list, opts) -> dict:
    """What became of the queued report jobs, after up to a minute for the worker to finish
    what it started (not waited for with --quick)."""
    deadline, status = time.monotonic() + 60, {}
    while not opts.quick:
        status = django_step(env, "jobs", "--jobs", *map(str, jobs))["status"]
        if set(status) <= {"done", "failed"} or time.monotonic() > deadline:
            break
        time.sleep(1)
    return status or {"queued": len(jobs)}


def _uploads(browser: Browser, plan: int, cells: list, n: int) -> dict:
    """Evidence uploads to the bench plan's cells, one new file each."""
    from bench.measure import Samples

    samples = Samples()
    path = ""
    for i in range(n):
        indicator, period = cells[i % len(cells)]
        path = f"/rencana/{plan}/sel/{indicator}/{period}/bukti/unggah/"
        started = time.perf_counter()
        response = browser.session.post(
            browser.base + path,
            data={"description": f"bench {i}", "csrfmiddlewaretoken": browser.csrf},
            files={"file": (f"bukti-{i}.pdf", tiny_pdf(), "application/pdf")},
            headers={"Referer": browser.base + path},
            allow_redirects=False,
            timeout=120,
        )
        samples.add(response, (time.perf_counter() - started) * 1000, 302)
    return samples.summary(path)


# --- the whole run ---------------------------------------------------------------------------


def machine() -> dict:
    import psutil

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "hostname": platform.node(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": round(psutil.virtual_memory().total / 1024 / 1024),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def git_commit() -> dict:
    def git(*args):
        try:
            return subprocess.run(  # noqa: S603
                ["git", *args],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=10,  # noqa: S607
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--out", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--quick", action="store_true", help="tiny datasets, few repetitions")
    parser.add_argument("--units", help="unit counts, e.g. 1,10,100,553")
    parser.add_argument("--scales", help="plan sizes (multiples of the seed), e.g. 1,4")
    parser.add_argument("--scale-units", type=int, help="units of the larger-plan datasets")
    parser.add_argument(
        "--tree-scale",
        type=int,
        default=1,
        help="also measure the largest unit count's tree N times larger, five levels deep "
        "(10: 5,530 units; unit pages and roll-ups only)",
    )
    parser.add_argument(
        "--tree-db",
        choices=["sqlite", "postgres", "both"],
        default="postgres",
        help="the databases the --tree-scale tree is measured on (default postgres: an agency "
        "of thousands of units runs on PostgreSQL, and building it in SQLite takes most of an "
        "hour)",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="build (or, with --reuse, top up) the datasets and measure nothing: a later run "
        "with --reuse measures them on an idle machine",
    )
    parser.add_argument("--repeat", type=int, help="requests per page measure (default 20)")
    parser.add_argument("--pdf-repeat", type=int, help="PDF lampiran requests (default 5)")
    parser.add_argument("--users", type=int, help="locust users (default 20)")
    parser.add_argument("--seconds", type=int, help="locust duration (default 45)")
    parser.add_argument("--deadline-users", type=int, help="deadline scenario users (default 50)")
    parser.add_argument(
        "--deadline-seconds", type=int, help="deadline scenario duration (default 60)"
    )
    parser.add_argument(
        "--deadline-think", help="think time between a person's steps, MIN,MAX s (default 1,5)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: CPUs)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("RENAKSI_BENCH_POSTGRES_URL", DEFAULT_PG),
        help="PostgreSQL database for the bench (one schema per dataset)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep datasets from an earlier run (no rebuild)"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("RENAKSI_BENCH_REDIS_URL") or None,
        help="serve with Redis as the cache and job queue (production's setup), e.g. "
        "redis://127.0.0.1:6379/5 (not database 0: it is emptied for each dataset); "
        "default: local memory per process and the SQLite job queue",
    )
    opts = parser.parse_args(argv)
    quick = opts.quick
    opts.units = [int(x) for x in (opts.units or ("1,4" if quick else "1,10,100,553")).split(",")]
    opts.scales = [int(x) for x in (opts.scales or ("1,2" if quick else "1,4")).split(",")]
    if opts.scale_units is None:
        opts.scale_units = 4 if quick else 100
    opts.repeat = opts.repeat or (3 if quick else 20)
    opts.pdf_repeat = opts.pdf_repeat or (1 if quick else 5)
    opts.users = opts.users or (4 if quick else 20)
    opts.seconds = opts.seconds or (6 if quick else 45)
    opts.workers = opts.workers or (1 if quick else os.cpu_count() or 2)
    opts.deadline_users = opts.deadline_users or (4 if quick else 50)
    opts.deadline_seconds = opts.deadline_seconds or (15 if quick else 60)
    think = opts.deadline_think or ("0.05,0.2" if quick else "1,5")
    opts.deadline_think = [float(x) for x in think.split(",")]
    return opts


def main(argv=None) -> int:
    opts = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    started = datetime.datetime.now(datetime.UTC)
    kinds = ["sqlite", "postgres"] if opts.db == "both" else [opts.db]
    main_units = max(opts.units)
    configs = [(u, 1) for u in sorted(set(opts.units))] + [
        (opts.scale_units, s) for s in sorted(set(opts.scales)) if s != 1
    ]
    if (opts.scale_units, 1) not in configs:
        configs.insert(0, (opts.scale_units, 1))
    results = {
        "suite": "renaksi-bench",
        "version": 1,
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "git": git_commit(),
        "options": {
            k: (str(v) if isinstance(v, Path) else v)
            for k, v in vars(opts).items()
            if k not in {"postgres_url", "redis_url"}
        },
        "cache": "redis" if opts.redis_url else "local memory",
        "runs": [],
    }
    for kind in kinds:
        run_started = time.perf_counter()
        run = {
            "database": kind,
            "version": database_version(kind, opts.postgres_url),
            "configs": [],
        }
        for units, scale in configs:
            main_config = units == main_units and scale == 1
            run["configs"].append(measure_config(kind, units, scale, opts, main=main_config))
        if opts.tree_scale > 1 and opts.tree_db in ("both", kind):
            run["configs"].append(
                measure_config(kind, main_units, 1, opts, main=False, tree=opts.tree_scale)
            )
        if opts.build_only:
            say(f"{kind}: datasets built: {', '.join(c['tag'] for c in run['configs'])}")
            continue
        run["growth"] = report.growth(run["configs"], main_units=main_units, opts=opts)
        run["targets"] = report.targets(run, main_units=main_units)
        run["seconds"] = round(time.perf_counter() - run_started, 1)
        results["runs"].append(run)
    if opts.build_only:
        return 0
    results["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    # The figures first: a fault in the table must not lose a run of half an hour.
    if opts.out:
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        opts.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        say(f"results written to {opts.out}")
    print(report.table(results))
    return 0
