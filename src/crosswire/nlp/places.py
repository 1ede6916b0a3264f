"""Names of populated places (GeoNames, via scripts/build_places.py) for the rule NER's place readings.

pymorphy3's Ukrainian dictionary marks almost no place names (Geox), and capitalised-run rules then type a town
in an oblique case by its surname or first-name reading ("з Луцька", "у Торезі"). The packaged
``data/gazetteer/places.tsv`` holds the Cyrillic names of some 7,000 places; a dictionary reading whose
nominative is one of them counts as a place reading. The list is not part of the linking gazetteer.
"""

from __future__ import annotations

import functools
from importlib import resources

from .names import key


@functools.lru_cache(maxsize=1)
def place_keys() -> dict[str, tuple[str, ...]]:
    """Linking key (names.key) → the packaged place names with that key."""
    f = resources.files("crosswire") / "data" / "gazetteer" / "places.tsv"
    if not f.is_file():
        return {}
    out: dict[str, list[str]] = {}
    for line in f.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4:
            continue
        for n in cols[3].split("|"):
            if n and n not in out.setdefault(key(n), []):
                out[key(n)].append(n)
    return {k: tuple(v) for k, v in out.items()}


def is_place(name: str) -> bool:
    """``name`` (nominative) is a known place name."""
    return bool(name) and key(name) in place_keys()


_UK_LETTERS = set("іїєґІЇЄҐ")


def _spelling(word: str, names: tuple[str, ...]) -> str:
    """The name in ``names`` spelt most like ``word``: the same alphabet (uk/ru), then the longest shared
    beginning."""
    uk = bool(_UK_LETTERS & set(word))

    def score(name: str) -> tuple[bool, int]:
        common = next((i for i, (a, b) in enumerate(zip(word, name, strict=False)) if a != b), min(len(word), len(name)))
        return uk == bool(_UK_LETTERS & set(name)), common

    return max(names, key=score)


# oblique endings of Ukrainian/Russian place names and the nominative endings they can come from, for words the
# dictionary does not know ("Ірпіні" ← Ірпінь, "Макіївки" ← Макіївка, "Торезі" ← Торез)
_ENDINGS = (("ові", ("",)), ("еві", ("ь", "")), ("ом", ("",)), ("ем", ("ь",)), ("ою", ("а",)), ("ею", ("я",)),
            ("ої", ("а",)), ("ій", ("а",)), ("і", ("ь", "а", "я", "")), ("и", ("а",)), ("у", ("", "а")),
            ("ю", ("ь", "я")), ("а", ("",)), ("я", ("ь",)), ("е", ("",)))


def place_nominative(word: str) -> str | None:
    """The known place name ``word`` is a case form of ("Ірпіні" → Ірпінь), or None."""
    if is_place(word):
        return word
    for end, bases in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: len(word) - len(end)]
            names = [n for b in bases for c in (stem + b, _closed(stem + b)) for n in place_keys().get(key(c), ())]
            if names:
                return _spelling(word, tuple(names))
    return None


def _closed(name: str) -> str:
    """The Ukrainian nominative with і/ї in the last closed syllable where oblique forms have о/е/є
    ("Києв" → Київ, "Харков" → Харків, "Львов" → Львів)."""
    for old, new in (("о", "і"), ("е", "і"), ("є", "ї")):
        k = name.rfind(old)
        if 0 < k == len(name) - 2:
            return name[:k] + new + name[k + 1:]
    return name


def known_place_form(word: str) -> bool:
    """``word`` is a known place name as written or in a case form made by a common ending."""
    return place_nominative(word) is not None
