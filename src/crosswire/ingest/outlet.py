"""Which outlet published an article: from its URL, its metadata, or its self-references in the body."""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import urlparse

import yaml

_Q = r"[«\"“„]"
_QE = r"[»\"”“]"
# Self-references: "«X»: title", "в материале «X»", "в беседе с «X»", "по информации «X»", "Об этом сообщает X".
_SELF_PATTERNS = [
    re.compile(rf"^{_Q}(?P<name>[^»\"”“]{{2,40}}){_QE}\s*:"),
    re.compile(rf"\b(?:в материале|в беседе с|по информации|по данным|обозревател[а-я]+|объяснили|рассказали|рассказал|сообщил[аи]?|редакци[а-я]+|у матеріалі|за інформацією)\s+{_Q}(?P<name>[^»\"”“]{{2,40}}){_QE}", re.IGNORECASE),
    re.compile(r"\b(?:Об этом|Про це)\s+(?:сообщает|сообщил[ао]?|пишет|повідомляє|пише)\s+(?P<name>[A-ZА-ЯЁІЇЄҐ][\w.\-]*(?:[\s-][A-ZА-ЯЁІЇЄҐ][\w.\-]*){0,2})(?=\s+со ссылкой|\s+з посиланням|[,.])"),
]


@functools.lru_cache(maxsize=1)
def _outlets() -> tuple[dict, dict[str, str], dict[str, str]]:
    spec = yaml.safe_load((resources.files("crosswire") / "data" / "outlets.yaml").read_text(encoding="utf-8"))
    by_form = {f.lower(): o["name"] for o in spec for f in [o["name"], *o.get("forms", [])]}
    by_domain = {d.lower(): o["name"] for o in spec for d in o.get("domains", [])}
    return spec, by_form, by_domain


def outlet_from_url(url: str | None) -> str | None:
    """The outlet of a known domain, else the bare host name."""
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    if not host:
        return None
    host = host[4:] if host.startswith("www.") else host
    _, _, by_domain = _outlets()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in by_domain:
            return by_domain[".".join(parts[i:])]
    return host


def canonical_outlet(name: str | None) -> str | None:
    if not name:
        return None
    _, by_form, _ = _outlets()
    return by_form.get(name.strip().lower(), name.strip())


def outlet_from_text(title: str, text: str) -> str | None:
    """An outlet the article names as itself; inflected forms map through the outlet list."""
    _, by_form, _ = _outlets()
    for source in (title, text[:3000], text[-1500:]):
        for pattern in _SELF_PATTERNS:
            for m in pattern.finditer(source):
                name = m.group("name").strip()
                if name.lower() in by_form:
                    return by_form[name.lower()]
    return None
