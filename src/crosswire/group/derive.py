"""Which articles derive from others: copies, rewrites, translations, and wire copy of a credited agency.

In: every stored article's facts, the stories, title+lead vectors, and (for pairs across languages) a
``SentenceVectors`` of the same embedder. Out: article id -> its ``Derivation`` records. Evidence: shared word
4-grams and sentences (``overlap``), aligned sentence vectors (``translation``), credits in the dateline, title,
lead or last line (``ingest.credits``), duplicates found at ingest, and publication order for the direction.
Thresholds are data (``data/group/derive.yaml``).
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ..datafiles import load_yaml
from ..ingest.credits import Credit, find_credits
from ..model import Article, ArticleFacts, Derivation, Story
from .overlap import TextProfile, overlap, text_profile


@functools.lru_cache(maxsize=1)
def params() -> dict:
    return load_yaml((resources.files("crosswire") / "data" / "group" / "derive.yaml").read_text("utf-8"))


def derive(facts: Sequence[ArticleFacts], stories: Sequence[Story],
           vectors: Mapping[str, Sequence[float] | None], sentences=None,
           keep: dict | None = None) -> dict[str, list[Derivation]]:
    """Derived article id -> where it comes from (each source once, strongest first). ``keep``, when given,
    receives the text profiles (``profiles``) and nearest lists across languages (``near``) it computed."""
    arts = {f.article.id: f.article for f in facts}
    texts = text_findings(arts.values(), vectors)
    if keep is not None:
        keep.update(profiles=texts.profiles, near=texts.near)
    return derive_with(texts, arts, stories, sentences)


@dataclass
class TextFindings:
    """What derivation finds without the stories: each original's credits, the same-language pairs whose texts
    show a copy or a rewrite (``_text_evidence``), the nearest lists across languages and the text profiles."""

    credits: dict[str, list[Credit]]
    same: list[tuple[str, str, tuple | IfOneStory]]
    near: dict[str, list[tuple[str, float]]]
    profiles: dict[str, TextProfile] = field(default_factory=dict)


def text_findings(articles: Iterable[Article], vectors: Mapping[str, Sequence[float] | None]) -> TextFindings:
    """``TextFindings`` of ``articles`` (every stored one, duplicates included) and their title+lead vectors."""
    p = params()
    live = {a.id: a for a in articles if not a.duplicate_of}
    credits = {i: find_credits(a.title, a.text, a.noise, a.outlet) for i, a in live.items()}
    vec = _unit_vectors(vectors, live)
    profiles = {i: text_profile(a.title, a.text) for i, a in live.items()}
    same = []
    for x, y in same_language_pairs(live, profiles, p):
        found = _text_evidence(live[x], live[y], profiles[x], profiles[y], vec, p)
        if found:
            same.append((x, y, found))
    return TextFindings(credits, same, cross_lists(live, vec, p), profiles)


def derive_with(texts: TextFindings, arts: Mapping[str, Article], stories: Sequence[Story],
                sentences=None) -> dict[str, list[Derivation]]:
    """``derive`` of the articles ``arts`` (id -> article, every stored one) from their ``TextFindings``."""
    p = params()
    out: dict[str, list[Derivation]] = defaultdict(list)
    for a in arts.values():  # copies caught at ingest are not read again, but they are copies
        if a.duplicate_of and a.duplicate_of in arts:
            how = "exact" if "exact-duplicate" in a.flags else "near"
            out[a.id].append(Derivation(a.duplicate_of, "copy", 1.0, (f"{how} duplicate of the text, found at ingest",)))
    live = {i: a for i, a in arts.items() if not a.duplicate_of}
    credits = texts.credits
    story_of = {aid: s.id for s in stories for aid in s.articles}
    for x, y, found in texts.same:
        found = _in_one_story(found, x, y, story_of)
        if found:
            _add(out, live[x], live[y], found, credits)
    if sentences is not None:
        pairs = [pr for pr in cross_language_pairs(live, texts.near, story_of)
                 if _comparable(live[pr[0]], live[pr[1]], p)]
        sentences.prefetch([live[i] for pair in pairs for i in pair])
        for x, y in pairs:
            found = _translation(live[x], live[y], sentences, p)
            if found:
                _add(out, live[x], live[y], found, credits)
    by_outlet = defaultdict(list)
    for i, a in live.items():
        if a.outlet:
            by_outlet[a.outlet].append(i)
    for i, found in credits.items():
        for c in found:
            out[i].append(_wire(live[i], c, by_outlet.get(c.agency, []), story_of, p))
    return {i: sorted(_dedupe(ds), key=lambda d: -d.score) for i, ds in out.items() if ds}


def same_language_pairs(arts: Mapping[str, Article], profiles: Mapping[str, TextProfile], p: dict
                        ) -> list[tuple[str, str]]:
    """Article pairs of one language sharing enough word 4-grams that few other articles have."""
    df: Counter = Counter()
    for prof in profiles.values():
        df.update(prof.shingles)
    cap = p["max_shingle_articles"]
    posting: dict[int, list[str]] = defaultdict(list)
    for i, prof in profiles.items():
        for h in prof.shingles:
            if 1 < df[h] <= cap:
                posting[h].append(i)
    shared: Counter = Counter()
    for ids in posting.values():
        for k, x in enumerate(ids):
            for y in ids[k + 1:]:
                if arts[x].language == arts[y].language:
                    shared[(x, y) if x < y else (y, x)] += 1
    return sorted(pair for pair, n in shared.items() if n >= p["min_shared_shingles"])


def cross_language_pairs(arts: Mapping[str, Article], near: Mapping[str, Sequence[tuple[str, float]]],
                         story_of: Mapping[str, str]) -> list[tuple[str, str]]:
    """Pairs of different languages: in one story, or one among the other's ``near`` list (``cross_lists``)."""
    pairs: set[tuple[str, str]] = set()
    by_story = defaultdict(list)
    for i in arts:
        if i in story_of:
            by_story[story_of[i]].append(i)
    for members in by_story.values():
        for k, x in enumerate(members):
            for y in members[k + 1:]:
                if arts[x].language != arts[y].language:
                    pairs.add((min(x, y), max(x, y)))
    for x, found in near.items():
        pairs.update((min(x, y), max(x, y)) for y, _ in found)
    return sorted(pairs)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """The cosine of two unit vectors as both derivation paths compare it: float64, rounded to 6 places (so a
    matrix product and a single dot product give the same figure)."""
    return round(float(np.dot(a.astype(np.float64), b.astype(np.float64))), 6)


def nearest_across(found: Sequence[tuple[str, float]], p: dict) -> list[tuple[str, float]]:
    """The ``cross_neighbours`` closest of ``found`` (article, cosine) at ``cross_vector_cos`` or closer, closest
    first, ties by id."""
    ok = sorted({(c, y) for y, c in found if c >= p["cross_vector_cos"]}, key=lambda t: (-t[0], t[1]))
    return [(y, c) for c, y in ok[: p["cross_neighbours"]]]


def cross_lists(arts: Mapping[str, Article], vec: Mapping[str, np.ndarray], p: dict
                ) -> dict[str, list[tuple[str, float]]]:
    """Each article's nearest title+lead vectors in other languages (``nearest_across``), by exact search."""
    ids = sorted(i for i in arts if i in vec)
    out: dict[str, list[tuple[str, float]]] = {i: [] for i in ids}
    if len(ids) < 2:
        return out
    m = np.stack([vec[i] for i in ids]).astype(np.float64)
    langs = np.array([arts[i].language or "" for i in ids], dtype=object)
    floor = p["cross_vector_cos"] - 1e-6
    for start in range(0, len(ids), 512):  # blocks keep the similarity matrix small on big corpora
        sims = m[start:start + 512] @ m.T
        for r, row in enumerate(sims):
            i = start + r
            hits = np.nonzero((langs != langs[i]) & (row >= floor))[0]
            out[ids[i]] = nearest_across([(ids[j], round(float(row[j]), 6)) for j in hits], p)
    return out


def _unit_vectors(vectors: Mapping[str, Sequence[float] | None], arts: Mapping[str, Article]
                  ) -> dict[str, np.ndarray]:
    out = {}
    for i in arts:
        v = vectors.get(i)
        if v is not None and len(v):
            a = np.asarray(v, dtype=np.float32)
            n = float(np.linalg.norm(a))
            if n > 0:
                out[i] = a / n
    return out


@dataclass(frozen=True)
class IfOneStory:
    """A rewrite the texts show that holds only when both articles are in one story (no title+lead vectors)."""

    found: tuple[str, float, tuple[str, ...]]


def _same_language(a: Article, b: Article, pa: TextProfile, pb: TextProfile, vec, story_of, p
                   ) -> tuple[str, float, tuple[str, ...]] | None:
    """(copy or rewrite, score, evidence) when one text is taken from the other."""
    return _in_one_story(_text_evidence(a, b, pa, pb, vec, p), a.id, b.id, story_of)


def _text_evidence(a: Article, b: Article, pa: TextProfile, pb: TextProfile, vec, p
                   ) -> tuple[str, float, tuple[str, ...]] | IfOneStory | None:
    """``_same_language`` as far as the texts and vectors decide it (``IfOneStory`` where the stories do)."""
    o = overlap(pa, pb)
    if o.containment >= p["copy_containment"]:
        return "copy", round(o.containment, 3), (f"{o.containment:.0%} of the shorter text recurs", *o.evidence)
    if not (o.narrative >= p["rewrite_narrative"] and o.lead):
        return None
    why = f"{o.shared} of its own sentences recur ({o.narrative:.0%}), the lead among them"
    found = "rewrite", round(o.narrative, 3), (why, *o.evidence)
    if a.id in vec and b.id in vec:
        return found if float(vec[a.id] @ vec[b.id]) >= p["rewrite_vector_cos"] else None
    return IfOneStory(found)


def _in_one_story(found, x: str, y: str, story_of: Mapping[str, str]) -> tuple[str, float, tuple[str, ...]] | None:
    if isinstance(found, IfOneStory):
        return found.found if story_of.get(x) is not None and story_of.get(x) == story_of.get(y) else None
    return found


def _comparable(a: Article, b: Article, p) -> bool:
    """Texts of lengths a translation can have (checked before any sentence is embedded)."""
    la, lb = len(a.text), len(b.text)
    return min(la, lb) / max(1, la, lb) >= p["translation_length_ratio"]


def _translation(a: Article, b: Article, sentences, p) -> tuple[str, float, tuple[str, ...]] | None:
    from .translation import aligned_share

    if not _comparable(a, b, p):
        return None
    share, mean = aligned_share(sentences.get(a), sentences.get(b), p["translation_cos"])
    if share >= p["translation_share"]:
        why = f"{share:.0%} of the first sentences align in order across {a.language}/{b.language} (mean cosine {mean:.2f})"
        return "translation", round(share, 3), (why,)
    return None


def _order(a: Article, b: Article, credits: Mapping[str, list[Credit]]) -> tuple[Article, Article, str]:
    """(source, derived, why this direction): the earlier publication, else the one the other credits, else the
    longer text (a rewrite usually shortens)."""
    if a.published and b.published and a.published != b.published:
        src, der = (a, b) if a.published < b.published else (b, a)
        return src, der, f"published {src.published}, before {der.published}"
    for src, der in ((a, b), (b, a)):
        if src.outlet and any(c.agency == src.outlet for c in credits.get(der.id, [])):
            return src, der, f"credits {src.outlet}"
    src, der = (a, b) if (len(a.text), b.id) >= (len(b.text), a.id) else (b, a)
    return src, der, "order unknown: the longer text is taken as the source"


def _add(out, a: Article, b: Article, found: tuple[str, float, tuple[str, ...]], credits) -> None:
    kind, score, evidence = found
    src, der, why = _order(a, b, credits)
    out[der.id].append(Derivation(src.id, kind, score, (*evidence, why)))


def _wire(a: Article, c: Credit, outlet_articles: Sequence[str], story_of: Mapping[str, str], p) -> Derivation:
    """A credit as a derivation: from the agency's own stored article in the same story when there is one."""
    mine = story_of.get(a.id)
    src = next((i for i in outlet_articles if i != a.id and mine is not None and story_of.get(i) == mine), None)
    return Derivation(src, "wire", p["wire_score"].get(c.where, 0.8), (f"{c.where}: {c.text}",), agency=c.agency)


def _dedupe(ds: list[Derivation]) -> list[Derivation]:
    """One record per source (article or agency), the strongest kind first."""
    rank = {"copy": 0, "translation": 1, "rewrite": 2, "wire": 3}
    best: dict[tuple, Derivation] = {}
    for d in sorted(ds, key=lambda d: (rank.get(d.kind, 9), -d.score)):
        key = (d.article or "", d.agency or "") if d.kind == "wire" else (d.article or "",)
        if key not in best and not (d.kind == "wire" and d.article and (d.article,) in best):
            best[key] = d
    return list(best.values())
