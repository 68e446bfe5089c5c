"""Shapes of the API's answers and the types of its inputs. No business rule lives here: every
write's checks are the services' own."""

from __future__ import annotations

from rest_framework import serializers

from renaksi.api.models import ApiToken
from renaksi.chain.models import MonitoringReport
from renaksi.monitoring.models import Evidence, Realisation
from renaksi.organisations.models import Unit
from renaksi.plans.models import Indicator, Plan
from renaksi.reports.models import ReportJob


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "level", "parent", "agency", "place"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name"]


class PlanSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    decree_number = serializers.CharField(source="decree.number", default="", read_only=True)
    indicator_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "unit",
            "year",
            "title",
            "granularity",
            "decree_number",
            "indicator_count",
            "created_at",
            "updated_at",
        ]


class PlanDetailSerializer(PlanSerializer):
    document = serializers.JSONField(
        read_only=True, help_text="Rencana dalam format pertukaran JSON (lihat README)."
    )

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "document"]


class PlanImportSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=40, help_text="Kode satuan kerja, mis. 17.09.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    document = serializers.JSONField(help_text="Dokumen format pertukaran `renaksi-plan`.")


class PlanReplaceSerializer(serializers.Serializer):
    document = serializers.JSONField(help_text="Dokumen format pertukaran `renaksi-plan`.")


class IndicatorSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="activity.area.plan_id", read_only=True)
    targets = serializers.SerializerMethodField()
    pic = serializers.CharField(
        source="pic.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "plan",
            "activity",
            "sub_activity",
            "number",
            "text",
            "target_value",
            "target_unit",
            "pic",
            "pic_name",
            "note",
            "targets",
        ]

    def get_targets(self, obj) -> list[dict]:
        return [
            {"period": t.period, "value": None if t.value is None else str(t.value)}
            for t in obj.targets.all()
        ]


class RealisationSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="indicator.activity.area.plan_id", read_only=True)
    unit = serializers.CharField(source="indicator.activity.area.plan.unit.code", read_only=True)
    evidence_count = serializers.IntegerField(read_only=True, default=None, allow_null=True)

    class Meta:
        model = Realisation
        fields = [
            "id",
            "plan",
            "unit",
            "indicator",
            "period",
            "status",
            "progress",
            "value",
            "narrative",
            "obstacles",
            "follow_up",
            "done_on",
            "review_state",
            "first_submitted_at",
            "submitted_at",
            "verified_at",
            "version",
            "evidence_count",
            "updated_at",
        ]


class RealisationSaveSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1)
    period = serializers.IntegerField(min_value=1, max_value=12)
    version = serializers.IntegerField(
        min_value=0, help_text="Versi yang dibaca; 0 untuk sel tanpa realisasi."
    )
    status = serializers.ChoiceField(choices=Realisation.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True
    )
    narrative = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    obstacles = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    follow_up = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    done_on = serializers.DateField(required=False, allow_null=True)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="Versi yang dibaca.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class EvidenceSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "unit",
            "kind",
            "display_name",
            "description",
            "url",
            "sha256",
            "size",
            "content_type",
            "uploaded_at",
        ]


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReportJobSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportJob
        fields = [
            "id",
            "plan",
            "kind",
            "format",
            "params",
            "status",
            "progress",
            "error",
            "file_name",
            "created_at",
        ]


class ReportJobRequestSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=ReportJob.Kind.choices)
    format = serializers.ChoiceField(choices=ReportJob.Format.choices)
    params = serializers.DictField(required=False, default=dict)


class ChainReportSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="plan.unit.code", read_only=True)
    recipient = serializers.CharField(source="recipient.code", read_only=True)

    class Meta:
        model = MonitoringReport
        fields = [
            "id",
            "plan",
            "unit",
            "recipient",
            "kind",
            "number",
            "status",
            "due_on",
            "late",
            "first_submitted_at",
            "submitted_at",
            "decided_at",
            "version",
        ]


class ChainSubmitSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1)
    number = serializers.IntegerField(min_value=1, max_value=12)
    cover_note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Untuk pengajuan ulang."
    )


class TokenSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", default=None, read_only=True, allow_null=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "scope", "unit", "expires_at", "last_used_at"]
