"""Stated quantities as value intervals: "около 2000" and "примерно 2 тысячи" overlap, "~13 000" and "~15 000" do not.

A hedge widens the value by the larger of 5 % and a quarter of its rounding step (2 -> ±0.25, 13 000 -> ±650).
"""

from __future__ import annotations

import math
from decimal import Decimal

from ..model import Claim, Qualifier

APPROX_REL = 0.05  # "около", "примерно", "~": a hedged figure means within 5 % ...
APPROX_STEP = 0.25  # ... or within a quarter of its rounding step, whichever is wider
EXACT_REL = 0.005  # a bare figure is still rounded in print ("2,5 часа" for 2 h 28 min)
APPROX_MAX_REL = 0.2  # no hedge stretches a figure by more than a fifth

Interval = tuple[float, float]


def rounding_step(value: float) -> float:
    """The place value of a figure's last significant digit: 13000 -> 1000, 2 -> 1, 2.5 -> 0.1."""
    if value == 0 or not math.isfinite(value):
        return 1.0
    d = Decimal(repr(abs(value))).normalize()
    return float(Decimal(1).scaleb(d.as_tuple().exponent))


def interval(value: float, qualifier: Qualifier | str = Qualifier.EXACT, value_max: float | None = None) -> Interval:
    """The values a stated figure allows: ``(low, high)``, possibly unbounded above."""
    q = Qualifier(qualifier)
    hi_value = value_max if value_max is not None and value_max >= value else value
    if q is Qualifier.APPROX:
        tol_lo = min(max(APPROX_REL * abs(value), APPROX_STEP * rounding_step(value)), APPROX_MAX_REL * abs(value))
        tol_hi = min(max(APPROX_REL * abs(hi_value), APPROX_STEP * rounding_step(hi_value)),
                     APPROX_MAX_REL * abs(hi_value))
        return value - tol_lo, hi_value + tol_hi
    if q is Qualifier.MORE_THAN:
        return value * (1 + 1e-9) + 1e-9, math.inf
    if q is Qualifier.AT_LEAST:
        return value, math.inf
    if q is Qualifier.LESS_THAN:
        return min(0.0, value), value * (1 - 1e-9) - 1e-9
    if q is Qualifier.UP_TO:
        return min(0.0, value), hi_value
    # never wider than half the last written digit: "93,86 пункта" is 93.855..93.865, not ±0.47
    tol_lo = min(EXACT_REL * abs(value), 0.5 * rounding_step(value))
    tol_hi = min(EXACT_REL * abs(hi_value), 0.5 * rounding_step(hi_value))
    return value - tol_lo, hi_value + tol_hi


def claim_interval(c: Claim) -> Interval | None:
    """The interval of a claim, None when it has no numeric value."""
    return None if c.value is None else interval(c.value, c.qualifier, c.value_max)


def common(intervals: list[Interval]) -> Interval | None:
    """The values every interval allows, None when there are none."""
    if not intervals:
        return None
    lo, hi = max(i[0] for i in intervals), min(i[1] for i in intervals)
    return (lo, hi) if lo <= hi else None


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two intervals share a value."""
    return common([a, b]) is not None


def show(c: Claim) -> str:
    """A claim's figure as written compactly: ``~13000``, ``>10000``, ``10000-15000``, ``<=40 %``."""
    def num(v: float) -> str:
        return f"{v:g}" if abs(v) < 1e6 else f"{v:.0f}"

    q = Qualifier(c.qualifier)
    text = ("" if q is Qualifier.EXACT else q.value) + num(c.value) if c.value is not None else "?"
    if c.value_max is not None:
        text += f"-{num(c.value_max)}"
    return text + (f" {c.unit}" if c.unit else "")
