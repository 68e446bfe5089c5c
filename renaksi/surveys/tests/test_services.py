# ruff: noqa: E501
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from renaksi.audit.models import AuditEvent
from renaksi.surveys import services
from renaksi.surveys.models import Answer, Response, Unsur, Weighting
from renaksi.surveys.selectors import survey_ikm
from renaksi.surveys.tests.test_ikm import TOTALS

KEYS = [
    "persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "sarana", "pengaduan",
]  # fmt: skip


def record_example(questionnaire, actor, service=None, when=date(2022, 8, 1)):
    fours = [t - 3 * 29 for t in TOTALS]
    for r in range(29):
        services.response_record(
            questionnaire=questionnaire,
            date=when,
            answers={k: 4 if r < fours[i] else 3 for i, k in enumerate(KEYS)},
            service=service,
            actor=actor,
        )


def test_it_creates_a_questionnaire_with_the_nine_regulation_unsur(questionnaire):
    unsur = list(questionnaire.unsur.all())
    assert [u.key for u in unsur] == KEYS
    assert unsur[3].labels == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    assert unsur[8].labels[-1] == "Dikelola dengan baik"
    assert questionnaire.published_at is None
    assert AuditEvent.objects.filter(action="surveys.questionnaire_create").count() == 1


def test_it_refuses_custom_weights_not_summing_to_one(tree, people):
    extra = [("parkir", "Parkir", "Bagaimana parkirnya?", ["a", "b", "c", "d"])]
    weights = dict.fromkeys([*KEYS, "parkir"], Decimal("0.1"))
    weights["parkir"] = Decimal("0.09")
    with pytest.raises(ValidationError, match="Jumlah bobot unsur harus 1"):
        services.questionnaire_create(
            unit=tree.bengkulu_tengah, title="x", start=date(2022, 1, 1), end=date(2022, 12, 31),
            weighting=Weighting.CUSTOM, extra_unsur=extra, weights=weights, actor=people.sekretaris,
        )  # fmt: skip
    assert not Unsur.objects.exists()
    weights["parkir"] = Decimal("0.1")
    q = services.questionnaire_create(
        unit=tree.bengkulu_tengah, title="x", start=date(2022, 1, 1), end=date(2022, 12, 31),
        weighting=Weighting.CUSTOM, extra_unsur=extra, weights=weights, actor=people.sekretaris,
    )  # fmt: skip
    assert q.unsur.count() == 10


def test_only_the_units_managers_create_questionnaires(tree, people):
    for person in (people.viewer, people.province_sekretaris, people.sibling_sekretaris):
        with pytest.raises(PermissionDenied):
            services.questionnaire_create(
                unit=tree.bengkulu_tengah,
                title="x",
                start=date(2022, 1, 1),
                end=date(2022, 2, 1),
                actor=person,
            )


def test_the_index_of_the_domain_example_from_the_database(
    questionnaire, service, people, tree, django_assert_num_queries
):
    record_example(questionnaire, people.sekretaris, service)
    questionnaire.refresh_from_db()
    assert questionnaire.published_at is not None  # frozen by its first answer
    with django_assert_num_queries(5):
        result = survey_ikm(
            unit=tree.bengkulu_tengah, start=date(2022, 7, 1), end=date(2022, 9, 30)
        )
    assert result.respondents == 29
    assert result.ikm == Decimal("91.48") and result.mutu == "A"
    assert result.required_sample == 80 and result.enough is False
    assert survey_ikm(
        unit=tree.bengkulu_tengah, start=date(2022, 7, 1), end=date(2022, 9, 30), weights="0.11"
    ).ikm == Decimal("90.56")
    # roll-up over the tree, same query count
    with django_assert_num_queries(4):
        national = survey_ikm(
            unit=tree.ri, start=date(2022, 1, 1), end=date(2022, 12, 31), include_subtree=True
        )
    assert national.ikm == Decimal("91.48") and national.respondents == 29
    assert survey_ikm(unit=tree.ri, start=date(2022, 1, 1), end=date(2022, 12, 31)).respondents == 0
    assert (
        survey_ikm(unit=tree.bengkulu_tengah, start=date(2022, 10, 1), end=date(2022, 12, 31)).ikm
        is None
    )


def test_a_bad_answer_stores_nothing(questionnaire, people):
    with pytest.raises(ValidationError):
        services.response_record(
            questionnaire=questionnaire,
            date=date(2022, 8, 1),
            answers={"persyaratan": 4, "prosedur": 9},
            actor=people.sekretaris,
        )
    with pytest.raises(ValidationError):
        services.response_record(
            questionnaire=questionnaire,
            date=date(2023, 8, 1),
            answers={"persyaratan": 4},
            actor=people.sekretaris,
        )
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_skm_ikm_prints_the_contract_json(questionnaire, service, people, capsys):
    record_example(questionnaire, people.sekretaris, service)
    call_command(
        "skm_ikm",
        "--unit",
        "17.09",
        "--from",
        "2022-07-01",
        "--to",
        "2022-09-30",
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "respondents": 29,
        "nrr": {f"U{i}": round(t / 29, 4) for i, t in enumerate(TOTALS, start=1)},
        "ikm": 91.48,
        "mutu": "A",
        "kinerja": "Sangat baik",
        "weights": "exact",
        "required_sample": 80,
    }
    call_command(
        "skm_ikm", "--unit", "17.09", "--from", "2022-07-01", "--to", "2022-09-30",
        "--service", "Pelayanan PPID", "--weights", "0.11", "--format", "json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["ikm"] == 90.56 and data["weights"] == "0.11"
