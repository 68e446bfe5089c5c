# ruff: noqa: E501
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renaksi.surveys.importer import SurveyImportError, survey_import
from renaksi.surveys.models import Answer, Response, Source

HEADER = "Timestamp,Jenis Kelamin,Usia,U1,U2,U3,U4,U5,U6,U7,U8,U9,Saran\n"


def test_it_imports_google_forms_text_and_numbers_with_empty_answers(
    questionnaire, service, people
):
    csv = (
        HEADER
        + "2022/08/01 10:00:00,L,30,Sangat sesuai,Mudah,3,Gratis,4,Kompeten,Sopan dan ramah,Sangat baik,,Bagus\n"
        + "2022/08/02 11:00:00,P,40,1,2,Cepat,Murah,,4,4,Baik,Dikelola dengan baik,\n"
    ).encode()
    result = survey_import(
        questionnaire=questionnaire,
        data=csv,
        kind="csv",
        date=date(2022, 8, 1),
        service=service,
        actor=people.sekretaris,
    )
    assert result.created == 2
    first = Response.objects.get(date=date(2022, 8, 1))
    assert first.source == Source.IMPORTED and first.suggestion == "Bagus" and first.sex == "L"
    assert list(first.answers.order_by("unsur__position").values_list("value", flat=True)) == [
        4,
        3,
        3,
        4,
        4,
        3,
        3,
        4,
        None,
    ]
    assert Answer.objects.filter(value__isnull=True).count() == 2


def test_it_reports_every_bad_row_with_its_line_and_stores_nothing(questionnaire, people):
    csv = (
        HEADER
        + "2022/08/01 10:00:00,L,30,5,Mudah,3,3,3,3,3,3,3,\n"
        + "2022/08/01 10:00:00,L,30,3,Enak,3,3,3,3,3,3,3,\n"
    ).encode()
    with pytest.raises(SurveyImportError) as info:
        survey_import(
            questionnaire=questionnaire,
            data=csv,
            kind="csv",
            date=date(2022, 8, 1),
            actor=people.sekretaris,
        )
    assert any("Baris 2, U1" in p for p in info.value.problems)
    assert any("Baris 3, U2" in p and "Enak" in p for p in info.value.problems)
    assert not Response.objects.exists()


def test_it_maps_columns_by_position_and_letter(questionnaire, people):
    csv = b"a,b,c,d,e,f,g,h,i,j\n4,4,4,4,4,4,4,4,4,x\n"
    mapping = {"columns": {f"U{i}": i for i in range(1, 10)}}
    mapping["columns"]["U9"] = "I"
    survey_import(
        questionnaire=questionnaire,
        data=csv,
        kind="csv",
        date=date(2022, 8, 1),
        mapping=mapping,
        actor=people.sekretaris,
    )
    assert Answer.objects.filter(value=4).count() == 9


def test_skm_import_command(tmp_path, questionnaire, capsys):
    path = tmp_path / "skm.csv"
    path.write_text(
        HEADER + "2022/08/01 10:00:00,L,30,4,4,4,4,4,4,4,4,4,<script>alert(1)</script>\n"
    )
    call_command(
        "skm_import",
        str(path),
        "--unit",
        "17.09",
        "--service",
        "Layanan informasi pemilu",
        "--date",
        "2022-08-01",
    )
    assert "1 jawaban diimpor" in capsys.readouterr().out
    assert Response.objects.get().suggestion == "<script>alert(1)</script>"
    path.write_text(HEADER + "x,L,30,4,4,4,4,4,4,4,4,9,\n")
    with pytest.raises(CommandError, match="Baris 2"):
        call_command(
            "skm_import",
            str(path),
            "--unit",
            "17.09",
            "--service",
            "Layanan informasi pemilu",
            "--date",
            "2022-08-01",
        )
    assert Response.objects.count() == 1
    mapping = tmp_path / "m.json"
    mapping.write_text(json.dumps({"columns": {"U1": "Z"}}))
    with pytest.raises(CommandError):
        call_command(
            "skm_import",
            str(path),
            "--unit",
            "17.09",
            "--service",
            "x",
            "--date",
            "2022-08-01",
            "--mapping",
            str(mapping),
        )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.lists(
            st.one_of(st.text(max_size=300), st.sampled_from(["1", "4", "Baik", ""])), max_size=14
        ),
        max_size=6,
    )
)
def test_hostile_files_are_imported_whole_or_refused_whole(questionnaire, people, cells):
    import csv
    import io

    out = io.StringIO()
    out.write(HEADER)
    csv.writer(out).writerows(cells)
    before = Response.objects.count()
    try:
        result = survey_import(
            questionnaire=questionnaire,
            data=out.getvalue().encode(),
            kind="csv",
            date=date(2022, 8, 1),
            actor=people.sekretaris,
        )
    except SurveyImportError as exc:
        assert exc.problems
        assert Response.objects.count() == before
    else:
        assert Response.objects.count() == before + result.created
