"""Publication dates the metadata did not give: a date written in the URL path (``/2025/09/05/``).

A URL date is only taken when it is a real calendar day not in the future; ``published_from`` says "url".
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlparse

# /2025/09/05/, /2025-09-05, /20250905/, /2025/09/05.html; the year must be 1990..2099 so ids do not match
_URL_DATE = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_.-](0?[1-9]|1[0-2])[/_.-](0?[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])"),
)


def date_from_url(url: str | None, today: date | None = None) -> str | None:
    """The ISO day written in ``url``'s path, or None; dates after ``today`` are refused."""
    if not url:
        return None
    try:
        path = unquote(urlparse(url).path)
    except ValueError:
        return None
    latest = today or date.today()
    for pattern in _URL_DATE:
        for m in pattern.finditer(path):
            try:
                day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            if date(1990, 1, 1) <= day <= latest:
                return day.isoformat()
    return None
