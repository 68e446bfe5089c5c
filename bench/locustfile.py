"""Mixed read workload for locust: plan pages, dashboards and roll-ups across many units.

The targets come from the JSON file named by BENCH_TARGETS (written by bench.run).
"""

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_TARGETS"], encoding="utf-8") as handle:
    TARGETS = json.load(handle)


class Reader(HttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self):
        # The bench's signed-in session (bench.run signs in once through the login form).
        for name, value in TARGETS["cookies"].items():
            self.client.cookies.set(name, value)

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")

    @task(4)
    def plan_page(self):
        self._get(f"/rencana/{random.choice(TARGETS['plans'])}/", "plan_detail")

    @task(4)
    def dashboard(self):
        self._get(f"/rencana/{random.choice(TARGETS['plans'])}/dasbor/", "plan_dashboard")

    @task(2)
    def province_rollup(self):
        if TARGETS["provinces"]:
            self._get(f"/rekap/{random.choice(TARGETS['provinces'])}/2022/", "unit_rollup province")

    @task(1)
    def national_rollup(self):
        if TARGETS["provinces"]:
            self._get(f"/rekap/{TARGETS['national']}/2022/", "unit_rollup national")
