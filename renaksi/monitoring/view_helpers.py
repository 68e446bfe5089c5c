"""Read-only shapes for the monitoring pages: cell states on the plan table, the cell page facts,
the evidence library's cell links, and the upload size guard.

No writes here; the plan table's states come from ``selectors.cell_map_for_plan`` in its fixed
number of queries, and everything else is worked out in Python.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renaksi.monitoring import evidence as evidence_files
from renaksi.monitoring.models import (
    Evidence,
    Realisation,
    RealisationEvent,
    RealisationEvidence,
    Timeliness,
)
from renaksi.monitoring.selectors import (
    Cell,
    cell_map_for_plan,
    realisation_due_on,
    timeliness_classify,
)
from renaksi.plans.models import Indicator, Plan, Target
from renaksi.plans.view_helpers import normalised_decimal, numbered, period_labels

State = Realisation.ReviewState

# --- the cell states on the plan table -----------------------------------------------------

# Order of the legend; the code is the CSS class suffix (``state-<code>``).
STATE_LABELS = {
    "verified": gettext_lazy("Terverifikasi"),
    "submitted": gettext_lazy("Menunggu verifikasi"),
    "returned": gettext_lazy("Dikembalikan"),
    "draft": gettext_lazy("Diisi, belum diajukan"),
    "missed": gettext_lazy("Lewat tenggat, belum diajukan"),
    "pending": gettext_lazy("Belum jatuh tempo"),
}
_REVIEW_CODES: dict[str, str] = {
    State.VERIFIED: "verified",
    State.SUBMITTED: "submitted",
    State.RETURNED: "returned",
}


@dataclass(frozen=True)
class CellState:
    """How one cell of the plan table stands, for its colour, its tooltip and the legend."""

    code: str
    title: str
    late: bool = False


def period_label(plan: Plan, period: int) -> str:
    """``"Maret 2022"`` for a monthly plan, ``"TW I 2022"`` for a quarterly one."""
    return f"{period_labels(plan)[period - 1][1]} {plan.year}"


def _state_code(cell: Cell) -> str:
    realisation = cell.realisation
    if realisation is not None and realisation.review_state in _REVIEW_CODES:
        return _REVIEW_CODES[realisation.review_state]
    # A draft past its due date is as overdue as an empty cell: nothing has been reported.
    if cell.timeliness == Timeliness.MISSED:
        return "missed"
    if realisation is not None:
        return "draft"
    return "pending"


def _state_words() -> dict[str, str]:
    return {
        **{code: str(label) for code, label in STATE_LABELS.items()},
        "unscheduled": _("di luar jadwal"),
        "late": str(Timeliness.LATE.label).lower(),
    }


def cell_state(cell: Cell, *, label: str, words: dict[str, str] | None = None) -> CellState:
    """``words`` (from ``_state_words``) saves translating the same few words for every cell."""
    words = words or _state_words()
    code = _state_code(cell)
    late = cell.timeliness == Timeliness.LATE
    parts = [label, words[code]]
    if not cell.scheduled:
        parts.append(words["unscheduled"])
    if late:
        parts.append(words["late"])
    title = f"{parts[0]}: " + ", ".join(parts[1:])
    return CellState(code=code, title=title, late=late)


@dataclass
class PlanCells:
    """The monitoring side of the plan page: each cell's state, the legend and the to-do count."""

    states: dict[tuple[int, int], CellState]
    legend: list[tuple[str, str, int]]  # (code, label, count)
    late_count: int
    awaiting: int
    can_verify: bool
    first_awaiting: tuple[int, int] | None = None


def plan_cells(*, user, plan: Plan, today: date, can_verify: bool | None = None) -> PlanCells:
    """Cell states for a whole plan: ``cell_map_for_plan`` plus one permission check.

    ``can_verify``: the caller's answer to that check, when it has asked already.
    """
    cells = cell_map_for_plan(user=user, plan=plan, today=today)
    labels = [long for _short, long in period_labels(plan)]
    words = _state_words()
    states = {
        key: cell_state(cell, label=labels[cell.period - 1], words=words)
        for key, cell in cells.items()
    }
    counts = Counter(state.code for state in states.values())
    awaiting = sorted(key for key, state in states.items() if state.code == "submitted")
    return PlanCells(
        states=states,
        legend=[(code, str(label), counts[code]) for code, label in STATE_LABELS.items()],
        late_count=sum(1 for state in states.values() if state.late),
        awaiting=len(awaiting),
        # The plan stands for its unit here: the rule asks for the Tim Asesor role there.
        can_verify=(
            can_verify
            if can_verify is not None
            else user.has_perm("monitoring.verify_realisation", plan)
        ),
        first_awaiting=awaiting[0] if awaiting else None,
    )


# --- the cell page -----------------------------------------------------------------------


@dataclass
class CellFacts:
    """What the cell page says about a cell besides its realisation."""

    label: str
    path: list[tuple[str, str]]  # (level, numbered name): area, kegiatan, sub kegiatan …
    scheduled: bool
    target: Decimal | None  # the period's target, else the indicator's
    has_target: bool
    due_on: date
    timeliness: Timeliness


def cell_facts(
    *, plan: Plan, indicator: Indicator, period: int, realisation: Realisation | None, today: date
) -> CellFacts:
    """Schedule, target, due date and timeliness of one cell (two queries)."""
    target = Target.objects.filter(indicator=indicator, period=period).first()
    target_value = target.value if target is not None and target.value is not None else None
    if target_value is None:
        target_value = indicator.target_value
    due_on = realisation_due_on(plan=plan, period=period)
    path = [
        (
            _("Area perubahan"),
            numbered(indicator.activity.area.number, indicator.activity.area.name),
        )
    ]
    path.append((_("Kegiatan"), numbered(indicator.activity.number, indicator.activity.name)))
    sub = indicator.sub_activity
    if sub is not None:
        if sub.parent is not None:
            path.append((_("Sub kegiatan"), numbered(sub.parent.number, sub.parent.name)))
        path.append((_("Sub kegiatan"), numbered(sub.number, sub.name)))
    return CellFacts(
        label=period_label(plan, period),
        path=path,
        scheduled=target is not None,
        target=normalised_decimal(target_value),
        has_target=target_value is not None,
        due_on=due_on,
        timeliness=timeliness_classify(
            due_on=due_on,
            submitted_at=realisation.first_submitted_at if realisation else None,
            today=today,
            scheduled=target is not None,
        ),
    )


def cell_has_target(indicator: Indicator, period: int) -> bool:
    """Whether the cell takes a numeric realisation (a target for the period or the indicator)."""
    return indicator.target_value is not None or (
        Target.objects.filter(indicator=indicator, period=period, value__isnull=False).exists()
    )


def number_format(value: Decimal) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def megabytes(size: int) -> str:
    return formats.number_format(round(size / 1024 / 1024, 1), 1) + " MB"


def lock_reason(realisation: Realisation | None) -> str:
    if realisation is None:
        return ""
    if realisation.review_state == State.SUBMITTED:
        return _(
            "Realisasi ini sudah diajukan dan sedang menunggu verifikasi Tim Asesor, jadi tidak "
            "dapat diubah. Tim Asesor dapat mengembalikannya bila perlu diperbaiki."
        )
    if realisation.review_state == State.VERIFIED:
        return _(
            "Realisasi ini sudah terverifikasi dan terkunci. Hanya Sekretaris yang dapat "
            "membukanya kembali, dengan alasan."
        )
    return ""


def last_event(events: list[RealisationEvent], action: str) -> RealisationEvent | None:
    for event in reversed(events):
        if event.action == action:
            return event
    return None


def cell_url(plan_id: int, indicator_id: int, period: int) -> str:
    return reverse("cell_detail", args=[plan_id, indicator_id, period])


# --- the evidence library ----------------------------------------------------------------


@dataclass
class CellLink:
    url: str
    label: str
    review_state: str


@dataclass
class LibraryItem:
    evidence: Evidence
    cells: list[CellLink] = field(default_factory=list)


def library_items(evidence: list[Evidence]) -> list[LibraryItem]:
    """Library items with the cells each one backs, in one query for the whole page.

    The caller has checked that the unit may be seen; an item only ever backs cells of its own
    unit's plans (``evidence_attach`` refuses others), so the cells are as visible as the item.
    """
    items = {e.pk: LibraryItem(e) for e in evidence}
    links = (
        RealisationEvidence.objects.filter(evidence__in=list(items))
        .select_related("realisation__indicator__activity__area__plan")
        .order_by("realisation__indicator__activity__area__plan__year", "realisation__period")
    )
    for link in links:
        realisation = link.realisation
        indicator = realisation.indicator
        plan = indicator.activity.area.plan
        items[link.evidence_id].cells.append(
            CellLink(
                url=cell_url(plan.pk, indicator.pk, realisation.period),
                label=f"{period_label(plan, realisation.period)} · "
                f"{numbered(indicator.number, indicator.text)}",
                review_state=realisation.get_review_state_display(),
            )
        )
    return list(items.values())


def download_name(evidence: Evidence) -> str:
    """The display name, cleaned, ending in the extension of the type read from the content.

    A PDF uploaded as ``foto.png`` downloads as ``foto.png.pdf``, so the computer opens it with
    the program its content needs, never one its name chose.
    """
    kind = evidence_files.KINDS[evidence.content_type]
    name = evidence_files.display_name_clean(
        evidence.display_name, fallback_extension=kind.extension
    )
    accepted = {kind.extension, kind.code} | ({"jpeg", "jpg"} if kind.code == "jpeg" else set())
    if name.rpartition(".")[2].lower() not in accepted or "." not in name:
        name = f"{name}.{kind.extension}"
    return name


# --- uploads -----------------------------------------------------------------------------


class OversizeUpload(UploadedFile):
    """Stands in for a file that was not kept because it is too big: its name and size only.

    The service refuses it by its size with its own message, as it would the real file.
    """

    def __init__(self, name: str | None, size: int):
        super().__init__(file=io.BytesIO(), name=name, size=size)


class EvidenceSizeLimitHandler(FileUploadHandler):
    """First upload handler of the evidence upload: keeps at most ``limit`` bytes of a file.

    Bytes past the limit are counted but not passed on to the memory or disk handlers, so a
    huge file never fills memory or the temporary folder; the file arrives as an
    ``OversizeUpload`` with its real size.
    """

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        if self.too_large or start + len(raw_data) > self.limit:
            self.too_large = True
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.too_large:
            return OversizeUpload(self.file_name, file_size)
        return None
