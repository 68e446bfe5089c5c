import pytest

from renaksi.conftest import SEED_FILE
from renaksi.plans.services import plan_import_file


@pytest.fixture
def seed_plan(tree, people):
    """The seed decree (KPU Kabupaten Bengkulu Tengah 2022) imported for 17.09."""
    return plan_import_file(
        unit=tree.bengkulu_tengah,
        year=2022,
        filename=SEED_FILE.name,
        data=SEED_FILE.read_bytes(),
        actor=people.sekretaris,
    )
