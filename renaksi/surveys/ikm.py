"""IKM arithmetic of PermenPAN-RB 14/2017, pure and exact (Decimal).

NRR per unsur = sum of its given answers / number of answers given for that unsur
(unanswered items are excluded per unsur). IKM = sum(NRR x weight) x 25, the weight being
exactly 1/9 (``exact``) or the literal 0.11 printed by the regulation and its Excel templates
(``0.11``), or explicit per-unsur weights that must sum to 1. The mutu band is read from the
converted value after rounding it to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

WEIGHTS_EXACT = "exact"
WEIGHTS_LITERAL = "0.11"
WEIGHTINGS = (WEIGHTS_EXACT, WEIGHTS_LITERAL)

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")

# (minimum converted value, mutu, kinerja) — domain.md §3.3
BANDS = (
    (Decimal("88.31"), "A", "Sangat baik"),
    (Decimal("76.61"), "B", "Baik"),
    (Decimal("65.00"), "C", "Kurang baik"),
    (Decimal("0"), "D", "Tidak baik"),
)

# Krejcie & Morgan (1970) table as printed: population N -> required sample s.
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (100000, 384),
)  # fmt: skip


class IkmError(ValueError):
    """Input the index cannot be computed from (the message is Indonesian)."""


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: dict[str, Decimal]  # per unsur key, rounded to 4 decimals for display
    answers: dict[str, int]  # answers actually given per unsur
    ikm: Decimal | None  # converted 25-100, 2 decimals; None without any answer
    mutu: str | None
    kinerja: str | None
    weights: str


def band(value: Decimal) -> tuple[str, str]:
    """Mutu and kinerja of a converted value, after rounding it to 2 decimals."""
    rounded = Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    for minimum, mutu, kinerja in BANDS:
        if rounded >= minimum:
            return mutu, kinerja
    return BANDS[-1][1], BANDS[-1][2]


def resolve_weights(keys: Sequence[str], weights) -> dict[str, Decimal]:
    """Weights per unsur: ``exact``, ``0.11`` or an explicit mapping summing to 1."""
    if not keys:
        raise IkmError("Kuesioner tidak memiliki unsur.")
    if weights in (None, WEIGHTS_EXACT):
        share = Decimal(1) / Decimal(len(keys))
        return dict.fromkeys(keys, share)
    if weights == WEIGHTS_LITERAL:
        share = Decimal("1").quantize(TWO_PLACES) / Decimal(len(keys))
        return dict.fromkeys(keys, share.quantize(TWO_PLACES, rounding=ROUND_HALF_UP))
    if isinstance(weights, Mapping):
        if set(weights) != set(keys):
            raise IkmError(
                "Bobot harus diberikan untuk setiap unsur, tidak lebih dan tidak kurang."
            )
        result = {k: Decimal(str(weights[k])) for k in keys}
        if any(w < 0 for w in result.values()):
            raise IkmError("Bobot unsur tidak boleh negatif.")
        total = sum(result.values(), Decimal(0))
        if total != Decimal(1):
            raise IkmError(f"Jumlah bobot unsur harus 1, bukan {total}.")
        return result
    raise IkmError(f"Pembobotan tidak dikenal: {weights!r} (pilih exact atau 0.11).")


def compute(
    keys: Sequence[str],
    responses: Iterable[Mapping[str, int | None]],
    *,
    weights=WEIGHTS_EXACT,
) -> IkmResult:
    """The index from answer rows ({unsur key: 1..4 or None}).

    An unsur nobody answered is left out and the remaining weights are NOT renormalised: the
    index is then None, since the regulation's formula needs every unsur.
    """
    per_unsur = resolve_weights(keys, weights)
    sums = dict.fromkeys(keys, 0)
    counts = dict.fromkeys(keys, 0)
    respondents = 0
    for row in responses:
        respondents += 1
        for key in keys:
            value = row.get(key)
            if value is None:
                continue
            if value not in (1, 2, 3, 4) or isinstance(value, bool):
                raise IkmError(f"Jawaban unsur {key} harus 1 sampai 4, bukan {value!r}.")
            sums[key] += value
            counts[key] += 1
    return from_totals(
        keys, sums, counts, respondents=respondents, weights=weights, resolved=per_unsur
    )


def from_totals(
    keys: Sequence[str],
    sums: Mapping[str, int],
    counts: Mapping[str, int],
    *,
    respondents: int,
    weights=WEIGHTS_EXACT,
    resolved: Mapping[str, Decimal] | None = None,
) -> IkmResult:
    """The index from per-unsur sums and answer counts (what the database aggregates)."""
    per_unsur = resolved or resolve_weights(keys, weights)
    nrr_exact: dict[str, Decimal] = {}
    for key in keys:
        if counts.get(key):
            nrr_exact[key] = Decimal(sums[key]) / Decimal(counts[key])
    ikm = mutu = kinerja = None
    if nrr_exact and len(nrr_exact) == len(keys):
        total = sum((nrr_exact[k] * per_unsur[k] for k in keys), Decimal(0)) * 25
        ikm = total.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        mutu, kinerja = band(ikm)
    label = weights if isinstance(weights, str) else "custom"
    return IkmResult(
        respondents=respondents,
        nrr={k: v.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP) for k, v in nrr_exact.items()},
        answers={k: int(counts.get(k) or 0) for k in keys},
        ikm=ikm,
        mutu=mutu,
        kinerja=kinerja,
        weights=label,
    )


def krejcie_morgan_formula(population: int) -> int:
    """s = X²NP(1-P) / (d²(N-1) + X²P(1-P)), X² = 3.841, P = 0.5, d = 0.05, nearest integer."""
    chi = Decimal("3.841")
    p = Decimal("0.5")
    d = Decimal("0.05")
    n = Decimal(population)
    s = chi * n * p * (1 - p) / (d * d * (n - 1) + chi * p * (1 - p))
    return int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def required_sample(population: int | None) -> int | None:
    """Required sample for a population: the stored table, the formula between its rows.

    At or below a table row the formula is used only strictly between two rows; beyond the last
    row the table's last value (384) holds.
    """
    if population is None or population <= 0:
        return None
    if population < KREJCIE_MORGAN[0][0]:
        return population
    for n, s in KREJCIE_MORGAN:
        if n == population:
            return s
    if population > KREJCIE_MORGAN[-1][0]:
        return KREJCIE_MORGAN[-1][1]
    for (n_low, s_low), (n_high, s_high) in zip(KREJCIE_MORGAN, KREJCIE_MORGAN[1:], strict=False):
        if n_low < population < n_high:
            return max(s_low, min(s_high, krejcie_morgan_formula(population)))
    return None  # pragma: no cover
