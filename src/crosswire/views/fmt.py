"""Small formatting helpers shared by the web pages, the reports and the CSV export.

Values come out as plain strings; escaping is left to the template engine or the writer.
"""

from __future__ import annotations

import re

from ..model import Claim, Qualifier

_QUAL = {Qualifier.EXACT: "", Qualifier.APPROX: "~", Qualifier.MORE_THAN: ">", Qualifier.LESS_THAN: "<",
         Qualifier.UP_TO: "≤", Qualifier.AT_LEAST: "≥"}
_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def number(v: float | None) -> str:
    """A number with thin-space thousands (10 000, 2.5)."""
    if v is None:
        return "?"
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", "\u202f")
    return f"{v:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")


def claim_value(c: Claim) -> str:
    """A claim's value as a reader writes it: '~13 000', '>10 000', '10–15 000', '≤40 %'."""
    body = number(c.value)
    if c.value_max is not None:
        body = f"{number(c.value)}–{number(c.value_max)}"
    unit = c.unit or ""
    sep = "" if unit in ("%", "percent") else " "
    unit = "%" if unit == "percent" else unit
    return f"{_QUAL.get(c.qualifier, '')}{body}{sep}{unit}".strip()


def chart_date(value: str | None) -> str | None:
    """A full ISO day for plotting a day, month, year or interval start ('2025-09' -> '2025-09-01')."""
    if not value:
        return None
    m = _ISO.match(value.split("/")[0].strip())
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2) or '01'}-{m.group(3) or '01'}"


def snippet(text: str, n: int = 160) -> str:
    """The first ``n`` characters of a text on one line."""
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
