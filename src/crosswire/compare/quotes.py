"""Quote groups: inside a story, the renderings of one utterance by one speaker across articles and languages,
with how far each drifts from the reference rendering (``drift``: same, shortened, paraphrased, altered).

Two quotes of the same speaker are renderings of one utterance when their words align (within a language: half
of the shorter found in order in the longer, on five-letter stems) or, across languages, when they share enough
transliterated stems and the multilingual embedder puts them close (``LINK_ACROSS``).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from ..model import ArticleFacts, Quote, QuoteGroup, Story
from ..nlp.names import latin
from ..unionfind import UnionFind
from .drift import Drift, drift, words

SEVERITY = {"altered": 3, "shortened": 2, "paraphrased": 1, "same": 0}
MIN_WORDS = 4
LINK_WITHIN = 0.5  # share of the shorter rendering's stems found, in order, in the longer
LINK_ACROSS = 0.9  # e5-small cosine of two renderings in different languages (different quotes of one speaker on
# one story reach 0.88 on the development gold; translations of one quote 0.93+)
LINK_ACROSS_STEMS = 0.25  # and at least this share of transliterated four-letter stems in common

Embed = Callable[[list[str]], list[list[float]]]


@lru_cache(maxsize=16384)  # one quote meets every other rendering of its speaker in the story
def _stems(text: str) -> tuple[str, ...]:
    return tuple(w if w[0].isdigit() else w[:5] for w in words(text))


@lru_cache(maxsize=16384)
def _latin_stems(text: str) -> frozenset[str]:
    return frozenset(latin(w)[:4] for w in words(text) if len(w) >= 4 or w[0].isdigit())


def same_utterance(a: Quote, b: Quote, lang_a: str, lang_b: str, cos: float | None) -> bool:
    """Whether two quotes of one speaker render the same utterance."""
    if lang_a == lang_b:
        sa, sb = _stems(a.text), _stems(b.text)
        if min(len(sa), len(sb)) < MIN_WORDS:
            return False
        if sa == sb:
            return True
        # the stems two renderings have in common bound what aligns in order: too few, no alignment to look for
        if sum((Counter(sa) & Counter(sb)).values()) < LINK_WITHIN * min(len(sa), len(sb)):
            return False
        matched = sum(m.size for m in SequenceMatcher(None, sa, sb, autojunk=False).get_matching_blocks())
        return matched >= LINK_WITHIN * min(len(sa), len(sb))
    if cos is None or cos < LINK_ACROSS:
        return False
    la, lb = _latin_stems(a.text), _latin_stems(b.text)
    return bool(la and lb) and len(la & lb) >= LINK_ACROSS_STEMS * min(len(la), len(lb))


def quote_groups(facts: Sequence[ArticleFacts], stories: Sequence[Story], embed: Embed | None = None
                 ) -> list[QuoteGroup]:
    """The quote groups of every story (renderings in at least two articles)."""
    by_article = {f.article.id: f for f in facts}
    out: list[QuoteGroup] = []
    for story in stories:
        members = [by_article[a] for a in story.articles if a in by_article]
        if len(members) < 2:
            continue
        by_speaker: dict[str, list[tuple[Quote, ArticleFacts]]] = defaultdict(list)
        for f in members:
            for q in f.quotes:
                if q.speaker and len(q.text.split()) >= MIN_WORDS:
                    by_speaker[q.speaker].append((q, f))
        for speaker, items in sorted(by_speaker.items()):
            if len({f.article.id for _, f in items}) >= 2:
                out += _groups(story.id, speaker, items, embed)
    return out


def _groups(scope: str, speaker: str, items: list[tuple[Quote, ArticleFacts]], embed: Embed | None
            ) -> list[QuoteGroup]:
    langs = [f.article.language for _, f in items]
    cos: list[list[float]] | None = None
    if embed is not None and len(set(langs)) > 1:
        vecs = embed([q.text for q, _ in items])
        cos = [[sum(x * y for x, y in zip(u, v, strict=True)) for v in vecs] for u in vecs]
    uf = UnionFind(len(items))
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i][1].article.id == items[j][1].article.id or uf.find(i) == uf.find(j):
                continue  # one article's own quotes, or joined already (a link would change nothing)
            c = cos[i][j] if cos is not None else None
            if same_utterance(items[i][0], items[j][0], langs[i], langs[j], c):
                uf.union(i, j)
    out = []
    for members in uf.groups():
        if len({items[k][1].article.id for k in members}) < 2:
            continue
        # the reference: the longest rendering (the fullest record of what was said), earliest on ties
        ref = max(members, key=lambda k: (len(items[k][0].text), -k))
        order = [ref, *[k for k in members if k != ref]]
        verdicts: list[Drift] = []
        for k in order[1:]:
            c = cos[ref][k] if cos is not None else None
            verdicts.append(drift(items[ref][0].text, items[k][0].text, same_language=langs[ref] == langs[k],
                                  similarity=c))
        worst = max(range(len(verdicts)), key=lambda i: (SEVERITY[verdicts[i].verdict], -i))
        w = verdicts[worst]
        outlet = items[order[worst + 1]][1].article.outlet or items[order[worst + 1]][1].article.id
        quote_ids = tuple(items[k][0].id for k in order)
        gid = "qg-" + hashlib.sha1("|".join([scope, *sorted(quote_ids)]).encode()).hexdigest()[:10]
        out.append(QuoteGroup(
            id=gid, scope=scope, speaker=speaker, verdict=w.verdict, reason=f"{outlet}: {w.reason}",
            quotes=quote_ids, articles=tuple(dict.fromkeys(items[k][1].article.id for k in order)),
            verdicts=tuple(d.verdict for d in verdicts),
            # the reference's own words an altered rendering lacks, then the words of each altered or paraphrased
            # rendering the reference lacks (what the story page marks)
            changed=(tuple(dict.fromkeys(w for d in verdicts if d.verdict == "altered" for w in d.only_a)),
                     *tuple(d.only_b if d.verdict in ("altered", "paraphrased") else () for d in verdicts)),
        ))
    return out


class CachedEmbed:
    """An ``Embed`` that keeps each text's vector by a hash of (model, text) through ``load`` and ``save`` (the
    store's), so a run embeds only texts no run embedded before. Same vectors: the embedder gives a text the same
    vector whatever else is in its batch."""

    def __init__(self, embed: Embed, model: str, load: Callable[[list[str]], dict[str, bytes]],
                 save: Callable[[dict[str, bytes]], None]):
        self.embed, self.model, self.load, self.save = embed, model, load, save
        self.seen: dict[str, list[float]] = {}

    def key(self, text: str) -> str:
        return hashlib.sha1(f"{self.model}\0{text}".encode()).hexdigest()[:24]

    def __call__(self, texts: list[str]) -> list[list[float]]:
        from array import array

        keys = [self.key(t) for t in texts]
        want = sorted({k for k in keys if k not in self.seen})
        for k, blob in self.load(want).items():
            self.seen[k] = array("d", blob).tolist()
        todo = list({k: t for k, t in zip(keys, texts, strict=True) if k not in self.seen}.items())
        if todo:
            vecs = self.embed([t for _, t in todo])
            fresh = {k: array("d", [float(x) for x in v]) for (k, _), v in zip(todo, vecs, strict=True)}
            self.save({k: a.tobytes() for k, a in fresh.items()})
            self.seen.update({k: a.tolist() for k, a in fresh.items()})
        return [self.seen[k] for k in keys]


def default_embed() -> Embed | None:
    """The configured embedder's ``embed``, or None when none can be loaded (cross-language links are skipped)."""
    try:
        from ..group.embed import get_embedder

        return get_embedder().embed
    except Exception:  # noqa: BLE001 - grouping quotes must not fail the run for a missing model
        return None
