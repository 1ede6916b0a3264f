"""Which outlet published an article: from its URL, its metadata, or its self-references in the body."""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import urlparse

import yaml

from ..datafiles import load_yaml

_Q = r"[«\"“„]"
_QE = r"[»\"”“]"
_PLACEHOLDERS = {
    "{quoted}": rf"{_Q}(?P<name>[^»\"”“]{{2,40}}){_QE}",
    "{cap}": r"(?P<name>[A-ZА-ЯЁІЇЄҐ][\w.\-]*(?:[\s-][A-ZА-ЯЁІЇЄҐ][\w.\-]*){0,2})",
}


@functools.lru_cache(maxsize=1)
def _self_patterns() -> tuple[re.Pattern[str], ...]:
    """Self-reference patterns of ``data/clean/self_reference.yaml``, placeholders filled in."""
    path = resources.files("crosswire") / "data" / "clean" / "self_reference.yaml"
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    out = []
    for raw in spec.get("patterns", []):
        # a pattern may use {quoted} and {cap} once each; each brings its own `name` group, so rename the 2nd
        first = True
        for key, value in _PLACEHOLDERS.items():
            if key in raw:
                raw = raw.replace(key, value if first else value.replace("?P<name>", "?P<name2>"))
                first = False
        out.append(re.compile(raw))
    return tuple(out)


def outlet_records() -> list[dict]:
    """Every known outlet: the packaged ``data/outlets.yaml``, then the user files of the ``outlets`` setting
    (an entry with a known name replaces the packaged one; neutral fields: country, language, owner)."""
    from ..settings import current

    return list(_records(current().outlets))


@functools.lru_cache(maxsize=8)
def _records(files: tuple[str, ...]) -> tuple[dict, ...]:
    from ..errors import CrosswireError

    spec = load_yaml((resources.files("crosswire") / "data" / "outlets.yaml").read_text(encoding="utf-8"))
    by_name = {o["name"]: o for o in spec}
    for path in files:
        try:
            extra = yaml.safe_load(open(path, encoding="utf-8").read()) or []
        except (OSError, yaml.YAMLError) as exc:
            raise CrosswireError(f"outlets file {path}: {exc}") from None
        if not isinstance(extra, list) or not all(isinstance(o, dict) and o.get("name") for o in extra):
            raise CrosswireError(f"outlets file {path}: a list of entries, each with a name")
        by_name.update({o["name"]: o for o in extra})
    return tuple(by_name.values())


def _outlets() -> tuple[dict, dict[str, str], dict[str, str]]:
    from ..settings import current

    return _indexes(current().outlets)


@functools.lru_cache(maxsize=8)
def _indexes(files: tuple[str, ...]) -> tuple[dict, dict[str, str], dict[str, str]]:
    spec = list(_records(files))
    by_form = {f.lower(): o["name"] for o in spec for f in [o["name"], *o.get("forms", [])]}
    by_domain = {d.lower(): o["name"] for o in spec for d in o.get("domains", [])}
    return spec, by_form, by_domain


def outlet_from_url(url: str | None, known_only: bool = False) -> str | None:
    """The outlet of a known domain (subdomains too), else the bare host name (None if ``known_only``)."""
    if not url:
        return None
    try:
        host = (urlparse(url).hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    host = host[4:] if host.startswith("www.") else host
    _, _, by_domain = _outlets()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in by_domain:
            return by_domain[".".join(parts[i:])]
    return None if known_only else host


def sane_sitename(name: str | None, title: str = "") -> str | None:
    """A page's declared site name, unless it is really a page title (long, the title itself, "a | b")."""
    if not name:
        return None
    name = name.strip()
    if len(name) > 40 or "|" in name or (title and (name in title or title in name) and len(name) > 20):
        return None
    return name


def settle_outlet(sitename: str | None, url: str | None, title: str, text: str, noise=()) -> str | None:
    """The outlet: a known domain, else a sane declared site name, else a self-reference, else the host."""
    return (outlet_from_url(url, known_only=True) or canonical_outlet(sane_sitename(sitename, title))
            or outlet_from_text(title, text, noise) or outlet_from_url(url))


def canonical_outlet(name: str | None) -> str | None:
    if not name:
        return None
    _, by_form, _ = _outlets()
    return by_form.get(name.strip().lower(), name.strip())


def outlet_from_text(title: str, text: str, noise: tuple[str, ...] | list[str] = ()) -> str | None:
    """An outlet the article names as itself (title, lead, ending, removed lines); only known outlets count."""
    _, by_form, by_domain = _outlets()
    for source in (title, text[:3000], text[-1500:], "\n".join(noise)):
        for pattern in _self_patterns():
            for m in pattern.finditer(source):
                name = (m.groupdict().get("name") or m.groupdict().get("name2") or "").strip(" .")
                found = _lookup(name.lower(), by_form, by_domain)
                if found:
                    return found
    return None


_ENDINGS = ("ами", "ові", "ого", "ому", "ой", "ою", "ом", "ам", "ах", "а", "у", "е", "ы", "і", "и", "ю", "я")


def _lookup(key: str, by_form: dict[str, str], by_domain: dict[str, str]) -> str | None:
    """A known outlet for a name as written, also inflected ("Коммерсанта", "Укрінформу", "Фонтанку")."""
    if key in by_form:
        return by_form[key]
    if key in by_domain:
        return by_domain[key]
    # a case ending on a known form (or replacing its last vowel); stems shorter than 5 letters are too
    # ambiguous (МК, RT, NV) to inflect
    for ending in _ENDINGS:
        stem = key[: -len(ending)] if key.endswith(ending) else None
        if stem is None or len(stem) < 5:
            continue
        for form in (stem, stem + "ъ", stem + "а", stem + "я"):
            if form in by_form:
                return by_form[form]
    return None
