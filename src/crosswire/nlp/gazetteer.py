"""The entity gazetteer: known entities with ru/uk/en aliases, looked up by a language-neutral name key.

Files: the packaged ``data/gazetteer/*.tsv`` plus, for users, ``$CROSSWIRE_GAZETTEER`` (paths joined by ``:``)
and ``~/.config/crosswire/gazetteer.tsv``, all in one format: id, type, English name, aliases (``|``), actor.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .names import key, latin, name_words

log = logging.getLogger(__name__)

USER_FILE = Path("~/.config/crosswire/gazetteer.tsv")
# files read in this order; a later file's entry for an id already seen only adds aliases
PACKAGED = ("core.tsv", "built.tsv")


@dataclass(frozen=True, slots=True)
class GazEntry:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    actor: str | None = None  # the entity this place stands for as an actor (capital → country)

    @property
    def wikidata(self) -> str | None:
        return self.id if self.id.startswith("Q") and self.id[1:].isdigit() else None


class Gazetteer:
    """Entries indexed by the key of every alias (and of the English name)."""

    def __init__(self, entries: list[GazEntry]):
        self.entries: dict[str, GazEntry] = {}
        self.index: dict[str, list[str]] = {}
        self.derived: dict[str, str] = {}  # key of an adjective/group noun → entity id (linking only)
        self._by_first: dict[str, list[str]] | None = None  # keys by first letter, built on first fuzzy lookup
        for e in entries:
            self.add(e)

    def add(self, e: GazEntry) -> None:
        old = self.entries.get(e.id)
        if old is not None:
            e = GazEntry(old.id, old.type, old.name, tuple(dict.fromkeys([*old.aliases, *e.aliases])),
                         old.actor or e.actor)
        self.entries[e.id] = e
        for alias in (e.name, *e.aliases):
            keys = {key(alias)}
            if e.type == "PER":  # "Володимир Путін" also under the canonical first name "владимир"
                keys.add(" ".join(canonical_person(alias.split())))
            for k in keys:
                if k:
                    ids = self.index.setdefault(k, [])
                    if e.id not in ids:
                        ids.append(e.id)

    def lookup(self, name: str, type_: str | None = None) -> GazEntry | None:
        """The entry whose alias has the same key as ``name`` (of ``type_`` when given and ambiguous)."""
        ids = self.index.get(key(name))
        if not ids and type_ == "PER":
            ids = self.index.get(" ".join(canonical_person(name.split())))
        if not ids:
            return None
        if type_ and len(ids) > 1:
            typed = [i for i in ids if self.entries[i].type == type_]
            ids = typed or ids
        return self.entries[ids[0]]

    def fuzzy(self, name: str, type_: str | None, threshold: float = 0.92) -> GazEntry | None:
        """The closest alias by normalised edit similarity of keys, only above a strict threshold, long names only."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        k = key(name)
        if len(k) < 7:  # short names are too easily confused (Ким/Кин, Си/Сі)
            return None
        if self._by_first is None:
            self._by_first = {}
            for ik in self.index:
                self._by_first.setdefault(ik[:1], []).append(ik)
        hit = process.extractOne(k, self._by_first.get(k[:1], []), scorer=Levenshtein.normalized_similarity,
                                 score_cutoff=threshold)
        if hit is None:
            return None
        for i in self.index[hit[0]]:
            e = self.entries[i]
            if type_ is None or e.type == type_:
                return e
        return None


def read_tsv(lines) -> list[GazEntry]:
    """Entries of a gazetteer TSV (``#`` comments and blank lines skipped)."""
    out: list[GazEntry] = []
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            continue
        aliases = tuple(a.strip() for a in (cols[3].split("|") if len(cols) > 3 else []) if a.strip())
        actor = cols[4].strip() if len(cols) > 4 and cols[4].strip() else None
        out.append(GazEntry(cols[0].strip(), cols[1].strip(), cols[2].strip(), aliases, actor))
    return out


def user_files() -> list[Path]:
    """User gazetteer files: $CROSSWIRE_GAZETTEER (``:``-separated) and ~/.config/crosswire/gazetteer.tsv."""
    from ..settings import current

    paths = [Path(p) for p in current().gazetteer]
    paths.append(USER_FILE.expanduser())
    return [p for p in paths if p.is_file()]


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (packaged files, then user files)."""
    entries: list[GazEntry] = []
    base = resources.files("crosswire") / "data" / "gazetteer"
    for name in PACKAGED:
        f = base / name
        if f.is_file():
            entries += read_tsv(f.read_text(encoding="utf-8").splitlines())
    for p in user_files():
        log.info("gazetteer: reading user file %s", p)
        entries += read_tsv(p.read_text(encoding="utf-8").splitlines())
    gaz = Gazetteer(entries)
    f = base / "derived.tsv"
    if f.is_file():
        for line in f.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) == 2 and not line.startswith("#") and cols[1] in gaz.entries:
                gaz.derived[key(cols[0])] = cols[1]
    return gaz


@functools.lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Key of a first name (ru/uk/en) → key of its canonical (Russian) form."""
    out: dict[str, str] = {}
    f = resources.files("crosswire") / "data" / "gazetteer" / "first_names.tsv"
    for line in f.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cols = [c.strip() for c in line.split("\t") if c.strip()]
        for c in cols:
            out.setdefault(latin(c), latin(cols[0]))
    return out


def canonical_person(words: list[str]) -> list[str]:
    """Person-name words as Latin keys with a known first name mapped to its canonical form."""
    keys = [latin(w) for w in name_words(" ".join(words))]
    if len(keys) >= 2:
        keys[0] = first_names().get(keys[0], keys[0])
    return keys
