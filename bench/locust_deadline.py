"""The monthly deadline for locust: PICs fill and submit cells with evidence, assessors verify,
Sekretaris read their dashboards, Pimpinan open the roll-ups (bench/README.md, "Deadline
scenario").

Every simulated person is one bench account of ``bench.deadline`` with its own signed-in
session (cookies in the JSON file named by BENCH_TARGETS, written by bench.run). Each visit is a
sequence of pages with think time between them, as a person clicks through. A write is
correct only when answered 302 (the app's redirect after a successful POST); anything else,
including a version conflict (409) or a refusal shown on the page (200), is an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, task

from bench.measure import tiny_pdf

with open(os.environ["BENCH_TARGETS"], encoding="utf-8") as handle:
    TARGETS = json.load(handle)

YEAR = TARGETS["year"]
PER = f"per={TARGETS['today']}"
THINK = between(*TARGETS["think_seconds"])
COUNTS = TARGETS["counts"]
# Accounts handed out in order as locust starts each person of a role.
_NEXT = {role: itertools.count() for role in COUNTS}
CELL = re.compile(r'/rencana/(\d+)/sel/(\d+)/(\d+)/\?antrian=(saya|verifikasi)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


class Person(HttpUser):
    abstract = True
    wait_time = THINK
    role = ""

    def on_start(self):
        accounts = TARGETS["accounts"][self.role]
        self.account = accounts[next(_NEXT[self.role]) % len(accounts)]
        for name, value in self.account["cookies"].items():
            self.client.cookies.set(name, value)

    def think(self):
        time.sleep(self.wait_time())  # gevent-patched: other people go on meanwhile

    def get(self, url: str, name: str, ok=(200,)):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code not in ok:
                r.failure(f"status {r.status_code}")
            return r

    def post(self, url: str, name: str, data: dict, files=None):
        """A form POST with the CSRF token, as the browser sends it; 302 is success."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        headers = {"Referer": self.client.base_url + url}
        with self.client.post(
            url,
            name=name,
            data=data,
            files=files,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"status {r.status_code}")
                return None
            return r.headers.get("Location", "")

    def open_cell(self, path: str, name: str) -> int | None:
        """The cell page; returns the stored version its forms carry."""
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            found = VERSION.search(r.text) if r.status_code == 200 else None
            if found is None:
                r.failure(f"status {r.status_code}, no form with a version")
                return None
            return int(found.group(1))

    def cells(self, response, queue: str) -> list[tuple[str, str, str]]:
        return sorted(
            {m.group(1, 2, 3) for m in CELL.finditer(response.text) if m.group(4) == queue}
        )


class Pic(Person):
    """Tugas saya → a due cell → save with a new PDF → the cell again → submit; one visit in
    five starts at the PIC's own plan page."""

    role = "pic"
    fixed_count = COUNTS["pic"]

    @task
    def fill_and_submit(self):
        if random.random() < 0.2:
            self.get(f"/rencana/{self.account['plan']}/", "PIC: plan page")
            self.think()
        home = self.get(f"/?{PER}", "PIC: Tugas saya")
        cells = self.cells(home, "saya")
        if not cells:
            home.failure("no cell to work on in Tugas saya")
            return
        plan, indicator, period = random.choice(cells)
        base = f"/rencana/{plan}/sel/{indicator}/{period}/"
        self.think()
        version = self.open_cell(f"{base}?antrian=saya", "PIC: cell page")
        if version is None:
            return
        self.think()
        n = random.randrange(10**6)
        saved = self.post(
            f"{base}simpan/",
            "PIC: save + PDF evidence",
            data={
                "antrian": "saya",
                "version": version,
                "status": "done",
                "progress": 100,
                "done_on": f"{YEAR}-09-14",
                "narrative": f"Kegiatan telah dilaksanakan (uji beban {n}).",
            },
            files={"new_file": (f"bukti-{n}.pdf", tiny_pdf(), "application/pdf")},
        )
        if saved is None:
            return
        version = self.open_cell(f"{base}?antrian=saya", "PIC: cell page")
        if version is None:
            return
        self.think()
        self.post(f"{base}ajukan/", "PIC: submit", data={"antrian": "saya", "version": version})


class Asesor(Person):
    """The verification queue → the oldest cell of this assessor's share → verify (4 in 5) or
    return with a note."""

    role = "asesor"
    fixed_count = COUNTS["asesor"]

    @task
    def verify(self):
        home = self.get("/", "Asesor: verification queue")
        slot, slots = self.account["slot"], self.account["slots"]
        cells = [c for c in self.cells(home, "verifikasi") if int(c[1]) % slots == slot]
        if not cells:
            return  # nothing waiting: the assessor comes back later
        plan, indicator, period = cells[0]
        base = f"/rencana/{plan}/sel/{indicator}/{period}/"
        self.think()
        version = self.open_cell(f"{base}?antrian=verifikasi", "Asesor: cell page")
        if version is None:
            return
        self.think()
        data = {"antrian": "verifikasi", "version": version}
        if random.random() < 0.2:
            data["note"] = "Data dukung belum lengkap, mohon dilengkapi."
            self.post(f"{base}kembalikan/", "Asesor: return", data=data)
        else:
            data["note"] = "Sesuai."
            self.post(f"{base}verifikasi/", "Asesor: verify", data=data)


class Sekretaris(Person):
    """The unit's dashboard and plan page; now and then the lampiran PDF (a job for the worker:
    202 while it is made, 200 with the file once done)."""

    role = "sekretaris"
    fixed_count = COUNTS["sekretaris"]

    @task(3)
    def dashboard(self):
        self.get(f"/rencana/{self.account['plan']}/dasbor/?{PER}", "Sekretaris: dashboard")

    @task(2)
    def plan_page(self):
        self.get(f"/rencana/{self.account['plan']}/", "Sekretaris: plan page")

    @task(1)
    def lampiran_pdf(self):
        self.get(
            f"/rencana/{self.account['plan']}/unduh/lampiran.pdf",
            "Sekretaris: lampiran PDF (queued)",
            ok=(200, 202),
        )


class Pimpinan(Person):
    """The roll-up of the province or of the whole tree, as of the deadline day."""

    role = "pimpinan"
    fixed_count = COUNTS["pimpinan"]

    @task
    def rollup(self):
        unit = self.account["unit"]
        level = "national" if unit == TARGETS["national"] else "province"
        self.get(f"/rekap/{unit}/{YEAR}/?{PER}", f"Pimpinan: {level} roll-up")
