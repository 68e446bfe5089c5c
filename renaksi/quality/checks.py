"""Structural checks on any plan: what an import report found once, kept as a standing check.

Each check names the rows involved and links to where they are fixed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from renaksi.plans.models import ReformArea
from renaksi.quality.evidence_types import describe, evidence_matches, named_types
from renaksi.quality.facts import PlanFacts, improves, norm
from renaksi.quality.grading import Row, _d, _ind_row, schedule_span


@dataclass
class CheckResult:
    code: str
    message: str
    rows: list[Row] = field(default_factory=list)
    fix: str = ""  # what to do, when it is obvious

    @property
    def row_count(self) -> int:
        return len(self.rows)


_NUMBER_NOISE = re.compile(r"[\s.]+")


def _number_key(number: str) -> str:
    return _NUMBER_NOISE.sub("", number).upper()


def _area_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    present = {a.reform_area.number for a in facts.areas if a.reform_area_id}
    missing = [ra for ra in ReformArea.objects.order_by("number") if ra.number not in present]
    if not missing:
        return []
    names = ", ".join(f"{ra.number}. {ra.name}" for ra in missing)
    return [
        CheckResult(
            "area-missing",
            ngettext(
                "Area perubahan tidak ada: %(names)s.",
                "Area perubahan tidak ada: %(names)s.",
                len(missing),
            )
            % {"names": names},
            [
                Row(f"{ra.number}. {ra.name}", reverse("activity_add", args=[plan_pk]))
                for ra in missing
            ],
            _(
                "Tambahkan kegiatan untuk area tersebut, atau petakan area yang ada ke area "
                "Road Map."
            ),
        )
    ]


def _decree_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    decree = facts.plan.decree
    edit = reverse("decree_edit", args=[plan_pk])
    if decree is None:
        return [
            CheckResult(
                "decree-missing",
                _("Rencana aksi belum memiliki keputusan."),
                [Row(_("Keputusan"), edit)],
            )
        ]
    out = []
    if decree.number and decree.lampiran_number:
        if _number_key(decree.number) != _number_key(decree.lampiran_number):
            out.append(
                CheckResult(
                    "decree-number",
                    _("Nomor keputusan %(number)s berbeda dengan nomor lampiran %(lampiran)s.")
                    % {"number": decree.number, "lampiran": decree.lampiran_number},
                    [Row(_("Keputusan"), edit)],
                    _("Samakan nomor lampiran dengan nomor keputusan."),
                )
            )
    year = facts.plan.year
    date_problems = []
    if decree.valid_from and decree.valid_until and decree.valid_from > decree.valid_until:
        date_problems.append(_("berlaku mulai setelah berlaku sampai"))
    if decree.date_set and not year - 1 <= decree.date_set.year <= year:
        date_problems.append(
            _("ditetapkan %(date)s, di luar tahun rencana") % {"date": _d(decree.date_set)}
        )
    if decree.date_set and decree.valid_from and decree.valid_from < decree.date_set:
        date_problems.append(_("berlaku sebelum ditetapkan"))
    if date_problems:
        out.append(
            CheckResult(
                "decree-dates",
                _("Tanggal keputusan tidak konsisten: %(problems)s.")
                % {"problems": "; ".join(date_problems)},
                [Row(_("Keputusan"), edit)],
                _("Perbaiki tanggal pada keputusan."),
            )
        )
    span = schedule_span(facts)
    if span and (
        (decree.valid_until and decree.valid_until < span[1])
        or (decree.valid_from and decree.valid_from > span[1])
    ):
        out.append(
            CheckResult(
                "decree-validity",
                _(
                    "Masa berlaku keputusan (%(start)s – %(end)s) tidak mencakup jadwal rencana "
                    "aksi (%(first)s – %(last)s)."
                )
                % {
                    "start": _d(decree.valid_from) if decree.valid_from else "…",
                    "end": _d(decree.valid_until) if decree.valid_until else "…",
                    "first": _d(span[0]),
                    "last": _d(span[1]),
                },
                [Row(_("Keputusan"), edit)],
                _("Ubah masa berlaku sampai %(last)s.") % {"last": _d(span[1])},
            )
        )
    return out


def _indicator_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    inds = facts.indicators
    out = []
    specs = [
        (
            "indicator-no-target",
            [i for i in inds if i.target is None],
            _("%(n)s indikator tanpa target."),
            _("Isi target indikator."),
        ),
        (
            "indicator-no-unit",
            [i for i in inds if not i.obj.target_unit.strip()],
            _("%(n)s indikator tanpa satuan."),
            _("Isi satuan target (mis. %, dokumen)."),
        ),
        (
            "indicator-no-pic",
            [i for i in inds if i.obj.pic_id is None and not i.obj.pic_name.strip()],
            _("%(n)s indikator tanpa penanggung jawab (PIC)."),
            _("Pilih penanggung jawab indikator."),
        ),
        (
            "target-not-improving",
            [
                i
                for i in inds
                if i.target is not None
                and i.obj.baseline is not None
                and not improves(i.target, i.obj.baseline)
            ],
            _("%(n)s indikator dengan target tidak lebih baik dari realisasi tahun lalu."),
            _("Naikkan target tahunan di atas baseline."),
        ),
    ]
    for code, bad, message, fix in specs:
        if bad:
            out.append(
                CheckResult(
                    code, message % {"n": len(bad)}, [_ind_row(plan_pk, i) for i in bad], fix
                )
            )
    no_indicator = [a for a in facts.activities if not a.indicators]
    if no_indicator:
        out.append(
            CheckResult(
                "activity-no-indicator",
                _("%(n)s kegiatan tanpa indikator.") % {"n": len(no_indicator)},
                [
                    Row(
                        a.label,
                        reverse("indicator_add", args=[plan_pk]) + f"?induk=activity:{a.obj.pk}",
                    )
                    for a in no_indicator
                ],
                _("Tambahkan indikator ke kegiatan tersebut."),
            )
        )
    return out


def _evidence_type_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    """Indicators that name no kind of data dukung, and evidence of another kind than named."""
    from renaksi.monitoring.models import RealisationEvidence

    attached: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for ind_id, kind, content_type in (
        RealisationEvidence.objects.filter(realisation__indicator__activity__area__plan_id=plan_pk)
        .values_list("realisation__indicator_id", "evidence__kind", "evidence__content_type")
        .order_by("realisation__indicator_id", "evidence_id")
    ):
        attached[ind_id].append((kind, content_type))
    unnamed, mismatched = [], []
    for ind in facts.indicators:
        types = named_types(ind.obj.text)
        if not types:
            if not ind.obj.evidence_links:
                unnamed.append(ind)
            continue
        items = attached.get(ind.obj.pk, [])
        if not evidence_matches(types, items):
            row = _ind_row(plan_pk, ind)
            row.label = _("%(label)s — disebut: %(named)s; dilampirkan: %(attached)s") % {
                "label": row.label,
                "named": ", ".join(str(t.name) for t in types),
                "attached": describe(items),
            }
            mismatched.append(row)
    out = []
    if unnamed:
        out.append(
            CheckResult(
                "indicator-no-evidence-type",
                _("%(n)s indikator tidak menyebut jenis data dukung.") % {"n": len(unnamed)},
                [_ind_row(plan_pk, i) for i in unnamed],
                _(
                    "Sebutkan bentuk keluarannya dalam indikator (mis. SK, laporan, notulen, foto "
                    "kegiatan, tautan laman) atau isi tautan bukti."
                ),
            )
        )
    if mismatched:
        out.append(
            CheckResult(
                "evidence-type-mismatch",
                _("%(n)s indikator dengan data dukung yang tidak sesuai jenis yang disebut.")
                % {"n": len(mismatched)},
                mismatched,
                _("Lampirkan data dukung sesuai yang disebut indikator (mis. SK sebagai dokumen)."),
            )
        )
    return out


def _period_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    plan = facts.plan
    planned = {p for i in facts.indicators for p in i.periods}
    empty = [p for p in range(1, plan.period_count + 1) if p not in planned]
    if not empty or not facts.indicators:
        return []
    from renaksi.plans.view_helpers import period_labels

    labels = [str(label) for _value, label in period_labels(plan)]
    names = ", ".join(labels[p - 1] for p in empty)
    return [
        CheckResult(
            "period-empty",
            _("Periode tanpa rencana: %(periods)s.") % {"periods": names},
            [Row(labels[p - 1], reverse("plan_detail", args=[plan_pk])) for p in empty],
            _(
                "Jadwalkan indikator pada periode tersebut, atau pastikan memang tidak ada "
                "kegiatan."
            ),
        )
    ]


def _duplicate_checks(facts: PlanFacts, plan_pk: int) -> list[CheckResult]:
    groups = defaultdict(list)
    for ind in facts.indicators:
        groups[(ind.activity.pk, ind.sub.pk if ind.sub else 0, norm(ind.obj.text))].append(ind)
    dupes = [ind for group in groups.values() if len(group) > 1 for ind in group[1:]]
    acts = defaultdict(list)
    for act in facts.activities:
        acts[(act.area.pk, norm(act.obj.name))].append(act)
    dup_acts = [a for group in acts.values() if len(group) > 1 for a in group[1:]]
    rows = [_ind_row(plan_pk, i) for i in dupes] + [
        Row(a.label, reverse("activity_edit", args=[plan_pk, a.obj.pk])) for a in dup_acts
    ]
    if not rows:
        return []
    return [
        CheckResult(
            "duplicate-rows",
            _("%(n)s baris ganda (teks sama di induk yang sama).") % {"n": len(rows)},
            rows,
            _("Gabungkan atau ubah baris yang ganda."),
        )
    ]


def structural_checks(facts: PlanFacts) -> list[CheckResult]:
    plan_pk = facts.plan.pk
    return [
        *_area_checks(facts, plan_pk),
        *_decree_checks(facts, plan_pk),
        *_indicator_checks(facts, plan_pk),
        *_evidence_type_checks(facts, plan_pk),
        *_period_checks(facts, plan_pk),
        *_duplicate_checks(facts, plan_pk),
    ]
