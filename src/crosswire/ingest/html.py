"""HTML pages: main text, title, author, date and site name via trafilatura (date by htmldate).

The date search is htmldate's extensive one (it reads the page text too, not only the meta tags), which is
what its published evaluation rates best; a page with no date left gets the URL fallback in ``build``.
"""

from __future__ import annotations

import logging
from datetime import date

from ..errors import BadInput
from .base import RawDoc

log = logging.getLogger(__name__)


def _date_params() -> dict:
    # original_date: the first publication, not a "last updated" stamp; no date later than today
    return {"original_date": True, "extensive_search": True, "max_date": date.today().isoformat()}


def _find_date(html: str, url: str | None) -> str | None:
    """htmldate on the untouched page with the URL we fetched: trafilatura calls it on a tree it has already
    examined, with the page's own canonical URL, which scored lower on htmldate's evaluation (benchmarks/htmldate)."""
    from htmldate import find_date

    try:
        return find_date(html, url=url, **_date_params())
    except Exception:  # noqa: BLE001 - htmldate/lxml on broken markup: fall back to trafilatura's date
        return None


def read_html(html: str, source: str, url: str | None = None) -> list[RawDoc]:
    """One document per page; ``BadInput`` when no main text can be found."""
    import trafilatura

    try:
        # deduplicate=False: trafilatura's dedup cache is process-wide, so a page read twice (or pages
        # sharing a paragraph) would lose text depending on what was read before; our dedup is per article.
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=False, deduplicate=False, date_extraction_params=_date_params(),
        )
    except Exception as exc:  # noqa: BLE001 - lxml/trafilatura raise many kinds on broken markup
        raise BadInput(source, f"broken HTML: {type(exc).__name__}: {exc}") from None
    if doc is None:
        raise BadInput(source, "no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise BadInput(source, "no article text found in the HTML")
    page_url = url or data.get("url")
    published = _find_date(html, page_url) or data.get("date")
    tail = html[-4096:].lower()
    # a page cut off in transfer still gives its text, but the reader is told it may be incomplete
    flags = () if ("</html>" in tail or "</body>" in tail) else ("truncated-html",)
    return [
        RawDoc(
            source=source,
            text=text,
            title=(data.get("title") or "").strip() or None,
            url=page_url,
            outlet=data.get("sitename") or None,
            published=published[:10] if published else None,
            published_from="html-meta" if published else None,
            author=data.get("author") or None,
            language=data.get("language") or None,
            flags=flags,
        )
    ]
