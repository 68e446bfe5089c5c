"""The lampiran table of a plan: rows with their merged cells (rowspan) worked out in Python.

The template only walks a flat list of rows and never counts anything; the period cells are made
as HTML here (``_cells_html``). Used by the plan page and the lampiran documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, cast

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renaksi.core.periods import QUARTER_LABELS
from renaksi.plans.models import Activity, Area, Indicator, Plan, SubActivity
from renaksi.plans.selectors import AreaNode, SubNode


def numbered(number: str, text: str) -> str:
    """``"1"`` and ``"Perencanaan"`` → ``"1. Perencanaan"``, as the lampiran writes them."""
    number = (number or "").strip()
    if not number:
        return text
    if not number.endswith((".", ")")):
        number += "."
    return f"{number} {text}"


# --- the lampiran table ------------------------------------------------------------------


class _CellState(Protocol):
    """What the grid reads of a cell's monitoring state (``monitoring.view_helpers.CellState``)."""

    code: str
    late: bool


@dataclass
class SpanCell:
    """A merged cell, emitted on the first row of its run only."""

    obj: Area | Activity | SubActivity | None
    rowspan: int
    anchor: str = ""
    label: str = ""
    is_child: bool = False


@dataclass
class PeriodCell:
    period: int
    planned: bool
    value: Decimal | None = None
    # The monitoring state (``monitoring.view_helpers.CellState``) when the cell has a page:
    # scheduled, or realised outside the schedule.
    state: _CellState | None = None


@dataclass
class TableRow:
    indicator: Indicator | None
    periods: list[PeriodCell]
    anchor: str = ""
    label: str = ""
    target: Decimal | None = None
    area: SpanCell | None = None
    activity: SpanCell | None = None
    sub: SpanCell | None = None
    # The row's period cells as HTML, made in Python: a plan has hundreds of rows × 12 periods and
    # the template loop over them was most of the plan page's time (bench/README.md).
    cells_html: str = ""


def _cell_url_maker(plan: Plan):
    """``cell_detail``'s address for (indicator, period) without one ``reverse`` per cell.

    Relative to the plan page (``sel/12/3/`` on ``/rencana/7/``), the only page that shows the
    grid: a plan has thousands of cells and the plan's own prefix was a tenth of their bytes.
    Resolved at the first link made: a table without cell states (the lampiran, in the worker)
    makes none, and never loads the URLconf (about 14 MB of the worker: issue 19).
    """
    made = None

    def cell_url(indicator_pk, period):
        nonlocal made
        if made is None:
            made = _cell_url_resolve(plan)
        return made(indicator_pk, period)

    return cell_url


def _cell_url_resolve(plan: Plan):
    sample = reverse("cell_detail", args=[plan.pk, 7, 3])
    page = reverse("plan_detail", args=[plan.pk])
    if sample.endswith("/7/3/"):
        prefix = sample.removesuffix("7/3/")
        if prefix.startswith(page):
            prefix = prefix.removeprefix(page)
        return lambda indicator_pk, period: f"{prefix}{indicator_pk}/{period}/"
    return lambda indicator_pk, period: reverse("cell_detail", args=[plan.pk, indicator_pk, period])


def _cell_class(cell: PeriodCell) -> str:
    """The period cell's one class: its state (``static/renaksi/app.css``, "Plan grid cells").

    ``late`` and ``unscheduled`` are added to the state when they apply; a cell with no state
    and no schedule has no class at all. Nothing else of the cell's state is written in it: the
    legend, printed once above the grid, names the states, and ``plan.js`` makes the tooltips.
    """
    state = cell.state
    if state is None:
        return "planned" if cell.planned else ""
    classes: list[str] = [escape(state.code)]
    if not cell.planned:
        classes.append("unscheduled")
    if state.late:
        classes.append("late")
    return " ".join(classes)


def _cells_html(cells: list[PeriodCell], indicator_pk: int | None, cell_url) -> str:
    """The period cells of one row, as few bytes as they can be (issue 19, "Fewer bytes").

    ``<td class="missed"><a href="sel/12/3/">√</a></td>``: the state as one class, a relative
    link, the month from the column header, the state's name from the legend.
    """
    parts = []
    for cell in cells:
        state = cell.state
        if cell.planned:
            text = "√" if cell.value is None else conditional_escape(localize(cell.value))
        else:
            text = "•" if state is not None else ""
        if state is not None:
            text = f'<a href="{cell_url(indicator_pk, cell.period)}">{text}</a>'
        classes = _cell_class(cell)
        parts.append(f'<td class="{classes}">{text}</td>' if classes else f"<td>{text}</td>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


@dataclass
class _Leaf:
    area: Area
    activity: Activity | None
    sub: SubActivity | None
    is_child: bool
    indicator: Indicator | None
    haystack: str


@dataclass
class PlanTable:
    rows: list[TableRow]
    period_labels: list[tuple[str, str]]  # (short label, title)
    column_numbers: list[int]
    areas: list[tuple[int, str]]  # (position, label) of areas with rows, for the navigation
    indicator_count: int
    line_anchors: dict[int, str] = field(default_factory=dict)


def normalised_decimal(value: Decimal | None) -> Decimal | None:
    """``Decimal('100.0000')`` → ``100``, ``Decimal('2.5000')`` → ``2.5``, for display."""
    if value is None:
        return None
    value = value.normalize()
    # normalize() turns 10 into 1E+1; bring whole numbers back to plain digits.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def period_labels(plan: Plan) -> list[tuple[str, str]]:
    if plan.period_count == 4:
        return [(label, label) for label in QUARTER_LABELS]
    return [(str(m), str(MONTHS[m])) for m in range(1, 13)]


def _leaves(tree: list[AreaNode]) -> list[_Leaf]:
    leaves: list[_Leaf] = []

    def add(area, activity, sub, indicator, is_child=False, parent_name=""):
        parts = [area.name, parent_name]
        if activity is not None:
            parts.append(activity.name)
        if sub is not None:
            parts.append(sub.name)
        if indicator is not None:
            pic = str(indicator.pic) if indicator.pic else indicator.pic_name
            parts += [indicator.number, indicator.text, indicator.note, pic]
        leaves.append(_Leaf(area, activity, sub, is_child, indicator, " ".join(parts).casefold()))

    def add_sub(area, activity, node: SubNode, is_child: bool, parent_name: str = ""):
        for ind in node.indicators:
            add(area, activity, node.obj, ind, is_child, parent_name)
        if not node.indicators:
            add(area, activity, node.obj, None, is_child, parent_name)

    for area_node in tree:
        area = area_node.obj
        if not area_node.activities:
            add(area, None, None, None)
        for act_node in area_node.activities:
            start = len(leaves)
            for ind in act_node.indicators:
                add(area, act_node.obj, None, ind)
            for sub_node in act_node.subs:
                add_sub(area, act_node.obj, sub_node, False)
                for child in sub_node.children:
                    add_sub(area, act_node.obj, child, True, sub_node.obj.name)
            if len(leaves) == start:
                add(area, act_node.obj, None, None)
    return leaves


def _line_anchors(leaves: list[_Leaf]) -> dict[int, str]:
    """Source line → row anchor, so a finding's "baris 88" can jump to its row."""
    anchors: dict[int, str] = {}
    for leaf in leaves:
        # The most precise object wins: an indicator over its sub kegiatan over its kegiatan.
        for obj, anchor in (
            (leaf.area, f"area-{leaf.area.position}"),
            (leaf.activity, f"kegiatan-{leaf.activity.pk}" if leaf.activity else ""),
            (leaf.sub, f"sub-kegiatan-{leaf.sub.pk}" if leaf.sub else ""),
            (leaf.indicator, f"indikator-{leaf.indicator.pk}" if leaf.indicator else ""),
        ):
            if obj is not None and obj.source_line:
                anchors[obj.source_line] = anchor
    return anchors


def _runs(keys: list) -> list[int]:
    """For each position, the length of the run of equal keys starting there (0 inside a run)."""
    spans = [0] * len(keys)
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            spans[start] = i - start
            start = i
    return spans


def plan_table(
    *, plan: Plan, tree: list[AreaNode], query: str = "", cell_states: dict | None = None
) -> PlanTable:
    """The plan as the lampiran's rows, optionally kept to the rows matching ``query``.

    A row matches when the query appears in its indicator (number, text, KET, PIC) or in the
    area, kegiatan or sub kegiatan above it; the parents of a matching row are kept with it.
    ``cell_states`` maps (indicator id, period) to the cell's monitoring state.
    """
    cell_states = cell_states or {}
    leaves = _leaves(tree)
    line_anchors = _line_anchors(leaves)
    needle = query.strip().casefold()
    if needle:
        leaves = [leaf for leaf in leaves if needle in leaf.haystack]

    area_keys = [leaf.area.pk for leaf in leaves]
    act_keys = [(leaf.area.pk, leaf.activity.pk if leaf.activity else None) for leaf in leaves]
    sub_keys = [
        (act_key, leaf.sub.pk if leaf.sub else None)
        for act_key, leaf in zip(act_keys, leaves, strict=True)
    ]
    area_spans, act_spans, sub_spans = _runs(area_keys), _runs(act_keys), _runs(sub_keys)

    rows = []
    cell_url = _cell_url_maker(plan)
    for i, leaf in enumerate(leaves):
        ind = leaf.indicator
        values = ind.period_values if ind is not None else {}
        row = TableRow(
            indicator=ind,
            anchor=f"indikator-{ind.pk}" if ind is not None else "",
            label=numbered(ind.number, ind.text) if ind is not None else "",
            target=normalised_decimal(ind.target_value) if ind is not None else None,
            periods=[
                PeriodCell(
                    p,
                    p in values,
                    normalised_decimal(values.get(p)),
                    cell_states.get((ind.pk, p)) if ind is not None else None,
                )
                for p in range(1, plan.period_count + 1)
            ],
        )
        row.cells_html = _cells_html(row.periods, ind.pk if ind is not None else None, cell_url)
        if area_spans[i]:
            row.area = SpanCell(
                leaf.area, area_spans[i], f"area-{leaf.area.position}", leaf.area.name
            )
        if act_spans[i]:
            act = leaf.activity
            row.activity = SpanCell(
                act,
                act_spans[i],
                f"kegiatan-{act.pk}" if act else "",
                numbered(act.number, act.name) if act else "",
            )
        if sub_spans[i]:
            sub = leaf.sub
            row.sub = SpanCell(
                sub,
                sub_spans[i],
                f"sub-kegiatan-{sub.pk}" if sub else "",
                numbered(sub.number, sub.name) if sub else "",
                is_child=leaf.is_child,
            )
        rows.append(row)

    shown_areas = {leaf.area.pk for leaf in leaves}
    labels = period_labels(plan)
    return PlanTable(
        rows=rows,
        period_labels=labels,
        column_numbers=list(range(1, len(labels) + 7)),
        areas=[
            (node.obj.position, numbered(node.obj.number, node.obj.name))
            for node in tree
            if node.obj.pk in shown_areas
        ],
        indicator_count=sum(1 for leaf in leaves if leaf.indicator is not None),
        line_anchors=line_anchors,
    )


# --- the grid's rows as HTML --------------------------------------------------------------------


def _span_attrs(span: SpanCell) -> str:
    return f' rowspan="{span.rowspan}"' if span.rowspan > 1 else ""


def _edit_link(url: str, label: str) -> str:
    return f' <a class="edit-link" href="{escape(url)}" aria-label="{escape(label)}">✎</a>'


def _indicator_meta(ind: Indicator, row: TableRow) -> str:
    """The line of target, meaning, PICs, budget and evidence links under an indicator."""
    shown = (
        ind.target_value is not None
        or ind.pic_id
        or ind.pic_name
        or ind.pic2_id
        or ind.pic2_name
        or ind.budget is not None
        or ind.evidence_links
        or ind.target_kind
    )
    if not shown:
        return ""
    lines = ['<div class="indicator-meta">']
    lines.append(
        f"<span>{escape(_('Target'))}: {escape(localize(row.target))} {escape(ind.target_unit)}"
        "</span>"
        if ind.target_value is not None
        else ""
    )
    meaning = ""
    if ind.target_kind:
        scale = f" · {escape(ind.get_target_scale_display())}" if ind.target_scale else ""
        meaning = (
            f'<span data-testid="target-meaning">{escape(ind.get_target_kind_display())}'
            f"{scale}</span>"
        )
    lines.append(meaning)
    for user_id, user, name, word in (
        (ind.pic_id, ind.pic, ind.pic_name, _("PIC")),
        (ind.pic2_id, ind.pic2, ind.pic2_name, _("PIC kedua")),
    ):
        if user_id and user is not None:
            lines.append(f"<span>{escape(word)}: {escape(user.display_name)}</span>")
        elif name:
            lines.append(f"<span>{escape(word)}: {escape(name)}</span>")
        else:
            lines.append("")
    lines.append(
        f"<span>{escape(_('Anggaran'))}: Rp {escape(floatformat(ind.budget, '2g'))}</span>"
        if ind.budget is not None
        else ""
    )
    lines.append(
        "".join(
            f'<span><a href="{escape(url)}" rel="noopener noreferrer nofollow" target="_blank">'
            f"{escape(_('Tautan bukti'))} {n}</a></span>"
            for n, url in enumerate(ind.evidence_links or [], start=1)
        )
    )
    return "\n".join(lines) + "\n</div>"


def plan_rows_html(*, table: PlanTable, plan: Plan, can_change: bool) -> str:
    """The grid's ``<tbody>`` rows, written as the template wrote them (its whitespace too, which
    the template's ``{% spaceless %}`` then trims): a plan has hundreds of rows, and the template
    loop over them was the largest part of a plan's first visit (README, "Mixed reads")."""
    words = {
        "area": _("Ubah area perubahan"),
        "activity": _("Ubah kegiatan"),
        "sub": _("Ubah sub kegiatan"),
        "indicator": _("Ubah indikator"),
    }
    # Each edit route reversed once, with a stand-in for the object's id (one reverse a row was a
    # tenth of the rows' time).
    stand_in = "987654321"
    urls = {
        name: reverse(route, args=[plan.pk, int(stand_in)]).rsplit(stand_in, 1)
        for name, route in (
            ("area", "area_edit"),
            ("activity", "activity_edit"),
            ("sub", "sub_activity_edit"),
            ("indicator", "indicator_edit"),
        )
    }

    def edit(kind: str, pk: int) -> str:
        if not can_change:
            return ""
        before, after = urls[kind]
        return _edit_link(f"{before}{pk}{after}", words[kind])

    out: list[str] = []
    for row in table.rows:
        out.append(f'<tr id="{escape(row.anchor)}">\n' if row.anchor else "<tr>\n")
        area = row.area
        if area is not None:
            rowspan = _span_attrs(area)
            obj = cast(Area, area.obj)
            out.append(
                f'<td{rowspan} class="cell-area-no" id="{escape(area.anchor)}">'
                f"{escape(obj.number)}</td>"
                f'<td{rowspan} class="cell-area">{escape(area.label)}{edit("area", obj.pk)}</td>'
            )
        out.append("\n")
        for kind, span in (("activity", row.activity), ("sub", row.sub)):
            if span is not None:
                child = ' class="cell-sub-child"' if kind == "sub" and span.is_child else ""
                anchor = f' id="{escape(span.anchor)}"' if span.anchor else ""
                inner = f"{escape(span.label)}{edit(kind, span.obj.pk)}" if span.obj else ""
                out.append(f"<td{_span_attrs(span)}{child}{anchor}>{inner}</td>")
            out.append("\n")
        ind = row.indicator
        if ind is not None:
            out.append(f"<td>{escape(row.label)}{edit('indicator', ind.pk)}\n")
            out.append(_indicator_meta(ind, row))
            out.append("</td>\n")
        else:
            out.append("<td></td>\n")
        note = escape(ind.note) if ind is not None else ""
        out.append(f"{row.cells_html}<td>{note}</td></tr>\n")
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped
