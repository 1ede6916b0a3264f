"""Where an article says its news comes from: datelines ("КИЕВ, 3 мар — РИА Новости.", "MOSCOW, March 3
(Reuters) -") and credits in the title, the first sentences or the last line ("сообщает ТАСС", "— Reuters").

Rules are data (``data/clean/credits.yaml``); a credited name counts only when it is a known outlet or agency
(``data/outlets.yaml``, inflected forms too). ``split_dateline`` is used by ingest (a dateline is no sentence),
``find_credits`` by ``group.derive`` (wire copy).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..datafiles import load_yaml
from .outlet import _lookup, _outlets, canonical_outlet

# a dateline's day must be followed by a month word; anything else ("Москва, 5 человек") is no dateline
_MONTH = re.compile(
    r"(?i)^(?:январ|янв|феврал|фев|март|мар|апрел|апр|ма[йяю]|июн|июл|август|авг|сентябр|сен|окт|ноябр|ноя|"
    r"декабр|дек|січ|лют|берез|квіт|травн|трав|черв|лип|серп|верес|вер|жовт|листопад|лист|груд|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)
# text searched for lead credits: the title and the first sentences of the text
LEAD_SENTENCES = 3
LEAD_CHARS = 700
_SENT_END = re.compile(r"(?<=[.!?…»\"”])\s+(?=[«\"“„]?[A-ZА-ЯЁІЇЄҐ])")


@dataclass(frozen=True, slots=True)
class Credit:
    """A credited source: ``agency`` (canonical outlet name), where it was found, and the words."""

    agency: str
    where: str  # dateline, title, lead, closing
    text: str


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[re.Pattern[str], ...]]:
    spec = load_yaml((resources.files("crosswire") / "data" / "clean" / "credits.yaml").read_text(encoding="utf-8"))
    name = r"(?P<name>[«\"“„]?[\w][\w.\-]*(?:[ \-][«\"“„]?[\w][\w.\-]*[»\"”]?){0,3})"
    out: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("dateline", "lead", "title", "closing"):
        out[key] = tuple(re.compile(p.replace("{name}", name)) for p in spec.get(key) or [])
    return out


def known_outlet(words: str) -> str | None:
    """The known outlet the first one to four words name (longest first), or None."""
    _, by_form, by_domain = _outlets()
    parts = [p.strip("«»\"“”„.,:;()") for p in words.split()][:4]
    # longest first, from the first word, then from the second or third ("Пакистанская служба Радио Свобода")
    for start in range(min(3, len(parts))):
        if not parts[start][:1].isupper():
            continue  # an outlet's name is written capitalised: "страны" is no "Страна"
        for n in range(len(parts) - start, 0, -1):
            key = " ".join(parts[start:start + n]).strip().lower()
            if key:
                found = _lookup(key, by_form, by_domain)
                if found:
                    return found
    return None


def split_dateline(text: str) -> tuple[str | None, str]:
    """(the dateline opening ``text``, the text without it); (None, text) when it opens with none."""
    head = text[:200]
    for pattern in _rules()["dateline"]:
        m = pattern.match(head)
        if not m:
            continue
        groups = m.groupdict()
        date = groups.get("date")
        if date and not _MONTH.match(date.split()[-1]):
            continue
        name = (groups.get("name") or "").strip(" ./")
        place = (groups.get("place") or "").strip()
        known = known_outlet(name)
        # an unknown name only counts in a dateline of an ALL-CAPS place or an ALL-CAPS agency
        if not known and not (place.isupper() or (name.replace(" ", "").replace("-", "").isupper() and len(name) > 2)):
            continue
        if not date and not known and not name.isupper():
            continue
        rest = text[m.end():]
        if not re.search(r"\w", rest[:200]):
            continue  # the dateline is the whole text: keep it
        return text[: m.end()].strip(), rest.lstrip()
    return None, text


def dateline_agency(dateline: str) -> str | None:
    """The agency a dateline names (canonical when known, else as written)."""
    for pattern in _rules()["dateline"]:
        m = pattern.match(dateline + " ")
        if m and m.groupdict().get("name"):
            name = m.group("name").strip(" ./")
            return known_outlet(name) or canonical_outlet(name)
    return None


def lead_text(title: str, text: str) -> str:
    """The first sentences of ``text`` (at most ``LEAD_SENTENCES``, ``LEAD_CHARS``)."""
    head = text[: LEAD_CHARS * 2]
    parts = _SENT_END.split(head)
    return " ".join(parts[:LEAD_SENTENCES])[:LEAD_CHARS]


def find_credits(title: str, text: str, noise: tuple[str, ...] | list[str] = (), outlet: str | None = None
                 ) -> list[Credit]:
    """Every outlet or agency the article names as the source of its news (its own ``outlet`` excluded)."""
    rules = _rules()
    own = (outlet or "").lower()
    found: dict[str, Credit] = {}

    def add(agency: str | None, where: str, words: str) -> None:
        if agency and agency.lower() != own and agency not in found:
            found[agency] = Credit(agency, where, " ".join(words.split())[:160])

    for line in noise:
        if dateline_agency(line):
            add(dateline_agency(line), "dateline", line)
    dl, _rest = split_dateline(text)
    if dl:
        add(dateline_agency(dl), "dateline", dl)
    for pattern in rules["title"]:
        for m in pattern.finditer(title or ""):
            add(known_outlet(m.group("name")), "title", m.group(0))
    lead = lead_text(title, text)
    for pattern in rules["lead"]:
        for m in pattern.finditer(lead):
            add(known_outlet(m.group("name")), "lead", m.group(0))
    last = text.strip().split("\n")[-1].strip()
    source_line, end_credit = rules["closing"][0], rules["closing"][1:]
    for line in [last, *(n.strip() for n in noise)]:  # "Источник: ТАСС" as the last line or a removed one
        m = source_line.search(line)
        if m:
            add(known_outlet(m.group("name")), "closing", m.group(0))
    for pattern in end_credit:  # "… жесткого Brexit. РИА Новости." ending the text
        m = pattern.search(last)
        if m:
            add(known_outlet(m.group("name")), "closing", m.group(0))
    return list(found.values())
