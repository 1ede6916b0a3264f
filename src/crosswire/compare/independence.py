"""How many independent sources stand behind a group of articles, claims or events.

Sources are one when an article derives from another (copy, rewrite, translation: ``group.derive``), when both
take one agency's wire, when both come from one outlet, and, for figures, when their evidence sentences are one
sentence copied between articles (a background paragraph reused by several outlets). Agreement needs two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

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
        evidence sentences are one copied sentence counted once."""
        from ..group.overlap import shared_sentence

        roots = [self.root(c.article) for c in items]
        uf = UnionFind(len(items))
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if roots[i] == roots[j] or (items[i].article != items[j].article
                                            and shared_sentence(items[i].text, items[j].text)):
                    uf.union(i, j)
        return len(uf.groups())


def no_confirmation(verdict: Verdict, reason: str, independent: int, n_articles: int) -> tuple[Verdict, str]:
    """Agreement among copies is no confirmation: ``agree`` needs two independent sources."""
    if verdict == Verdict.AGREE and independent < 2 <= n_articles:
        return Verdict.SINGLE_SOURCE, (f"{n_articles} articles agree, but all take it from one source (copies, "
                                       f"rewrites, translations or one agency's wire): no confirmation. {reason}")
    return verdict, reason
