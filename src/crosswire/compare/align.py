"""Claims that state the same fact, aligned across articles: the counted thing, the predicate, the place, the
part or rate and the unit must all match (``read/statement.py`` fills these slots). Figures too vague to state
a fact are never aligned. ``split_ambiguous`` then cuts a group one article gives two figures for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from ..model import Claim


@lru_cache(maxsize=1)
def _config() -> dict:
    from ..datafiles import load_yaml

    text = resources.files("crosswire").joinpath("data/compare/measures.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def _unit(c: Claim) -> str:
    return (c.unit or "").strip().lower()


def _tokens(text: str) -> str:
    """A measure string as its sorted content tokens ("troops sent to Russia DPRK" = "DPRK troops sent to Russia")."""
    stop = set(_config()["stop_tokens"])
    return " ".join(sorted({t for t in re.split(r"[^\w%|]+", text.lower()) if t and t not in stop}))


def statement_key(c: Claim) -> tuple[str, str, str, str, str]:
    """What two figures must share to state the same fact: counted thing, predicate, place, part or rate, unit.
    A claim read before these slots existed (an old document) has only its measure string."""
    if not c.counted:
        return (_tokens(c.measure), "", "", "", _unit(c))
    return (c.counted.strip().lower(), c.predicate.strip().lower(), c.place.strip().lower(), c.subset, _unit(c))


def comparable(c: Claim) -> bool:
    """A figure with a value that states a fact precise enough to set beside another's."""
    return c.value is not None and not c.vague and bool(c.measure)


def align(claims: Iterable[Claim], language_of: Mapping[str, str] | None = None) -> list[tuple[str, list[Claim]]]:
    """(measure label, claims) groups of figures that state the same fact: every slot of the statement matches.
    Figures too vague to align (``Claim.vague``) are left out: they stay listed on their article.

    ``language_of`` (article id -> language) adds one cross-language path: predicates are words of each
    language and the English reader tags no parts of speech, so a figure in two languages joins when its
    counted thing, part and unit match, the places do not differ and the figure itself is the same: a
    distinctive one (see ``distinctive``), or any one of a specific counted thing ("6 tourists"): a
    translation, or a figure two outlets took from one source. In one language the same path joins the same
    figure of a specific counted thing, or the same distinctive figure, whose predicates differ."""
    claims = list(claims)
    keys = [statement_key(c) if comparable(c) else None for c in claims]
    root = list(range(len(claims)))

    def find(x: int) -> int:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    first: dict[tuple, int] = {}
    for k, key in enumerate(keys):
        if key is not None:
            root[find(k)] = find(first.setdefault(key, k))
    if language_of:
        figure: dict[tuple, list[int]] = defaultdict(list)
        for k, c in enumerate(claims):
            if (keys[k] is not None or c.vague.startswith("a bare")) and c.value is not None \
                    and (distinctive(c) or keys[k] is not None and not _generic(c)):
                figure[_cross_key(c)].append(k)
        for members in figure.values():
            places = {claims[k].place for k in members} - {""}
            if len(places) > 1:
                continue
            if len({language_of.get(claims[k].article) for k in members}) < 2:
                # one language: the same figure of one specific counted thing, or the same distinctive figure
                # ("15,3 %"), both read as precise facts, whatever verb or noun each clause hangs it on
                # ("документ на 585 сторінок" and "Основний документ становить 585 сторінок")
                members = [k for k in members if keys[k] is not None
                           and (distinctive(claims[k]) or not _generic(claims[k]))]
            for k in members[1:]:  # one reader may miss the country the other names: "" fits any
                root[find(k)] = find(members[0])
    components: dict[int, list[int]] = defaultdict(list)
    for k in range(len(claims)):
        components[find(k)].append(k)
    groups = [[claims[k] for k in ks] for ks in components.values()
              if len(ks) > 1 or keys[ks[0]] is not None]  # a vague figure alone is never a group
    out = [(sorted(members, key=lambda c: (c.vague != "", c.article))[0].measure,
            sorted(members, key=lambda c: (c.article, c.start, c.id))) for members in groups]
    return sorted(out, key=lambda g: (g[0], g[1][0].id))


def distinctive(c: Claim) -> bool:
    """A figure unlikely to recur by chance: two or more significant digits and not a small count ("75 000",
    "9,4 %", "3600 евро"; not "2 года", "10 месяцев", "27")."""
    if c.value is None or c.value_max is not None:
        return False
    digits = Decimal(repr(abs(c.value))).normalize().as_tuple().digits
    return len(digits) >= 2 and abs(c.value) >= 30 or len(digits) >= 3


# slots read from cues of the whole clause ("за сутки", "может"): one language's reader may find them where the
# other's finds nothing ("1,239 daily cases" against "за сутки ... 1239"), so an equal figure decides there
_CLAUSE_SUBSETS = ("forecast", "per day")


def _cross_key(c: Claim) -> tuple:
    base = c.counted.split(" (")[0].split(" of ")[0] if c.counted else c.measure
    return (base, "" if c.subset in _CLAUSE_SUBSETS else c.subset, _unit(c), c.value, c.qualifier)


def _generic(c: Claim) -> bool:
    """A counted thing that says nothing alone (people, money, a share, a duration): equal small figures of it
    in two languages may well be two facts."""
    from ..read.statement import lexicon

    return not c.counted or c.counted.split(" (")[0].split(" of ")[0] in lexicon()["generic"]


def one_figure(claims: list[Claim]) -> bool:
    """Every figure of the group is the same distinctive one (a cross-language join rests on it)."""
    return len({(c.value, c.qualifier) for c in claims}) == 1 and distinctive(claims[0])


def basis(claims: list[Claim]) -> dict[str, str]:
    """What the figures of a group share, slot by slot (the group's alignment basis)."""
    c = claims[0]
    if not c.counted:
        return {"measure": c.measure, "unit": c.unit or "", "how": "same measure words"}
    out = {"counted": c.counted, "predicate": c.predicate or "-", "place": c.place or "-",
           "subset": c.subset or "-", "unit": c.unit or "-"}
    if len({(x.counted, x.predicate) for x in claims}) > 1:
        out["predicate"] = " / ".join(sorted({x.predicate or "-" for x in claims}))
        out["how"] = "across languages: counted thing, place, part and unit equal, the same distinctive figure"
        return out
    out["how"] = "every slot equal" + (" (predicate a shared class)" if c.predicate.isascii() and c.predicate
                                       else " (predicate the same word)" if c.predicate else "")
    return out


def split_ambiguous(claims: list[Claim]) -> list[list[Claim]]:
    """One aligned group, or its value clusters when the measure is too coarse to compare.

    When one article gives two incompatible figures for a measure at one time ("8 %" and "9 %" of two
    different things, both read as "share"), the measure string does not say which figure of another
    article answers which, and comparing them would report contradictions that are not there. Such a group
    is cut into clusters of compatible figures (overlapping intervals), each compared on its own: a
    translation or a copy still agrees figure by figure, and nothing is called a contradiction.
    """
    from ..group.dates import day_range, gap_days
    from .intervals import claim_interval, overlaps

    spans = [claim_interval(c) for c in claims]

    def apart_in_time(a: Claim, b: Claim) -> bool:
        ra, rb = day_range(a.refers_to), day_range(b.refers_to)
        return bool(ra and rb and gap_days(ra, rb))

    ambiguous = any(a.article == b.article and spans[i] and spans[j] and not overlaps(spans[i], spans[j])
                    and not apart_in_time(a, b)
                    for i, a in enumerate(claims) for j, b in enumerate(claims) if i < j)
    if not ambiguous:
        return [claims]
    # complete linkage: a figure joins a cluster only when it is compatible with every figure already there
    # (single linkage would chain "~20 %" and "~33 %" through a broad "20-35 %" and call them one thing)
    clusters: list[list[int]] = []
    order = sorted(range(len(claims)), key=lambda i: (spans[i] is None, spans[i] or (0.0, 0.0), claims[i].id))
    for i in order:
        home = next((cl for cl in clusters if spans[i] and all(spans[j] and overlaps(spans[i], spans[j])
                                                                for j in cl)), None)
        if home is None:
            clusters.append([i])
        else:
            home.append(i)
    return [[claims[i] for i in sorted(cl)] for cl in clusters]
