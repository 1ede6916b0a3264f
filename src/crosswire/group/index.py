"""What story and thread scoring share: the weights (data/group/params.yaml), stable ids, the rescaled
cosine, entity overlap (exact and fuzzy) and the cross-lingual lift of the cosine."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def params() -> dict:
    """Weights and thresholds from data/group/params.yaml."""
    from ..datafiles import load_yaml

    text = resources.files("crosswire").joinpath("data/group/params.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def stable_id(prefix: str, key: str) -> str:
    """``s-``/``t-`` + 10 hex of a hash of ``key`` (the earliest article id)."""
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def rescale_cos(cos: float) -> float:
    """Raw cosine mapped onto [0, 1] between the configured 'unrelated' and 'same topic' levels."""
    p = params()
    return min(1.0, max(0.0, (cos - p["cos_low"]) / (p["cos_high"] - p["cos_low"])))


def jaccard(a, b) -> float:
    """|A ∩ B| / |A ∪ B| of two collections of keys (0 when both are empty)."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0


def _slug(entity_id: str) -> str | None:
    """The name part of a ``TYPE:slug`` id; None for Wikidata ids, which match exactly or not at all."""
    return entity_id.split(":", 1)[1] if ":" in entity_id else None


# Latin spellings of one name that Russian/Ukrainian transliteration and English spelling disagree on
_SOUNDS = (("kh", "h"), ("zh", "j"), ("sch", "sh"), ("shch", "sh"), ("ts", "c"), ("tz", "c"), ("ph", "f"),
           ("w", "v"), ("ck", "k"), ("q", "k"), ("x", "ks"), ("c", "k"), ("iu", "u"), ("yu", "u"), ("ia", "a"),
           ("ya", "a"), ("y", "i"), ("j", "i"), ("v", "f"))


@lru_cache(maxsize=65536)
def skeleton(slug: str) -> str:
    """A coarse sound key of a slug: consonants after folding spelling variants, vowels dropped, doubles merged
    ("liuis-khemilton" and "lewis-hamilton" -> "lfshmltn"/"lshmltn"; "maks-ferstappen"/"max-verstappen")."""
    s = slug.replace("-", "")
    for a, b in _SOUNDS:
        s = s.replace(a, b)
    out = s[:1]
    for ch in s[1:]:
        if ch not in "aeiou" and ch != out[-1]:
            out += ch
    return out


@lru_cache(maxsize=1 << 18)  # the same few entities meet again and again across a corpus's pairs
def _same_name(sx: str, sy: str, cutoff: float) -> bool:
    from rapidfuzz import fuzz

    if fuzz.ratio(sx, sy, score_cutoff=cutoff):
        return True
    kx, ky = skeleton(sx), skeleton(sy)
    return min(len(kx), len(ky)) >= 4 and fuzz.ratio(kx, ky) >= params()["skeleton_match"] * 100


def soft_jaccard(a, b) -> float:
    """Jaccard where two unlinked entities also match when their transliterated slugs are near-equal.

    Entities the gazetteer does not know get ``TYPE:slug`` ids built per language, and the same name comes out a
    little differently from each (ru "naftali-bennet", en "naftali-bennett"; "roskachestve"/"roskachestvo"
    when one reader missed the case ending), and the type may differ; a one-to-one fuzzy match of the slugs
    (rapidfuzz ratio >= ``params()['slug_match']``, or of their sound skeletons >= ``skeleton_match``) counts
    them as one, so a translation or another language's report of the same story still shares its people and
    organisations.
    """
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    common = a & b
    left = [(x, _slug(x)) for x in sorted(a - common)]
    right = {y: _slug(y) for y in sorted(b - common)}
    cutoff = params()["slug_match"] * 100
    matched = len(common)
    for _, sx in left:
        if not sx:
            continue
        hit = next((y for y, sy in right.items() if sy and _same_name(sx, sy, cutoff)), None)
        if hit is not None:
            del right[hit]
            matched += 1
    return matched / (len(a) + len(b) - matched)


def cross_lingual_lift(language: str, others) -> float:
    """What to add to a cosine between a text in ``language`` and texts in ``others`` (the smallest lift over
    the language pairs: a story already holding a close language needs the least)."""
    lifts = params()["cos_cross_lingual"]
    return min((lifts.get("-".join(sorted((language, o))), lifts["default"]) for o in others),
               default=0.0)
