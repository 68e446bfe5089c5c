"""A process that never makes a DOCX does not load python-docx and docxtpl (with lxml about
10 MB of every web process and worker: issue 19, worker memory). Jinja is not checked: the API's
schema library loads it anyway (drf-spectacular → rest_framework.test → django.test)."""

import subprocess
import sys

from django.conf import settings

PROBE = """
import sys
import django
django.setup()
from django.urls import reverse
import renaksi.urls, renaksi.reports.services, renaksi.reports.tasks, renaksi.registers.letters
reverse("home")
print(sorted(m for m in ("docx", "docxtpl") if m in sys.modules))
"""


def test_setting_up_and_loading_every_url_loads_no_docx_library():
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={
            "DJANGO_SETTINGS_MODULE": "renaksi.settings",
            "PATH": "/usr/bin:/bin",
            "RENAKSI_VAR_DIR": str(settings.VAR_DIR),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr[-2000:]
