from dataclasses import dataclass

import pytest

from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.plans.models import Indicator


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Evidence files go to a temporary folder, never into the repository."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def stored_files(root) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@dataclass
class Cells:
    """The small plan's indicators (17.09, 2023, monthly)."""

    sk: Indicator  # "Tersedianya SK": PIC pelaksana_bt, months 1–2, target 100 %
    tim: Indicator  # "SK Tim RB": no PIC, month 1, no target
    ppid: Indicator  # "Jumlah permohonan informasi": months 1–4, period targets in 1 and 4
    pengarah: Indicator  # "SK Pengarah": month 3


@pytest.fixture
def cells(small_plan) -> Cells:
    by_text = {
        i.text: i
        for i in Indicator.objects.filter(activity__area__plan=small_plan).select_related("pic")
    }
    return Cells(
        sk=by_text["Tersedianya SK"],
        tim=by_text["SK Tim RB"],
        ppid=by_text["Jumlah permohonan informasi"],
        pengarah=by_text["SK Pengarah"],
    )


def save(indicator, period, actor, *, expected_version=0, **content) -> Realisation:
    values = {"status": Realisation.Status.IN_PROGRESS, "progress": 50}
    values.update(content)
    return realisation_save(
        indicator=indicator,
        period=period,
        actor=actor,
        expected_version=expected_version,
        **values,
    )


@pytest.fixture
def realisation_in(cells, people):
    """A realisation of "Tersedianya SK", month 1, brought to the asked review state."""

    def make(state: str = Realisation.ReviewState.DRAFT) -> Realisation:
        r = save(cells.sk, 1, people.pelaksana, narrative="SK sedang disusun")
        if state == Realisation.ReviewState.DRAFT:
            return r
        r = realisation_submit(realisation=r, actor=people.pelaksana)
        if state == Realisation.ReviewState.SUBMITTED:
            return r
        if state == Realisation.ReviewState.RETURNED:
            return realisation_return(realisation=r, actor=people.asesor, note="Lengkapi SK")
        return realisation_verify(realisation=r, actor=people.asesor)

    return make
