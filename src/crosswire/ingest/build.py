"""From a raw document to a clean ``Article``: noise removed, title, language, outlet and id settled."""

from __future__ import annotations

import re

from ..errors import BadInput
from ..lang import LinguaDetector
from ..model import Article
from .base import RawDoc, article_id
from .clean import classify_line, clean_text, load_rules
from .credits import dateline_agency, split_dateline
from .dates import date_from_url
from .outlet import canonical_outlet, outlet_from_url, sane_sitename, settle_outlet

_DEFAULT_DETECTOR: LinguaDetector | None = None
MAX_TITLE = 300
# characters of text analysed per article (a long read is 30-50 thousand); the rest is kept as noise, flagged
# "truncated". Reading costs about 0.2 ms a character, so this bounds one article to seconds, whatever comes in.
MAX_TEXT = 60_000  # the default of the max_text setting
TRUNCATED_FLAG = "truncated"
_WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_A_TITLE = ("furniture", "share", "ad")


def _detector() -> LinguaDetector:
    global _DEFAULT_DETECTOR
    if _DEFAULT_DETECTOR is None:
        _DEFAULT_DETECTOR = LinguaDetector()
    return _DEFAULT_DETECTOR


def _split_title(doc: RawDoc) -> tuple[str, str, list[str]]:
    """(title, body, noise) for a document whose first non-noise line is its title."""
    rules = load_rules(None)
    lines = doc.text.split("\n")
    noise: list[str] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if classify_line(s, rules):
            noise.append(s)
            continue
        rest = "\n".join(lines[i + 1:])
        if (i == 0 or not noise) and len(s) <= MAX_TITLE and rest.strip():
            return s, rest, noise  # a lone line is the text itself, not a title over nothing
        return "", "\n".join(lines[i:]), noise
    return "", "", noise


def max_text() -> int:
    """The cap on analysed characters: the ``max_text`` setting ($CROSSWIRE_MAX_TEXT, default ``MAX_TEXT``)."""
    from ..settings import current

    return max(1, current().max_text)


def truncate(text: str, limit: int) -> tuple[str, str | None]:
    """(the text cut at ``limit`` characters, the note that records the cut) - cut at the last paragraph break
    in the final fifth, else the last sentence end, else the last space; (text, None) when it fits."""
    if len(text) <= limit:
        return text, None
    floor = limit * 4 // 5
    cut = text.rfind("\n", floor, limit)
    if cut < 0:
        cut = max(text.rfind(m, floor, limit - 1) for m in (". ", "! ", "? ", "… ")) + 1
    if cut <= 0:
        cut = text.rfind(" ", floor, limit)
    cut = cut if cut > 0 else limit
    kept = text[:cut].rstrip()
    return kept, (f"[truncated: only the first {len(kept):,} of {len(text):,} characters were analysed; "
                  f"the rest follows]")


def build_article(doc: RawDoc, detector=None) -> Article:
    """Clean ``doc`` and settle its metadata; raises ``BadInput`` when no text is left."""
    flags: list[str] = list(doc.flags)
    noise: list[str] = []
    title = (doc.title or "").strip()
    body = doc.text
    if doc.title_in_text:
        title, body, noise = _split_title(doc)
        if not title:
            flags.append("no-title")
    elif not title:
        flags.append("no-title")
    if title and classify_line(title, load_rules(None)) in _NOT_A_TITLE:
        # a cookie banner or a comment form the page declared as its title
        noise.append(title)
        title = ""
        flags.append("no-title")
    text, removed, categories = clean_text(body, title=title or None)
    noise.extend(removed)
    # "КИЕВ, 3 мар — РИА Новости." opening the text is no sentence (its day is no quantity): kept as noise,
    # where the outlet and the wire credit are read from
    dateline, text = split_dateline(text)
    if dateline:
        noise.insert(0, dateline)
    if not _WORD.search(text):
        # markup debris ("<<<>>>"), numbers or punctuation only: nothing a reader could analyse
        raise BadInput(doc.source, "no article text after cleaning")
    if "ad" in categories or any(classify_line(n, load_rules(None)) == "ad" for n in noise):
        flags.append("ad-marker")
    outlet = settle_outlet(doc.outlet, doc.url, title, text, noise)  # on the whole text: credits sit at its end
    if dateline:
        # the dateline names the publisher more surely than a phrase of the text ("Об этом сообщает X, передает
        # УНН"); only the page's own domain or site name outrank it
        declared = outlet_from_url(doc.url, known_only=True) or canonical_outlet(sane_sitename(doc.outlet, title))
        outlet = declared or dateline_agency(dateline) or outlet
    full = text
    text, note = truncate(full, max_text())
    if note is not None:
        # bounded work per article: the rest is kept (nothing is lost) but not read
        noise.extend([note, full[len(text):].strip()])
        flags.append(TRUNCATED_FLAG)
    detector = detector or _detector()
    if hasattr(detector, "explain"):  # ours: (code, confidence, reason for und) with no shared state
        language, _confidence, why = detector.explain(f"{title}\n{text}")
    else:  # any other LanguageDetector
        (language, _confidence), why = detector.detect(f"{title}\n{text}"), None
    if language == "und":
        # the reason (too-short, mixed-language, unsupported-language ...) where the detector gives one
        flags.extend(["language-undetermined", *filter(None, [why])])
    published, published_from = doc.published, doc.published_from
    if not published:
        # the metadata gave no date: a day written in the URL path is the next best evidence
        published = date_from_url(doc.url)
        published_from = "url" if published else None
    if not published:
        flags.append("no-date")
    return Article(
        id=article_id(doc.url, outlet, f"{title}\n{full}", doc.source),
        source=doc.source,
        url=doc.url,
        text=text,
        title=title,
        outlet=outlet,
        language=language,
        published=published,
        published_from=published_from if published else None,
        author=doc.author,
        noise=tuple(noise),
        flags=tuple(dict.fromkeys(flags)),
    )
