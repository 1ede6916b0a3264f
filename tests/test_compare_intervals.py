"""Qualifier intervals: which hedged figures can describe the same value."""

from __future__ import annotations

import math

import pytest

from crosswire.compare.intervals import common, interval, overlaps, rounding_step
from crosswire.model import Qualifier

A, E, M, L, U, G = Qualifier.APPROX, Qualifier.EXACT, Qualifier.MORE_THAN, Qualifier.LESS_THAN, Qualifier.UP_TO, \
    Qualifier.AT_LEAST


@pytest.mark.parametrize("a, qa, b, qb, same", [
    (2000, A, 2000, A, True),        # "около 2000" / "примерно 2 тысячи"
    (2.5, E, 2.5, A, True),          # "2,5 часа" / "около двух с половиной часов"
    (13000, A, 15000, A, False),     # two different estimates
    (10000, M, 13000, A, True),      # "более 10 000" allows ~13 000
    (10000, M, 9000, A, False),
    (2, A, 2.5, E, False),           # "около двух часов" is not 2.5 h
    (2, A, 2.2, E, True),
    (40, U, 35, E, True),            # "до 40 %" allows 35 %
    (40, U, 45, A, False),
    (100, L, 120, E, False),         # "менее 100" excludes 120
    (100, L, 90, A, True),
    (100, G, 100, E, True),
    (1000, E, 1004, E, True),        # print rounding
    (1000, E, 1100, E, False),
])
def test_overlap_table(a, qa, b, qb, same):
    assert overlaps(interval(a, qa), interval(b, qb)) is same


@pytest.mark.parametrize("value, step", [(13000, 1000), (2, 1), (2.5, 0.1), (15, 1), (0.25, 0.01), (120, 10)])
def test_rounding_step(value, step):
    assert math.isclose(rounding_step(value), step)


def test_range_and_open_bounds():
    lo, hi = interval(10000, A, value_max=15000)
    assert lo < 10000 and hi > 15000
    assert interval(10000, M)[1] == math.inf
    assert common([interval(10000, M), interval(13000, A), interval(15000, A)]) is None
    assert common([interval(2000, A), interval(2000, E)]) is not None


def test_an_exact_figure_is_never_wider_than_its_last_digit():
    # SlavicNER brexit ru: "опускался на 0,19%, до 93,86 пункта" and "рос на 0,38%, до 94,44 пункта" on two days
    from crosswire.compare.intervals import interval, overlaps

    assert not overlaps(interval(93.86), interval(94.44))
    assert overlaps(interval(2.5), interval(2.49))  # a figure rounded to one decimal still fits its two-decimal form
