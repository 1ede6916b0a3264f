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
def place_keys() -> frozenset[str]:
    """Linking keys (names.key) of every packaged place name."""
    f = resources.files("crosswire") / "data" / "gazetteer" / "places.tsv"
    if not f.is_file():
        return frozenset()
    out: set[str] = set()
    for line in f.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4:
            continue
        out.update(key(n) for n in cols[3].split("|") if n)
    return frozenset(out)


def is_place(name: str) -> bool:
    """``name`` (nominative) is a known place name."""
    return bool(name) and key(name) in place_keys()
