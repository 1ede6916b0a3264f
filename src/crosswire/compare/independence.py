"""How many independent sources stand behind a group of articles, claims or events.

Sources are one when an article derives from another (copy, rewrite, translation: ``group.derive``), when both
take one agency's wire, when both come from one outlet, and, for figures, when their evidence sentences are one
sentence copied between articles (a background paragraph reused by several outlets). Agreement needs two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from ..model import Article, Claim, Derivation, Verdict
from ..unionfind import UnionFind


class Provenance:
    """The sources behind a corpus: every article joined to what it derives from, its wire and its outlet."""

    def __init__(self, articles: Mapping[str, Article], derivations: Mapping[str, Sequence[Derivation]]):
        self._index: dict[str, int] = {}
        keys = list(articles)
        for aid, ds in derivations.items():
            keys.append(aid)
            keys += [d.article for d in ds if d.article] + [f"agency:{d.agency}" for d in ds if d.agency]
        keys += [f"outlet:{a.outlet}" for a in articles.values() if a.outlet]
        for k in keys:
            self._index.setdefault(k, len(self._index))
        self._uf = UnionFind(len(self._index))
        for aid, ds in derivations.items():
            for d in ds:
                for other in (d.article, f"agency:{d.agency}" if d.agency else None):
                    if other:
                        self._uf.union(self._index[aid], self._index[other])
        for aid, a in articles.items():
            if a.outlet:
                self._uf.union(self._index[aid], self._index[f"outlet:{a.outlet}"])

    def root(self, article_id: str) -> int:
        i = self._index.get(article_id)
        return self._uf.find(i) if i is not None else -1 - hash(article_id) % 10**9

    def sources(self, article_ids: Iterable[str]) -> int:
        """Independent sources among ``article_ids``."""
        return len({self.root(a) for a in article_ids})

    def groups(self, article_ids: Iterable[str]) -> list[list[str]]:
        """``article_ids`` by source, in first-seen order."""
        out: dict[int, list[str]] = {}
        for a in dict.fromkeys(article_ids):
            out.setdefault(self.root(a), []).append(a)
        return list(out.values())

    def claim_sources(self, items: Sequence[Claim]) -> int:
        """Independent sources behind figures (or events): their articles' sources, with two figures whose
        evidence sentences are one copied sentence counted once (``shared_sentence``)."""
        uf = UnionFind(len(items))
        first: dict[object, int] = {}
        for i, c in enumerate(items):
            uf.union(first.setdefault(self.root(c.article), i), i)
        # figures of one article are one source already, so two sentences found copied join every figure they
        # carry: the test runs once per distinct sentence, between sentences that share a 4-gram (each hashed
        # once; comparing every pair of figures hashed both sentences per pair, quadratic in a thread's figures)
        by_text: dict[str, int] = {}
        for i, c in enumerate(items):
            if len(sentence_shingles(c.text)) >= COPIED_MIN:
                uf.union(by_text.setdefault(c.text, i), i)
        texts = list(by_text)  # (a shorter sentence is never one copied)
        sets = [sentence_shingles(t) for t in texts]
        postings: dict[int, list[int]] = {}
        for i, sh in enumerate(sets):
            for h in sh:
                postings.setdefault(h, []).append(i)
        for i, sh in enumerate(sets):
            shared: dict[int, int] = {}
            for h in sh:
                for j in postings[h]:
                    if j > i:
                        shared[j] = shared.get(j, 0) + 1
            for j, n in shared.items():
                if n / min(len(sh), len(sets[j])) >= COPIED_SHARE:
                    uf.union(by_text[texts[i]], by_text[texts[j]])
        return len(uf.groups())


COPIED_MIN, COPIED_SHARE = 3, 0.6  # one copied sentence: the shorter has this many word 4-grams, this share recurs


@lru_cache(maxsize=1 << 16)
def sentence_shingles(text: str) -> frozenset[int]:
    """The word 4-gram hashes of one evidence sentence, remembered: a figure's sentence is compared in its story
    and in its thread, with every other figure of its measure."""
    from ..group.overlap import shingles

    return shingles(text)


def shared_sentence(a: str, b: str) -> bool:
    """Two evidence sentences are one sentence copied (same language): most of the shorter's 4-grams recur."""
    sa, sb = sentence_shingles(a), sentence_shingles(b)
    short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(short) >= COPIED_MIN and len(short & long_) / len(short) >= COPIED_SHARE


def no_confirmation(verdict: Verdict, reason: str, independent: int, n_articles: int) -> tuple[Verdict, str]:
    """Agreement among copies is no confirmation: ``agree`` needs two independent sources."""
    if verdict == Verdict.AGREE and independent < 2 <= n_articles:
        return Verdict.SINGLE_SOURCE, (f"{n_articles} articles agree, but all take it from one source (copies, "
                                       f"rewrites, translations or one agency's wire): no confirmation. {reason}")
    return verdict, reason
