"""The result of a run: the stored articles it names and every story, group and entity they touch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import AnalysisResult, ArticleFacts


def view(store, article_ids: Iterable[str] | None = None,
         facts: Sequence[ArticleFacts] | None = None) -> AnalysisResult:
    """The stored result, restricted to ``article_ids`` and what touches them (all when None).

    ``facts``: every stored article's facts, when the caller has just read them (``regroup`` returns them)."""
    full = store.load(facts)
    if article_ids is None:
        return full
    keep = set(article_ids)
    # duplicates in the run bring their originals' stories along
    originals = {a.duplicate_of for a in full.articles if a.id in keep and a.duplicate_of}
    touched = keep | originals
    result = AnalysisResult()
    result.articles = [a for a in full.articles if a.id in keep]
    for kind in ("mentions", "timerefs", "events", "claims", "quotes", "framing"):
        setattr(result, kind, [x for x in getattr(full, kind) if x.article in keep])
    used = {m.entity for m in result.mentions} | {p for e in result.events for p in e.participants} \
        | {q.speaker for q in result.quotes if q.speaker} | {c.source_entity for c in result.claims if c.source_entity}
    result.entities = [e for e in full.entities if e.id in used]
    result.stories = [s for s in full.stories if touched & set(s.articles)]
    story_ids = {s.id for s in result.stories}
    result.threads = [t for t in full.threads if story_ids & set(t.stories)]
    scopes = story_ids | {t.id for t in result.threads}
    result.claim_groups = [g for g in full.claim_groups if g.scope in scopes]
    result.quote_groups = [g for g in full.quote_groups if g.scope in scopes]
    result.coverage = [c for c in full.coverage if c.get("scope") in scopes]
    result.corrections = full.corrections
    return result
