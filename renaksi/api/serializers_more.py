"""Shapes of the evaluations, surveys and registers endpoints (read models, no rules)."""

from __future__ import annotations

from rest_framework import serializers

from renaksi.api.serializers import UnitRefSerializer
from renaksi.evaluations.models import Instrument, Worksheet
from renaksi.surveys.models import Questionnaire


class InstrumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["id", "code", "name", "kind"]


class WorksheetSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    instrument = InstrumentRefSerializer(read_only=True)
    changed_at = serializers.DateTimeField(
        read_only=True, help_text="Waktu perubahan terakhir (dibuat atau jawaban terakhir)."
    )

    class Meta:
        model = Worksheet
        fields = ["id", "unit", "instrument", "year", "prior_wbk", "created_at", "changed_at"]


class ComponentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()


class GateSerializer(serializers.Serializer):
    level = serializers.CharField()
    name = serializers.CharField()
    required = serializers.FloatField()
    value = serializers.FloatField()
    passed = serializers.BooleanField()


class CriterionSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="ID kriteria (node).")
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.CharField(help_text="Jawaban yang berlaku (akhir, asesor, atau unit).")
    numbers = serializers.ListField(child=serializers.CharField())
    stage = serializers.CharField(help_text="Tahap jawaban; kosong bila belum dijawab.")
    converted = serializers.FloatField(allow_null=True)
    score = serializers.FloatField()
    evidence = serializers.IntegerField(help_text="Jumlah data dukung tertaut.")
    version = serializers.IntegerField(help_text="Versi untuk menyimpan jawaban (kunci optimis).")


class WorksheetDetailSerializer(WorksheetSerializer):
    score = serializers.FloatField(read_only=True)
    projected = serializers.FloatField(read_only=True)
    predikat = serializers.CharField(read_only=True)
    answered = serializers.IntegerField(read_only=True)
    total_criteria = serializers.IntegerField(read_only=True)
    components = ComponentSerializer(many=True, read_only=True)
    gates = GateSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta(WorksheetSerializer.Meta):
        fields = [
            *WorksheetSerializer.Meta.fields,
            "score",
            "projected",
            "predikat",
            "answered",
            "total_criteria",
            "components",
            "gates",
            "criteria",
        ]


class AnswerSaveSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    value = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    numbers = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
    )
    explanation = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="Versi jawaban yang dibaca."
    )


class QuestionnaireSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    respondents = serializers.IntegerField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "unit",
            "title",
            "version",
            "start",
            "end",
            "published_at",
            "weighting",
            "respondents",
        ]


class IkmSerializer(serializers.Serializer):
    unit = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    service = serializers.IntegerField(allow_null=True)
    subtree = serializers.BooleanField()
    respondents = serializers.IntegerField()
    nrr = serializers.DictField(child=serializers.FloatField(), help_text="NRR per unsur U1…Un.")
    labels = serializers.DictField(child=serializers.CharField())
    ikm = serializers.FloatField(allow_null=True, help_text="IKM 25–100, kosong bila kurang data.")
    mutu = serializers.CharField(allow_null=True)
    kinerja = serializers.CharField(allow_null=True)
    weights = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    required_sample = serializers.IntegerField(allow_null=True)
    enough = serializers.BooleanField(allow_null=True)


FIGURE_INTS = (
    "complaints_received",
    "complaints_open",
    "complaints_finished",
    "complaints_on_time",
    "complaints_overdue",
    "requests_received",
    "requests_in_process",
    "requests_finished",
    "requests_refused",
    "requests_disputes",
    "requests_on_time",
    "requests_overdue",
    "gratifications_reported",
    "gratifications_forwarded",
    "gratifications_under_threshold",
    "staff",
    "signed",
    "conflicts",
    "conflicts_handled",
)
FIGURE_PCTS = ("complaints_on_time_pct", "requests_on_time_pct", "signed_pct")


# Counts only (the registers' own figures): never a name, a complaint or a gift.
FiguresSerializer = type(
    "FiguresSerializer",
    (serializers.Serializer,),
    {
        **{name: serializers.IntegerField() for name in FIGURE_INTS},
        **{name: serializers.FloatField(allow_null=True) for name in FIGURE_PCTS},
    },
)


class FiguresChildSerializer(serializers.Serializer):
    unit = serializers.CharField()
    name = serializers.CharField()
    figures = FiguresSerializer()


class RegisterFiguresSerializer(serializers.Serializer):
    unit = serializers.CharField()
    year = serializers.IntegerField()
    total = FiguresSerializer(help_text="Satuan kerja dan seluruh bawahannya.")
    children = FiguresChildSerializer(many=True)


def _figures_example(**values) -> dict:
    data = dict.fromkeys(FIGURE_INTS, 0) | dict.fromkeys(FIGURE_PCTS)
    return data | values


WORKSHEET_EXAMPLE = {
    "id": 7,
    "unit": {"id": 9, "code": "17.09", "name": "KPU Kabupaten Bengkulu Tengah"},
    "instrument": {"id": 2, "code": "PMPRB-2024", "name": "PMPRB 2024", "kind": "rb"},
    "year": 2024,
    "prior_wbk": False,
    "created_at": "2024-02-01T09:00:00+07:00",
    "changed_at": "2024-03-12T14:20:00+07:00",
}
IKM_EXAMPLE = {
    "unit": "17.09",
    "start": "2022-01-01",
    "end": "2022-12-31",
    "service": None,
    "subtree": False,
    "respondents": 120,
    "nrr": {f"U{i}": 3.25 for i in range(1, 10)},
    "labels": {"U1": "Persyaratan", "U2": "Sistem, mekanisme, dan prosedur"},
    "ikm": 81.25,
    "mutu": "B",
    "kinerja": "Baik",
    "weights": "exact",
    "population": 400,
    "required_sample": 196,
    "enough": False,
}
FIGURES_EXAMPLE = {
    "unit": "17",
    "year": 2023,
    "total": _figures_example(
        complaints_received=4, complaints_finished=3, complaints_on_time=3, complaints_open=1,
        complaints_on_time_pct=100.0, gratifications_reported=1, staff=40, signed=38,
        signed_pct=95.0,
    ),
    "children": [
        {
            "unit": "17.09",
            "name": "KPU Kabupaten Bengkulu Tengah",
            "figures": _figures_example(
                complaints_received=1, staff=12, signed=12, signed_pct=100.0
            ),
        }
    ],
}  # fmt: skip
