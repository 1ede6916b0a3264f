"""Publication dates the metadata did not give: a date written in the URL path (``/2025/09/05/``, ``/06-05-2020/``).

A URL date is only taken when it is a real calendar day not in the future; ``published_from`` says "url".
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import unquote, urlparse

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# (pattern, order of its year, month, day groups): /2025/09/05/, /2025-09-05, /20250905/, /2025/09/05.html,
# /2019/nov/8/; day first as Russian and Ukrainian sites write it: /06-05-2020/, /06/05/2020/, /04052020/.
# The year must be 1990..2099 so ids do not match; a day-first date is read day first (a month-first
# /05/06/2020/ is rare in paths and reads as 5 June then).
_URL_DATE = (
    (re.compile(r"(?<!\d)((?:19|20)\d{2})[/_.-](0?[1-9]|1[0-2])[/_.-](0?[1-9]|[12]\d|3[01])(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<![\d])((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?![\d])"), (1, 2, 3)),
    (re.compile(rf"(?<!\d)((?:19|20)\d{{2}})/({'|'.join(_MONTHS)})[a-z]*/(0?[1-9]|[12]\d|3[01])(?!\d)", re.I),
     (1, 2, 3)),
    (re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])[/_.-](0?[1-9]|1[0-2])[/_.-]((?:19|20)\d{2})(?!\d)"), (3, 2, 1)),
    (re.compile(r"(?<![\d])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])((?:19|20)\d{2})(?![\d])"), (3, 2, 1)),
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
    for pattern, (y, mo, d) in _URL_DATE:
        for m in pattern.finditer(path):
            month = m.group(mo)
            month = _MONTHS.index(month[:3].lower()) + 1 if month.isalpha() else int(month)
            try:
                day = date(int(m.group(y)), month, int(m.group(d)))
            except ValueError:
                continue
            if date(1990, 1, 1) <= day <= latest:
                return day.isoformat()
    return None
